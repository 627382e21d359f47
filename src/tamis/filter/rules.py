"""What every quality rule stage shares: which language a document is in, and how it rejects."""

from __future__ import annotations

from ..annotate.language import detect_language
from ..document import Document


def language_of(doc: Document) -> str | None:
    """The language an earlier stage found (clean, language), else detected here."""
    lang = doc.meta.get("language")
    if lang:
        return str(lang)
    lang, _ = detect_language(doc.text[:4000])
    return lang


def fail(doc: Document, stage: str, rule: str, value: float, limit: str) -> Document:
    """Reject as `stage.rule` with the measured value, e.g. quality.gopher.mean_word_length=12.3."""
    v = round(float(value), 4)
    return doc.reject(f"{stage}.{rule}", v, f"{rule}={v:g} ({limit})")
