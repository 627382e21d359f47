"""One pass over a run's output: bounded samples and histograms, never the whole corpus in memory.

Samples are reservoirs per rejection reason (and one for kept documents), so a rule that
rejected ten documents is shown as well as one that rejected a million.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..write.shards import iter_records

BINS = [0, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, math.inf]


def bin_label(i: int) -> str:
    lo, hi = BINS[i], BINS[i + 1]
    f = lambda x: f"{x // 1000}k" if x >= 1000 else str(x)  # noqa: E731
    return f"≥{f(lo)}" if hi == math.inf else f"{f(lo)}–{f(hi)}"


def _bin(n: int) -> int:
    for i in range(len(BINS) - 1):
        if n < BINS[i + 1]:
            return i
    return len(BINS) - 2


@dataclass
class Scan:
    per_reason: int
    kept_sample: int
    seed: int = 0
    reservoirs: dict[str, list[dict]] = field(default_factory=dict)
    seen: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    length_before: list[int] = field(default_factory=lambda: [0] * (len(BINS) - 1))
    length_after: list[int] = field(default_factory=lambda: [0] * (len(BINS) - 1))

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def _offer(self, key: str, rec: dict[str, Any], cap: int) -> None:
        self.seen[key] += 1
        box = self.reservoirs.setdefault(key, [])
        if len(box) < cap:
            box.append(rec)
        else:
            j = self._rng.randrange(self.seen[key])
            if j < cap:
                box[j] = rec

    def add(self, rec: dict[str, Any], kept: bool) -> None:
        """Sample by verdict, and by each kind of line removed (a page with spam lines is found by `clean.spam`)."""
        self._offer("kept" if kept else rec.get("reason", "?"), rec, self.kept_sample if kept else self.per_reason)
        for reason in {r["reason"] for r in rec.get("removed") or ()}:
            self._offer("lines: " + reason, rec, self.per_reason)
        if kept:
            lang = (rec.get("meta") or {}).get("language") or "unknown"
            self.languages[lang] += 1
            after = len(rec.get("text") or "")
            before = after + sum(len(r.get("text") or "") for r in rec.get("removed") or ())
            self.length_before[_bin(before)] += 1
            self.length_after[_bin(after)] += 1


def scan(root: Path, sample: int) -> Scan:
    """Stream kept/ and rejected/ once; `sample` documents in all, spread over the reasons."""
    s = Scan(per_reason=max(3, sample // 8), kept_sample=max(10, sample // 4))
    for sub, kept in (("kept", True), ("rejected", False)):
        for p in sorted((root / sub).glob("part-*")):
            for rec in iter_records(p):
                s.add(rec, kept)
    return s


def find(root: Path, doc_id: str) -> dict[str, Any] | None:
    for sub in ("kept", "rejected"):
        for p in sorted((root / sub).glob("part-*")):
            for rec in iter_records(p):
                if rec.get("id") == doc_id or rec.get("url") == doc_id:
                    return rec
    return None
