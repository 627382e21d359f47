"""The line model at run time: oblivious decision trees evaluated with numpy.

Oblivious trees (CatBoost's kind) ask the same question at every node of a level, so a
tree of depth d is d comparisons and a leaf index is their bits: evaluating all trees over
all lines of a batch is one column gather, one comparison and one small matmul, with no
walk down a tree per line. The model is trained by scripts/train_line_model.py and shipped
as plain arrays (no CatBoost, no pickle at run time).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("line_model.npz")
_CHUNK = 4096


class ObliviousEnsemble:
    def __init__(self, features: np.ndarray, borders: np.ndarray, leaves: np.ndarray, scale: float, bias: float, names: list[str]):
        self.features = features.astype(np.int64)  # (trees, depth)
        self.borders = borders.astype(np.float32)
        self.leaves = leaves.astype(np.float32)  # (trees, 2**depth)
        self.scale = float(scale)
        self.bias = float(bias)
        self.names = names
        t, d = self.features.shape
        self._flat_f = self.features.ravel()
        self._flat_b = self.borders.ravel()
        self._pow = (1 << np.arange(d)).astype(np.float32)
        self._offsets = (np.arange(t) * self.leaves.shape[1])[None, :]

    def decision(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        out = np.empty(n, np.float64)
        t, d = self.features.shape
        flat_leaves = self.leaves.ravel()
        for s in range(0, n, _CHUNK):
            x = X[s : s + _CHUNK]
            bits = (x[:, self._flat_f] > self._flat_b).reshape(len(x), t, d).astype(np.float32)
            idx = (bits @ self._pow).astype(np.int64) + self._offsets
            out[s : s + _CHUNK] = flat_leaves[idx].sum(axis=1, dtype=np.float64)
        return out * self.scale + self.bias

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(X)))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_features": self.features.astype(np.int16), f"{prefix}_borders": self.borders,
            f"{prefix}_leaves": self.leaves, f"{prefix}_scale_bias": np.asarray([self.scale, self.bias]),
            f"{prefix}_names": np.asarray(self.names),
        }

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> ObliviousEnsemble:
        scale, bias = z[f"{prefix}_scale_bias"]
        return cls(z[f"{prefix}_features"], z[f"{prefix}_borders"], z[f"{prefix}_leaves"], scale, bias,
                   [str(x) for x in z[f"{prefix}_names"]])

    @classmethod
    def from_catboost(cls, model: Any, names: list[str], tmp: str | Path) -> ObliviousEnsemble:
        model.save_model(str(tmp), format="json")
        j = json.loads(Path(tmp).read_text())
        trees = j["oblivious_trees"]
        f = np.asarray([[s["float_feature_index"] for s in tr["splits"]] for tr in trees])
        b = np.asarray([[s["border"] for s in tr["splits"]] for tr in trees], np.float32)
        leaves = np.asarray([tr["leaf_values"] for tr in trees], np.float32)
        scale, bias = j["scale_and_bias"]
        return cls(f, b, leaves, scale, bias[0] if isinstance(bias, list) else bias, names)


def save_two_stage(s1: ObliviousEnsemble, s2: ObliviousEnsemble, path: str | Path) -> None:
    np.savez_compressed(path, **s1.arrays("s1"), **s2.arrays("s2"))


@cache
def load_two_stage(path: str | None = None) -> tuple[ObliviousEnsemble, ObliviousEnsemble]:
    with np.load(path or MODEL_PATH, allow_pickle=False) as z:
        return ObliviousEnsemble.from_arrays(z, "s1"), ObliviousEnsemble.from_arrays(z, "s2")
