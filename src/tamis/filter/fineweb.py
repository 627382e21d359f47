"""FineWeb's own rules (Penedo et al. 2024), on top of Gopher and C4: the page-level line
statistics that separate prose from lists, menus and repeated furniture."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from ..stage import DocumentStage, register
from .gopher import find_duplicates
from .rules import fail
from .words import TERMINAL_PUNCTUATION, words


@register("quality.fineweb")
@dataclass
class FineWebQuality(DocumentStage):
    line_punct_thr: float = 0.12
    line_punct_exclude_zero: bool = False
    short_line_thr: float = 0.67
    short_line_length: int = 30
    char_duplicates_ratio: float = 0.01
    new_line_ratio: float = 0.3

    def process(self, doc: Document) -> Document:
        r = self.name
        lines = [line for line in doc.text.split("\n") if line.strip()]
        if not lines:
            return fail(doc, r, "empty", 0, "no text")
        v = sum(1 for line in lines if line and line[-1] in TERMINAL_PUNCTUATION) / len(lines)
        if v < self.line_punct_thr and not (v == 0 and self.line_punct_exclude_zero):
            return fail(doc, r, "line_punct_ratio", v, f"< {self.line_punct_thr}")
        v = sum(1 for line in lines if len(line) <= self.short_line_length) / len(lines)
        if v > self.short_line_thr:
            return fail(doc, r, "short_line_ratio", v, f"> {self.short_line_thr}")
        v = find_duplicates(lines)[1] / max(1, len(doc.text.replace("\n", "")))
        if v > self.char_duplicates_ratio:
            return fail(doc, r, "char_dup_ratio", v, f"> {self.char_duplicates_ratio}")
        n = len(words(doc.text))
        v = doc.text.count("\n") / n if n else float("inf")
        if v > self.new_line_ratio:
            return fail(doc, r, "list_ratio", v if n else 1e9, f"> {self.new_line_ratio}")
        return doc
