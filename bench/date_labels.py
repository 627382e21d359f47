"""How far WCXB-dev's gold publish dates let any date chooser go (README, "Metadata").

    python bench/date_labels.py [--shared ../shared]

Measured on the days tamis's HTML extractor gathers as candidates (`htmlmeta.page_dates`):
- reach: the share of gold-dated pages whose gold day is a candidate at all, with the text
  window the extractor reads around the headline, and with every date the page's text holds;
- ambiguity: on pages where the day written by the headline and the day the page declares
  published (<meta>, JSON-LD) differ, which of the two the gold takes, split by what a
  chooser can see there: how far apart the two days are, whether the declared day is also
  written in the text or held by a <time>/itemprop stamp, and whether the headline's day is
  labelled as an update. Within a split, a chooser that sees nothing more gets only the
  larger side right; the smaller sides, summed, are days it loses whatever it learns.
The highest recall such a chooser reaches is then at most (pages reachable with every text
date - the smaller sides) / gold-dated pages, before any page-type gate; an optimistic bound,
as the splits are counted on the same pages (finer splits would lower it further in sample
only).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tamis.annotate.dates import find_dates  # noqa: E402
from tamis.extract.htmlmeta import page_dates, read_declared  # noqa: E402

DECLARED = {"meta", "json-ld"}
SHOWN = {"heading", "heading_updated"}
WRITTEN = {"heading", "heading_updated", "body", "body_updated"}
STAMPED = {"time", "itemprop"}


def headline_day(cands: list) -> object | None:
    """The candidate written nearest the headline (its first date beside it)."""
    shown = [c for c in cands if c.sources & SHOWN]
    return min(shown, key=lambda c: min(f.index for f in c.found if f.source in SHOWN), default=None)


def gap(shown: str, declared: str) -> str:
    days = (date.fromisoformat(shown) - date.fromisoformat(declared)).days
    return ("shown day earlier" if days < 0 else "shown day 1-30 days later" if days <= 30 else
            "shown day a month to a year later" if days <= 365 else "shown day over a year later")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "bench/results"))
    a = ap.parse_args()
    dated = reach_window = reach_text = 0
    splits: Counter = Counter()
    for line in gzip.open(Path(a.shared) / "bench" / "wcxb-dev.jsonl.gz", "rt", encoding="utf-8"):
        r = json.loads(line)
        gold = (r.get("date") or "")[:10]
        if not gold:
            continue
        dated += 1
        tree = LexborHTMLParser(r["html"])
        d = read_declared(tree)
        cands, _ = page_dates(tree, d, r["url"])
        days = {c.day for c in cands}
        reach_window += gold in days
        reach_text += gold in days or any(iso[:10] == gold for _, _, iso in find_dates(d.text()))
        declared = next((c for c in cands if c.sources & DECLARED), None)
        shown = headline_day(cands)
        if declared is None or shown is None or shown.day == declared.day:
            continue
        side = "shown" if gold == shown.day else "declared" if gold == declared.day else "other"
        seen = ("declared day written" if declared.sources & WRITTEN else
                "declared day stamped" if declared.sources & STAMPED else "declared day hidden")
        label = "shown day 'updated'" if "heading" not in shown.sources else "shown day plain"
        splits[(gap(shown.day, declared.day), seen, label, side)] += 1
    keys = sorted({k[:-1] for k in splits})
    lost = sum(min(splits[(*k, "shown")], splits[(*k, "declared")]) for k in keys)
    res = {"gold_dated": dated, "reach_window": round(reach_window / dated, 3), "reach_text": round(reach_text / dated, 3),
           "disagreeing_pages": sum(splits.values()), "lost_to_ambiguity": lost,
           "recall_ceiling": round((reach_text - lost) / dated, 3),
           "splits": [{"split": list(k), "gold_shown": splits[(*k, "shown")], "gold_declared": splits[(*k, "declared")],
                       "gold_other": splits[(*k, "other")]} for k in keys]}
    rows = [f"Gold-dated pages: {dated}. Gold day among the candidates: {res['reach_window']:.3f} with the extractor's "
            f"window, {res['reach_text']:.3f} with every date of the text.", "",
            "Where the headline's day and the declared published day differ (gold takes ...):", "",
            "| what a chooser sees | the headline's | the declared | another |", "|---|---|---|---|"]
    rows += [f"| {', '.join(s['split'])} | {s['gold_shown']} | {s['gold_declared']} | {s['gold_other']} |"
             for s in res["splits"]]
    total = {side: sum(v for k, v in splits.items() if k[-1] == side) for side in ("shown", "declared", "other")}
    res["gold_takes"] = total
    rows += [f"| all {res['disagreeing_pages']} pages | {total['shown']} | {total['declared']} | {total['other']} |"]
    rows += ["", f"Smaller sides: {lost} pages. Highest recall a chooser of these candidates can reach: "
             f"{res['recall_ceiling']:.3f} (before the page-type gate)."]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "date_labels.json").write_text(json.dumps(res, indent=1))
    (out / "date_labels.md").write_text("\n".join(rows) + "\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
