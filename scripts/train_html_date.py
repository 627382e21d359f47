"""Train the HTML publication-date model shipped in src/tamis/extract/pubdate_model.npz.

    python scripts/train_html_date.py [--shared ../shared] [--cv-only] [--seed 0]

Data: the gold publish dates of ../shared/bench/wcxb-dev (1,497 pages; 782 have a date).
Each page's candidate days (tamis.extract.pubdate: declared, <time>, by the headline, the
permalink, the hand rule's pick) are labelled by whether they are the gold's day. The
figures printed are cross-validated, 5 folds grouped by site host: recall and precision at
the shipped MIN_P and at others (with the fallback of `pubdate.choose`), over all pages and
with the cleaner's page-type gate (`Clean.off_type`, the type from the cross-validated
page-type model; without the dates `clean` finds in the page's text when the extractor
gives none, which bench/metadata.py adds), beside the hand rule and the best any chooser could do with these candidates. The
cross-validated choices are written to bench/results/html_date_cv.json for
bench/metadata.py; the final model is then fitted on every page.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from metadata_cv import args, held_out, wcxb  # noqa: E402
from quality import cv_page_types  # noqa: E402
from tamis.clean.features import PAGE_TYPES  # noqa: E402
from tamis.clean.model import ObliviousEnsemble  # noqa: E402
from tamis.clean.stage import Clean  # noqa: E402
from tamis.extract.htmlmeta import date_of, page_dates, read_declared  # noqa: E402
from tamis.extract.pubdate import DATE_NAMES, MIN_P, MODEL_PATH, Day, choose, refuted  # noqa: E402


def load(shared: Path) -> list[dict]:
    types = cv_page_types("html")
    pages = []
    for r, tree in wcxb(shared):
        cands, X = page_dates(tree, read_declared(tree), r["url"])
        gold = (r.get("date") or "")[:10]
        page_type = PAGE_TYPES[int(np.argmax(types[f"wcxb:{r['id']}"]))]
        pages.append({"id": r["id"], "url": r["url"], "cands": cands, "days": [c.day for c in cands], "X": X,
                      "y": np.asarray([c.day == gold for c in cands], np.int8), "gold": gold,
                      "type": page_type, "type_p": types[f"wcxb:{r['id']}"]})
    return pages


def fit(pages: list[dict], seed: int) -> ObliviousEnsemble:
    from catboost import CatBoostClassifier

    pages = [p for p in pages if len(p["y"])]
    clf = CatBoostClassifier(iterations=300, depth=4, learning_rate=0.08, border_count=64, random_seed=seed,
                             verbose=0, thread_count=2, allow_writing_files=False)
    clf.fit(np.concatenate([p["X"] for p in pages]), np.concatenate([p["y"] for p in pages]))
    return ObliviousEnsemble.from_catboost(clf, DATE_NAMES, "/tmp/tamis_html_date.json")


_GATE = Clean()


def scores(pages: list[dict], chosen: dict[str, Day | None], gated: bool) -> tuple[float, float]:
    """Recall and precision of the chosen days; `gated`: as the cleaner's page-type rule leaves them."""
    gold = sum(bool(p["gold"]) for p in pages)
    given = []
    for p in pages:
        d = chosen[p["id"]]
        source = date_of(d, p["url"])[1] if d else None
        if d and not (gated and _GATE.off_type("date", {"page_type": p["type"], "date_source": source}, p["type_p"])):
            given.append(p)
    right = sum(chosen[p["id"]].day == p["gold"] for p in given)
    return right / max(gold, 1), right / max(len(given), 1)


def main() -> None:
    a = args("html_date_cv.json")
    t0 = time.time()
    pages = load(Path(a.shared))
    print(f"{len(pages)} pages, {sum(len(p['y']) for p in pages)} candidate days in {time.time() - t0:.0f} s")
    thresholds = sorted({0.0, 0.2, 0.4, MIN_P})
    picked: dict[float, dict[str, Day | None]] = {t: {} for t in thresholds}
    ruled_out: dict[str, list[str]] = {}  # the days refused on pages left undated, which clean will not take from the text
    for model, fold in held_out(pages, fit, a.seed):
        for p in fold:
            for t in thresholds:
                picked[t][p["id"]] = choose(model, p["cands"], p["X"], t)
            if picked[MIN_P][p["id"]] is None:
                ruled_out[p["id"]] = refuted(model, p["cands"], p["X"])
    rows = {"hand rule": {p["id"]: next((c for c in p["cands"] if "rule" in c.sources), None) for p in pages},
            "best candidate": {p["id"]: next((c for c in p["cands"] if c.day == p["gold"]), None) for p in pages}}
    for t in thresholds:
        rows[f"model, P >= {t:.2f}{' (shipped)' if t == MIN_P else ''}"] = picked[t]
    print("wcxb-dev dates, CV by host:   all pages R / P   page-type gate R / P")
    for name, chosen in rows.items():
        (r, pr), (rg, pg) = scores(pages, chosen, False), scores(pages, chosen, True)
        print(f"  {name:32s} {r:.3f} / {pr:.3f}        {rg:.3f} / {pg:.3f}")
    # (date, source) as the extractor would give them, or the days it ruled out, for bench/metadata.py
    urls = {p["id"]: p["url"] for p in pages}
    Path(a.cv_out).write_text(json.dumps({f"wcxb:{i}": {"date": date_of(d, urls[i]), "refuted": ruled_out.get(i, [])}
                                          for i, d in picked[MIN_P].items()}))
    if a.cv_only:
        return
    np.savez_compressed(MODEL_PATH, **fit(pages, a.seed).arrays("pd"))
    print(f"model written to {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
