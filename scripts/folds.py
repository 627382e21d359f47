"""The cross-validation folds of the metadata trainers: 5 folds grouped by site host."""

from __future__ import annotations

from urllib.parse import urlparse

import numpy as np


def host(url: str) -> str:
    h = (urlparse(url).hostname or "").lower()
    return h[4:] if h.startswith("www.") else h


def fold_of(urls: list[str], k: int = 5) -> dict[str, int]:
    """Each host's fold: no page is scored by a model that saw a page of its site."""
    hosts = sorted({host(u) for u in urls})
    return dict(zip(hosts, np.random.default_rng(0).permutation(len(hosts)) % k))
