"""Looking a document's decision up by ordinal without a Python dict per duplicate.

Decision tables can hold millions of rows (every duplicate of a big corpus); a sorted
uint64 array and binary search keep that lookup at 8 bytes per row plus the columns.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pyarrow as pa


class OrdinalIndex:
    def __init__(self, decisions: pa.Table):
        decisions = decisions.sort_by("ordinal")
        self._ordinals = decisions["ordinal"].to_numpy()
        self._columns = {n: decisions[n].to_numpy(zero_copy_only=False) for n in decisions.column_names if n != "ordinal"}

    def __len__(self) -> int:
        return len(self._ordinals)

    def get(self, ordinal: int) -> dict[str, Any] | None:
        i = int(np.searchsorted(self._ordinals, np.uint64(ordinal)))
        if i < len(self._ordinals) and self._ordinals[i] == ordinal:
            return {n: c[i] for n, c in self._columns.items()}
        return None


class OrdinalDecisions:
    """For corpus stages whose decisions are rows keyed by document ordinal (the dedup stages)."""

    decisions_schema: ClassVar[pa.Schema]

    def empty_decisions(self) -> pa.Table:
        return self.decisions_schema.empty_table()

    def prepare(self, decisions: pa.Table) -> OrdinalIndex:
        return OrdinalIndex(decisions)
