"""dedup.near: near-duplicate documents by MinHash LSH, verified, clustered, one survivor each.

Phases: map computes signatures and emits one row per LSH band (band key, ordinal); the
signature itself stays with the shard as side data. Group turns each bucket into candidate
edges. Merge reads the signatures of candidate documents only, keeps the edges whose
estimated Jaccard similarity reaches the threshold, clusters them (union-find) and picks
one survivor per cluster.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from ..document import Document
from ..errors import ConfigError
from ..stage import AttrLookup, CorpusStage, register
from .clusters import bucket_edges, components, size_histogram, survivors, unique_edges
from .index import OrdinalIndex
from .minhash import band_keys, permutations, signatures

_ROWS = pa.schema([("key", pa.uint64()), ("ordinal", pa.uint64())])
_EDGES = pa.schema([("a", pa.uint64()), ("b", pa.uint64())])
_DECISIONS = pa.schema([("ordinal", pa.uint64()), ("duplicate_of", pa.string()), ("similarity", pa.float32())])


@register("dedup.near")
@dataclass
class NearDedup(CorpusStage):
    """Reject documents whose text is nearly the same as a kept one's (estimated Jaccard >= threshold).

    Shingles are `ngram` consecutive words (characters in scripts written without spaces).
    `bands` x `rows` must equal `num_perm`; more bands find more candidates below the
    threshold, which verification then discards. `keep`: earliest (input order) or longest.
    """

    threshold: float = 0.8
    ngram: int = 5
    num_perm: int = 128
    bands: int = 16
    keep: str = "earliest"
    seed: int = 1

    def __post_init__(self) -> None:
        if self.num_perm <= 0 or self.bands <= 0 or self.num_perm % self.bands:
            raise ConfigError(f"dedup.near: num_perm ({self.num_perm}) must be a positive multiple of bands ({self.bands})")
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"dedup.near: threshold must be in (0, 1], got {self.threshold}")
        if self.keep not in ("earliest", "longest"):
            raise ConfigError(f"dedup.near: keep must be 'earliest' or 'longest', got {self.keep!r}")
        if self.ngram < 1:
            raise ConfigError("dedup.near: ngram must be >= 1")
        self._perms = permutations(self.num_perm, self.seed)

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    def map(self, docs: list[Document]) -> tuple[pa.Table, pa.Table]:
        sig, counts = signatures([d.text for d in docs], ngram=self.ngram, perms=self._perms)
        has = counts > 0  # a text without a single word has nothing to be similar by
        ordinals = np.fromiter((d.ordinal for d in docs), dtype=np.uint64, count=len(docs))[has]
        sig = sig[has]
        keys = band_keys(sig, self.bands, self.rows)
        rows = pa.table({"key": keys.ravel(), "ordinal": np.repeat(ordinals, self.bands)}, schema=_ROWS)
        kept = [d for d, h in zip(docs, has) if h]
        attrs = pa.table({
            "ordinal": pa.array(ordinals, pa.uint64()),
            "id": pa.array([d.id for d in kept], pa.string()),
            "length": pa.array([len(d.text) for d in kept], pa.int64()),
            "sig": pa.FixedSizeBinaryArray.from_buffers(
                pa.binary(4 * self.num_perm), len(kept), [None, pa.py_buffer(np.ascontiguousarray(sig).tobytes())]
            ),
        })
        return rows, attrs

    def group(self, rows: pa.Table) -> pa.Table:
        a, b = bucket_edges(rows["key"].to_numpy(), rows["ordinal"].to_numpy())
        a, b = unique_edges(a, b)
        return pa.table({"a": a, "b": b}, schema=_EDGES)

    def merge(self, tables: Iterable[pa.Table], attrs: AttrLookup | None = None) -> pa.Table:
        edges = [t for t in tables if t.num_rows]
        self._summary: dict[str, Any] = {"candidate_pairs": 0, "verified_pairs": 0, "clusters": 0, "duplicates": 0}
        if not edges:
            return self.empty_decisions()
        if attrs is None:
            raise RuntimeError("dedup.near needs its signatures back in merge; this executor did not give them")
        e = pa.concat_tables(edges)
        a, b = unique_edges(e["a"].to_numpy(), e["b"].to_numpy())
        nodes = np.unique(np.concatenate([a, b]))
        info = attrs(nodes).sort_by("ordinal")
        assert np.array_equal(info["ordinal"].to_numpy(), nodes), "signatures missing for some candidates"
        sig = np.frombuffer(info["sig"].combine_chunks().buffers()[1], dtype=np.uint32).reshape(len(nodes), -1)
        ia, ib = np.searchsorted(nodes, a), np.searchsorted(nodes, b)
        sim = _edge_similarity(sig, ia, ib)
        ok = sim >= self.threshold
        labels = components(len(nodes), ia[ok], ib[ok])
        best = survivors(labels, info["length"].to_numpy(), self.keep)
        dup = best != np.arange(len(nodes))
        ids = info["id"].to_numpy(zero_copy_only=False)
        d_idx = np.nonzero(dup)[0]
        sims = _edge_similarity(sig, d_idx, best[d_idx])
        self._summary = {
            "candidate_pairs": int(len(a)),
            "verified_pairs": int(ok.sum()),
            "clusters": int(len(np.unique(labels[dup]))),
            "duplicates": int(dup.sum()),
            "cluster_sizes": size_histogram(labels[np.isin(labels, labels[dup])]),
        }
        return pa.table({
            "ordinal": pa.array(nodes[d_idx], pa.uint64()),
            "duplicate_of": pa.array(ids[best[d_idx]], pa.string()),
            "similarity": pa.array(sims.astype(np.float32), pa.float32()),
        }, schema=_DECISIONS)

    def empty_decisions(self) -> pa.Table:
        return _DECISIONS.empty_table()

    def prepare(self, decisions: pa.Table) -> OrdinalIndex:
        return OrdinalIndex(decisions)

    def apply(self, doc: Document, index: OrdinalIndex) -> Document:
        hit = index.get(doc.ordinal)
        if hit is not None:
            doc.meta["duplicate_of"] = hit["duplicate_of"]
            doc.meta["similarity"] = round(float(hit["similarity"]), 4)
            doc.reject(self.name, round(float(hit["similarity"]), 4),
                       f"estimated Jaccard {hit['similarity']:.2f} with {hit['duplicate_of']}")
        return doc

    def summary(self, decisions: pa.Table) -> dict[str, Any]:
        return getattr(self, "_summary", None) or {"duplicates": decisions.num_rows}


def _edge_similarity(sig: np.ndarray, ia: np.ndarray, ib: np.ndarray, chunk: int = 65536) -> np.ndarray:
    out = np.empty(len(ia), dtype=np.float64)
    for s in range(0, len(ia), chunk):
        out[s:s + chunk] = (sig[ia[s:s + chunk]] == sig[ib[s:s + chunk]]).mean(axis=1)
    return out
