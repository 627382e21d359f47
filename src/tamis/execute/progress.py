"""Progress display shared by the executors: shards done, documents and docs/s.

On a terminal it is a rich progress bar; elsewhere (CI logs, pipes) one line per phase,
so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self, enabled: bool = True, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.live = enabled and self.console.is_terminal
        self.quiet = not enabled
        self._rich: RichProgress | None = None
        self._tasks: dict[Any, dict[str, Any]] = {}

    def __enter__(self) -> Progress:
        if self.live:
            self._rich = RichProgress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("shards · {task.fields[docs]} docs · {task.fields[rate]} docs/s"),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self._rich.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._rich is not None:
            self._rich.__exit__(*exc)

    def start(self, label: str, total: int) -> Any:
        info = {"label": label, "t0": time.perf_counter(), "docs": 0, "total": total}
        if self._rich is not None:
            tid = self._rich.add_task(label, total=total, docs=0, rate="-")
        else:
            tid = len(self._tasks)
        self._tasks[tid] = info
        return tid

    def docs(self, task: Any, n: int) -> None:
        info = self._tasks[task]
        info["docs"] += n
        if self._rich is not None:
            dt = time.perf_counter() - info["t0"]
            self._rich.update(task, docs=info["docs"], rate=f"{info['docs'] / dt:,.0f}" if dt > 0 else "-")

    def advance(self, task: Any) -> None:
        if self._rich is not None:
            self._rich.advance(task)

    def finish(self, task: Any) -> None:
        info = self._tasks[task]
        dt = time.perf_counter() - info["t0"]
        if self._rich is None and not self.quiet:
            rate = f", {info['docs'] / dt:,.0f} docs/s" if info["docs"] and dt > 0 else ""
            docs = f", {info['docs']} docs" if info["docs"] else ""
            print(f"{info['label']}: {info['total']} units{docs} in {dt:.1f} s{rate}", file=sys.stderr, flush=True)
