"""What the lines around a line say: a line's class shows in its neighbours (a menu item sits
among menu items, a paragraph among paragraphs), as jusText's context smoothing uses."""

from __future__ import annotations

import numpy as np


def neighbour_means(F: np.ndarray, windows: tuple[int, ...]) -> np.ndarray:
    """Means of every column of F over the w lines before and after, per window:
    [prev_w1, next_w1, prev_w2, ...], edges padded with zeros. Prefix sums make it one pass
    whatever the windows."""
    n = len(F)
    c = np.concatenate([np.zeros((1, F.shape[1])), np.cumsum(F, axis=0, dtype=np.float64)])
    i = np.arange(n)
    out = []
    for w in windows:
        lo = np.maximum(i - w, 0)
        hi = np.minimum(i + 1 + w, n)
        out.append((c[i] - c[lo]) / w)
        out.append((c[hi] - c[i + 1]) / w)
    return np.concatenate(out, axis=1).astype(np.float32)
