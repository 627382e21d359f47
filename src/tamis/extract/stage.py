"""The `extract` stage: documents holding HTML leave it holding the page's visible text.

The visible text keeps the page's structure (blocks, list nesting) so that the `clean`
stage decides line by line with the same features it uses on WET text, plus what the
DOM says about each line (link text, nav/footer/comment/article containers, headings,
paragraphs: `dom.py`), which the cleaner's HTML model weighs: the two input modes share
one idea of boilerplate, and HTML adds its evidence to it. The metadata the HTML declares (OpenGraph, JSON-LD,
<time>, lang) is read here, where the DOM is at hand. `mode: main_content` instead keeps
only resiliparse's main-content guess and leaves the document alone in `clean`.
"""

from __future__ import annotations

from dataclasses import dataclass

from resiliparse.extract.html2text import extract_plain_text
from selectolax.lexbor import LexborHTMLParser

from ..document import Document
from ..stage import DocumentStage, register
from .dom import text_with_signals
from .hidden import remove_hidden
from .htmlmeta import html_metadata


@register("extract")
@dataclass
class Extract(DocumentStage):
    """HTML -> visible page text (for `clean`) or main content, plus declared metadata."""

    mode: str = "page_text"  # page_text | main_content
    drop_hidden: bool = True  # remove elements hidden by markup (display:none, hidden, off-screen)
    time_limit: float = 10.0

    def __post_init__(self) -> None:
        if self.mode not in ("page_text", "main_content"):
            raise ValueError(f"mode must be 'page_text' or 'main_content', got {self.mode!r}")

    def process(self, doc: Document) -> Document:
        if doc.html is None:
            return doc
        html = doc.html
        tree = LexborHTMLParser(html)
        for k, v in html_metadata(tree, doc.url).items():
            doc.meta.setdefault(k, v)
        if self.drop_hidden:
            hidden = remove_hidden(tree)
            for h in hidden:
                doc.remove(h[:2000], "extract.hidden")
            if hidden:
                html = tree.html or ""
        if self.mode == "main_content":
            text = extract_plain_text(html, main_content=True, alt_texts=False, links=False, list_bullets=False)
        else:
            text, doc.dom = text_with_signals(tree)
        doc.text = text
        doc.html = None
        doc.meta["content"] = "html" if self.mode == "page_text" else "main_content"
        if not text.strip():
            doc.reject("extract.empty", 0.0, "the HTML has no visible text")
        return doc
