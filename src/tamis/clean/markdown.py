"""Kept lines as Markdown, for pages that came as HTML.

Structure is read from the extractor's DOM signals (tamis.extract.dom): a line mostly
inside an <h1> becomes `#`, inside another heading `##`, inside a list item `- `, inside
<pre>/<code> a fenced block with its indentation kept, and rows of a <table> (the renderer
separates their cells by two tabs) a pipe table. Page text without HTML carries no
such evidence, so it leaves as plain text: guessing headings from short lines would put
wrong structure into a corpus. Links are not kept (the extractor drops their targets).
"""

from __future__ import annotations

import re

import numpy as np

from ..extract.dom import DOM_NAMES
from .lines import PageLines

_H1, _HEADING, _LIST, _CODE, _TABLE = (DOM_NAMES.index(f"dom_{g}") for g in ("h1", "heading", "list", "code", "table"))
_SPECIAL_START = re.compile(r"^(?=[#>*+\-]|\d+[.)]\s|```)")
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


def _pipe_table(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return lines[:1] + ["|" + "---|" * width] + lines[1:]


def assemble_markdown(pl: PageLines, keep: np.ndarray, S: np.ndarray) -> str:
    out: list[str] = []
    last_block = None
    in_code = False
    kept = np.flatnonzero(keep)
    tables = _table_runs(pl, kept, S)
    skip_to = -1
    for i in kept:
        if i <= skip_to:
            continue
        text = pl.text[i]
        code = S[i, _CODE] >= 0.5
        if in_code and not code:
            out.append("```")
            in_code = False
            last_block = None  # a blank line after the fence
        if out and pl.block[i] != last_block and not (in_code and code):
            out.append("")
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
            out.append("# " + text)
        elif S[i, _HEADING] >= 0.5:
            out.append("## " + text)
        elif S[i, _LIST] >= 0.5:
            out.append("- " + _SPECIAL_START.sub("\\\\", text))
        else:
            out.append(_SPECIAL_START.sub("\\\\", text))
    if in_code:
        out.append("```")
    return "\n".join(out)
