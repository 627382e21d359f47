"""dedup.exact: one survivor per normalised text, chosen by corpus order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import xxhash

from ..document import Document
from ..stage import CorpusStage, register
from .index import OrdinalDecisions, OrdinalIndex
from .normalize import normalize

_MAP_SCHEMA = pa.schema([("key", pa.uint64()), ("ordinal", pa.uint64()), ("id", pa.string())])
_DECISIONS = pa.schema([("ordinal", pa.uint64()), ("duplicate_of", pa.string())])


@register("dedup.exact")
@dataclass
class ExactDedup(OrdinalDecisions, CorpusStage):
    """Reject documents whose normalised text equals an earlier document's.

    Survivor = lowest ordinal (input order), so every executor keeps the same copy.
    """

    decisions_schema: ClassVar[pa.Schema] = _DECISIONS

    def map(self, docs: list[Document]) -> pa.Table:
        keys = [xxhash.xxh64_intdigest(normalize(d.text).encode()) for d in docs]
        return pa.table(
            {"key": pa.array(keys, pa.uint64()), "ordinal": pa.array([d.ordinal for d in docs], pa.uint64()),
             "id": pa.array([d.id for d in docs], pa.string())},
            schema=_MAP_SCHEMA,
        )

    def group(self, rows: pa.Table) -> pa.Table:
        rows = rows.sort_by([("key", "ascending"), ("ordinal", "ascending")])
        keys = rows["key"].to_numpy()
        if len(keys) == 0:
            return self.empty_decisions()
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        survivor = np.maximum.accumulate(np.where(first, np.arange(len(keys)), 0))
        dup = ~first
        ids = rows["id"].to_numpy(zero_copy_only=False)
        return pa.table(
            {"ordinal": rows["ordinal"].filter(pa.array(dup)), "duplicate_of": pa.array(ids[survivor[dup]], pa.string())},
            schema=_DECISIONS,
        )

    def apply(self, doc: Document, index: OrdinalIndex) -> Document:
        hit = index.get(doc.ordinal)
        if hit is not None:
            dup = hit["duplicate_of"]
            doc.meta["duplicate_of"] = dup
            doc.reject(self.name, 1.0, f"same normalised text as {dup}")
        return doc

    def summary(self, decisions: pa.Table) -> dict[str, Any]:
        return {"duplicates": decisions.num_rows}
