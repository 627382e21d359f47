"""A real local Ray cluster for tests and benchmarks, started with `ray start`, loopback only.

Measured with Ray 2.60: it binds to the eth0 address unless given --node-ip-address, and
its dashboard probes the cloud metadata address on start even with usage stats off; a
`ray_bootstrap_config.yaml` with `provider: {type: local}` in the Ray processes' HOME
stops the probe. So: node IP 127.0.0.1, no dashboard, usage stats off, HOME a temporary
folder holding that file.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

LOOPBACK = ("127.", "::1", "::ffff:127.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ray_env(home: Path, extra_pythonpath: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update({"HOME": str(home), "RAY_USAGE_STATS_ENABLED": "0", "RAY_DISABLE_DOCKER_CPU_WARNING": "1",
                # Ray 2.60 turns --node-ip-address=127.0.0.1 into the eth0 address ("remotely reachable")
                # unless it runs as a single-machine cluster, which this switch makes it do on Linux too
                "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"})
    if extra_pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra_pythonpath, env.get("PYTHONPATH", "")]))
    return env


class Cluster:
    def __init__(self, cpus: int = 2, extra_pythonpath: str = ""):
        self.home = Path(tempfile.mkdtemp(prefix="tamis-ray-home-"))
        (self.home / "ray_bootstrap_config.yaml").write_text("provider: {type: local}\n")
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.env = ray_env(self.home, extra_pythonpath)
        self.cpus = cpus
        self.temp = Path(tempfile.mkdtemp(prefix="tamis-ray-"))
        self.bad_connections: list[str] = []

    def ray_bin(self) -> str:
        return str(Path(sys.executable).with_name("ray"))

    def start(self) -> Cluster:
        cmd = [self.ray_bin(), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={self.port}",
               "--include-dashboard=false", f"--num-cpus={self.cpus}", "--disable-usage-stats",
               f"--temp-dir={self.temp}", "--min-worker-port=0", "--max-worker-port=0"]
        r = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise RuntimeError(f"ray start failed: {r.stderr[-2000:]}")
        return self

    def stop(self) -> None:
        subprocess.run([self.ray_bin(), "stop", "--force"], env=self.env, capture_output=True, timeout=120)

    def ray_processes(self) -> list[psutil.Process]:
        out = []
        for p in psutil.process_iter(["cmdline", "environ"]):
            try:
                cmd = " ".join(p.info["cmdline"] or [])
                if str(self.temp) in cmd or "ray::" in cmd or ("ray" in cmd and str(self.port) in cmd):
                    out.append(p)
            except (psutil.Error, TypeError):
                continue
        return out

    def check_connections(self) -> None:
        """Record any connection a Ray process has to an address outside loopback."""
        for p in self.ray_processes():
            try:
                for c in p.net_connections(kind="inet"):
                    if c.raddr and not c.raddr.ip.startswith(LOOPBACK):
                        self.bad_connections.append(f"{p.pid} {' '.join(p.cmdline())[:80]} -> {c.raddr}")
                    if c.laddr and c.status == psutil.CONN_LISTEN and not (
                            c.laddr.ip.startswith(LOOPBACK) or c.laddr.ip in ("0.0.0.0", "::")):
                        self.bad_connections.append(f"{p.pid} listens on {c.laddr}")
            except psutil.Error:
                continue


@contextlib.contextmanager
def running(cpus: int = 2, extra_pythonpath: str = "", watch: bool = True):
    """A started cluster, watched for non-loopback connections every 0.2 s while in use."""
    import threading

    c = Cluster(cpus, extra_pythonpath).start()
    stop = threading.Event()

    def watcher() -> None:
        while not stop.is_set():
            c.check_connections()
            time.sleep(0.2)

    t = threading.Thread(target=watcher, daemon=True)
    if watch:
        t.start()
    try:
        yield c
    finally:
        stop.set()
        if watch:
            t.join(timeout=5)
        c.stop()
