"""What the HTML metadata trainers (train_html_title.py, train_html_date.py) share: their
data, their command line and their cross-validation, 5 folds grouped by site host."""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]


def host(url: str) -> str:
    h = (urlparse(url).hostname or "").lower()
    return h[4:] if h.startswith("www.") else h


def fold_of(urls: list[str], k: int = 5) -> dict[str, int]:
    """Each host's fold: no page is scored by a model that saw a page of its site."""
    hosts = sorted({host(u) for u in urls})
    return dict(zip(hosts, np.random.default_rng(0).permutation(len(hosts)) % k))


def held_out(pages: list[dict], fit: Callable[[list[dict], int], Any], seed: int) -> Iterator[tuple[Any, list[dict]]]:
    """(model fitted on the other folds, the fold's pages) for each fold."""
    folds = fold_of([p["url"] for p in pages])
    for k in range(5):
        yield (fit([p for p in pages if folds[host(p["url"])] != k], seed),
               [p for p in pages if folds[host(p["url"])] == k])


def wcxb(shared: Path) -> Iterator[tuple[dict, LexborHTMLParser]]:
    """Each wcxb-dev record and its parsed HTML."""
    for line in gzip.open(shared / "bench" / "wcxb-dev.jsonl.gz", "rt", encoding="utf-8"):
        r = json.loads(line)
        yield r, LexborHTMLParser(r["html"])


def args(cv_file: str) -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--cv-only", action="store_true", help="write the cross-validated choices, not the model")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cv-out", default=str(ROOT / "bench/results" / cv_file))
    return ap.parse_args()
