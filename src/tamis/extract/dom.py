"""What the DOM says about each line of a page's visible text.

The text cleaner decides line by line; from HTML it can also know, for every line, how
much of it is link text, whether it sits in a <nav>, a footer, a comment thread, an
<article>, a heading, a paragraph, a list or a table. Those signals are taken without a
Python walk over the tree: one CSS query per group of elements, each matched element gets
a private-use marker character at its start and end, resiliparse turns the marked tree
into text, and one vectorised pass over the text's code points turns marker nesting into
"share of the line's characters inside this group". The markers are then stripped, leaving
exactly the text the plain extraction would give, so both input modes see the same lines.
"""

from __future__ import annotations

import numpy as np
from resiliparse.extract.html2text import extract_plain_text
from selectolax.lexbor import LexborHTMLParser

_BOILER_WORDS = (
    "nav menu footer sidebar side-bar widget share social related breadcrumb cookie banner promo newsletter "
    "subscribe advert sponsor popup modal masthead toolbar pagination signup login skip"
).split()
_COMMENT_WORDS = "comment disqus respond reply discussion".split()
_CONTENT_WORDS = (
    "content article post entry story body text main prose markdown doc description review message thread product detail"
).split()


def _attr_any(words: list[str]) -> str:
    return ", ".join(f'[class*="{w}" i], [id*="{w}" i]' for w in words)


# (name, CSS selector); order is the feature order
GROUPS: list[tuple[str, str]] = [
    ("link", "a"),
    ("boiler_tag", "nav, footer, aside, header, menu, [role=navigation], [role=banner], [role=contentinfo], [role=complementary]"),
    ("boiler_attr", _attr_any(_BOILER_WORDS)),
    ("comment", _attr_any(_COMMENT_WORDS)),
    ("main_tag", "article, main, [role=main], [itemprop=articleBody], [itemprop=text], [itemprop=description], [itemprop=reviewBody]"),
    ("main_attr", _attr_any(_CONTENT_WORDS)),
    ("heading", "h1, h2, h3, h4, h5, h6"),
    ("h1", "h1"),
    ("para", "p, blockquote"),
    ("list", "li, dd, dt"),
    ("table", "td, th"),
    ("code", "pre, code"),
    ("form", "form, button, select, label, option"),
]
DOM_NAMES = [f"dom_{n}" for n, _ in GROUPS]
_BASE = 0xE000
_LAST = _BASE + 2 * len(GROUPS) - 1
_STRIP = {cp: None for cp in range(_BASE, _LAST + 1)}


def _mark(tree: LexborHTMLParser) -> None:
    for g, (_, selector) in enumerate(GROUPS):
        open_, close = chr(_BASE + 2 * g), chr(_BASE + 2 * g + 1)
        for node in tree.css(selector):
            first = node.first_child
            if first is not None:
                first.insert_before(open_)
            else:
                node.insert_child(open_)
            node.insert_child(close)


def marked_signals(marked: str) -> tuple[str, np.ndarray]:
    """(text without markers, one row of group shares per non-blank line of that text)."""
    from ..clean.page import normalise  # the cleaner normalises again: lines must already agree

    marked = normalise(marked).replace("\r\n", "\n").replace("\r", "\n")
    cps = np.frombuffer(marked.encode("utf-32-le"), dtype=np.uint32)
    is_mark = (cps >= _BASE) & (cps <= _LAST)
    m_lines = marked.split("\n")
    u_lines = marked.translate(_STRIP).split("\n")
    lens = np.fromiter((len(x) + 1 for x in m_lines), np.int64, len(m_lines))
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    counted = ~is_mark & (cps > 32)  # characters a line's share is measured over
    total = np.add.reduceat(counted.astype(np.float32), starts) if len(cps) else np.zeros(len(m_lines), np.float32)
    shares = np.zeros((len(m_lines), len(GROUPS)), np.float32)
    if is_mark.any():
        rel = cps.astype(np.int64) - _BASE
        for g in range(len(GROUPS)):
            step = (rel == 2 * g).astype(np.int32) - (rel == 2 * g + 1).astype(np.int32)
            if not step.any():
                continue
            inside = (np.cumsum(step) > 0) & counted
            shares[:, g] = np.add.reduceat(inside.astype(np.float32), starts)
        shares /= np.maximum(total, 1)[:, None]
    out_lines: list[str] = []
    rows: list[int] = []
    for i, (m, u) in enumerate(zip(m_lines, u_lines)):
        if u.strip():
            rows.append(i)
            out_lines.append(u)
        elif not m.strip():
            out_lines.append(u)  # a real blank line; a line that held only markers goes
    return "\n".join(out_lines), shares[np.asarray(rows, np.int64)] if rows else np.zeros((0, len(GROUPS)), np.float32)


def text_with_signals(tree: LexborHTMLParser) -> tuple[str, np.ndarray]:
    """The page's visible text (resiliparse's plain-text rendering) and DOM signals per line.

    Marks `tree` in place: use it for nothing else afterwards.
    """
    _mark(tree)
    marked = extract_plain_text(tree.html or "", alt_texts=False, links=False, list_bullets=False)
    return marked_signals(marked)


def html_text_and_signals(html: str) -> tuple[str, np.ndarray]:
    """What the `extract` stage hands the cleaner for one page (hidden blocks dropped first)."""
    from .hidden import remove_hidden

    tree = LexborHTMLParser(html)
    remove_hidden(tree)
    return text_with_signals(tree)
