"""Kept lines as Markdown, for pages that came as HTML.

Structure is read from the extractor's DOM signals (tamis.extract.dom): a line mostly
inside an <h1> becomes `#`, inside another heading `##`, inside a list item `- `, inside
<pre>/<code> a fenced block with its indentation kept, and rows of a <table> (the renderer
separates their cells by two tabs) a pipe table. Page text without HTML carries no
such evidence, so it leaves as plain text: guessing headings from short lines would put
wrong structure into a corpus. Links are written as `[text](url)` only when asked
(`extract: {links: true}`): the extractor hands over each link's anchor text and target in
document order, and they are found again, in the same order, in the lines the DOM says
hold link text.
"""

from __future__ import annotations

import re

import numpy as np

from ..extract.dom import DOM_NAMES
from .code import code_lines
from .lines import PageLines, without_permalink

_H1, _HEADING, _LIST, _CODE, _TABLE, _LINK = (DOM_NAMES.index(f"dom_{g}")
                                              for g in ("h1", "heading", "list", "code", "table", "link"))
_LOOKAHEAD = 50  # links a line may skip (rendered nowhere, or on lines the DOM did not mark) before its own
_SPECIAL_START = re.compile(r"^(?=[#>*+\-]|```)")
_ORDERED = re.compile(r"^(\d+)(?=[.)]\s)")
_CELL_SEP = "\t\t"


def _cells(raw: str) -> list[str]:
    return [c.strip().replace("|", "\\|") for c in raw.rstrip(" \n").split(_CELL_SEP)]


def _table_runs(pl: PageLines, kept: np.ndarray, S: np.ndarray) -> dict[int, list[list[str]]]:
    """{first line of a table: its rows}: runs of adjacent kept lines inside <td>/<th> with at
    least two rows of two cells. A layout table (one cell a row, paragraphs in it) stays prose."""
    runs: dict[int, list[list[str]]] = {}
    start = None
    for j, i in enumerate(list(kept) + [-1]):
        in_table = i >= 0 and S[i, _TABLE] >= 0.5 and S[i, _CODE] < 0.5
        if in_table and start is not None and pl.idx[i] == pl.idx[kept[j - 1]] + 1:
            continue
        if start is not None:
            rows = [_cells(pl.raw[pl.idx[k]]) for k in kept[start:j]]
            if sum(len(r) >= 2 for r in rows) >= 2:
                runs[int(kept[start])] = rows
        start = j if in_table else None
    return runs


def _link_spans(pl: PageLines, S: np.ndarray, links: list[tuple[str, str | None]]) -> dict[int, list[tuple[int, int, str]]]:
    """{line: [(start, end, url)]}: each link's anchor text found in the lines that hold link
    text, in document order; a line looks at most _LOOKAHEAD links past the last one found,
    and a link not found within that reach is skipped."""
    spans: dict[int, list[tuple[int, int, str]]] = {}
    j = 0
    for i in np.flatnonzero(S[:, _LINK] > 0):
        text, cursor, found = pl.text[i], 0, []
        k = j
        while k < min(len(links), j + _LOOKAHEAD):
            at = text.find(links[k][0], cursor)
            if at >= 0:
                if links[k][1]:  # an in-page anchor is found to keep the order, not written
                    found.append((at, at + len(links[k][0]), links[k][1]))
                cursor, j = at + len(links[k][0]), k + 1
                k = j
            else:
                k += 1
        if found:
            spans[int(i)] = found
    return spans


def links_by_part(pl: PageLines, S: np.ndarray, links: list[tuple[str, str | None]],
                  parts: list[tuple[int, int]]) -> list[list[tuple[str, str | None]]]:
    """The page's links that its lines show, matched over the whole page as `_link_spans`
    matches them, split by the line ranges `parts` (a book's chapters, each written apart)."""
    spans = _link_spans(pl, S, links)
    return [[(pl.text[i][s:e], url) for i in range(a, b) for s, e, url in spans.get(i, [])] for a, b in parts]


def _linked(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for a, b, url in spans:
        anchor = text[a:b].replace("[", "\\[").replace("]", "\\]")
        out += [text[last:a], f"[{anchor}]({url.replace(' ', '%20').replace('(', '%28').replace(')', '%29')})"]
        last = b
    return "".join(out) + text[last:]


def _inline(text: str, spans: list[tuple[int, int, str]], escape: bool) -> str:
    """A line's text with its links, its start escaped where Markdown would read structure
    ("- ", "# ", "1. "; a link opening the line is none)."""
    text = _linked(text, spans) if spans else text
    if escape and (m := _ORDERED.match(text)):
        return m[1] + "\\" + text[len(m[1]) :]
    return "\\" + text if escape and _SPECIAL_START.match(text) else text


def _pipe_table(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return lines[:1] + ["|" + "---|" * width] + lines[1:]


def assemble_markdown(pl: PageLines, keep: np.ndarray, S: np.ndarray,
                      links: list[tuple[str, str | None]] | None = None) -> str:
    out: list[str] = []
    spans = _link_spans(pl, S, links) if links else {}
    last_block = None
    in_code = False
    kept = np.flatnonzero(keep)
    tables = _table_runs(pl, kept, S)
    is_code = code_lines(S)
    skip_to = -1
    for i in kept:
        if i <= skip_to:
            continue
        text = without_permalink(pl.text[i])
        code = is_code[i]
        if in_code and not code:
            out.append("```")
            in_code = False
            last_block = None  # a blank line after the fence
        if out and pl.block[i] != last_block:
            out.append("")  # inside a fence too: a blank line of the program
        last_block = pl.block[i]
        if i in tables:
            rows = tables[i]
            out.extend(_pipe_table(rows))
            skip_to = int(kept[np.searchsorted(kept, i) + len(rows) - 1])
            last_block = None  # a blank line after the table
        elif code:
            if not in_code:
                out.append("```")
                in_code = True
            out.append(pl.raw[pl.idx[i]].rstrip())
        elif S[i, _H1] >= 0.5:
            out.append("# " + _inline(text, spans.get(i, []), False))
        elif S[i, _HEADING] >= 0.5:
            out.append("## " + _inline(text, spans.get(i, []), False))
        elif S[i, _LIST] >= 0.5:
            out.append("- " + _inline(text, spans.get(i, []), True))
        else:
            out.append(_inline(text, spans.get(i, []), True))
    if in_code:
        out.append("```")
    return "\n".join(out)
