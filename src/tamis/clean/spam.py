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

from .scripts import SCRIPTS, dominant_all

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
    sids, shares = dominant_all(script_counts)
    letters = script_counts[:, 1:].sum(axis=1)
    outside = p_keep < 0.5
    foreign = (sids != 0) & (sids != body_script) & (shares >= 0.8) & (body_script != 0)
    lengths = np.fromiter(map(len, texts), np.int64, n)
    for i in np.flatnonzero(outside & ((lengths >= 40) | (foreign & (letters >= 20)))):
        text = texts[i]
        sid = int(sids[i])
        if lengths[i] >= 40:
            items = _items(text)
            if len(items) >= min_items and foreign[i]:
                cjk_like = SCRIPTS[sid] in ("cjk", "hangul")
                if np.median([len(x) for x in items]) <= (8 if cjk_like else 16):
                    out.append(SpamVerdict(int(i), "link_list", SCRIPTS[sid]))
                    continue
            words = _WORD.findall(text.lower())
            if len(words) >= 12 and len(set(words)) / len(words) < 0.3:
                out.append(SpamVerdict(int(i), "keyword_stuffing", SCRIPTS[sid]))
                continue
        if foreign[i] and letters[i] >= 20:
            # a run of foreign-script lines outside the article: hidden link lists, one link a line
            lo, hi = max(0, i - 2), min(n, i + 3)
            if int(((sids[lo:hi] == sid) & outside[lo:hi]).sum()) >= 3:
                out.append(SpamVerdict(int(i), "foreign_block", SCRIPTS[sid]))
    return out
