"""N-gram repetition statistics over word ids, vectorised and compiled.

Gopher's repetition rules look at every 2- to 10-gram of a document; done on Python
strings that costs seconds on a long page (and minutes on a 10 MB one). Words become
integer ids once, n-grams become 64-bit rolling hashes in numpy, and the one inherently
sequential scan runs compiled.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_P = np.uint64(0x100000001B3)


def word_ids(ws: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(id of each word, length of each word)."""
    vocab: dict[str, int] = {}
    ids = np.fromiter((vocab.setdefault(w, len(vocab)) for w in ws), dtype=np.uint64, count=len(ws))
    lens = np.fromiter(map(len, ws), dtype=np.int64, count=len(ws))
    return ids, lens


def _grams(ids: np.ndarray, n: int) -> np.ndarray:
    m = len(ids) - n + 1
    h = ids[:m] + np.uint64(1)
    with np.errstate(over="ignore"):
        for k in range(1, n):
            h = h * _P + ids[k:k + m] + np.uint64(1)
    return h


def _span_chars(lens: np.ndarray, n: int) -> np.ndarray:
    c = np.concatenate([[0], np.cumsum(lens)])
    return c[n:] - c[:-n]


def top_ngram_chars(ids: np.ndarray, lens: np.ndarray, n: int) -> int:
    """Characters of the commonest n-gram (words joined by spaces) times its count; ties: the first."""
    if len(ids) < n:
        return 0
    h = _grams(ids, n)
    _, first, counts = np.unique(h, return_index=True, return_counts=True)
    best = counts.max()
    i = first[counts == best].min()
    return int((_span_chars(lens, n)[i] + n - 1) * best)


@njit(cache=True)
def _dup_scan(dense, n_distinct, chars, n):
    seen = np.zeros(n_distinct, dtype=np.bool_)
    total = 0
    i = 0
    m = dense.shape[0]
    while i < m:
        if seen[dense[i]]:
            total += chars[i]
            i += n
        else:
            seen[dense[i]] = True
            i += 1
    return total


def dup_ngram_chars(ids: np.ndarray, lens: np.ndarray, n: int) -> int:
    """Characters in n-grams already seen, skipping past each repeat (Gopher's definition)."""
    if len(ids) < n:
        return 0
    uniq, dense = np.unique(_grams(ids, n), return_inverse=True)
    return int(_dup_scan(dense, len(uniq), _span_chars(lens, n), n))
