"""Injected spam: text that does not belong to the page it sits in.

Link farms ("spider pools") and hidden keyword lists share a shape whatever their words:
many short items strung on separators, in a script the page body is not written in, or
the same few words repeated. The rules look only at that shape, the script, and where the
line sits relative to the article; they know no spam vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .scripts import SCRIPTS, dominant

_ITEM_SEP = re.compile(r"\s*[|｜,，、;；•·/]\s*|\s{2,}")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class SpamVerdict:
    line: int
    rule: str
    script: str


def _items(text: str) -> list[str]:
    return [x for x in _ITEM_SEP.split(text) if x]


def find_spam(
    texts: list[str], script_counts: np.ndarray, body_script: int, p_keep: np.ndarray, min_items: int = 8
) -> list[SpamVerdict]:
    out: list[SpamVerdict] = []
    n = len(texts)
    for i in range(n):
        text = texts[i]
        sid, share = dominant(script_counts[i])
        letters = int(script_counts[i][1:].sum())
        foreign = sid != 0 and body_script != 0 and sid != body_script and share >= 0.8
        if len(text) >= 40 and p_keep[i] < 0.5:
            items = _items(text)
            if len(items) >= min_items:
                short = np.median([len(x) for x in items]) <= (8 if SCRIPTS[sid] in ("cjk", "hangul") else 16)
                if short and foreign:
                    out.append(SpamVerdict(i, "link_list", SCRIPTS[sid]))
                    continue
            words = _WORD.findall(text.lower())
            if len(words) >= 12 and len(set(words)) / len(words) < 0.3:
                out.append(SpamVerdict(i, "keyword_stuffing", SCRIPTS[sid]))
                continue
        if foreign and letters >= 20 and p_keep[i] < 0.5:
            # a run of foreign-script lines outside the article: hidden link lists, one link a line
            lo, hi = max(0, i - 2), min(n, i + 3)
            run = sum(
                1 for j in range(lo, hi)
                if dominant(script_counts[j])[0] == sid and p_keep[j] < 0.5
            )
            if run >= 3:
                out.append(SpamVerdict(i, "foreign_block", SCRIPTS[sid]))
    return out
