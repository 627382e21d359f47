"""The `extract` stage: documents holding HTML leave it holding the page's visible text.

The visible text keeps the page's structure (blocks, list nesting) so that the `clean`
stage decides line by line with the same features it uses on WET text, plus what the DOM
says about each line (link text, nav/footer/comment/article containers, headings,
paragraphs: `dom.py`), which the cleaner's HTML model weighs: the two input modes share
one idea of boilerplate, and HTML adds its evidence to it. The metadata the HTML declares
(OpenGraph, JSON-LD, <time>, lang) is read here, where the DOM is at hand. `mode:
main_content` instead keeps only resiliparse's main-content guess and leaves the document
alone in `clean`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import numpy as np
from resiliparse.extract.html2text import extract_plain_text
from selectolax.lexbor import LexborHTMLParser

from ..document import Document
from ..stage import DocumentStage, register
from .dom import text_with_signals
from .hidden import remove_hidden
from .htmlmeta import read_metadata, robots_directives
from .pagekind import page_kind
from .redirect import MAX_WORDS as REDIRECT_WORDS
from .redirect import refresh_target

_PIECE = 1_000_000
_DEEP_HEAD = 32_768  # of a too deeply nested page, read for its metadata: its <head>, mostly
#: elements nested deeper than this make a whole DOM a trap: lexbor's parse and resiliparse's
#: main-content guess grow with the square of the depth (20,000 levels: 0.5 s and 8 s; the
#: deepest of 581 bench pages: 253)
MAX_DEPTH = 4096
# elements whose end tag is never implied, so an unclosed one really nests what follows
_NEST = ("div|span|section|article|aside|main|nav|header|footer|font|table|ul|ol|dl|blockquote|form|center|"
         "a|b|i|u|s|em|strong|small|big|sup|sub|label|fieldset|details|figure|button|select")
_OPEN = re.compile(rf"<(?:{_NEST})(?=[\s>])", re.I)
_CLOSE = re.compile(rf"</(?:{_NEST})(?=[\s>])", re.I)
_NOT_MARK = bytes(b for b in range(256) if b not in (1, 2))
_NOT_A_PAGE = ("#", "javascript:", "mailto:", "tel:", "data:")


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest, counted from its tags without parsing it (a parse
    is what a deep page makes slow): opening tags become one byte, closing tags another,
    everything else goes, and the deepest point of the running sum is the depth."""
    marks = _OPEN.sub("\x01", _CLOSE.sub("\x02", html)).encode("latin-1", "ignore").translate(None, _NOT_MARK)
    if not marks:
        return 0
    return int(np.cumsum(3 - 2 * np.frombuffer(marks, np.uint8).astype(np.int64)).max())


def page_links(tree: LexborHTMLParser, base: str | None) -> list[tuple[str, str | None]]:
    """The visible links in document order, targets made absolute against the page's URL
    (taken before the DOM is marked; hidden links are already gone). In-page anchors,
    mailto: and the like stay in the list without a target: they hold their place in the
    order the links are found again in."""
    out: list[tuple[str, str | None]] = []
    for a in tree.css("a[href]"):
        text = " ".join(a.text(deep=True).split())
        if not text:
            continue
        href: str | None = (a.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(_NOT_A_PAGE):
            href = None
        elif base:
            try:
                href = urljoin(base, href)
            except ValueError:  # "http://[broken": no URL to point at
                href = None
        out.append((text, href))
    return out


@register("extract")
@dataclass
class Extract(DocumentStage):
    """HTML -> visible page text (for `clean`) or main content, plus declared metadata."""

    mode: str = "page_text"  # page_text | main_content
    drop_hidden: bool = True  # remove elements hidden by markup (display:none, hidden, off-screen)
    time_limit: float = 10.0
    #: keep each link's target, for `clean`'s Markdown output (`[text](url)`)
    links: bool = False
    #: pages larger than this (characters) are rendered piece by piece without a whole DOM
    max_dom_chars: int = 8_000_000

    def __post_init__(self) -> None:
        if self.mode not in ("page_text", "main_content"):
            raise ValueError(f"mode must be 'page_text' or 'main_content', got {self.mode!r}")

    def process(self, doc: Document) -> Document:
        if doc.html is None:
            return doc
        if len(doc.html) > self.max_dom_chars:
            return self._piecewise(doc)
        if doc.html.count("<") > MAX_DEPTH and (depth := nesting_depth(doc.html)) > MAX_DEPTH:
            doc.meta["extract_depth"] = depth
            return self._piecewise(doc, _DEEP_HEAD)
        tree = LexborHTMLParser(doc.html)
        _take_metadata(doc, tree)
        if target := refresh_target(tree, doc.url):
            doc.meta["redirect_to"] = target
        doc.kind = page_kind(tree, doc.url)
        hidden = remove_hidden(tree) if self.drop_hidden else []
        for h in hidden:
            doc.remove(h[:2000], "extract.hidden")
        if self.mode == "main_content":
            html = (tree.html or "") if hidden else doc.html
            text = extract_plain_text(html, main_content=True, alt_texts=False, links=False, list_bullets=False)
            return self._done(doc, text, "main_content")
        if self.links:
            doc.links = page_links(tree, doc.url)
        text, doc.dom = text_with_signals(tree)
        return self._done(doc, text, "html")

    @staticmethod
    def _done(doc: Document, text: str, content: str) -> Document:
        doc.text = text
        doc.html = None
        doc.meta["content"] = content
        if not text.strip():
            doc.reject("extract.empty", 0.0, "the HTML has no visible text")
        elif "redirect_to" in doc.meta and len(text.split()) < REDIRECT_WORDS:
            doc.reject("extract.redirect", doc.meta["redirect_to"],
                       f"a redirect to {doc.meta['redirect_to']} (<meta http-equiv=refresh>), not a page")
        return doc

    def _piecewise(self, doc: Document, head: int = _PIECE) -> Document:
        """A page too large for a DOM in bounded memory (a whole DOM costs ~20x the HTML), or
        nested too deep for one in bounded time: its visible text is rendered in pieces cut
        at tag starts, each parsed alone, and metadata is read from its first `head`
        characters. No DOM signals: the cleaner treats it as page text."""
        html = doc.html or ""
        _take_metadata(doc, LexborHTMLParser(html[:head]))
        parts, start = [], 0
        while start < len(html):
            end = len(html) if len(html) - start <= _PIECE else html.find("<", start + _PIECE)
            end = len(html) if end < 0 else end
            parts.append(extract_plain_text(html[start:end], alt_texts=False, links=False, list_bullets=False))
            start = end
        doc.meta["extract_piecewise"] = True
        return self._done(doc, "\n".join(parts), "html")


def _take_metadata(doc: Document, tree: LexborHTMLParser) -> None:
    """What the HTML says of itself; what the record already holds wins. What `clean` may
    still settle (htmlmeta.Undecided) goes with the document, not into its metadata."""
    meta, doc.undecided = read_metadata(tree, doc.url)
    if robots := robots_directives(doc.meta.get("x_robots_tag"), *meta.get("robots", ())):
        meta["robots"] = robots  # the server's header and the page's <meta> ask alike
    for k, v in meta.items():
        doc.meta.setdefault(k, v)
