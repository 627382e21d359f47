"""Which of the dates a page carries is its publication date.

A page holds many dates: the published and modified times its <meta> tags and JSON-LD
declare, <time> elements (its own, its teasers', its comments'), dates written by the
headline ("Updated August 14, 2025"), the permalink's date. Readers, and the benchmark's
annotators, take the date the page shows by its headline, which is the declared published
date on most pages and the updated one on others; a hand rule that trusts one source first
cannot tell them apart. Here every date found is a candidate, candidates of the same day
are merged, and a small model scores each day on where it was found, how many places agree
on it, where it sits among the page's other dates and how far from the headline it is
written, and whether the hand rule picked it. The best day is the page's date if its
score clears MIN_P: a wrong date is worse than none. Trained by scripts/train_html_date.py
on the WCXB-dev gold dates (cross-validated by site) and shipped as pubdate_model.npz.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ..clean.model import ObliviousEnsemble, load_named
from .title import KIND_NAMES, page_kinds

MODEL_PATH = Path(__file__).with_name("pubdate_model.npz")
MIN_P = 0.5  # the best day's score under this: no date (the text's header dates may still give one)
REFUTED_P = 0.05  # a day scored under this is not the page's, whoever finds it later

# where a date was found; `date_source` names the first of them a chosen day has
SOURCES = ("meta", "meta_modified", "meta_other", "json-ld", "json-ld_modified", "json-ld_other", "itemprop", "time",
           "time_teaser", "heading", "heading_updated", "body", "body_updated", "url", "rule")
SOURCE_NAME = {"meta_modified": "meta", "meta_other": "meta", "json-ld_modified": "json-ld", "json-ld_other": "json-ld",
               "time_teaser": "time", "heading_updated": "heading", "body": "text", "body_updated": "text"}
DATE_NAMES = [f"src_{s}" for s in SOURCES] + [
    "n_sources", "n_found", "time_index", "heading_offset", "heading_distance", "heading_index",
    "body_offset", "body_distance", "body_index", "body_rank",
    "n_days", "date_rank", "is_latest", "is_earliest", "log_days_to_latest", "log_days_to_earliest",
    "log_days_to_rule", "has_time", "permalink", "front",
] + KIND_NAMES
_FAR = 5000.0  # the offset of a date not written by the headline


@dataclass
class Found:
    iso: str
    source: str
    index: int = -1  # among the page's <time> elements, or the dates by the headline / in the text
    offset: float = _FAR  # characters from the headline's start in the page's text (negative: above it)


@dataclass
class Day:
    day: str
    found: list[Found] = field(default_factory=list)

    @property
    def sources(self) -> set[str]:
        return {f.source for f in self.found}

    @property
    def iso(self) -> str:
        """The fullest form of the day: a declared timestamp if one has it."""
        by = sorted(self.found, key=lambda f: SOURCES.index(f.source))
        return next((f.iso for f in by if "T" in f.iso), by[0].iso[:10])

    @property
    def source(self) -> str:
        s = min((f.source for f in self.found if f.source != "rule"), key=SOURCES.index, default="rule")
        return SOURCE_NAME.get(s, s)


def days(found: list[Found]) -> list[Day]:
    out: dict[str, Day] = {}
    for f in found:
        d = f.iso[:10]
        try:
            dt.date.fromisoformat(d)
        except ValueError:
            continue
        out.setdefault(d, Day(d)).found.append(f)
    return list(out.values())


def _log_days(a: dt.date, b: dt.date) -> float:
    return float(np.log1p(abs((a - b).days)))


def features(cands: list[Day], permalink: bool, front: bool, kinds: set[str]) -> np.ndarray:
    """One row per day, in DATE_NAMES order; `permalink`: the URL holds a date."""
    k = len(cands)
    dates = [dt.date.fromisoformat(c.day) for c in cands]
    order = np.argsort(np.asarray([d.toordinal() for d in dates]), kind="stable")
    rank = np.empty(k, np.float32)
    rank[order] = np.arange(k)
    latest, earliest = max(dates, default=None), min(dates, default=None)
    rule = next((d for c, d in zip(cands, dates) if "rule" in c.sources), None)
    page = [float(permalink), float(front), *page_kinds(kinds)]
    # which of the distinct days written in the text this is, nearest the headline first
    near_body = sorted((abs(f.offset), c.day) for c in cands for f in c.found if f.source.startswith("body"))
    body_rank: dict[str, int] = {}
    for _, d in near_body:
        body_rank.setdefault(d, len(body_rank))
    rows = []
    for c, d, r in zip(cands, dates, rank):
        srcs = c.sources
        times = [f.index for f in c.found if f.source.startswith("time")]
        heads = [f for f in c.found if f.source.startswith("heading")]
        near = min(heads, key=lambda f: abs(f.offset), default=None)
        body = min((f for f in c.found if f.source.startswith("body")), key=lambda f: abs(f.offset), default=None)
        rows.append([float(s in srcs) for s in SOURCES] + [
            len(srcs), len(c.found), min(times, default=-1), near.offset if near else _FAR,
            abs(near.offset) if near else _FAR, near.index if near else -1,
            body.offset if body else _FAR, abs(body.offset) if body else _FAR, body.index if body else -1,
            body_rank.get(c.day, -1),
            k, r / max(k - 1, 1), float(d == latest), float(d == earliest), _log_days(d, latest), _log_days(d, earliest),
            _log_days(d, rule) if rule else -1.0, float(any("T" in f.iso for f in c.found)), *page,
        ])
    return np.asarray(rows, np.float32).reshape(k, len(DATE_NAMES))


@cache
def load_model(path: str | Path | None = None) -> ObliviousEnsemble | None:
    return load_named(Path(path or MODEL_PATH), "pd", DATE_NAMES, "scripts/train_html_date.py")


def refuted(model: ObliviousEnsemble | None, cands: list[Day], X: np.ndarray) -> list[str]:
    """The days the model rules out (ISO days). Where it gives no date, `clean` reads one in
    the text's header lines, which may be a day the model already weighed and refused: on
    wcxb-dev (cross-validated) 3 of the 57 dates the text gave were such days, under 0.03,
    and all 3 wrong; so were two on htmldate's test pages (a related story's date, a
    comment's)."""
    if model is None or not cands:
        return []
    p = model.predict_proba(X)
    return [c.day for c, q in zip(cands, p) if q < REFUTED_P]


def choose(model: ObliviousEnsemble | None, cands: list[Day], X: np.ndarray, min_p: float = MIN_P) -> Day | None:
    """The best-scored day if it clears `min_p`, else the day the page declares if its text
    shows no other; without a model, the hand rule's."""
    if not cands:
        return None
    if model is None:
        return next((c for c in cands if "rule" in c.sources), None)
    p = model.predict_proba(X)
    best = int(np.argmax(p))
    if p[best] >= min_p:
        return cands[best]
    # what the page declares, with no date in the page to contradict it (the permalink's may
    # differ by a time zone or a draft's day), is no guess
    declared = [c for c in cands if c.sources & {"meta", "meta_other", "json-ld"}]
    others = [c for c in cands if c.sources - {"url", "rule"} and c not in declared]
    return declared[0] if len(declared) == 1 and not others else None
