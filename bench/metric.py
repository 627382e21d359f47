"""The quality metrics of DESIGN.md and WCXB, shared by every bench script.

shingle F1: word-4-gram shingles of lower-cased \\w+ tokens (one token per CJK character),
multiset overlap with the gold text; precision and recall per page, averaged over pages,
F1 from the two averages; an empty prediction has recall 0 (and precision 0).
word_f1 (WCXB): per-page F1 of bags of lower-cased words, averaged over pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def shingles(text: str, n: int = 4) -> Counter:
    t = tokens(text)
    if len(t) < n:
        return Counter([tuple(t)]) if t else Counter()
    return Counter(tuple(t[i : i + n]) for i in range(len(t) - n + 1))


def page_pr(pred: str, gold: str) -> tuple[float, float]:
    p, g = shingles(pred), shingles(gold)
    if not p:
        return 0.0, 0.0
    m = sum((p & g).values())
    return m / sum(p.values()), (m / sum(g.values()) if g else 1.0)


def shingle_scores(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    ps, rs = [], []
    for pred, gold in pairs:
        p, r = page_pr(pred, gold)
        ps.append(p)
        rs.append(r)
    P = sum(ps) / len(ps) if ps else 0.0
    R = sum(rs) / len(rs) if rs else 0.0
    return {"precision": P, "recall": R, "f1": 2 * P * R / (P + R) if P + R else 0.0, "pages": len(ps)}


_WORD = re.compile(r"\w+", re.UNICODE)


def word_f1(pred: str, gold: str) -> float:
    p, g = Counter(_WORD.findall(pred.lower())), Counter(_WORD.findall(gold.lower()))
    if not p or not g:
        return 1.0 if not p and not g else 0.0
    m = sum((p & g).values())
    if not m:
        return 0.0
    P, R = m / sum(p.values()), m / sum(g.values())
    return 2 * P * R / (P + R)
