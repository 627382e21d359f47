"""The units of work of a run, the same for every executor.

A pipeline [D0, C0, D1, C1, ..., Dn] (D: document stages, C: a corpus stage) runs as
phases: `segment k` per shard (apply C(k-1)'s decisions, run Dk, then map for Ck), then
`group k` per key partition, then a merge into Ck's decisions. Each unit writes its files
under temporary names, renames them, and only then records itself done (`_tamis/done/`),
so a unit is either finished or redone from scratch after a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..config import RunConfig, parse_config
from ..document import Document
from ..pipeline import StageStats, apply_corpus_stage, run_document_stages, segments
from ..read import Shard, read_shard
from ..stage import CorpusStage, Stage, split_map
from ..write.shards import EXTENSIONS, ShardWriter, atomic_write_text, iter_records

WORK = "_tamis"


@dataclass
class RunPaths:
    root: Path

    @property
    def work(self) -> Path:
        return self.root / WORK

    @property
    def done(self) -> Path:
        return self.work / "done"

    def kept(self, shard: int, fmt: str) -> Path:
        return self.root / "kept" / f"part-{shard:05d}{EXTENSIONS[fmt]}"

    def rejected(self, shard: int, seg: int, fmt: str) -> Path:
        return self.root / "rejected" / f"part-{shard:05d}-s{seg}{EXTENSIONS[fmt]}"

    def between(self, shard: int, seg: int) -> Path:
        return self.work / f"s{seg}" / f"part-{shard:05d}.jsonl.zst"

    def map_rows(self, shard: int, seg: int) -> Path:
        return self.work / f"s{seg}" / f"map-{shard:05d}.parquet"

    def attrs(self, shard: int, seg: int) -> Path:
        return self.work / f"s{seg}" / f"attrs-{shard:05d}.parquet"

    def group_rows(self, part: int, seg: int) -> Path:
        return self.work / f"s{seg}" / f"group-{part:05d}.parquet"

    def decisions(self, seg: int) -> Path:
        return self.work / f"s{seg}" / "decisions.parquet"

    def marker(self, phase: str) -> Path:
        return self.done / f"{phase}.json"


def config_fingerprint(cfg: RunConfig) -> str:
    """What must match for a resumed run to reuse finished work (the executor may change)."""
    d = cfg.to_dict()
    for k in ("executor", "report", "source", "output"):
        d.pop(k, None)
    return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()[:16]


_STAGE_CACHE: dict[str, list[Stage]] = {}


def stages_for(cfg_dict: dict[str, Any]) -> list[Stage]:
    """Stages built and set up once per worker process and reused for every shard."""
    key = json.dumps(cfg_dict["stages"], sort_keys=True, default=str)
    if key not in _STAGE_CACHE:
        cfg = config_from_dict(cfg_dict)
        stages = cfg.build_stages()
        for s in stages:
            s.setup()
        _STAGE_CACHE[key] = stages
    return _STAGE_CACHE[key]


def config_from_dict(d: dict[str, Any]) -> RunConfig:
    import yaml

    body = {k: v for k, v in d.items() if k not in ("source",)}
    return parse_config(yaml.safe_dump(body), d.get("source") or "<config>")


def _finished(marker: Path) -> dict[str, Any] | None:
    """The recorded result of a unit of work that already finished (skipped on resume), else None."""
    return json.loads(marker.read_text()) if marker.exists() else None


def write_table(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def write_marker(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(payload))


def _empty_stats(stages: list[Stage]) -> dict[str, StageStats]:
    return {s.name: StageStats() for s in stages}


_INDEX_CACHE: dict[tuple, Any] = {}


def _load_index(stage: CorpusStage, paths: RunPaths, seg: int) -> Any:
    """The stage's lookup of its decisions, built once per worker for the file as it is now
    (keyed by path, size and mtime: a rerun into the same folder must not see old decisions)."""
    path = paths.decisions(seg)
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, stage.name)
    if key not in _INDEX_CACHE:
        _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = stage.prepare(pq.read_table(path))
    return _INDEX_CACHE[key]


def run_segment(cfg_dict: dict[str, Any], root: str, shard_d: dict[str, Any], seg: int, progress: Any = None) -> dict[str, Any]:
    """Segment `seg` of one shard; returns (and records) its statistics."""
    paths = RunPaths(Path(root))
    shard = Shard.from_dict(shard_d)
    marker = paths.marker(f"s{seg}-{shard.index:05d}")
    if (done := _finished(marker)) is not None:
        return done
    stages = stages_for(cfg_dict)
    segs = segments(stages)
    doc_stages, corpus = segs[seg]
    fmt = cfg_dict["output_format"]
    limits = cfg_dict["limits"]
    stats = _empty_stats(stages)
    read_stats = StageStats()

    if seg == 0:
        source = read_shard(shard, limits["max_record_bytes"], limits["max_decompressed_bytes"])
    else:
        prev = segs[seg - 1][1]
        assert prev is not None
        index = _load_index(prev, paths, seg - 1)

        def source_iter():
            batch: list[Document] = []
            for rec in iter_records(paths.between(shard.index, seg - 1)):
                batch.append(Document.from_record(rec))
                if len(batch) >= 256:
                    yield from apply_corpus_stage(prev, batch, index, stats[prev.name])
                    batch = []
            if batch:
                yield from apply_corpus_stage(prev, batch, index, stats[prev.name])

        source = source_iter()

    def counted(docs):
        for d in docs:
            read_stats.docs_in += 1
            if d.rejection is not None and d.rejection.reason.startswith("read."):
                read_stats.rejected[d.rejection.reason] += 1
            else:
                read_stats.docs_out += 1
            yield d

    final = corpus is None
    kept_path = paths.kept(shard.index, fmt) if final else paths.between(shard.index, seg)
    kept_w = ShardWriter(kept_path, fmt if final else "jsonl.zst")
    rej_w = ShardWriter(paths.rejected(shard.index, seg, fmt), fmt)
    map_tables: list[pa.Table] = []
    attr_tables: list[pa.Table] = []
    pending: list[Document] = []
    bytes_in = 0
    seen = 0
    map_seconds = [0.0]

    def flush() -> None:
        """Map the pending documents for the next corpus stage; a document it fails on is rejected."""
        assert corpus is not None
        t0 = time.perf_counter()
        table, attrs, docs = _map_batch(corpus, pending, stats[corpus.name])
        map_seconds[0] += time.perf_counter() - t0
        if table is not None:
            map_tables.append(table)
        if attrs is not None:
            attr_tables.append(attrs)
        for d in docs:
            if d.rejection is not None:
                rej_w.write(d.to_record())
            else:
                kept_w.write(d.to_record(internal=True))
        pending.clear()

    try:
        for doc in run_document_stages(doc_stages, counted(source) if seg == 0 else source, stats):
            bytes_in += doc.bytes_in
            if doc.rejection is not None:
                rej_w.write(doc.to_record())
            elif corpus is None:
                kept_w.write(doc.to_record())
            else:
                pending.append(doc)
                if len(pending) >= 256:
                    flush()
            seen += 1
            if progress is not None and seen % 64 == 0:
                progress(64)
        if corpus is not None:
            if pending:
                flush()
            if map_tables:
                table = pa.concat_tables(map_tables)
                attrs = pa.concat_tables(attr_tables) if attr_tables else None
            else:
                table, attrs = split_map(corpus.map([]))
            if attrs is not None:
                write_table(attrs, paths.attrs(shard.index, seg))
            write_table(table, paths.map_rows(shard.index, seg))
            stats[corpus.name].extra["map_seconds"] = round(map_seconds[0], 3)
        kept_w.close()
        if rej_w.count:
            rej_w.close()
        else:
            rej_w.abort()  # no empty files in rejected/
        if progress is not None:
            progress(seen % 64)
    except BaseException:
        kept_w.abort()
        rej_w.abort()
        raise
    payload = {
        "shard": shard.index,
        "seg": seg,
        "read": read_stats.to_dict() if seg == 0 else None,
        "stages": {k: v.to_dict() for k, v in stats.items() if v.docs_in or v.seconds or v.extra},
        "kept": kept_w.count if final else 0,
        "between": 0 if final else kept_w.count,
        "rejected": rej_w.count,
        "rejected_reasons": _reasons(stats, read_stats),
        "bytes_in": bytes_in if seg == 0 else 0,
        "bytes_out": kept_w.bytes if final else 0,
    }
    write_marker(marker, payload)
    return payload


def _map_batch(
    stage: CorpusStage, docs: list[Document], stats: StageStats
) -> tuple[pa.Table | None, pa.Table | None, list[Document]]:
    """stage.map over a batch; when it raises, document by document, rejecting the ones it fails on."""
    try:
        return *split_map(stage.map(docs)), docs
    except Exception:
        pass
    tables, attrs = [], []
    for d in docs:
        try:
            t, a = split_map(stage.map([d]))
        except Exception as e:
            d.reject(f"{stage.name}.error", None, f"{type(e).__name__}: {str(e)[:500]}")
            stats.record(d, len(d.removed))
            continue
        tables.append(t)
        if a is not None:
            attrs.append(a)
    return (pa.concat_tables(tables) if tables else None), (pa.concat_tables(attrs) if attrs else None), docs


def _reasons(stats: dict[str, StageStats], read_stats: StageStats) -> dict[str, int]:
    out: dict[str, int] = dict(read_stats.rejected)
    for s in stats.values():
        for k, v in s.rejected.items():
            out[k] = out.get(k, 0) + v
    return out


def run_group(cfg_dict: dict[str, Any], root: str, seg: int, part: int, parts: int, n_shards: int) -> dict[str, Any]:
    """Group phase of corpus stage `seg` for one key partition."""
    paths = RunPaths(Path(root))
    marker = paths.marker(f"g{seg}-{part:05d}")
    if (done := _finished(marker)) is not None:
        return done
    stage = segments(stages_for(cfg_dict))[seg][1]
    assert stage is not None
    tables = []
    for i in range(n_shards):
        t = pq.read_table(paths.map_rows(i, seg))
        if t.num_rows:
            tables.append(t.filter(pc.equal(_mod(t["key"], parts), pa.scalar(part, pa.uint64()))) if parts > 1 else t)
    rows = pa.concat_tables(tables) if tables else None
    out = stage.group(rows) if rows is not None and rows.num_rows else stage.empty_decisions()
    write_table(out, paths.group_rows(part, seg))
    payload = {"seg": seg, "part": part, "rows": 0 if rows is None else rows.num_rows, "groups": out.num_rows}
    write_marker(marker, payload)
    return payload


def _mod(keys: pa.ChunkedArray, m: int) -> pa.ChunkedArray:
    q = pc.divide(keys, pa.scalar(m, pa.uint64()))
    return pc.subtract(keys, pc.multiply(q, pa.scalar(m, pa.uint64())))


def _attr_lookup(paths: RunPaths, seg: int, n_shards: int):
    """Side data of some documents, read shard by shard so only the requested rows are held."""

    def lookup(ordinals: np.ndarray) -> pa.Table:
        wanted = pa.array(np.unique(ordinals), pa.uint64())
        tables = []
        for i in range(n_shards):
            f = paths.attrs(i, seg)
            if f.exists():
                t = pq.read_table(f)
                tables.append(t.filter(pc.is_in(t["ordinal"], wanted)))
        tables = [t for t in tables if t.num_rows]
        return pa.concat_tables(tables) if tables else pa.table({"ordinal": pa.array([], pa.uint64())})

    return lookup


def run_merge(cfg_dict: dict[str, Any], root: str, seg: int, parts: int, n_shards: int = 0) -> dict[str, Any]:
    paths = RunPaths(Path(root))
    marker = paths.marker(f"m{seg}")
    if (done := _finished(marker)) is not None:
        return done
    stage = segments(stages_for(cfg_dict))[seg][1]
    assert stage is not None
    decisions = stage.merge((pq.read_table(paths.group_rows(p, seg)) for p in range(parts)),
                            _attr_lookup(paths, seg, n_shards))
    write_table(decisions, paths.decisions(seg))
    payload = {"seg": seg, "stage": stage.name, "summary": stage.summary(decisions)}
    write_marker(marker, payload)
    return payload
