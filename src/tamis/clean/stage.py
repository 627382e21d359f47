"""The `clean` stage (placeholder until the line cleaner lands): trims text documents."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from ..stage import DocumentStage, register


@register("clean")
@dataclass
class Clean(DocumentStage):
    time_limit: float = 10.0

    def process(self, doc: Document) -> Document:
        doc.text = doc.text.strip()
        if not doc.text:
            doc.reject("clean.empty", 0.0, "no text")
        return doc
