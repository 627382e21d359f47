"""A gradient-boosted tree ensemble evaluated with numpy.

The model is trained with scikit-learn (scripts/train_line_model.py) and exported as flat
arrays, so the runtime needs neither scikit-learn nor a pickle that breaks across its
versions. All trees step down together over all lines of a batch: `depth` vectorised
gathers instead of a Python walk per line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("line_model.npz")


class TreeEnsemble:
    def __init__(self, arrays: dict[str, np.ndarray]):
        self.feature = arrays["feature"].astype(np.int64)
        self.threshold = arrays["threshold"].astype(np.float32)
        self.left = arrays["left"].astype(np.int64)
        self.right = arrays["right"].astype(np.int64)
        self.value = arrays["value"].astype(np.float64)
        self.roots = arrays["roots"].astype(np.int64)
        self.depth = int(arrays["depth"])
        self.baseline = float(arrays["baseline"])
        self.names = [str(x) for x in arrays["names"]]

    def decision(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        if n == 0:
            return np.zeros(0)
        idx = np.repeat(self.roots[:, None], n, axis=1)
        cols = np.arange(n)[None, :]
        for _ in range(self.depth):
            go_left = X[cols, self.feature[idx]] <= self.threshold[idx]
            idx = np.where(go_left, self.left[idx], self.right[idx])
        return self.baseline + self.value[idx].sum(axis=0)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(X)))


def _flatten(clf: Any) -> dict[str, np.ndarray]:
    feats, thrs, lefts, rights, vals, roots = [], [], [], [], [], []
    offset = 0
    depth = 0
    for iteration in clf._predictors:
        (pred,) = iteration
        nodes = pred.nodes
        m = len(nodes)
        leaf = nodes["is_leaf"].astype(bool)
        own = np.arange(m) + offset
        feats.append(np.where(leaf, 0, nodes["feature_idx"]))
        thrs.append(np.where(leaf, np.inf, nodes["num_threshold"]))
        lefts.append(np.where(leaf, own, nodes["left"] + offset))
        rights.append(np.where(leaf, own, nodes["right"] + offset))
        vals.append(np.where(leaf, nodes["value"], 0.0))
        roots.append(offset)
        depth = max(depth, int(nodes["depth"].max()))
        offset += m
    return {
        "feature": np.concatenate(feats).astype(np.int16),
        "threshold": np.concatenate(thrs).astype(np.float32),
        "left": np.concatenate(lefts).astype(np.int32),
        "right": np.concatenate(rights).astype(np.int32),
        "value": np.concatenate(vals).astype(np.float32),
        "roots": np.asarray(roots, np.int32),
        "depth": np.asarray(depth),
        "baseline": np.asarray(float(np.ravel(clf._baseline_prediction)[0])),
    }


def export_two_stage(s1: Any, s2: Any, names1: list[str], names2: list[str], path: str | Path) -> None:
    arrays = {f"s1_{k}": v for k, v in _flatten(s1).items()}
    arrays.update({f"s2_{k}": v for k, v in _flatten(s2).items()})
    arrays["s1_names"] = np.asarray(names1)
    arrays["s2_names"] = np.asarray(names2)
    np.savez_compressed(path, **arrays)


@cache
def load_two_stage(path: str | None = None) -> tuple[TreeEnsemble, TreeEnsemble]:
    with np.load(path or MODEL_PATH, allow_pickle=False) as z:
        parts = []
        for stage in ("s1", "s2"):
            d = {k[3:]: z[k] for k in z.files if k.startswith(stage + "_")}
            parts.append(TreeEnsemble(d))
    return parts[0], parts[1]
