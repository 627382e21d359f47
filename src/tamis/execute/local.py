"""The local executor: a process pool over shards, with a live docs/s progress bar.

Processes are started with `spawn`, not `fork`: the parent runs a progress thread, and a
forked child of a threaded parent can deadlock on a lock held at fork time. Workers report
progress through a queue; the parent holds nothing but shard descriptions, so memory is
bounded by one shard per worker whatever the corpus size.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from typing import Any

from .progress import Progress

_QUEUE: Any = None


def _init(q: Any) -> None:
    global _QUEUE
    _QUEUE = q
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def _report(n: int) -> None:
    if _QUEUE is not None and n:
        _QUEUE.put(n)


def _invoke(fn: Callable[..., Any], args: tuple, wants_progress: bool) -> Any:
    return fn(*args, progress=_report) if wants_progress else fn(*args)


class LocalExecutor:
    name = "local"

    def __init__(self, workers: int = 0):
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._queue: Any = None

    def __enter__(self) -> LocalExecutor:
        if self.workers > 1:
            ctx = mp.get_context("spawn")
            self._queue = ctx.Queue()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init, initargs=(self._queue,))
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._pool is not None:
            # joined even on error: a pool left running races Python's exit hook for its wakeup
            # pipe, and a failed run's clear message got a "Bad file descriptor" traceback after it
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(
        self, fn: Callable[..., Any], jobs: Sequence[tuple], label: str, progress: Progress, docs: bool = False
    ) -> list[Any]:
        """Run fn(*job) for each job; results in job order. `docs`: fn takes a progress callback."""
        task = progress.start(label, len(jobs))
        if self._pool is None:
            results = []
            for job in jobs:
                results.append(fn(*job, progress=lambda n: progress.docs(task, n)) if docs else fn(*job))
                progress.advance(task)
            progress.finish(task)
            return results
        stop = threading.Event()

        def pump() -> None:
            while not stop.is_set():
                try:
                    progress.docs(task, self._queue.get(timeout=0.2))
                except queue.Empty:
                    continue
                except (EOFError, OSError):
                    return

        t = threading.Thread(target=pump, daemon=True)
        t.start()
        futures = [self._pool.submit(_invoke, fn, job, docs) for job in jobs]
        for f in futures:
            f.add_done_callback(lambda _f: progress.advance(task))
        try:
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for f in futures:
                if f.done() and f.exception() is not None:
                    for g in futures:
                        g.cancel()
                    raise f.exception()  # type: ignore[misc]
            return [f.result() for f in futures]
        finally:
            stop.set()
            t.join(timeout=2)
            while True:  # drain late progress messages
                try:
                    progress.docs(task, self._queue.get_nowait())
                except (queue.Empty, EOFError, OSError):
                    break
            progress.finish(task)
