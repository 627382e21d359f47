"""Long HTML pages judged chapter by chapter.

The line models read where a line sits in its page, and learned from pages of at most 2,640
lines, where the last fifth is footers, comments and teasers. A whole book on one page (the
Rust book's print view, 8,689 lines, 112 chapters) lost most of its later chapters: 18% of
the lines of 12 words or more of its last tenth kept, 73% in all; Cargo's book 34%, the
Nomicon 44%. Cut before each `<h1>` and each chapter judged as a page of its own: 100% all
three; over ten such books 0.31-0.94 -> 0.96-1.00 (scratch counts, docs/experiments.md).
Only pages longer than any the models learned from, with four `<h1>`s or more: a page's logo
and title `<h1>`s alone cut nothing, and no bench page is that long.
"""

from __future__ import annotations

import numpy as np

from ..annotate.language import detect_language
from ..extract.dom import DOM_NAMES
from .lines import PageLines, split_lines

LONG_PAGE = 3000  # lines; the bench's longest page has 2,640
MIN_CHAPTERS = 4  # <h1>s (runs of h1 lines) a long page needs to be cut at them
_H1 = DOM_NAMES.index("dom_h1")


def chapters(pl: PageLines, dom: np.ndarray | None) -> list[tuple[int, int]]:
    """Line ranges [a, b) to judge apart: the whole page, or for a long HTML page with enough
    `<h1>`s each chapter from its `<h1>` on, the first with the page's header above it (as
    any page has one; judged alone, a header's keyboard-help dialog read as prose)."""
    n = len(pl)
    if dom is None or n <= LONG_PAGE:
        return [(0, n)]
    h1 = dom[:, _H1] >= 0.5
    starts = np.flatnonzero(h1 & ~np.concatenate([[False], h1[:-1]]))  # a heading wrapped over lines is one
    if len(starts) < MIN_CHAPTERS:
        return [(0, n)]
    bounds = [0, *[int(s) for s in starts[1:]], n]
    return list(zip(bounds, bounds[1:]))


def heading_as_chapter(p: np.ndarray) -> np.ndarray:
    """Keep probabilities of a chapter after the first with its heading (its first line) as
    likely content as its likeliest line: judged alone, a chapter's first line sits where a
    page's menu does, and 88 of the Rust book's 112 chapter titles went as navigation."""
    if len(p) > 1:
        p = p.copy()
        p[0] = max(p[0], float(p[1:].max()))
    return p


def part_lines(pl: PageLines, a: int, b: int) -> tuple[PageLines, int]:
    """Lines a..b-1 as a page of their own, and the index of its first raw line in `pl`'s."""
    start = int(pl.idx[a]) if a > 0 else 0
    end = int(pl.idx[b]) if b < len(pl) else len(pl.raw)
    return split_lines("\n".join(pl.raw[start:end])), start


def merged_meta(metas: list[dict], text: str) -> dict:
    """The first chapter's metadata (the page's header, title, date) with what every chapter
    found: spam anywhere, the languages of foreign lines, the language of the whole text."""
    meta = dict(metas[0])
    meta["chapters"] = len(metas)
    if any(m.get("spam_injected") for m in metas):
        meta["spam_injected"] = True
        meta["spam_languages"] = sorted({x for m in metas for x in m.get("spam_languages", [])})
    langs: dict[str, int] = {}
    for m in metas:
        for k, v in m.get("line_languages", {}).items():
            langs[k] = langs.get(k, 0) + v
    if langs:
        meta["line_languages"] = langs
    for k in ("language", "language_score"):
        meta.pop(k, None)
    if text:
        lang, score = detect_language(text)
        if lang:
            meta["language"], meta["language_score"] = lang, score
    return meta
