"""The Ray executor: the same units of work as the local executor, as Ray tasks.

Every unit (a shard's segment, a key partition's group) is a Ray task. Units write their
outputs under temporary names and record themselves done only at the end (phases.py), so
a task Ray retries after its worker died simply does its unit again: the output stays
complete and free of duplicates. Workers need the output directory on a shared
filesystem (one machine, NFS, a mounted bucket).

`address`: `auto` connects to the cluster this machine belongs to (`ray start` ran here),
`local` starts a private one-machine Ray bound to 127.0.0.1, anything else is a cluster
address (`127.0.0.1:6379`, `ray://head:10001`).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import TamisError
from .progress import Progress

#: retries of a unit whose worker process died (Ray's own system-failure retries)
MAX_RETRIES = 3


def _quiet_ray_env() -> None:
    """Ray phones home (usage stats) and probes cloud metadata unless told not to."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_DISABLE_DOCKER_CPU_WARNING", "1")


def _check_reachable(address: str) -> None:
    """Fail in seconds, not after Ray's minutes of retries, when a host:port address answers nothing."""
    if address in ("auto", "local") or "://" in address or ":" not in address:
        return
    host, _, port = address.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except (OSError, ValueError) as e:
        raise TamisError(f"cannot connect to a Ray cluster at {address!r}: {e}") from None


def _unit(fn: Callable[..., Any], args: tuple) -> Any:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return fn(*args)


class RayExecutor:
    name = "ray"

    def __init__(self, workers: int = 0, address: str = "auto"):
        self.requested = workers
        self.address = address or "auto"
        self.workers = workers or 1
        self._ray: Any = None
        self._remote: Any = None

    def __enter__(self) -> RayExecutor:
        try:
            import ray
        except ImportError:
            raise TamisError("the Ray executor needs Ray: pip install 'tamis[ray]'") from None
        _quiet_ray_env()
        _check_reachable(self.address)
        kwargs: dict[str, Any] = {"log_to_driver": False, "configure_logging": False}
        try:
            if self.address == "local":
                ray.init(num_cpus=self.requested or None, include_dashboard=False, _node_ip_address="127.0.0.1",
                         **kwargs)
            else:
                ray.init(address=self.address, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as e:
            hint = " (start one with `ray start --head`, or use `executor: {kind: ray, address: local}`)" \
                if self.address == "auto" else ""
            raise TamisError(f"cannot connect to a Ray cluster at {self.address!r}{hint}: {e}") from None
        self._ray = ray
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = min(self.requested, cpus) if self.requested else cpus
        self._remote = ray.remote(num_cpus=1, max_retries=MAX_RETRIES)(_unit)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._ray is not None:
            self._ray.shutdown()
            self._ray = None

    def map(
        self, fn: Callable[..., Any], jobs: Sequence[tuple], label: str, progress: Progress, docs: bool = False
    ) -> list[Any]:
        """fn(*job) for each job as Ray tasks, at most `workers` at a time; results in job order."""
        ray = self._ray
        task = progress.start(label, len(jobs))
        refs: list[Any] = [None] * len(jobs)
        index: dict[Any, int] = {}
        pending: list[Any] = []
        results: list[Any] = [None] * len(jobs)
        nxt = 0
        try:
            while nxt < len(jobs) or pending:
                while nxt < len(jobs) and len(pending) < max(1, self.workers) * 2:
                    ref = self._remote.remote(fn, jobs[nxt])
                    refs[nxt] = ref
                    index[ref] = nxt
                    pending.append(ref)
                    nxt += 1
                done, pending = ray.wait(pending, num_returns=1)
                for ref in done:
                    i = index.pop(ref)
                    try:
                        results[i] = ray.get(ref)
                    except ray.exceptions.RayTaskError as e:
                        cause = e.as_instanceof_cause()
                        raise (cause.cause if getattr(cause, "cause", None) else cause) from None
                    if docs and isinstance(results[i], dict):
                        r = results[i]
                        progress.docs(task, r.get("kept", 0) + r.get("between", 0) + r.get("rejected", 0))
                    progress.advance(task)
        except BaseException:
            for ref in pending:
                ray.cancel(ref, force=True)
            raise
        finally:
            progress.finish(task)
        return results
