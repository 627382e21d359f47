"""The `extract` stage: documents holding HTML leave it holding text.

Documents that arrived as text (WET records, text dumps) pass through untouched; the
`clean` stage is theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from ..document import Document
from ..stage import DocumentStage, register


@register("extract")
@dataclass
class Extract(DocumentStage):
    """Main content of HTML pages (resiliparse's DOM); `keep_page_text` also stores all visible text."""

    main_content: bool = True
    keep_page_text: bool = False
    time_limit: float = 10.0

    def process(self, doc: Document) -> Document:
        if doc.html is None:
            return doc
        tree = HTMLTree.parse(doc.html)
        title = tree.title.strip() if tree.title else ""
        if title:
            doc.meta.setdefault("title", title)
        html_el = tree.document.query_selector("html")
        lang = html_el.getattr("lang") if html_el is not None else None
        if lang:
            doc.meta.setdefault("language_declared", lang.split("-")[0].lower())
        text = extract_plain_text(tree, main_content=self.main_content, alt_texts=False, links=False, list_bullets=False)
        if self.keep_page_text:
            doc.meta["page_text"] = extract_plain_text(tree, main_content=False, alt_texts=False, links=False)
        doc.text = text
        doc.html = None
        doc.meta["content"] = "html"
        if not text.strip():
            doc.reject("extract.empty", 0.0, "no main content found in the HTML")
        return doc
