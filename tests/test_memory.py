"""Memory stays bounded by a shard, not by the input: a 5x larger input needs about the same RAM."""

import json
import subprocess
import sys

import pytest
import zstandard


def _make_input(path, records: int) -> None:
    cctx = zstandard.ZstdCompressor(level=1)
    with open(path, "wb") as raw, cctx.stream_writer(raw) as f:
        for i in range(records):
            body = f"Record {i} says something about item {i % 977}. " * 40
            f.write((json.dumps({"id": f"r{i}", "url": f"http://site{i % 50}.example/{i}", "text": body}) + "\n").encode())


def _peak_rss_mb(inp, out) -> float:
    """Peak RSS of a fresh process (VmHWM; ru_maxrss would carry over pytest's own peak)."""
    code = (
        "import sys; from tamis.cli import main; "
        f"rc = main(['run', '--input', {str(inp)!r}, '--output', {str(out)!r}, '--workers', '1', '--no-progress', "
        "'--no-report', '--stages', 'dedup.exact', '--shard-records', '2000']); "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))); sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return int(r.stdout.strip().splitlines()[-1]) / 1024


@pytest.mark.slow
def test_rss_does_not_grow_with_input(tmp_path):
    small, big = tmp_path / "small.jsonl.zst", tmp_path / "big.jsonl.zst"
    _make_input(small, 20_000)
    _make_input(big, 100_000)  # ~230 MB of JSON once decompressed
    rss_small = _peak_rss_mb(small, tmp_path / "o1")
    rss_big = _peak_rss_mb(big, tmp_path / "o2")
    assert rss_big < rss_small + 60, (rss_small, rss_big)
    m = json.loads((tmp_path / "o2" / "manifest.json").read_text())
    assert m["documents"]["in"] == 100_000 == m["documents"]["kept"] + m["documents"]["rejected"]
