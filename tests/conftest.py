"""Test-wide setup: the loopback-only network guard, for this process and its children."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
GUARD = HERE / "netguard"
sys.path.insert(0, str(GUARD))
import sitecustomize as netguard  # noqa: E402

netguard.install()
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD), os.environ.get("PYTHONPATH", "")]))
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DATA = HERE / "data"
SAMPLE = HERE.parent / "src" / "tamis" / "data" / "sample"


@pytest.fixture(autouse=True)
def _no_network(tmp_path_factory):
    """Fail the test if it, or any process it started, tried to leave loopback."""
    log = tmp_path_factory.getbasetemp() / "netguard.log"
    os.environ["TAMIS_NETGUARD_LOG"] = str(log)
    before = log.read_text() if log.exists() else ""
    yield
    after = log.read_text() if log.exists() else ""
    new = after[len(before):]
    if new:
        pytest.fail(f"a non-loopback connection was attempted:\n{new}")


@pytest.fixture
def seed_text() -> str:
    return (DATA / "page.txt").read_text(encoding="utf-8")


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE


def outputs(out: Path) -> dict[str, list[tuple]]:
    """kept/ and rejected/ of a run as sorted (id, text, reason), failing on a duplicated id."""
    from tamis.write.shards import iter_records

    res = {}
    for sub in ("kept", "rejected"):
        recs = [r for p in sorted((out / sub).glob("part-*")) for r in iter_records(p)]
        ids = [r["id"] for r in recs]
        assert len(ids) == len(set(ids)), f"duplicated ids in {sub}"
        res[sub] = sorted((r["id"], r["text"], r.get("reason")) for r in recs)
    return res


def kill_after_done(proc: subprocess.Popen, out: Path, markers: int, timeout: float, poll: float) -> int:
    """SIGKILL a run (its whole process group) once shard 0 has `markers` finished units;
    return how many units were done. Fails if the run ended before it could be stopped."""
    done = out / "_tamis" / "done"
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        if done.exists() and len(list(done.glob("s0-*.json"))) >= markers:
            break
        time.sleep(poll)
    assert proc.poll() is None, "the run finished before it could be stopped"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return len(list(done.glob("*.json")))
