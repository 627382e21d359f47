"""The shipped tree ensembles as plain arrays: evaluation matches the trees they came from."""

import json

import numpy as np
import pytest

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


@pytest.mark.parametrize("rows", [200, 2500])  # 2500: lines are evaluated in blocks of 1024
def test_trees_of_different_depths_evaluate_as_catboost_would(tmp_path, rows):
    rng = np.random.default_rng(1)
    trees = []
    for depth in (3, 1, 0, 2, 3):  # CatBoost ends a tree early when no split helps
        splits = [{"float_feature_index": int(rng.integers(4)), "border": float(rng.normal())} for _ in range(depth)]
        trees.append({"splits": splits, "leaf_values": rng.normal(size=2**depth).tolist()})
    model = ObliviousEnsemble.from_catboost(_Exported(trees, [0.5, -0.25]), ["a", "b", "c", "d"], tmp_path / "m.json")
    X = rng.normal(size=(rows, 4)).astype(np.float32)
    want = np.array([0.5 * sum(_walk(t, x) for t in trees) - 0.25 for x in X])
    np.testing.assert_allclose(model.decision(X), want, rtol=1e-5, atol=1e-5)
    again = ObliviousEnsemble.from_arrays(np.load(_save(model, tmp_path)), "m")
    np.testing.assert_allclose(again.decision(X), want, rtol=1e-5, atol=1e-5)


def test_a_multi_class_model_gives_each_class_its_own_leaf_sum(tmp_path):
    rng = np.random.default_rng(2)
    classes = 3
    trees = []
    for depth in (2, 1, 2):
        splits = [{"float_feature_index": int(rng.integers(3)), "border": float(rng.normal())} for _ in range(depth)]
        trees.append({"splits": splits, "leaf_values": rng.normal(size=classes * 2**depth).tolist()})  # leaf-major
    bias = [0.1, -0.2, 0.3]
    model = ObliviousEnsemble.from_catboost(_Exported(trees, [1.0, bias]), ["a", "b", "c"], tmp_path / "m.json")
    X = rng.normal(size=(1500, 3)).astype(np.float32)

    def leaf(tree, x):
        idx = sum(1 << i for i, s in enumerate(tree["splits"]) if x[s["float_feature_index"]] > s["border"])
        return np.asarray(tree["leaf_values"][idx * classes : (idx + 1) * classes])

    want = np.array([sum(leaf(t, x) for t in trees) + bias for x in X])
    np.testing.assert_allclose(model.decision(X), want, rtol=1e-5, atol=1e-5)
    p = model.predict_proba(X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-6)
    assert (p.argmax(axis=1) == want.argmax(axis=1)).all()


def _save(model, tmp_path):
    path = tmp_path / "m.npz"
    np.savez(path, **model.arrays("m"))
    return path


def _random_model(rng, tmp_path, depths, features, classes=1):
    trees = []
    for depth in depths:
        splits = [{"float_feature_index": int(rng.integers(features)), "border": float(rng.normal())} for _ in range(depth)]
        trees.append({"splits": splits, "leaf_values": rng.normal(size=classes * 2**depth).tolist()})
    bias = rng.normal(size=classes).tolist() if classes > 1 else float(rng.normal())
    return ObliviousEnsemble.from_catboost(_Exported(trees, [float(rng.uniform(0.5, 2)), bias]),
                                           [f"f{i}" for i in range(features)], tmp_path / "m.json")


@pytest.mark.parametrize("classes", [1, 3])
def test_an_average_of_seeds_decides_as_the_mean_of_their_decisions(tmp_path, classes):
    rng = np.random.default_rng(3)
    models = [_random_model(rng, tmp_path, depths, 4, classes) for depths in ((3, 2, 3), (1, 1), (2, 0, 2, 2))]
    X = rng.normal(size=(1500, 4)).astype(np.float32)
    avg = ObliviousEnsemble.average(models)
    want = np.mean([m.decision(X) for m in models], axis=0)
    np.testing.assert_allclose(avg.decision(X), want, rtol=1e-5, atol=1e-5)
    again = ObliviousEnsemble.from_arrays(np.load(_save(avg, tmp_path)), "m")
    np.testing.assert_allclose(again.decision(X), want, rtol=1e-5, atol=1e-5)
