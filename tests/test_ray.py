"""The Ray executor against a real local cluster (`ray start --head`, loopback only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")

import raycluster  # noqa: E402
from conftest import kill_after_done, outputs  # noqa: E402

HERE = Path(__file__).parent
STAGES = "clean,dedup.exact,dedup.near,dedup.lines"


@pytest.fixture(scope="module")
def cluster():
    with raycluster.running(cpus=2, extra_pythonpath=str(HERE / "netguard")) as c:
        yield c
        assert not c.bad_connections, c.bad_connections
    assert not c.bad_connections, c.bad_connections


def cmd(inputs: list[Path], out: Path, *extra: str) -> list[str]:
    c = [sys.executable, "-m", "tamis.cli", "run", "--output", str(out), "--stages", STAGES, "--shard-records", "12",
         "--no-progress", "--no-report", *extra]
    for p in inputs:
        c += ["--input", str(p)]
    return c


@pytest.fixture(scope="module")
def reference(tmp_path_factory, sample_dir_module):
    out = tmp_path_factory.mktemp("local") / "out"
    subprocess.run(cmd([sample_dir_module / "sample.wet.gz"], out, "--workers", "2"), check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def sample_dir_module():
    from conftest import SAMPLE

    return SAMPLE


def ray_cmd(cluster, inputs, out, *extra):
    return cmd(inputs, out, "--executor", "ray", "--ray-address", cluster.address, *extra)


def test_ray_run_equals_local_run(cluster, reference, sample_dir_module, tmp_path):
    out = tmp_path / "ray"
    r = subprocess.run(ray_cmd(cluster, [sample_dir_module / "sample.wet.gz"], out), env=cluster.env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert outputs(out) == outputs(reference)
    m, mref = json.loads((out / "manifest.json").read_text()), json.loads((reference / "manifest.json").read_text())
    assert m["executor"] == "ray" and m["documents"] == mref["documents"]
    assert m["rejected_by_reason"] == mref["rejected_by_reason"]


def _ray_workers(cluster) -> list[psutil.Process]:
    out = []
    for p in cluster.ray_processes():
        try:
            if "ray::_unit" in " ".join(p.cmdline()):
                out.append(p)
        except psutil.Error:
            continue
    return out


def test_killed_worker_is_retried_and_output_is_complete(cluster, reference, sample_dir_module, tmp_path):
    out = tmp_path / "ray-killed"
    proc = subprocess.Popen(ray_cmd(cluster, [sample_dir_module / "sample.wet.gz"], out), env=cluster.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and killed is None:
        busy = _ray_workers(cluster)
        if busy and (out / "_tamis" / "done").exists():
            killed = busy[0].pid
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    _, err = proc.communicate(timeout=300)
    assert killed is not None, "no Ray worker was running a unit to kill"
    assert proc.returncode == 0, err
    assert outputs(out) == outputs(reference)


def test_ray_run_resumes_after_the_driver_dies(cluster, reference, sample_dir_module, tmp_path):
    out = tmp_path / "ray-resume"
    proc = subprocess.Popen(ray_cmd(cluster, [sample_dir_module / "sample.wet.gz"], out), env=cluster.env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    finished = kill_after_done(proc, out, markers=4, timeout=120, poll=0.05)
    time.sleep(1.0)  # let Ray reap the dead driver's tasks
    r = subprocess.run(ray_cmd(cluster, [sample_dir_module / "sample.wet.gz"], out), env=cluster.env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    m = json.loads((out / "manifest.json").read_text())
    assert m["resumed"] and finished >= 4
    assert outputs(out) == outputs(reference)


def test_unreachable_cluster_is_a_clear_error(tmp_path, sample_dir_module):
    port = raycluster.free_port()
    r = subprocess.run(cmd([sample_dir_module / "sample.wet.gz"], tmp_path / "o", "--executor", "ray", "--ray-address",
                           f"127.0.0.1:{port}"), capture_output=True, text=True, timeout=180,
                       env=raycluster.ray_env(tmp_path))
    assert r.returncode == 2 and "cannot connect to a Ray cluster" in r.stderr and "Traceback" not in r.stderr
