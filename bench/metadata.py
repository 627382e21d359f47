"""Metadata accuracy on WCXB-dev (gold title, publish date, author), tamis and peers in one run.

    python bench/metadata.py [--shared ../shared] [--limit N]

Systems: tamis on the HTML, the same without the page-type gate (what the gate costs in
recall and saves in precision), tamis on the page text alone, trafilatura's metadata
extraction, htmldate (date only). tamis gives a date and an author only on page types
that have them (the `clean` stage's `dated_types`: article, forum; `authored_types`: those
and documentation; a date the markup gives and an author its JSON-LD or <meta> declare also
on other pages unless the type model gives those types less than `declared_floor`,
`Clean.off_type`); its page-type model
was trained on these pages, so the type used here is the cross-validated one
(bench/results/page_type[_html]_cv.npz from `scripts/train_line_model.py --types-only`):
each page's type comes from a model that never saw its site. So does a text page's title
line (bench/results/title_cv.json, from `scripts/train_line_model.py --mode text`) and an HTML
page's title (bench/results/html_title_cv.json, from `scripts/train_html_title.py`) and the
date an HTML page's markup gives (bench/results/html_date_cv.json, from
`scripts/train_html_date.py`; the cleaner still adds a date from the text's header lines
where that gives none, unless that model ruled its day out, as in the pipeline). Scoring:
- title: exact match after Unicode/case/whitespace/quote normalisation, over all pages
  (every WCXB page has a gold title);
- date: the day (YYYY-MM-DD) must equal the gold's. Recall = right dates / pages with a
  gold date; precision = right dates / pages the system gave a date for (a date on a page
  whose gold has none is wrong);
- author: right when the names agree: the sets of names (split on commas, "and", "&")
  share a name, compared by their words. Recall and precision as for dates.
- category: WCXB has no gold section. tamis on the HTML gives the section the markup
  declares (JSON-LD `articleSection`, `article:section`, a breadcrumb trail) or none; from
  page text it can only guess from the line above the title. That guess is checked against
  the declared section where the page has one (names compared after normalisation): how
  often it is given, and how often it agrees (trafilatura's first category beside).
Writes bench/results/metadata.json and .md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from quality import cv_page_types, cv_titles  # noqa: E402
from tamis.clean.stage import Clean  # noqa: E402

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "})
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|/)\s*", re.I)
_TITLES = {"dr", "mr", "mrs", "ms", "prof", "by", "md", "phd", "rd", "ma", "mba", "jr", "sr"}


def norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", s).strip(" .:|-\"'")


def names(s: str | None) -> list[frozenset[str]]:
    out = []
    for part in _NAME_SPLIT.split(norm(s)):
        words = frozenset(w for w in re.findall(r"\w+", part) if w not in _TITLES)
        if words:
            out.append(words)
    return out


def same_author(pred: str | None, gold: str | None) -> bool:
    p, g = names(pred), names(gold)
    return any(a == b or (len(a) >= 2 and len(b) >= 2 and (a <= b or b <= a)) for a in p for b in g)


def day(s: str | None) -> str | None:
    if not s:
        return None
    m = re.match(r"\d{4}-\d{2}-\d{2}", str(s))
    return m.group(0) if m else None


def load(shared: Path, limit: int | None) -> list[dict]:
    out = []
    for line in gzip.open(shared / "bench" / "wcxb-dev.jsonl.gz", "rt", encoding="utf-8"):
        out.append(json.loads(line))
        if limit and len(out) >= limit:
            break
    return out


@cache
def cv_html_dates() -> dict[str, dict]:
    """Per page {"date": (date, source) or None, "refuted": days ruled out} as a date model
    that never saw the site gave them (scripts/train_html_date.py writes them)."""
    return json.loads((ROOT / "bench/results/html_date_cv.json").read_text())


GATE = Clean()  # the cleaner's own rule for which page types keep a date and an author (Clean.off_type)


@cache
def _stages() -> tuple:
    from tamis.extract.stage import Extract

    return Extract(), Clean(dated_types=(), authored_types=())


def _tamis(p: dict, mode: str, gated: bool = True) -> dict:
    from tamis.clean.features import PAGE_TYPES
    from tamis.document import Document

    ex, cl = _stages()
    doc = Document(id=p["id"], url=p["url"], **({"html": p["html"]} if mode == "html" else {"text": p["page_text"]}))
    doc = ex.process(doc)
    if mode == "html":  # the HTML's date as a date model that never saw the site chose it
        doc.meta.pop("date", None)
        doc.meta.pop("date_source", None)
        cv = cv_html_dates().get(f"wcxb:{p['id']}") or {}
        if cv.get("date"):
            doc.meta["date"], doc.meta["date_source"] = cv["date"]
        doc.undecided.refuted_days = cv.get("refuted")
    doc = cl.process_batch([doc])[0]  # the text's header dates where the HTML gives none
    out = {k: doc.meta.get(k) for k in ("title", "date", "author", "date_source", "author_source", "category")}
    out["title"] = cv_titles(mode).get(f"wcxb:{p['id']}")  # as a title model that never saw the site chose it
    if not gated:
        return out
    type_p = cv_page_types(mode)[f"wcxb:{p['id']}"]
    typed = {"page_type": PAGE_TYPES[int(np.argmax(type_p))], "date_source": out["date_source"],
             "author_source": out["author_source"]}
    for k in ("date", "author"):
        if out[k] and GATE.off_type(k, typed, type_p):
            out[k] = None
    return out


def tamis_html(p: dict) -> dict:
    return _tamis(p, "html")


def tamis_text(p: dict) -> dict:
    return _tamis(p, "text")


def tamis_html_ungated(p: dict) -> dict:
    """What the page-type gate costs and saves: a date and an author on every page type."""
    return _tamis(p, "html", gated=False)


def trafilatura_meta(p: dict) -> dict:
    from trafilatura.metadata import extract_metadata

    m = extract_metadata(p["html"], default_url=p["url"])
    return {"title": m.title, "date": m.date, "author": m.author,
            "category": (m.categories or [None])[0]} if m else {}


def htmldate_meta(p: dict) -> dict:
    from htmldate import find_date

    return {"date": find_date(p["html"], url=p["url"], original_date=True)}


SYSTEMS = {"tamis (html)": tamis_html, "tamis (html, no page-type gate)": tamis_html_ungated,
           "tamis (page text)": tamis_text, "trafilatura": trafilatura_meta, "htmldate": htmldate_meta}


def score(pages: list[dict], preds: list[dict], fields: tuple[str, ...]) -> dict:
    res: dict = {}
    if "title" in fields:
        res["title_exact"] = sum(norm(p["title"]) == norm(q.get("title")) for p, q in zip(pages, preds)) / len(pages)
    for f, same in (("date", lambda a, b: day(a) is not None and day(a) == day(b)), ("author", same_author)):
        if f not in fields:
            continue
        gold = sum(1 for p in pages if p[f])
        given = sum(1 for q in preds if q.get(f))
        right = sum(1 for p, q in zip(pages, preds) if p[f] and q.get(f) and same(q.get(f), p[f]))
        res[f"{f}_recall"] = right / max(gold, 1)
        res[f"{f}_precision"] = right / max(given, 1)
        res[f"{f}_given"] = given
        res[f"{f}_gold"] = gold
    return res


def category_check(pages: list[dict], preds: dict[str, list[dict]]) -> dict:
    from selectolax.lexbor import LexborHTMLParser

    from tamis.extract.htmlmeta import _site_keys, declared_section, read_declared

    declared = []
    for p in pages:
        tree = LexborHTMLParser(p["html"])
        d = read_declared(tree)
        declared.append(declared_section(tree, d, _site_keys(d.site, p["url"]), None, p["url"]))
    out = {}
    for name in ("tamis (html)", "tamis (page text)", "trafilatura"):
        given = [(q.get("category"), ref) for q, ref in zip(preds[name], declared) if q.get("category")]
        checkable = [(c, ref) for c, ref in given if ref]
        out[name] = {"given": len(given), "checkable": len(checkable),
                     "agree": sum(norm(c) == norm(ref) for c, ref in checkable)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", default=str(ROOT / "bench/results"))
    ap.add_argument("--errors", help="write each system's misses here (JSONL), for error analysis")
    a = ap.parse_args()
    pages = load(Path(a.shared), a.limit)
    results: dict = {}
    results_preds: dict = {}
    errors = []
    for name, fn in SYSTEMS.items():
        t0 = time.time()
        preds = [fn(p) for p in pages]
        fields = ("date",) if name == "htmldate" else ("title", "date", "author")
        r = score(pages, preds, fields)
        r["seconds"] = round(time.time() - t0, 1)
        by_type: dict = defaultdict(list)
        for p, q in zip(pages, preds):
            by_type[p["page_type"]].append((p, q))
        r["by_type"] = {t: score([x for x, _ in v], [y for _, y in v], fields) for t, v in sorted(by_type.items())}
        sources: dict = defaultdict(lambda: [0, 0])  # date_source: [given, right]
        for p, q in zip(pages, preds):
            if q.get("date") and q.get("date_source"):
                sources[q["date_source"]][0] += 1
                sources[q["date_source"]][1] += bool(p["date"]) and day(q["date"]) == day(p["date"])
        if sources:
            r["date_precision_by_source"] = {k: {"given": g, "precision": round(c / g, 3)} for k, (g, c) in sources.items()}
        results[name] = r
        results_preds[name] = preds
        print(name, json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items() if k != "by_type"}), flush=True)
        if a.errors:
            for p, q in zip(pages, preds):
                for f in fields:
                    errors.append({"system": name, "field": f, "id": p["id"], "type": p["page_type"], "gold": p[f], "pred": q.get(f)})
    category = category_check(pages, results_preds)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metadata.json").write_text(json.dumps({**results, "category": category}, indent=1))
    rows = ["| system | title exact | date R | date P | author R | author P | s |", "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        cells = [f"{r[k]:.3f}" if k in r else "–" for k in
                 ("title_exact", "date_recall", "date_precision", "author_recall", "author_precision")]
        rows.append(f"| {name} | {' | '.join(cells)} | {r['seconds']} |")
    rows += ["", "By page type (tamis html): title exact / date R / date P / author R / author P", "",
             "| page type | title | date R | date P | author R | author P |", "|---|---|---|---|---|---|"]
    for t, r in results["tamis (html)"]["by_type"].items():
        rows.append(f"| {t} | {r['title_exact']:.3f} | {r['date_recall']:.3f} | {r['date_precision']:.3f} | "
                    f"{r['author_recall']:.3f} | {r['author_precision']:.3f} |")
    by_source = results.get("tamis (html, no page-type gate)", {}).get("date_precision_by_source", {})
    if by_source:
        rows += ["", "Dates by where they were found (tamis html, no page-type gate): given / precision", "",
                 "| date_source | given | precision |", "|---|---|---|"]
        rows += [f"| {k} | {v['given']} | {v['precision']:.3f} |" for k, v in sorted(by_source.items(), key=lambda kv: -kv[1]["given"])]
    rows += ["", "Category, against the section the page's markup declares (no gold; page text guesses from the "
             "line above the title):", "", "| system | pages given one | of them with a declared section | agreeing |",
             "|---|---|---|---|"]
    rows += [f"| {k} | {v['given']} | {v['checkable']} | {v['agree']} |" for k, v in category.items()]
    (out / "metadata.md").write_text("\n".join(rows) + "\n")
    print("\n".join(rows))
    if a.errors:
        with open(a.errors, "w") as f:
            for e in errors:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
