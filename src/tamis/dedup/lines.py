"""dedup.lines: a site's own menus and footers, learned from the corpus itself.

A line is a site's furniture when it sits in the same place on K or more pages of the site:
the same line with the same line before it, or the same line after it (page start and end
count as neighbours). Repeated lines in varied places — `try {` in every code sample of a
documentation site, a common subheading — are content and stay. Lines the cleaner already
dropped count too, without their neighbours: a footer dropped on nine pages marks it as
furniture on the tenth. Lines `clean` kept inside a code block stay whatever their
neighbours: every example of a documentation site may open with the same two lines. Pages
are counted by their text: the same page at several URLs (tracking parameters, session ids,
mirrors) is one page, or its every line would look like furniture and the page would
vanish (found by bench/e2e.py, whose crawl repeats pages).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from ..annotate.urls import parse_url
from ..document import Document
from ..errors import ConfigError
from ..stage import CorpusStage, register

_ROWS = pa.schema([("key", pa.uint64()), ("page", pa.uint32())])
_DECISIONS = pa.schema([("key", pa.uint64()), ("pages", pa.int64())])
_START, _END = "\x02", "\x03"
_BLANKS = re.compile(r"\n{3,}")


def site_of(url: str | None) -> str | None:
    host = parse_url(url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split())


def _h(site: str, *parts: str) -> int:
    return xxhash.xxh64_intdigest("\x00".join((site, *parts)).encode("utf-8", "surrogatepass"))


def placed_keys(site: str, lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """For non-blank normalised lines: (key with the line before, key with the line after)."""
    ctx = [_START, *lines, _END]
    before = np.fromiter((_h(site, "b", ctx[i], ctx[i - 1]) for i in range(1, len(ctx) - 1)), np.uint64, len(lines))
    after = np.fromiter((_h(site, "a", ctx[i], ctx[i + 1]) for i in range(1, len(ctx) - 1)), np.uint64, len(lines))
    return before, after


def dropped_keys(site: str, lines: list[str]) -> np.ndarray:
    return np.fromiter((_h(site, "d", s) for s in lines), np.uint64, len(lines))


@register("dedup.lines")
@dataclass
class SiteLines(CorpusStage):
    """Remove lines placed alike on at least `min_docs` pages of the same site (host of the URL).

    `min_chars`: shorter lines are left alone (a lone brace or number repeats by chance).
    """

    min_docs: int = 3
    min_chars: int = 2

    def __post_init__(self) -> None:
        if self.min_docs < 2:
            raise ConfigError(f"dedup.lines: min_docs must be >= 2 (a line on one page is not repeated), got {self.min_docs}")

    def map(self, docs: list[Document]) -> pa.Table:
        keys: list[np.ndarray] = []
        pages: list[np.ndarray] = []
        for d in docs:
            site = site_of(d.url)
            if site is None:
                continue
            lines = [n for n in map(_norm, d.text.split("\n")) if n]
            dropped = [n for r in d.removed for n in map(_norm, r.text.split("\n")) if len(n) >= self.min_chars]
            k = np.unique(np.concatenate([*placed_keys(site, lines), dropped_keys(site, dropped)]))
            keys.append(k)
            pages.append(np.full(len(k), xxhash.xxh32_intdigest(d.text.encode("utf-8", "surrogatepass")), np.uint32))
        if not keys:
            return _ROWS.empty_table()
        return pa.table({"key": np.concatenate(keys), "page": np.concatenate(pages)}, schema=_ROWS)

    def group(self, rows: pa.Table) -> pa.Table:
        counts = rows.group_by("key").aggregate([("page", "count_distinct")])
        counts = counts.filter(pc.greater_equal(counts["page_count_distinct"], self.min_docs))
        return pa.table({"key": counts["key"], "pages": pc.cast(counts["page_count_distinct"], pa.int64())},
                        schema=_DECISIONS)

    def empty_decisions(self) -> pa.Table:
        return _DECISIONS.empty_table()

    def prepare(self, decisions: pa.Table) -> np.ndarray:
        return np.sort(decisions["key"].to_numpy())

    def apply(self, doc: Document, index: np.ndarray) -> Document:
        site = site_of(doc.url)
        if site is None:
            self.count("no_site")
            return doc
        if len(index) == 0 or not doc.text:
            return doc
        raw = doc.text.split("\n")
        where = [i for i, line in enumerate(raw) if line.strip()]
        norm = [_norm(raw[i]) for i in where]
        before, after = placed_keys(site, norm)
        hit = _member(index, before) | _member(index, after) | _member(index, dropped_keys(site, norm))
        hit &= np.fromiter((len(n) >= self.min_chars for n in norm), bool, len(norm))
        if doc.code:  # a program's lines repeat across a docs site by design ("fn main() {")
            code = {_norm(c) for c in doc.code}
            hit &= np.fromiter((n not in code for n in norm), bool, len(norm))
        if not hit.any():
            return doc
        gone = set()
        for j in np.nonzero(hit)[0]:
            i = where[j]
            gone.add(i)
            doc.remove(raw[i], "dedup.site_line", line=i)
        doc.text = _BLANKS.sub("\n\n", "\n".join(line for i, line in enumerate(raw) if i not in gone)).strip()
        if not doc.text:
            doc.reject("dedup.site_line", float(len(gone)), "every line of the page is repeated across its site")
        return doc

    def summary(self, decisions: pa.Table) -> dict[str, Any]:
        return {"site_lines": decisions.num_rows}


def _member(index: np.ndarray, keys: np.ndarray) -> np.ndarray:
    pos = np.minimum(np.searchsorted(index, keys), len(index) - 1)
    return index[pos] == keys
