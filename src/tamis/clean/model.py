"""The line model at run time: oblivious decision trees evaluated by a small compiled kernel.

Oblivious trees (CatBoost's kind) ask the same question at every node of a level, so a
tree of depth d is d comparisons and a leaf index is their bits, with no walk down a tree.
The kernel goes tree by tree over a block of lines held feature-major, so each level is one
comparison of a contiguous feature column against one border, which the compiler
vectorises; numpy gathers of the same work were 8x slower and were the line model's largest
cost. The model is trained by scripts/train_line_model.py and shipped as plain arrays (no
CatBoost, no pickle at run time).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numba import njit

MODEL_PATH = Path(__file__).with_name("line_model.npz")
HTML_MODEL_PATH = Path(__file__).with_name("line_model_html.npz")  # page text + DOM signals
_CHUNK = 1024  # lines per kernel call: a block's leaf indexes stay in L1
_NEVER = float(np.finfo(np.float32).max)  # a border no feature value exceeds: the padding levels of shallow trees


@njit(cache=True, nogil=True)
def _sum_leaves(xt: np.ndarray, features: np.ndarray, borders: np.ndarray, leaves: np.ndarray) -> np.ndarray:
    """Sum of the trees' leaf values (classes, lines) for lines given feature-major (features, lines)."""
    n = xt.shape[1]
    trees, depth = features.shape
    classes = leaves.shape[2]
    out = np.zeros((classes, n))
    idx = np.empty(n, np.int32)
    for k in range(trees):
        idx[:] = 0
        for level in range(depth):
            col = xt[features[k, level]]
            border = borders[k, level]
            for i in range(n):
                idx[i] |= np.int32(col[i] > border) << level
        for j in range(classes):
            for i in range(n):
                out[j, i] += leaves[k, idx[i], j]
    return out


class ObliviousEnsemble:
    def __init__(self, features: np.ndarray, borders: np.ndarray, leaves: np.ndarray, scale: float, bias: float, names: list[str]):
        self.features = features.astype(np.int64)  # (trees, depth)
        self.borders = borders.astype(np.float32)
        self.leaves = leaves.astype(np.float32)  # (trees, 2**depth) or (trees, 2**depth, classes)
        self.scale = float(scale)
        self.bias = np.asarray(bias, np.float64)
        self.names = names
        self.classes = self.leaves.shape[2] if self.leaves.ndim == 3 else 1
        self._leaves3 = np.ascontiguousarray(self.leaves.reshape(self.leaves.shape[0], self.leaves.shape[1], self.classes))

    def decision(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        out = np.empty((n, self.classes), np.float64)
        X = np.asarray(X, np.float32)
        for s in range(0, n, _CHUNK):
            xt = np.ascontiguousarray(X[s : s + _CHUNK].T)
            out[s : s + _CHUNK] = _sum_leaves(xt, self.features, self.borders, self._leaves3).T
        out = out * self.scale + self.bias
        return out[:, 0] if self.classes == 1 else out

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P(positive) for a binary model; class probabilities (softmax) for a multi-class one."""
        z = self.decision(X)
        if self.classes == 1:
            return 1.0 / (1.0 + np.exp(-z))
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_features": self.features.astype(np.int16), f"{prefix}_borders": self.borders,
            f"{prefix}_leaves": self.leaves, f"{prefix}_scale": np.asarray(self.scale),
            f"{prefix}_bias": self.bias,
            f"{prefix}_names": np.asarray(self.names),
        }

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> ObliviousEnsemble:
        if f"{prefix}_scale_bias" in z.files:  # models written before multi-class support
            scale, bias = z[f"{prefix}_scale_bias"]
        else:
            scale, bias = z[f"{prefix}_scale"], z[f"{prefix}_bias"]
        return cls(z[f"{prefix}_features"], z[f"{prefix}_borders"], z[f"{prefix}_leaves"], scale, bias,
                   [str(x) for x in z[f"{prefix}_names"]])

    @classmethod
    def average(cls, models: list[ObliviousEnsemble]) -> ObliviousEnsemble:
        """One ensemble whose decision is the mean of the models' (fitted alike but with other
        random seeds): their trees side by side, leaf values scaled by scale / N. One fit's
        bench figures move by ±0.003–0.006 from seed to seed; an average moves less, though
        not to nothing, at the cost of more trees."""
        if len(models) == 1:
            return models[0]
        depth = max(m.features.shape[1] for m in models)
        feats, borders, leaves = [], [], []
        for m in models:  # a shallower model's trees get levels whose question is never true
            pad = depth - m.features.shape[1]
            feats.append(np.pad(m.features, ((0, 0), (0, pad))))
            borders.append(np.pad(m.borders, ((0, 0), (0, pad)), constant_values=_NEVER))
            lv = m._leaves3 * (m.scale / len(models))
            leaves.append(np.pad(lv, ((0, 0), (0, 2**depth - lv.shape[1]), (0, 0))))
        out = np.concatenate(leaves)
        bias = np.mean([m.bias for m in models], axis=0)
        return cls(np.concatenate(feats), np.concatenate(borders), out[:, :, 0] if models[0].classes == 1 else out,
                   1.0, bias, models[0].names)

    @classmethod
    def from_catboost(cls, model: Any, names: list[str], tmp: str | Path) -> ObliviousEnsemble:
        model.save_model(str(tmp), format="json")
        j = json.loads(Path(tmp).read_text())
        trees = j["oblivious_trees"]
        scale, bias = j["scale_and_bias"]
        bias = np.atleast_1d(np.asarray(bias, np.float64))
        # CatBoost stops a tree early when no split helps; such a tree is padded to full depth
        # with questions that are never true (> +inf), so its leaf index keeps its meaning
        depth = max(len(tr["splits"]) for tr in trees)
        f = np.asarray([[s["float_feature_index"] for s in tr["splits"]] + [0] * (depth - len(tr["splits"])) for tr in trees])
        b = np.asarray([[s["border"] for s in tr["splits"]] + [_NEVER] * (depth - len(tr["splits"])) for tr in trees], np.float32)
        width = (2 ** depth) * len(bias)
        leaves = np.asarray([tr["leaf_values"] + [0.0] * (width - len(tr["leaf_values"])) for tr in trees], np.float32)
        if len(bias) > 1:  # multi-class: leaf values are leaf-major, one per class
            leaves = leaves.reshape(len(trees), -1, len(bias))
        return cls(f, b, leaves, scale, bias if len(bias) > 1 else bias[0], names)


def load_named(path: Path, prefix: str, names: list[str], retrain: str) -> ObliviousEnsemble | None:
    """The ensemble `prefix` of the file at `path` (None without the file), refused when it
    was trained on other features than `names`: its trees would read the wrong columns."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as z:
        model = ObliviousEnsemble.from_arrays(z, prefix)
    if model.names != names:
        raise RuntimeError(f"{path.name} was trained on other features; retrain it: python {retrain}")
    return model


def save_models(types: ObliviousEnsemble, s1: ObliviousEnsemble, s2: ObliviousEnsemble, path: str | Path,
                title: ObliviousEnsemble | None = None, line_words: np.ndarray | None = None,
                type_words: np.ndarray | None = None) -> None:
    """`line_words`, `type_words`: the word scores (`tokens`) the line model (page text only)
    and the page-type model read."""
    words = {k: v for k, v in (("tok_scores", line_words), ("tok_type_scores", type_words)) if v is not None}
    np.savez_compressed(path, **types.arrays("t"), **s1.arrays("s1"), **s2.arrays("s2"), **(title.arrays("ti") if title else {}),
                        **words)


@cache
def load_models(path: str | Path | None = None) -> tuple[ObliviousEnsemble, ObliviousEnsemble, ObliviousEnsemble]:
    """(page-type model, line stage 1, line stage 2)."""
    with np.load(path or MODEL_PATH, allow_pickle=False) as z:
        return tuple(ObliviousEnsemble.from_arrays(z, k) for k in ("t", "s1", "s2"))  # type: ignore[return-value]


@cache
def load_token_scores(path: str | Path) -> tuple[np.ndarray | None, np.ndarray]:
    """The word scores of `tokens` (per line, None where the line model reads none; per page
    type), kept as float32: the lookups then need no conversion."""
    with np.load(path, allow_pickle=False) as z:
        line = z["tok_scores"].astype(np.float32) if "tok_scores" in z.files else None
        return line, z["tok_type_scores"].astype(np.float32)


@cache
def load_title_model(path: str | Path | None = None) -> ObliviousEnsemble | None:
    """The title-line model shipped beside the page-text line model (None if the file has none)."""
    with np.load(path or MODEL_PATH, allow_pickle=False) as z:
        return ObliviousEnsemble.from_arrays(z, "ti") if "ti_features" in z.files else None
