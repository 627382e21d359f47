"""Crash safety and hostile environments: kill -9 at 20 points, disk full, read-only output, gzip bombs."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import outputs
from tamis.write.shards import iter_records

STAGES = "extract,clean,dedup.exact,dedup.near"


def run_cmd(inputs: list[Path], out: Path, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "tamis.cli", "run", "--output", str(out), "--stages", STAGES, "--workers", "2",
           "--shard-records", "8", "--no-progress", "--no-report", *extra]
    for p in inputs:
        cmd += ["--input", str(p)]
    return cmd


@pytest.mark.slow
def test_twenty_kill_points_then_resume(tmp_path, sample_dir):
    """SIGKILL the whole run at 20 random moments (resuming after each); the result equals an uninterrupted run."""
    inputs = [sample_dir / "sample.wet.gz"]
    ref = tmp_path / "ref"
    t0 = time.monotonic()
    subprocess.run(run_cmd(inputs, ref), check=True, capture_output=True)
    span = time.monotonic() - t0

    out = tmp_path / "killed"
    rng = random.Random(20)
    kills, progress = 0, []
    while kills < 20:
        proc = subprocess.Popen(run_cmd(inputs, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(0.05, span * 0.6))
        if proc.poll() is not None:  # it finished first: start over so that every kill lands mid-run
            assert proc.returncode == 0
            subprocess.run(["rm", "-rf", str(out)], check=True)
            continue
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        done = out / "_tamis" / "done"
        progress.append(len(list(done.glob("*.json"))) if done.exists() else 0)
        if (out / "manifest.json").exists():  # killed while exiting a finished run: check it, then start over
            assert outputs(out) == outputs(ref)
            subprocess.run(["rm", "-rf", str(out)], check=True)
    r = subprocess.run(run_cmd(inputs, out), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert outputs(out) == outputs(ref)
    assert not list(out.rglob("*.tmp"))
    m, mref = json.loads((out / "manifest.json").read_text()), json.loads((ref / "manifest.json").read_text())
    assert m["documents"] == mref["documents"] and m["ok"]
    assert max(progress) > 0, f"no kill landed after finished work: {progress}"


@contextlib.contextmanager
def tmpfs(path: Path, options: str):
    """A small real filesystem when this machine lets us mount one (root in a privileged container)."""
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    try:
        yield r.returncode == 0
    finally:
        if r.returncode == 0:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))


def test_disk_full_is_a_clear_error_and_leaves_nothing_half_written(tmp_path, sample_dir):
    inputs = [sample_dir / "sample.wet.gz"]
    mnt = tmp_path / "small"
    with tmpfs(mnt, "size=400k") as mounted:
        out = mnt / "out"
        # without mount rights, a file-size limit makes writes fail the same way (EFBIG instead of ENOSPC)
        r = subprocess.run(run_cmd(inputs, out), capture_output=True, text=True,
                           preexec_fn=None if mounted else _limit_file_size)
        assert r.returncode != 0
        assert "Traceback" not in r.stderr and ("No space left" in r.stderr or "too large" in r.stderr.lower()), r.stderr
        assert not (out / "manifest.json").exists()
        assert not list(out.rglob("*.tmp"))
        # whatever has its final name is complete, and recorded as done
        for p in list((out / "kept").glob("part-*")) + list((out / "rejected").glob("part-*")):
            list(iter_records(p))
        for marker in (out / "_tamis" / "done").glob("s0-*.json"):
            shard = json.loads(marker.read_text())["shard"]
            assert (out / "kept" / f"part-{shard:05d}.jsonl.zst").exists() or (out / "_tamis" / "s0").exists()


def test_read_only_output_is_refused_before_work_starts(tmp_path, sample_dir):
    ro = tmp_path / "ro"
    with tmpfs(ro, "ro,size=64k") as mounted:
        if not mounted:
            if os.geteuid() == 0:
                pytest.skip("cannot make a read-only directory here: root ignores permissions and mount is not allowed")
            ro.chmod(0o555)
        r = subprocess.run(run_cmd([sample_dir / "sample.wet.gz"], ro / "out"), capture_output=True, text=True)
        if not mounted:
            ro.chmod(0o755)
    assert r.returncode == 2 and "not writable" in r.stderr and "Traceback" not in r.stderr, r.stderr


def gzip_bomb(path: Path, inflated: int, head: bytes = b"") -> None:
    """A multi-member gzip of zeros: ~1 KB per inflated MB, built without inflating anything."""
    member = gzip.compress(b"\0" * (1 << 20), compresslevel=9, mtime=0)
    with open(path, "wb") as f:
        if head:
            f.write(gzip.compress(head, mtime=0))
        for _ in range(inflated >> 20):
            f.write(member)


@pytest.mark.parametrize("name", ["bomb.jsonl.gz", "bomb.warc.gz"])
def test_gzip_bomb_stops_at_the_limit(tmp_path, name):
    bomb = tmp_path / name
    head = b""
    if name.endswith(".warc.gz"):  # a well-formed record header announcing the whole 2 GB body
        head = (f"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:b>\r\nWARC-Target-URI: http://e.com/\r\n"
                f"Content-Type: text/plain\r\nContent-Length: {2 << 30}\r\n\r\n").encode()
    gzip_bomb(bomb, 2 << 30, head)  # 2 GB inflated from ~2 MB
    assert bomb.stat().st_size < 3 << 20
    cfg = tmp_path / "pipe.yaml"
    cfg.write_text(f"input: [{bomb}]\noutput: {tmp_path / 'out'}\nlimits: {{max_decompressed_bytes: 100000000, "
                   "max_record_bytes: 1000000}\nstages: [clean]\n")
    r = subprocess.run([sys.executable, "-m", "tamis.cli", "run", str(cfg), "--no-progress", "--no-report"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    rejected = [x for p in (tmp_path / "out" / "rejected").glob("*") for x in iter_records(p)]
    assert rejected and {x["reason"] for x in rejected} <= {"read.too_large", "read.corrupt", "read.bad_record"}
    assert any(x["reason"] == "read.too_large" for x in rejected)
    m = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert m["ok"] and m["documents"]["kept"] == 0
