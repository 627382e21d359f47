"""Chaining stages, and counting what each one did.

`Pipeline` is the in-process way to run stages (the Python API and `tamis clean`); the
executors in `tamis.execute` run the same stages over shards, through the same
`run_document_stages`, so a stage behaves identically everywhere.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from .document import Document
from .stage import AttrLookup, CorpusStage, DocumentStage, Stage, split_map


@dataclass
class StageStats:
    docs_in: int = 0
    docs_out: int = 0
    rejected: Counter = field(default_factory=Counter)
    removed_lines: Counter = field(default_factory=Counter)
    removed_chars: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def merge(self, other: StageStats | dict[str, Any]) -> None:
        if isinstance(other, dict):
            other = StageStats.from_dict(other)
        self.docs_in += other.docs_in
        self.docs_out += other.docs_out
        self.rejected.update(other.rejected)
        self.removed_lines.update(other.removed_lines)
        self.removed_chars += other.removed_chars
        self.seconds += other.seconds
        for k, v in other.extra.items():
            self.extra[k] = self.extra.get(k, 0) + v if isinstance(v, (int, float)) else v

    def record(self, doc: Document, removed_before: int) -> None:
        """Count what a stage just did to `doc` (it had `removed_before` removals before)."""
        self.docs_in += 1
        for r in doc.removed[removed_before:]:
            self.removed_lines[r.reason] += 1
            self.removed_chars += len(r.text)
        if doc.rejection is not None:
            self.rejected[doc.rejection.reason] += 1
        else:
            self.docs_out += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "in": self.docs_in,
            "out": self.docs_out,
            "rejected": dict(sorted(self.rejected.items())),
            "removed_lines": dict(sorted(self.removed_lines.items())),
            "removed_chars": self.removed_chars,
            "seconds": round(self.seconds, 3),
            "docs_per_s": round(self.docs_in / self.seconds, 1) if self.seconds > 0 else None,
            **({"extra": self.extra} if self.extra else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StageStats:
        return cls(
            d.get("in", 0), d.get("out", 0), Counter(d.get("rejected", {})), Counter(d.get("removed_lines", {})),
            d.get("removed_chars", 0), d.get("seconds", 0.0), dict(d.get("extra", {})),
        )


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - exercised through timeouts
    raise _Timeout()


def _call(stage: DocumentStage, doc: Document) -> Document:
    """One stage on one document; an exception or overrun rejects the document, not the run."""
    limit = stage.time_limit
    use_alarm = limit > 0 and threading.current_thread() is threading.main_thread()
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        out = stage.process(doc)
    except _Timeout:
        out = doc.reject(f"{stage.name}.timeout", float(limit), f"{stage.name} took longer than {limit} s")
    except RecursionError:
        out = doc.reject(f"{stage.name}.error", None, "input too deeply nested")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # also native-extension panics (pyo3's PanicException is a BaseException)
        if "_Timeout" in repr(e):  # the alarm fired inside a native callback and came back wrapped
            out = doc.reject(f"{stage.name}.timeout", float(limit), f"{stage.name} took longer than {limit} s")
        else:
            out = doc.reject(f"{stage.name}.error", None, f"{type(e).__name__}: {str(e)[:500]}")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    return out


def place_removals(doc: Document, text_in: str, first: int) -> None:
    """Where each line a stage removed sat among the lines it kept, so a viewer can put it back.

    A stage's output is its input's non-blank lines minus the removed ones, in order; `at`
    counts the kept lines before a removed one.
    """
    new = [r for r in doc.removed[first:] if r.line is not None and r.at is None]
    if not new:
        return
    lines = text_in.split("\n")
    gone = {r.line for r in new}
    kept_before = [0] * (len(lines) + 1)
    n = 0
    for i, line in enumerate(lines):
        kept_before[i] = n
        if i not in gone and line.strip():
            n += 1
    kept_before[len(lines)] = n
    for r in new:
        r.at = kept_before[min(max(r.line, 0), len(lines))]


def run_stage(stage: DocumentStage, docs: list[Document], stats: StageStats) -> list[Document]:
    """Run one document stage over a batch of live documents, recording what it did."""
    t0 = time.perf_counter()
    before = [len(d.removed) for d in docs]
    texts_in = [d.text for d in docs]
    if stage.batched:
        try:
            out = stage.process_batch(docs)
        except Exception:
            out = [_call(stage, d) for d in docs]
    else:
        out = [_call(stage, d) for d in docs]
    stats.seconds += time.perf_counter() - t0
    for d, n, text_in in zip(out, before, texts_in):
        if len(d.removed) > n and d.html is None:
            place_removals(d, text_in, n)
        stats.record(d, n)
    for k, v in stage.take_counts().items():
        stats.extra[k] = stats.extra.get(k, 0) + v
    return out


def run_document_stages(
    stages: list[DocumentStage], docs: Iterable[Document], stats: dict[str, StageStats], batch_size: int = 64
) -> Iterator[Document]:
    """Stream documents through stages in batches; rejected documents come out too, flagged."""
    batch: list[Document] = []

    def flush() -> Iterator[Document]:
        live = [d for d in batch if d.rejection is None]
        for stage in stages:
            if not live:
                break
            live = [d for d in run_stage(stage, live, stats[stage.name]) if d.rejection is None]
        yield from batch

    for doc in docs:
        batch.append(doc)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def segments(stages: list[Stage]) -> list[tuple[list[DocumentStage], CorpusStage | None]]:
    """Split a stage list at corpus stages: [(document stages, corpus stage or None), ...]."""
    out: list[tuple[list[DocumentStage], CorpusStage | None]] = []
    cur: list[DocumentStage] = []
    for s in stages:
        if isinstance(s, CorpusStage):
            out.append((cur, s))
            cur = []
        else:
            cur.append(s)  # type: ignore[arg-type]
    out.append((cur, None))
    return out


def apply_corpus_stage(stage: CorpusStage, docs: list[Document], index: Any, stats: StageStats) -> list[Document]:
    t0 = time.perf_counter()
    out = []
    for d in docs:
        if d.rejection is not None:
            out.append(d)
            continue
        n = len(d.removed)
        text_in = d.text
        try:
            d = stage.apply(d, index)
        except Exception as e:
            d.reject(f"{stage.name}.error", None, f"{type(e).__name__}: {e}")
        if len(d.removed) > n:
            place_removals(d, text_in, n)
        stats.record(d, n)
        out.append(d)
    for k, v in stage.take_counts().items():
        stats.extra[k] = stats.extra.get(k, 0) + v
    stats.seconds += time.perf_counter() - t0
    return out


def _in_memory_lookup(attrs: pa.Table | None) -> AttrLookup | None:
    if attrs is None:
        return None
    return lambda ordinals: attrs.filter(pc.is_in(attrs["ordinal"], pa.array(ordinals, pa.uint64())))


class Pipeline:
    """Stages run in order, in this process; corpus stages see every document given."""

    def __init__(self, stages: list[Stage]):
        self.stages = stages
        self.stats: dict[str, StageStats] = {s.name: StageStats() for s in stages}
        self._ready = False

    def setup(self) -> None:
        if not self._ready:
            for s in self.stages:
                s.setup()
            self._ready = True

    def run(self, docs: Iterable[Document]) -> list[Document]:
        """Every document comes back, kept or with `rejection` set."""
        self.setup()
        current = list(docs)
        for doc_stages, corpus in segments(self.stages):
            current = list(run_document_stages(doc_stages, current, self.stats))
            if corpus is not None:
                live = [d for d in current if d.rejection is None]
                t0 = time.perf_counter()
                rows, attrs = split_map(corpus.map(live))
                decisions = corpus.merge([corpus.group(rows)], _in_memory_lookup(attrs))
                self.stats[corpus.name].extra.update(corpus.summary(decisions))
                self.stats[corpus.name].seconds += time.perf_counter() - t0
                current = apply_corpus_stage(corpus, current, corpus.prepare(decisions), self.stats[corpus.name])
        return current
