"""Kept lines as Markdown, for pages that came as HTML.

Structure is read from the extractor's DOM signals (tamis.extract.dom): a line mostly
inside an <h1> becomes `#`, inside another heading `##`, inside a list item `- `, inside
<pre>/<code> a fenced block with its indentation kept. Page text without HTML carries no
such evidence, so it leaves as plain text: guessing headings from short lines would put
wrong structure into a corpus. Links are not kept (the extractor drops their targets).
"""

from __future__ import annotations

import re

import numpy as np

from ..extract.dom import DOM_NAMES
from .lines import PageLines

_H1, _HEADING, _LIST, _CODE = (DOM_NAMES.index(f"dom_{g}") for g in ("h1", "heading", "list", "code"))
_SPECIAL_START = re.compile(r"^(?=[#>*+\-]|\d+[.)]\s|```)")


def assemble_markdown(pl: PageLines, keep: np.ndarray, S: np.ndarray) -> str:
    out: list[str] = []
    last_block = None
    in_code = False
    for i in np.flatnonzero(keep):
        text = pl.text[i]
        code = S[i, _CODE] >= 0.5
        if in_code and not code:
            out.append("```")
            in_code = False
            last_block = None  # a blank line after the fence
        if out and pl.block[i] != last_block and not (in_code and code):
            out.append("")
        last_block = pl.block[i]
        if code:
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
