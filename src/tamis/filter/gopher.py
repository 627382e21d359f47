"""Gopher's quality and repetition rules (Rae et al. 2021, table A1), one named rule each.

Thresholds are the published ones, as datatrove ships them; each is an option and `None`
turns a rule off. Rejections carry the rule and the measured value:
`quality.gopher.mean_word_length` with value 12.3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..stage import DocumentStage, register
from .ngrams import dup_ngram_chars, top_ngram_chars, word_ids
from .rules import fail, language_of
from .stopwords import STOP_WORDS
from .words import is_symbol, no_space_share, words


@register("quality.gopher")
@dataclass
class GopherQuality(DocumentStage):
    """Is this prose? Word counts, word length, symbols, bullets, ellipses, letters, stop words.

    Word-length limits are skipped for scripts without spaces (their words here are
    characters), and the stop-word rule for languages without a list.
    """

    min_doc_words: int | None = 50
    max_doc_words: int | None = 100_000
    min_avg_word_length: float | None = 3
    max_avg_word_length: float | None = 10
    max_symbol_word_ratio: float | None = 0.1
    max_bullet_lines_ratio: float | None = 0.9
    max_ellipsis_lines_ratio: float | None = 0.3
    min_alpha_words_ratio: float | None = 0.8
    min_stop_words: int | None = 2

    def process(self, doc: Document) -> Document:
        text = doc.text
        ws = words(text)
        n = len(ws)
        real = [w for w in ws if not is_symbol(w)]
        n_real = len(real)
        r = self.name
        if self.min_doc_words and n_real < self.min_doc_words:
            return fail(doc, r, "min_doc_words", n_real, f"< {self.min_doc_words}")
        if self.max_doc_words and n_real > self.max_doc_words:
            return fail(doc, r, "max_doc_words", n_real, f"> {self.max_doc_words}")
        if n_real and no_space_share(text) < 0.3:
            mean = sum(map(len, real)) / n_real
            if self.min_avg_word_length and mean < self.min_avg_word_length:
                return fail(doc, r, "mean_word_length", mean, f"< {self.min_avg_word_length}")
            if self.max_avg_word_length and mean > self.max_avg_word_length:
                return fail(doc, r, "mean_word_length", mean, f"> {self.max_avg_word_length}")
        if not n:
            return fail(doc, r, "min_doc_words", 0, "no words")
        if self.max_symbol_word_ratio:
            v = text.count("#") / n
            if v > self.max_symbol_word_ratio:
                return fail(doc, r, "hash_ratio", v, f"> {self.max_symbol_word_ratio}")
            v = (text.count("...") + text.count("…")) / n
            if v > self.max_symbol_word_ratio:
                return fail(doc, r, "ellipsis_ratio", v, f"> {self.max_symbol_word_ratio}")
        lines = text.splitlines() or [""]
        if self.max_bullet_lines_ratio:
            v = sum(s.lstrip().startswith(("•", "-")) for s in lines) / len(lines)
            if v > self.max_bullet_lines_ratio:
                return fail(doc, r, "bullet_lines_ratio", v, f"> {self.max_bullet_lines_ratio}")
        if self.max_ellipsis_lines_ratio:
            v = sum(s.rstrip().endswith(("...", "…")) for s in lines) / len(lines)
            if v > self.max_ellipsis_lines_ratio:
                return fail(doc, r, "ellipsis_lines_ratio", v, f"> {self.max_ellipsis_lines_ratio}")
        if self.min_alpha_words_ratio:
            v = sum(any(c.isalpha() for c in w) for w in ws) / n
            if v < self.min_alpha_words_ratio:
                return fail(doc, r, "alpha_words_ratio", v, f"< {self.min_alpha_words_ratio}")
        if self.min_stop_words:
            stop = STOP_WORDS.get(language_of(doc) or "")
            if stop is not None:
                v = len(stop.intersection(ws))
                if v < self.min_stop_words:
                    return fail(doc, r, "stop_words", v, f"< {self.min_stop_words}")
        return doc


def find_duplicates(items: list[str]) -> tuple[int, int]:
    """(repeated items, characters in the repeats): every occurrence after the first counts."""
    seen: set[str] = set()
    n = chars = 0
    for x in items:
        if x in seen:
            n += 1
            chars += len(x)
        else:
            seen.add(x)
    return n, chars


_PARA = re.compile(r"\n{2,}")
_LINES = re.compile(r"\n+")


@register("quality.gopher_repetition")
@dataclass
class GopherRepetition(DocumentStage):
    """Repeated lines, paragraphs and n-grams: the signature of spam, lists and broken pages."""

    dup_line_frac: float | None = 0.3
    dup_para_frac: float | None = 0.3
    dup_line_char_frac: float | None = 0.2
    dup_para_char_frac: float | None = 0.2
    top_n_grams: dict[int, float] | None = None  # default {2: 0.2, 3: 0.18, 4: 0.16}
    dup_n_grams: dict[int, float] | None = None  # default {5: 0.15, 6: 0.14, ..., 10: 0.10}

    def __post_init__(self) -> None:
        if self.top_n_grams is None:
            self.top_n_grams = {2: 0.2, 3: 0.18, 4: 0.16}
        if self.dup_n_grams is None:
            self.dup_n_grams = {5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}

    def process(self, doc: Document) -> Document:
        text = doc.text
        r = self.name
        if not text:
            return fail(doc, r, "empty", 0, "no text")
        paras = _PARA.split(text.strip())
        n, chars = find_duplicates(paras)
        if self.dup_para_frac and n / len(paras) > self.dup_para_frac:
            return fail(doc, r, "dup_para_frac", n / len(paras), f"> {self.dup_para_frac}")
        if self.dup_para_char_frac and chars / len(text) > self.dup_para_char_frac:
            return fail(doc, r, "dup_para_char_frac", chars / len(text), f"> {self.dup_para_char_frac}")
        lines = _LINES.split(text)
        n, chars = find_duplicates(lines)
        if self.dup_line_frac and n / len(lines) > self.dup_line_frac:
            return fail(doc, r, "dup_line_frac", n / len(lines), f"> {self.dup_line_frac}")
        if self.dup_line_char_frac and chars / len(text) > self.dup_line_char_frac:
            return fail(doc, r, "dup_line_char_frac", chars / len(text), f"> {self.dup_line_char_frac}")
        ids, lens = word_ids(words(text))
        for k, limit in sorted((self.top_n_grams or {}).items()):
            v = top_ngram_chars(ids, lens, int(k)) / len(text)
            if v > limit:
                return fail(doc, r, f"top_{k}_gram", v, f"> {limit}")
        for k, limit in sorted((self.dup_n_grams or {}).items()):
            v = dup_ngram_chars(ids, lens, int(k)) / len(text)
            if v > limit:
                return fail(doc, r, f"dup_{k}_gram", v, f"> {limit}")
        return doc
