"""Elements a browser would not show, taken out before the page is turned into text.

Injected link farms hide in `display:none` blocks, off-screen boxes and zero-size text;
none of it is what a reader of the page saw. Classes cannot be judged without the page's
stylesheets, so only what the markup itself says counts: `hidden`, inline styles. A
block merely collapsed or slid aside (`display:none` tabs, accordions closed at `height:0;
overflow:hidden`, a carousel's next slide at `left:-392px`) holds product specs, FAQ
answers and spec tables, and is removed only when it is mostly links; text at zero font
size or thousands of pixels off-screen is removed whatever it holds: no layout puts its
own content there.
Done on the selectolax (lexbor) tree the metadata is read from: finding the candidates is
one CSS query, and pages with nothing hidden cost nothing more.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# an offset counts as a position, not a margin (`margin-top: -120px` pulls an article up under a banner)
_UNSHOWN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?<![\w-])(?:height|width)\s*:\s*0(?:px)?\s*;.*overflow\s*:\s*hidden"
    r"|(?<![\w-])(?:left|top|text-indent)\s*:\s*-\d{3}(?:px|em|rem|%)?(?![\d.])",
    re.I,
)
_CONCEALED = re.compile(
    r"font-size\s*:\s*0(?:px|em|rem|pt|%)?\s*(?:;|$|!)|(?<![\w-])(?:left|top|text-indent)\s*:\s*-\d{4,}(?:px|em|rem)?", re.I)
_LINK_SHARE = 0.5


def _is_hidden_junk(node) -> bool:
    style = node.attributes.get("style") or ""
    if _CONCEALED.search(style):
        return True
    if "hidden" not in node.attributes and not _UNSHOWN.search(style):
        return False
    text = node.text(deep=True, separator=" ") or ""
    total = len(text.strip())
    if total == 0:
        return True
    links = sum(len((a.text(deep=True) or "").strip()) for a in node.css("a"))
    return links / total >= _LINK_SHARE


def remove_hidden(tree: LexborHTMLParser) -> list[str]:
    """Remove hidden elements from `tree`; return their text (for the audit trail)."""
    # the root cannot be removed (found by fuzzing: <html hidden>); a page hiding everything keeps its text
    hidden = [n for n in tree.css("[hidden],[style]") if n.tag != "html" and n.parent is not None and _is_hidden_junk(n)]
    if not hidden:
        return []
    ids = {n.mem_id for n in hidden}
    top = []
    for n in hidden:  # only the outermost: a child goes with its parent (and is freed with it)
        p = n.parent
        while p is not None and p.mem_id not in ids:
            p = p.parent
        if p is None:
            top.append(n)
    removed: list[str] = []
    for n in top:
        text = " ".join((n.text(deep=True, separator=" ") or "").split())
        n.decompose()
        if text:
            removed.append(text)
    return removed
