"""The shipped tree ensembles as plain arrays: evaluation matches the trees they came from."""

import json

import numpy as np

from tamis.clean.model import ObliviousEnsemble


class _Exported:
    """What CatBoost's JSON export holds, for trees written by hand."""

    def __init__(self, trees, scale_bias):
        self.trees, self.scale_bias = trees, scale_bias

    def save_model(self, path, format):  # noqa: A002 - CatBoost's signature
        with open(path, "w") as f:
            json.dump({"oblivious_trees": self.trees, "scale_and_bias": self.scale_bias}, f)


def _walk(tree, x):
    """Leaf of an oblivious tree the slow way: bit i answers split i."""
    idx = sum(1 << i for i, s in enumerate(tree["splits"]) if x[s["float_feature_index"]] > s["border"])
    return tree["leaf_values"][idx]


def test_trees_of_different_depths_evaluate_as_catboost_would(tmp_path):
    rng = np.random.default_rng(1)
    trees = []
    for depth in (3, 1, 0, 2, 3):  # CatBoost ends a tree early when no split helps
        splits = [{"float_feature_index": int(rng.integers(4)), "border": float(rng.normal())} for _ in range(depth)]
        trees.append({"splits": splits, "leaf_values": rng.normal(size=2**depth).tolist()})
    model = ObliviousEnsemble.from_catboost(_Exported(trees, [0.5, -0.25]), ["a", "b", "c", "d"], tmp_path / "m.json")
    X = rng.normal(size=(200, 4)).astype(np.float32)
    want = np.array([0.5 * sum(_walk(t, x) for t in trees) - 0.25 for x in X])
    np.testing.assert_allclose(model.decision(X), want, rtol=1e-5, atol=1e-5)
    again = ObliviousEnsemble.from_arrays(np.load(_save(model, tmp_path)), "m")
    np.testing.assert_allclose(again.decision(X), want, rtol=1e-5, atol=1e-5)


def _save(model, tmp_path):
    path = tmp_path / "m.npz"
    np.savez(path, **model.arrays("m"))
    return path
