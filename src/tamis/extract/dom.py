"""What the DOM says about each line of a page's visible text.

The text cleaner decides line by line; from HTML it can also know, for every line, how
much of it is link text, whether it sits in a <nav>, a footer, a comment thread, an
<article>, a heading, a paragraph, a list or a table. Those signals are taken without a
Python walk over the tree: one CSS query per tag group (one shared query for the groups
named by class/id words), each matched element gets a private-use marker character at its
start and end, resiliparse turns the marked tree into text, and one vectorised pass over
the marker positions turns marker nesting into "share of the line's characters inside
this group". The markers are then stripped, leaving
exactly the text the plain extraction would give, so both input modes see the same lines.
One column is not a marker group: whether resiliparse's main-content rendering of the same
parsed tree keeps the line, a second opinion from rules the model does not share.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree
from selectolax.lexbor import LexborHTMLParser

_BOILER_WORDS = (
    "nav menu footer sidebar side-bar widget share social related breadcrumb cookie banner promo newsletter "
    "subscribe advert sponsor popup modal masthead toolbar pagination signup login skip"
).split()
_COMMENT_WORDS = "comment disqus respond reply discussion".split()
_CONTENT_WORDS = (
    "content article post entry story body text main prose markdown doc description review message thread product detail"
).split()


# items of a grid or a result list: a shop's products, a listing's entries, a teaser card
_ITEM_WORDS = "item card tile grid result listing catalog collection price rating".split()


def _words_re(words: list[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in words))


# (name, CSS selector or a pattern for class/id); order is the feature order
GROUPS: list[tuple[str, str | re.Pattern]] = [
    ("link", "a"),
    ("boiler_tag", "nav, footer, aside, header, menu, [role=navigation], [role=banner], [role=contentinfo], [role=complementary]"),
    ("boiler_attr", _words_re(_BOILER_WORDS)),  # a word in the class or id, any case
    ("comment", _words_re(_COMMENT_WORDS)),
    ("main_tag", "article, main, [role=main], [itemprop=articleBody], [itemprop=text], [itemprop=description], [itemprop=reviewBody]"),
    ("main_attr", _words_re(_CONTENT_WORDS)),
    ("heading", "h1, h2, h3, h4, h5, h6"),
    ("h1", "h1"),
    ("para", "p, blockquote"),
    ("list", "li, dd, dt"),
    ("table", "td, th"),
    ("code", "pre, code"),
    ("form", "form, button, select, label, option"),
    ("dense", ""),  # the element holding the most paragraph text (see _densest)
    ("item_attr", _words_re(_ITEM_WORDS)),
    # a modal dialog: an overlay a crawl saves closed (privacy policies, seller cards, sign-up
    # offers); aria-modal=false marks a panel of the page itself (a product's description sheet)
    ("overlay", "dialog:not([open]), [aria-modal=true], [role=alertdialog], [role=dialog]:not([aria-modal=false])"),
    ("resi_main", ""),  # a line resiliparse's main-content guess also keeps (see _in_main_content)
]
DOM_NAMES = [f"dom_{n}" for n, _ in GROUPS]
_ANY_NAMED = _words_re(_BOILER_WORDS + _COMMENT_WORDS + _CONTENT_WORDS + _ITEM_WORDS)
_BASE = 0xE000
_LAST = _BASE + 2 * len(GROUPS) - 1
_MARKS = re.compile(f"[{chr(_BASE)}-{chr(_LAST)}]")
_MIN_PARAGRAPH = 80  # characters: shorter <p> are captions, labels, teasers


def _insert(node, g: int) -> None:
    first = node.first_child
    if first is not None:
        first.insert_before(chr(_BASE + 2 * g))
    else:
        node.insert_child(chr(_BASE + 2 * g))
    node.insert_child(chr(_BASE + 2 * g + 1))


def _densest(tree: LexborHTMLParser):
    """The element whose paragraphs hold the most text (a parent gets its paragraphs' length,
    a grandparent half of it): where an article's body, a forum's posts or a product's
    description live, whatever the page's class names."""
    score: dict[int, float] = {}
    nodes: dict[int, object] = {}
    for p in tree.css("p, pre, blockquote"):
        n = len(p.text(deep=True))
        if n < _MIN_PARAGRAPH:
            continue
        parent = p.parent
        for share in (1.0, 0.5):
            if parent is None or parent.tag in ("body", "html"):
                break
            k = parent.mem_id
            score[k] = score.get(k, 0.0) + share * n
            nodes[k] = parent
            parent = parent.parent
    return nodes[max(score, key=score.__getitem__)] if score else None


_NAMED = [(g, rx) for g, (_, rx) in enumerate(GROUPS) if isinstance(rx, re.Pattern)]


@lru_cache(maxsize=1 << 16)
def _named_groups(key: str) -> tuple[int, ...]:
    """The groups a class + id string names. Pages repeat their class names (a list's items, a
    thread's posts) and a site's pages share them: each distinct string is searched once."""
    if not _ANY_NAMED.search(key):  # most names match no group: one search settles them
        return ()
    return tuple(g for g, rx in _NAMED if rx.search(key))


def _mark(tree: LexborHTMLParser) -> None:
    for node in tree.css("[class], [id]"):  # one query, then the groups each class + id string names
        attrs = node.attributes
        for g in _named_groups(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()):
            _insert(node, g)
    for g, (name, selector) in enumerate(GROUPS):
        if name == "dense":
            node = _densest(tree)
            if node is not None:
                _insert(node, g)
        elif isinstance(selector, str) and selector:
            for node in tree.css(selector):
                _insert(node, g)


def _inside_before(p: np.ndarray, inside: np.ndarray, f_at: np.ndarray, cc: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Counted characters inside the group before each position in x."""
    k = np.searchsorted(p, x, side="right") - 1
    kk = np.maximum(k, 0)
    return np.where(k < 0, 0, f_at[kk] + np.where(inside[kk], cc[x] - cc[p[kk]], 0))


def marked_signals(marked: str) -> tuple[str, np.ndarray]:
    """(text without markers, one row of group shares per non-blank line of that text).

    A line's share of a group is the part of its visible characters that lie between the
    group's open and close markers (nesting counted, so inner closes do not end an outer
    element). Computed from the marker events alone: per group, counted-character totals
    are accumulated between consecutive events and read off at line boundaries.
    """
    from ..clean.page import normalise  # the cleaner normalises again: lines must already agree

    marked = normalise(marked).replace("\r\n", "\n").replace("\r", "\n")
    m_lines = marked.split("\n")
    u_lines = _MARKS.sub("", marked).split("\n")
    ends = np.cumsum(np.fromiter((len(x) + 1 for x in m_lines), np.int64, len(m_lines)))
    starts = np.concatenate([[0], ends[:-1]])
    shares = np.zeros((len(m_lines), len(GROUPS)), np.float32)
    cps = np.frombuffer(marked.encode("utf-32-le"), dtype=np.uint32)
    is_mark = (cps >= _BASE) & (cps <= _LAST)
    pos = np.flatnonzero(is_mark)
    if len(pos):
        counted = (cps > 32) & ~is_mark
        cc = np.concatenate([[0], np.cumsum(counted)])  # counted characters before each position
        line_end = np.minimum(ends - 1, len(cps))
        total = cc[line_end] - cc[starts]
        rel = cps[pos].astype(np.int64) - _BASE
        for g in np.unique(rel // 2):
            sel = rel // 2 == g
            p = pos[sel]
            depth = np.cumsum(np.where(rel[sel] % 2 == 0, 1, -1))
            inside = depth > 0  # state after each event, until the next
            seg = np.where(inside[:-1], cc[p[1:]] - cc[p[:-1]], 0)
            f_at = np.concatenate([[0], np.cumsum(seg)])  # inside characters before each event
            ins = _inside_before(p, inside, f_at, cc, line_end) - _inside_before(p, inside, f_at, cc, starts)
            shares[:, g] = ins / np.maximum(total, 1)
    out_lines: list[str] = []
    rows: list[int] = []
    for i, (m, u) in enumerate(zip(m_lines, u_lines)):
        if u.strip():
            rows.append(i)
            out_lines.append(u)
        elif not m.strip():
            out_lines.append(u)  # a real blank line; a line that held only markers goes
    return "\n".join(out_lines), shares[np.asarray(rows, np.int64)] if rows else np.zeros((0, len(GROUPS)), np.float32)


_NOSCRIPT_MIN = 500  # characters of text in a <noscript> that may be the page itself
_EMPTY_PAGE = 200  # visible characters below which a page counts as rendered by script


def _reveal_noscript(tree: LexborHTMLParser) -> bool:
    """Pages that draw themselves with JavaScript (Discourse forums, some shops) put the page
    a crawler should see inside <noscript>; a renderer without scripts shows nothing else.
    When the page without it is empty, its <noscript> blocks are unwrapped."""
    if not any(len(n.text()) >= _NOSCRIPT_MIN for n in tree.css("noscript")):
        return False
    plain = extract_plain_text(tree.html or "", alt_texts=False, links=False, list_bullets=False)
    if len("".join(plain.split())) >= _EMPTY_PAGE:
        return False
    for n in tree.css("noscript"):
        n.unwrap()
    return True


# a heading's permalink (a link to its own anchor showing only a glyph), and a <pre>'s <code>s
_RENDER_FIXES = ", ".join([f'h{i} a[href^="#"]' for i in range(1, 7)] + ["pre > code"])
_ANCHOR_GLYPHS = {"#", "§", "¶", "🔗", "\uf0c1"}


def _fix_rendering(tree: LexborHTMLParser) -> None:
    """Two things the plain-text rendering gets wrong, found in one pass over the tree.

    Documentation generators end each heading with a link to its own anchor, shown as "¶"
    (Sphinx), "#" (Node.js, many static sites) or "§". All become "¶": the line model learned
    that glyph on Sphinx pages (a heading ends in it, its copy in the table of contents does
    not) and the cleaner takes it off the kept lines. Only a link whose whole text is the
    glyph: "C#" is no anchor.

    Adjacent <code> elements in one <pre> are separate lines or programs shown one at a time
    (Node.js's ES-module and CommonJS versions of each example; highlighters writing a <code>
    per line): rendered as they stand, the last line of one runs into the first of the next
    ("rl.close();const readline = require(...)")."""
    for node in tree.css(_RENDER_FIXES):
        if node.tag == "code":
            after = node.next
            if after is not None and after.tag == "code" and not (node.text(deep=True) or "").endswith("\n"):
                after.insert_before("\n")
            continue
        kids = list(node.iter(include_text=True))
        if len(kids) == 1 and kids[0].tag == "-text" and (kids[0].text_content or "").strip() in _ANCHOR_GLYPHS:
            kids[0].replace_with("¶")


def text_with_signals(tree: LexborHTMLParser) -> tuple[str, np.ndarray]:
    """The page's visible text (resiliparse's plain-text rendering) and DOM signals per line.

    Marks `tree` in place: use it for nothing else afterwards.
    """
    _reveal_noscript(tree)
    _fix_rendering(tree)
    _mark(tree)
    marked = HTMLTree.parse(tree.html or "")  # parsed once for both renderings
    text, shares = marked_signals(extract_plain_text(marked, alt_texts=False, links=False, list_bullets=False))
    shares[:, _RESI] = _in_main_content(marked, text)
    return text, shares


_RESI = [name for name, _ in GROUPS].index("resi_main")


def _in_main_content(marked: HTMLTree, text: str) -> np.ndarray:
    """Per non-blank line of `text`: does resiliparse's main-content guess keep that line too.

    A second opinion from other rules (its own element pruning and text-density cuts): on
    lines the line model without it was unsure of, the guess moved the odds a lot
    (out-of-fold probabilities 0.3-0.5 on scrapinghub: 53% content where it keeps them, 8%
    where not)."""
    from ..clean.page import normalise

    main = extract_plain_text(marked, main_content=True, alt_texts=False, links=False, list_bullets=False)
    kept = {x.strip() for x in normalise(_MARKS.sub("", main)).split("\n")}
    return np.fromiter((x.strip() in kept for x in text.split("\n") if x.strip()), np.float32)


def html_text_and_signals(html: str) -> tuple[str, np.ndarray]:
    """What the `extract` stage hands the cleaner for one page (hidden blocks dropped first)."""
    from .hidden import remove_hidden

    tree = LexborHTMLParser(html)
    remove_hidden(tree)
    return text_with_signals(tree)
