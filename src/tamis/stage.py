"""The two contracts every stage follows, and the registry the config resolves names in.

Document stages see one document at a time and nothing else, so any executor may run them
on any shard in any order. Corpus stages need the whole corpus (duplicates, lines repeated
across a site); they are split into phases an executor can distribute:

    map(docs)           -> Arrow rows keyed by `key` (uint64), one call per batch of a shard;
                           optionally (rows, attrs): per-document side data stored with the
                           shard, not shuffled, that merge can look up by ordinal
    group(rows)         -> Arrow rows; sees every row whose key falls in its partition
    merge(tables, attrs) -> Arrow "decisions", small: what to do with which document
    apply(doc, index)   -> Document, per shard again, with `index = prepare(decisions)`

Side data exists for near-duplicate verification: a signature is needed only for the few
documents that collided, and copying it into every shuffled row would multiply the
intermediate files by the number of LSH bands.

Parameters are dataclass fields: the config validator reads their names, types and
defaults, so a stage documents its options by declaring them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa

from .document import Document

_REGISTRY: dict[str, type[Stage]] = {}


def register(name: str) -> Callable[[type[Stage]], type[Stage]]:
    def deco(cls: type[Stage]) -> type[Stage]:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def registry() -> dict[str, type[Stage]]:
    from . import stages_index  # noqa: F401  (imports every stage module so they register)

    return _REGISTRY


def stage_params(cls: type[Stage]) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls) if f.init} if dataclasses.is_dataclass(cls) else {}


class Stage:
    name: ClassVar[str] = "stage"
    #: per-document wall-clock limit in seconds (0: none); overrun rejects as `<name>.timeout`
    time_limit: float = 0.0

    def setup(self) -> None:
        """Load models and compile patterns; called once per worker process, not per document."""

    def count(self, what: str, n: int = 1) -> None:
        """A figure for the manifest counted while processing (documents skipped, spans redacted...)."""
        if not hasattr(self, "_counts"):
            self._counts: Counter = Counter()
        self._counts[what] += n

    def take_counts(self) -> dict[str, int]:
        out = dict(getattr(self, "_counts", {}))
        self._counts = Counter()
        return out


class DocumentStage(Stage):
    """Document -> Document, pure. Reject by `doc.reject("name.rule", value)`."""

    def process(self, doc: Document) -> Document:
        raise NotImplementedError

    def process_batch(self, docs: list[Document]) -> list[Document]:
        """Override when a batch is cheaper than its documents one by one (vectorised models)."""
        return [self.process(d) for d in docs]

    #: True when the stage overrides process_batch and should be called with batches
    batched: ClassVar[bool] = False


#: reads the side data of the given ordinals (uint64) back from every shard
AttrLookup = Callable[[np.ndarray], pa.Table]


def split_map(out: pa.Table | tuple[pa.Table, pa.Table]) -> tuple[pa.Table, pa.Table | None]:
    return out if isinstance(out, tuple) else (out, None)


class CorpusStage(Stage):
    """A stage that decides per document from what it learned over the whole corpus."""

    def map(self, docs: list[Document]) -> pa.Table | tuple[pa.Table, pa.Table]:
        raise NotImplementedError

    def group(self, rows: pa.Table) -> pa.Table:
        raise NotImplementedError

    def merge(self, tables: Iterable[pa.Table], attrs: AttrLookup | None = None) -> pa.Table:
        tables = [t for t in tables if t.num_rows]
        return pa.concat_tables(tables) if tables else self.empty_decisions()


    def empty_decisions(self) -> pa.Table:
        raise NotImplementedError

    def prepare(self, decisions: pa.Table) -> Any:
        """Turn the decisions table into whatever `apply` looks things up in."""
        return decisions

    def apply(self, doc: Document, index: Any) -> Document:
        raise NotImplementedError

    def summary(self, decisions: pa.Table) -> dict[str, Any]:
        """Figures for the manifest (clusters found, lines learned, ...)."""
        return {"decisions": decisions.num_rows}
