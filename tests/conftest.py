"""Test-wide setup: the loopback-only network guard, for this process and its children."""

from __future__ import annotations

import os
import sys
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
