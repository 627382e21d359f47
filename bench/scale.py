"""The Ray executor beside the local one, end to end, and what a Common Crawl snapshot would cost.

    python bench/scale.py [--copies 5] [--preset web]

Input: the sample corpus (WARC + WET, 392 records) repeated `--copies` times. Both executors
run the same pipeline with 2 workers on this machine; the Ray one against a real local
cluster started with `ray start` (loopback only, tests/raycluster.py). Docs/s is end to end
(planning, every phase, the manifest). The estimate for one Common Crawl snapshot (~90,000
WARC files, ~3 billion pages) divides by the measured docs/s per core.
Writes bench/results/scale.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SNAPSHOT_PAGES = 3.0e9


def run(inputs: list[Path], out: Path, preset: str, extra: list[str], env: dict | None = None) -> dict:
    cmd = [sys.executable, "-m", "tamis.cli", "run", "--preset", preset, "--output", str(out), "--workers", "2",
           "--no-progress", "--no-report", "--overwrite", *extra]
    for p in inputs:
        cmd += ["--input", str(p)]
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    m = json.loads((out / "manifest.json").read_text())
    return {"seconds": round(dt, 2), "docs": m["documents"]["in"], "docs_per_s": round(m["documents"]["in"] / dt, 1),
            "kept": m["documents"]["kept"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--preset", default="web")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "scale"))
    a = ap.parse_args()
    import raycluster

    tmp = Path(tempfile.mkdtemp(prefix="tamis-scale-"))
    sample = ROOT / "src" / "tamis" / "data" / "sample"
    inputs = []
    for i in range(a.copies):
        for name in ("sample.warc.gz", "sample.wet.gz"):
            dst = tmp / f"copy{i}-{name}"
            os.symlink(sample / name, dst)
            inputs.append(dst)
    local = run(inputs, tmp / "local", a.preset, [])
    print("local", local, flush=True)
    with raycluster.running(cpus=2) as c:
        ray = run(inputs, tmp / "ray", a.preset, ["--executor", "ray", "--ray-address", c.address], env=c.env)
        bad = list(c.bad_connections)
    print("ray", ray, flush=True)
    per_core = local["docs_per_s"] / 2
    core_hours = SNAPSHOT_PAGES / per_core / 3600
    result = {"preset": a.preset, "copies": a.copies, "local": local, "ray": ray,
              "ray_vs_local": round(ray["docs_per_s"] / local["docs_per_s"], 2),
              "non_loopback_connections": bad, "docs_per_s_per_core": round(per_core, 1),
              "snapshot_core_hours": round(core_hours), "snapshot_hours_on_1000_cores": round(core_hours / 1000, 1)}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out + ".json").write_text(json.dumps(result, indent=1))
    md = (f"| executor | documents | seconds | docs/s |\n|---|---|---|---|\n"
          f"| local (2 workers) | {local['docs']:,} | {local['seconds']} | {local['docs_per_s']:,} |\n"
          f"| ray (local cluster, 2 CPUs) | {ray['docs']:,} | {ray['seconds']} | {ray['docs_per_s']:,} |\n\n"
          f"Ray / local: {result['ray_vs_local']}x. Preset `{a.preset}`: {per_core:,.1f} docs/s per core, so one Common "
          f"Crawl snapshot (~3 billion pages) needs ~{core_hours:,.0f} core-hours: "
          f"~{core_hours / 1000:,.1f} hours on 1,000 cores.\n")
    Path(a.out + ".md").write_text(md)
    print(md)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
