"""The `clean` stage: a page's visible text in, its article and metadata out.

It acts on page text however it arrived: WET records, text dumps, JSONL `text`, or the
visible text the `extract` stage took from HTML. Only documents the extractor already cut
to main content (`extract: {mode: main_content}`) pass through untouched.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from ..document import Document
from ..extract.title import key
from ..stage import DocumentStage, register
from .declared import with_description
from .features import PAGE_TYPES
from .nonpage import consent_wall, error_title
from .page import NO_BREAK, RECALL_WEIGHT, SHARPEN, check_recall_weight, clean_pages, keep_threshold, sharpen_weights

_DECLARED = ("title", "date", "date_source", "author", "author_source", "category")


@register("clean")
@dataclass
class Clean(DocumentStage):
    """Line-by-line boilerplate, spam and metadata-line removal for page text."""

    #: keep a line when the model's keep probability reaches this; None (default): each page
    #: gets the threshold where its expected precision + recall_weight x recall peaks
    #: (see expected_gain_threshold)
    threshold: float | None = None
    #: with a fixed threshold: this much lower on pages that are surely not articles
    type_slack: float = 0.15
    #: with threshold None: {page type: a}, keep probabilities raised to 1 + a x P(type) before
    #: the page's threshold is chosen: a > 0 keeps fewer doubtful lines on pages of that type, a < 0 more
    sharpen: dict[str, float] = field(default_factory=lambda: dict(SHARPEN))
    #: with threshold None: what expected recall is worth against precision; higher keeps more
    recall_weight: float = RECALL_WEIGHT
    spam: bool = True
    metadata: bool = True
    max_chars: int = 5_000_000
    time_limit: float = 10.0
    #: page types that have a publication date; on the others it is moved to `date_undated_type`
    #: (empty: keep it on every page)
    dated_types: tuple[str, ...] = ("article", "forum")
    #: page types that name an author, likewise (`author_undated_type`). Documentation names its
    #: writers (wcxb-dev: right on 12 of the 15 docs pages given one) but its dates are the last
    #: edit's as often as the publication's (13 of 26)
    authored_types: tuple[str, ...] = ("article", "forum", "documentation")
    #: a date the page's markup gives (`date_source` other than `text`), and an author its
    #: JSON-LD or <meta> tags declare (`author_source` json-ld or meta), stay on a page typed
    #: otherwise unless the type model gives `dated_types` (`authored_types`) together less than this
    declared_floor: float = 0.2
    #: text | markdown (headings, lists, code blocks, from the DOM of pages that came as HTML)
    output: str = "text"
    #: a product description the page declares in JSON-LD (`meta.product`) and does not show
    #: joins the text as its last paragraph (`meta.text_declared`; see clean/declared.py)
    declared_text: bool = True
    batched: ClassVar[bool] = True

    def __post_init__(self) -> None:
        if self.threshold is not None and not 0.0 < self.threshold < 1.0:
            raise ValueError("threshold must be between 0 and 1 (or null: each page's own threshold)")
        if self.threshold is not None and not 0.0 <= self.type_slack < self.threshold:
            raise ValueError("type_slack must be at least 0 and below threshold")
        sharpen_weights(self.sharpen)  # refuses unknown page types and out-of-range values
        check_recall_weight(self.recall_weight)
        if not 0.0 <= self.declared_floor <= 1.0:
            raise ValueError("declared_floor must be between 0 and 1")
        if self.output not in ("text", "markdown"):
            raise ValueError(f"output must be 'text' or 'markdown', got {self.output!r}")

    def threshold_for(self, p: np.ndarray, X: np.ndarray, type_p: np.ndarray) -> float:
        """The threshold this stage keeps a page's lines at, given their keep probabilities `p`,
        the line model's input `X` and the page-type probabilities: how the line model's trainer
        and bench/quality.py score cross-validated probabilities as the stage would decide."""
        return keep_threshold(p, X, type_p, self.threshold, self.type_slack, sharpen_weights(self.sharpen),
                              self.recall_weight)

    def off_type(self, field: str, meta: dict, type_p: np.ndarray | None) -> bool:
        """Whether the page's `field` ("date" or "author") is set aside for its type: a product
        or a service page has no publication date or author. The type model often takes an
        article for a service page or a listing; what the page declares is kept there unless
        the model is sure (wcxb-dev, cross-validated types: date recall 0.826 -> 0.847, precision
        0.859 -> 0.853; author 0.828 / 0.861 -> 0.842 / 0.857. A byline found in the markup
        stays gated: with it, author precision fell to 0.844)."""
        types = self.dated_types if field == "date" else self.authored_types
        if not types or meta.get("page_type") in types:
            return False
        source = meta.get(f"{field}_source")
        # a label in the text ("Start date", the thread's) is no declaration: a course's start date is none
        declared = source not in ("text", "thread") if field == "date" else source in ("json-ld", "meta")
        if declared and type_p is not None:
            share = sum(float(type_p[PAGE_TYPES.index(t)]) for t in types if t in PAGE_TYPES)
            return share < self.declared_floor
        return True

    def _wants(self, doc: Document) -> bool:
        return doc.meta.get("content") != "main_content"

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
            for d, page in zip(todo, clean_pages([d.text for d in todo], self.threshold, self.spam, self.metadata,
                                                    [d.dom for d in todo], self.output == "markdown", self.type_slack,
                                                    [d.url for d in todo], [d.links for d in todo], self.sharpen,
                                                    [d.kind for d in todo], self.recall_weight,
                                                    [d.undecided and d.undecided.names(d.meta.get("title")) for d in todo])):
                for r in page.removed:
                    d.remove(r.text, r.reason, r.score, r.line)
                u = d.undecided
                if (u is not None and u.refuted_days and str(page.meta.get("date", ""))[:10] in u.refuted_days
                        and page.meta.get("date_source") != "thread"):
                    # a day the HTML's date model already weighed and refused; a forum engine's
                    # label ("asked Mar 26, 2019") says more than the model read from the markup
                    page.meta.pop("date")
                    page.meta.pop("date_source", None)
                # what the record or its HTML declared wins, but for the first byline the markup shows
                # where a forum engine labels the thread's author (Stack Exchange shows the last
                # editor's card before the asker's) unless it is that name, whole ("Perseus Legend")
                thread_author = (page.meta.get("author_source") == "thread" and d.meta.get("author_source") == "markup"
                                 and not key(d.meta["author"]).startswith(key(page.meta["author"])))
                for k, v in page.meta.items():
                    if not (k in _DECLARED and d.meta.get(k)) or (thread_author and k in ("author", "author_source")):
                        d.meta[k] = v
                if u and u.title and d.meta.get("title") == u.title and page.seen and page.type_p is not None:
                    # ranked again, knowing the page's type and which lines it keeps
                    d.meta["title"] = u.cleaned_title(page.type_p, *page.seen)
                if d.meta.get("author") and key(d.meta["author"]) == key(d.meta.get("category") or ""):
                    del d.meta["author"]  # the section's label beside the date, read as a byline
                    d.meta.pop("author_source", None)
                for k in ("date", "author"):
                    if k in d.meta and self.off_type(k, d.meta, page.type_p):
                        d.meta[f"{k}_undated_type"] = d.meta.pop(k)
                d.text = page.text
                if self.declared_text and d.meta.get("content") == "html":
                    added = with_description(page.text, d.meta.get("product"))
                    if added:
                        d.text = added.translate(NO_BREAK)
                        d.meta["text_declared"] = "product.description"
                # one form for every accented letter (a page typed on a Mac sends "e" + U+0301): the
                # same word, the same bytes, for tokenizers and for exact dedup
                d.text = unicodedata.normalize("NFC", d.text)
                d.code = [unicodedata.normalize("NFC", c) for c in page.code] if page.code else page.code
                for k in ("title", "author", "category", "source"):
                    if isinstance(d.meta.get(k), str):
                        d.meta[k] = unicodedata.normalize("NFC", d.meta[k])
                d.dom = d.links = d.kind = d.undecided = None
                if not d.text:
                    d.reject("clean.empty", 0.0, "no line of the page looks like article text")
                elif error_title(d.meta.get("title"), d.text):
                    d.reject("clean.error_page", float(len(d.text.split())),
                             f"an error page sent as a page: titled {d.meta['title'][:100]!r}, {len(d.text.split())} words")
                elif consent_wall(d.text):
                    d.reject("clean.consent_wall", float(len(d.text.split())),
                             "a consent wall shown instead of the page: most of its text asks for consent")
        return docs
