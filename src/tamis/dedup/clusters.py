"""From LSH buckets to clusters: candidate edges, union-find, one survivor per cluster.

Everything is vectorised or compiled: clustering is where peers' MinHash runs spend a
single-threaded tail in Python loops over pairs.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def bucket_edges(keys: np.ndarray, ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every member of a bucket linked to the bucket's first member: n-1 edges per bucket, not n²/2.

    A star is enough for connectivity; it misses a pair only when both collide with the
    head but the head fails verification with one of them.
    """
    if len(keys) == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    order = np.lexsort((ordinals, keys)) if not _ascending(ordinals) else np.argsort(keys, kind="stable")
    k, o = keys[order], ordinals[order]
    first = np.ones(len(k), dtype=bool)
    first[1:] = k[1:] != k[:-1]
    head = np.maximum.accumulate(np.where(first, np.arange(len(k)), 0))
    member = ~first
    a, b = o[member], o[head[member]]
    keep = a != b  # the same document twice in one bucket (cannot happen per band, but cheap)
    return a[keep], b[keep]


def unique_edges(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    if len(lo) == 0:
        return lo, hi
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


@njit(cache=True)
def _find(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


@njit(cache=True)
def components(n: int, ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
    """Union-find over nodes 0..n-1; each node's label is the smallest node of its component."""
    parent = np.arange(n)
    for i in range(ea.shape[0]):
        ra, rb = _find(parent, ea[i]), _find(parent, eb[i])
        if ra < rb:
            parent[rb] = ra
        elif rb < ra:
            parent[ra] = rb
    for x in range(n):
        parent[x] = _find(parent, x)
    return parent


def survivors(labels: np.ndarray, lengths: np.ndarray, keep: str) -> np.ndarray:
    """Index of each node's survivor: the component's first node, or its longest (ties: first)."""
    if keep == "earliest":
        return labels.copy()
    order = np.lexsort((np.arange(len(labels)), -lengths.astype(np.int64), labels))
    lab = labels[order]
    first = np.ones(len(lab), dtype=bool)
    first[1:] = lab[1:] != lab[:-1]
    best = np.empty(len(labels), dtype=np.int64)
    best[lab[first]] = order[first]
    return best[labels]


def size_histogram(labels: np.ndarray) -> dict[str, int]:
    """Clusters by size, in power-of-two bins ("2", "3-4", "5-8", ...), for the report."""
    _, sizes = np.unique(labels, return_counts=True)
    sizes = sizes[sizes > 1]
    out: dict[str, int] = {}
    lo = 2
    while len(sizes) and lo <= sizes.max():
        hi = 2 if lo == 2 else lo * 2 - 2
        n = int(((sizes >= lo) & (sizes <= hi)).sum())
        if n:
            out[str(lo) if lo == hi else f"{lo}-{hi}"] = n
        lo = hi + 1
    return out


def _ascending(x: np.ndarray) -> bool:
    return len(x) < 2 or bool((x[1:] >= x[:-1]).all())
