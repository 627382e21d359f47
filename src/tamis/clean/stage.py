"""The `clean` stage: a page's visible text in, its article and metadata out.

It acts on documents that arrived as page text (WET records, text dumps, JSONL `text`);
documents extracted from HTML already went through the extractor, unless `apply_to: all`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..document import Document
from ..stage import DocumentStage, register
from .page import clean_pages


@register("clean")
@dataclass
class Clean(DocumentStage):
    """Line-by-line boilerplate, spam and metadata-line removal for page text."""

    threshold: float = 0.5  # keep a line when the model's keep probability reaches this
    spam: bool = True
    metadata: bool = True
    apply_to: str = "text"  # text: documents that arrived as text; all: also text extracted from HTML
    max_chars: int = 5_000_000
    time_limit: float = 10.0
    batched: ClassVar[bool] = True

    def __post_init__(self) -> None:
        if self.apply_to not in ("text", "all"):
            raise ValueError(f"apply_to must be 'text' or 'all', got {self.apply_to!r}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError("threshold must be between 0 and 1")

    def _wants(self, doc: Document) -> bool:
        return self.apply_to == "all" or doc.meta.get("content") != "html"

    def process(self, doc: Document) -> Document:
        return self.process_batch([doc])[0]

    def process_batch(self, docs: list[Document]) -> list[Document]:
        todo = []
        for d in docs:
            if not self._wants(d) or d.rejection is not None:
                continue
            if len(d.text) > self.max_chars:
                d.reject("clean.too_large", float(len(d.text)), f"{len(d.text)} characters, over max_chars={self.max_chars}")
            elif not d.text.strip():
                d.reject("clean.empty", 0.0, "no text")
            else:
                todo.append(d)
        if todo:
            for d, page in zip(todo, clean_pages([d.text for d in todo], self.threshold, self.spam, self.metadata)):
                for r in page.removed:
                    d.remove(r.text, r.reason, r.score, r.line)
                for k, v in page.meta.items():
                    if not (k == "title" and d.meta.get("title")):  # a title the record brought wins
                        d.meta[k] = v
                d.text = page.text
                if not page.text:
                    d.reject("clean.empty", 0.0, "no line of the page looks like article text")
        return docs
