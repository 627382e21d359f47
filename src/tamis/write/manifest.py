"""manifest.json: what a run did, with the `in == kept + rejected` balance first.

Warnings are part of the manifest, not just the log: a stage that rejected nearly
everything, or a corpus stage that found nothing, is the kind of silent failure that costs
a user days, so it is written where every tool reading the run will see it.
"""

from __future__ import annotations

import platform
from collections import Counter
from importlib import metadata
from typing import Any

from ..config import RunConfig
from ..pipeline import StageStats
from ..stage import CorpusStage, Stage

_LIBS = ("fastwarc", "resiliparse", "selectolax", "xxhash", "pyarrow", "zstandard", "ray", "trafilatura")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("tamis", *_LIBS):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def warnings_for(stages: list[Stage], stats: dict[str, StageStats], summaries: dict[str, Any]) -> list[str]:
    out = []
    for s in stages:
        st = stats.get(s.name)
        if st is None or st.docs_in == 0:
            continue
        share = sum(st.rejected.values()) / st.docs_in
        if st.docs_in >= 20 and share >= 0.95:
            out.append(f"{s.name} rejected {share:.0%} of the {st.docs_in} documents it saw: check its settings")
        if isinstance(s, CorpusStage) and st.docs_in >= 20 and not st.rejected and not st.removed_lines:
            out.append(f"{s.name} removed nothing from {st.docs_in} documents: check its settings if you expected duplicates")
    return out


def build_manifest(
    cfg: RunConfig,
    stages: list[Stage],
    results: list[dict[str, Any]],
    merges: list[dict[str, Any]],
    timings: dict[str, float],
    n_shards: int,
    resumed: bool,
    executor: str,
) -> dict[str, Any]:
    read = StageStats()
    stats: dict[str, StageStats] = {s.name: StageStats() for s in stages}
    reasons: Counter = Counter()
    kept = rejected = bytes_in = bytes_out = 0
    for r in results:
        if r.get("read"):
            read.merge(r["read"])
        for name, d in r["stages"].items():
            stats.setdefault(name, StageStats()).merge(d)
        reasons.update(r["rejected_reasons"])
        kept += r["kept"]
        rejected += r["rejected"]
        bytes_in += r["bytes_in"]
        bytes_out += r["bytes_out"]
    summaries = {m["stage"]: m["summary"] for m in merges}
    for name, summ in summaries.items():
        stats[name].extra.update(summ)
    return {
        "documents": {"in": read.docs_in, "kept": kept, "rejected": rejected},
        "ok": read.docs_in == kept + rejected,
        "stages": {"read": read.to_dict(), **{s.name: stats[s.name].to_dict() for s in stages}},
        "rejected_by_reason": dict(reasons.most_common()),
        "removed_lines_by_reason": dict(
            sum((st.removed_lines for st in stats.values()), Counter()).most_common()
        ),
        "bytes": {"in": bytes_in, "out": bytes_out},
        "warnings": warnings_for(stages, stats, summaries),
        "timings": timings,
        "shards": n_shards,
        "resumed": resumed,
        "executor": executor,
        "versions": versions(),
        "config": cfg.to_dict(),
    }
