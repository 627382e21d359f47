"""A whole run: plan shards, run the phases on an executor, resume, write the manifest.

The driver decides what to run; executors only decide where. A resumed run reuses the
plan stored in `OUTPUT/_tamis/plan.json` and skips every unit with a done marker.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..config import RunConfig
from ..errors import InputError, OutputError, RunFailed, TamisError
from ..pipeline import segments
from ..read import Shard, expand_inputs, plan_shards
from ..write.manifest import build_manifest
from ..write.shards import atomic_write_text
from .phases import RunPaths, config_fingerprint, run_group, run_merge, run_segment
from .progress import Progress


def _spool_stdin(paths: RunPaths) -> str:
    dest = paths.work / "stdin.input"
    if not dest.exists():
        tmp = dest.with_name("stdin.input.tmp")
        with open(tmp, "wb") as f:
            shutil.copyfileobj(sys.stdin.buffer, f, 1 << 20)
        os.replace(tmp, dest)
    return str(dest)


def _check_writable(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=root, prefix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(f"output directory {root} is not writable: {e.strerror or e}") from None


def prepare(cfg: RunConfig, overwrite: bool = False) -> tuple[RunPaths, list[Shard], bool]:
    if not cfg.output:
        raise TamisError("no output directory: give --output DIR or `output:` in the pipeline file")
    if not cfg.input:
        raise InputError("no input: give --input PATH or `input:` in the pipeline file")
    root = Path(cfg.output)
    paths = RunPaths(root)
    if overwrite and root.exists():
        for sub in ("kept", "rejected", "_tamis"):
            shutil.rmtree(root / sub, ignore_errors=True)
        for f in ("manifest.json", "report.html"):
            (root / f).unlink(missing_ok=True)
    _check_writable(root)
    plan_file = paths.work / "plan.json"
    fp = config_fingerprint(cfg)
    if plan_file.exists():
        plan = json.loads(plan_file.read_text())
        if plan.get("fingerprint") != fp:
            raise TamisError(
                f"{root} holds a run with a different configuration; use another --output or --overwrite to start over"
            )
        return paths, [Shard.from_dict(s) for s in plan["shards"]], True
    if (root / "kept").exists() and any((root / "kept").iterdir()):
        raise TamisError(f"{root} already holds output not made by a tamis run plan; use --overwrite or another --output")
    paths.work.mkdir(parents=True, exist_ok=True)
    inputs = [(_spool_stdin(paths) if p == "-" else p) for p in cfg.input]
    files = expand_inputs(inputs)
    shards = plan_shards(files, cfg.format, cfg.shard_records)
    if not shards:
        raise InputError("the input holds no files to read")
    atomic_write_text(plan_file, json.dumps({"fingerprint": fp, "shards": [s.to_dict() for s in shards]}))
    return paths, shards, False


#: compressed map rows per group partition: a partition is held in memory while grouped
GROUP_BYTES = 256 << 20


def group_parts(paths, seg: int, n_shards: int, workers: int) -> int:
    """Enough key partitions that one fits in a worker's memory, and at least one per worker."""
    total = sum(p.stat().st_size for i in range(n_shards) if (p := paths.map_rows(i, seg)).exists())
    return max(1, workers, -(-total // GROUP_BYTES))


def make_executor(cfg: RunConfig):
    if cfg.executor.kind == "ray":
        from .ray_executor import RayExecutor

        return RayExecutor(cfg.executor.workers, cfg.executor.address)
    from .local import LocalExecutor

    return LocalExecutor(min(cfg.executor.workers or os.cpu_count() or 1, 64))


def run(cfg: RunConfig, overwrite: bool = False, progress: bool = True, report: bool | None = None) -> dict[str, Any]:
    """Run `cfg` to completion and return the manifest; raises TamisError on a failed run."""
    t0 = time.perf_counter()
    paths, shards, resumed = prepare(cfg, overwrite)
    cfg_dict = cfg.to_dict()
    stages = cfg.build_stages()
    segs = segments(stages)
    timings: dict[str, float] = {}
    results: list[dict[str, Any]] = []
    merges: list[dict[str, Any]] = []
    executor = make_executor(cfg)
    root = str(paths.root)
    with Progress(progress) as prog, executor:
        workers = getattr(executor, "workers", 1)
        for k, (_, corpus) in enumerate(segs):
            t = time.perf_counter()
            jobs = [(cfg_dict, root, s.to_dict(), k) for s in shards]
            label = "read + " + "+".join(s.name for s in segs[k][0]) if k == 0 else f"segment {k}"
            results.extend(executor.map(run_segment, jobs, label, prog, docs=True))
            timings[f"segment_{k}"] = round(time.perf_counter() - t, 3)
            if corpus is not None:
                t = time.perf_counter()
                parts = group_parts(paths, k, len(shards), workers)
                gjobs = [(cfg_dict, root, k, p, parts, len(shards)) for p in range(parts)]
                executor.map(run_group, gjobs, f"{corpus.name}: group", prog)
                timings[f"{corpus.name}.group"] = round(time.perf_counter() - t, 3)
                t = time.perf_counter()
                merges.append(run_merge(cfg_dict, root, k, parts, len(shards)))
                timings[f"{corpus.name}.merge"] = round(time.perf_counter() - t, 3)
    timings["total"] = round(time.perf_counter() - t0, 3)
    manifest = build_manifest(cfg, stages, results, merges, timings, len(shards), resumed, executor.name)
    atomic_write_text(paths.root / "manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    want_report = cfg.report.enabled if report is None else report
    if want_report:
        from ..report import write_report

        try:
            write_report(paths.root, cfg.report.sample)
        except OSError as e:  # the corpus is done and balanced; a report that cannot be written is not a failed run
            print(f"tamis: warning: report.html not written: {e}", file=sys.stderr)
    docs = manifest["documents"]
    if docs["in"] != docs["kept"] + docs["rejected"]:
        raise RunFailed(
            f"documents in ({docs['in']}) != kept ({docs['kept']}) + rejected ({docs['rejected']}): records were lost"
        )
    return manifest
