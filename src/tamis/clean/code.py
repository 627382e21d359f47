"""Code blocks: which lines are code, and why a block is kept or dropped whole.

A line model judges lines one by one; a program is not a set of lines. Left alone it drops
a block's `}`, `///` and fence lines as furniture and keeps the rest, and `dedup.lines`
takes `fn main() {`, which opens every example of a documentation site, for a site's
menu. From HTML the DOM says which lines are code; in page text a line says it itself
when it ends in a brace or a semicolon, or starts like a statement or a prompt.
"""

from __future__ import annotations

import re

import numpy as np

from ..extract.dom import DOM_NAMES
from .features import CODE_LINE_RE, CODE_STARTS
from .lines import PageLines

CODE_KEEP_SHARE = 0.5  # of a code block's characters on kept lines, for the block to stay whole
_CODE, _LINK, _HEADING = (DOM_NAMES.index(f"dom_{g}") for g in ("code", "link", "heading"))
_CODE_ENDS = frozenset("{};)")  # every CODE_LINE_RE match not at a line's start ends with one


def code_lines(dom: np.ndarray) -> np.ndarray:
    """Lines mostly inside <pre>/<code>, but not mostly link text (a sidebar of linked
    identifiers is navigation, not part of the program beside it) nor a heading (an API
    page's "Class: `Interface`" names a section)."""
    return (dom[:, _CODE] >= 0.5) & (dom[:, _LINK] < 0.5) & (dom[:, _HEADING] < 0.5)


def text_code_lines(pl: PageLines) -> np.ndarray:
    """Page-text lines that read as code (`CODE_LINE_RE`: `if number < 5 {`, `}`, `let x = 3;`,
    `$ cargo run`); only lines (stripped) that end as its patterns end, or start like a
    statement, are searched."""
    return np.fromiter((bool((t[-1:] in _CODE_ENDS or t.startswith(CODE_STARTS)) and CODE_LINE_RE.search(t))
                        for t in pl.text), bool, len(pl))


# a line that is only a call or a signature: `rl.close()`, `fs.readFile(path[, options], callback)`
_BARE_CALL = re.compile(r"[\w.$\[\]]+\(.*\)")


def text_programs(pl: PageLines) -> np.ndarray:
    """`text_code_lines` in runs that hold a statement: a run of bare calls only is an API
    page's index of signatures (Node.js's contents in page text), which is no program to
    keep whole and indented."""
    code = text_code_lines(pl)
    if not code.any():
        return code
    bare = np.fromiter((bool(_BARE_CALL.fullmatch(t.strip())) for t in pl.text), bool, len(pl))
    run = _runs(code)
    sel = run >= 0
    has_statement = np.bincount(run[sel], ~bare[sel]) > 0
    code[sel] = has_statement[run[sel]]
    return code


def _runs(code: np.ndarray) -> np.ndarray:
    """Run index of each line of `code` (adjacent lines), -1 elsewhere."""
    starts = code & ~np.concatenate([[False], code[:-1]])
    return np.where(code, np.cumsum(starts) - 1, -1)


def programs(pl: PageLines, code: np.ndarray) -> np.ndarray:
    """The lines of `code` in blocks that read as programs: a quarter of their lines or more
    read as code (`text_code_lines`). A mailing list's message, an RFC or a poem sits in a
    <pre> too; there the model's line-by-line verdicts (a quoted reply, a signature, a
    page's running header dropped) are worth keeping."""
    if not len(pl) or not code.any():
        return code
    run = _runs(code)
    sel = run >= 0
    like = np.bincount(run[sel], text_code_lines(pl)[sel])
    size = np.bincount(run[sel])
    out = code.copy()
    out[sel] = like[run[sel]] >= 0.25 * size[run[sel]]
    return out


def code_and_programs(pl: PageLines, dom: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(lines whose indentation is kept, lines of the blocks kept or dropped whole): from HTML
    the DOM's code lines and those of its blocks that read as programs; in page text the
    lines that read as code, both times."""
    if dom is None:
        code = text_programs(pl)
        return code, code
    code = code_lines(dom)
    return code, programs(pl, code)


def whole_code_blocks(pl: PageLines, keep: np.ndarray, code: np.ndarray) -> np.ndarray:
    """`keep` with each code block (a run of adjacent code lines) kept or dropped whole, by
    the share of its characters the line model kept (on the bench the rule moves the scores
    by +0.0003 at most: it is for the code, not the figures)."""
    n = len(pl)
    if not n or not code.any():
        return keep
    run = _runs(code)
    sel = run >= 0
    chars = np.fromiter(map(len, pl.text), np.float64, n)
    total = np.bincount(run[sel], chars[sel])
    kept = np.bincount(run[sel], chars[sel] * keep[sel])
    whole = kept >= CODE_KEEP_SHARE * total
    out = keep.copy()
    out[sel] = whole[run[sel]]
    return out
