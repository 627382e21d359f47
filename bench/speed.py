"""Pages per second on one core, tamis beside its peers on the same pages in one run.

    python bench/speed.py [--shared ../shared] [--set scrapinghub] [--repeat 3]
    python bench/speed.py --breakdown      # where each mode's time goes, step by step
    python bench/speed.py --floor          # the native calls alone, against the targets' pace


Each system gets the same pages in the same process, after one warm-up pass; the best
of `--repeat` passes is reported (least disturbed by other load). Ratios are against
resiliparse's HTML main-content extraction, the fast reference of the text-cleaner issue,
and trafilatura, the accurate one. Writes bench/results/speed.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from quality import c4_lines, load  # noqa: E402


def _pin_one_core() -> None:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass


def systems():
    from resiliparse.extract.html2text import extract_plain_text

    from tamis.clean.page import clean_pages
    from tamis.cleaning import clean_html

    def tamis_text(pages):
        for i in range(0, len(pages), 64):
            batch = pages[i : i + 64]
            clean_pages([p["page_text"] for p in batch], urls=[p["url"] for p in batch])

    def tamis_html(pages):
        from tamis.extract.dom import _named_groups

        _named_groups.cache_clear()  # each pass as over a new corpus: no class name seen before
        for p in pages:
            clean_html(p["html"], p["url"])

    def trafilatura_html(pages):
        import trafilatura

        for p in pages:
            trafilatura.extract(p["html"], url=p["url"])

    return {
        "text: tamis clean": tamis_text,
        "text: C4 line rules": lambda pages: [c4_lines(p["page_text"]) for p in pages],
        "html: resiliparse main content": lambda pages: [extract_plain_text(p["html"], main_content=True) for p in pages],
        "html: trafilatura": trafilatura_html,
        "html: tamis extract": tamis_html,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--set", default="scrapinghub")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated system labels to run")
    ap.add_argument("--out", default=str(ROOT / "bench/results/speed"))
    ap.add_argument("--breakdown", action="store_true", help="time each mode's steps instead (prints, writes nothing)")
    ap.add_argument("--floor", action="store_true",
                    help="time only the native calls each mode makes, beside the targets' pace (prints, writes nothing)")
    a = ap.parse_args()
    _pin_one_core()
    pages = load(Path(a.shared), a.set, None)
    if a.breakdown:
        breakdown(pages, a.repeat)
        return
    if a.floor:
        floor(pages, a.repeat)
        return
    res = {}
    for label, fn in systems().items():
        if a.only and label not in a.only.split(","):
            continue
        fn(pages[:20])  # warm-up: imports, models, caches
        best = min(_timed(fn, pages) for _ in range(a.repeat))
        res[label] = {"pages_per_s": round(len(pages) / best, 1), "seconds": round(best, 3), "pages": len(pages)}
        print(f"{label:34s} {res[label]['pages_per_s']:8.1f} pages/s", flush=True)
    for ref in ("html: resiliparse main content", "html: trafilatura"):
        if ref in res:
            for r in res.values():
                r[f"x {ref.split(': ')[1]}"] = round(r["pages_per_s"] / res[ref]["pages_per_s"], 2)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(res, indent=1))
    cols = [k for k in next(iter(res.values())) if k.startswith("x ")]
    lines = ["| system | pages/s (1 core) | " + " | ".join(cols) + " |", "|---|---|" + "---|" * len(cols)]
    for label, r in res.items():
        lines.append(f"| {label} | {r['pages_per_s']:.0f} | " + " | ".join(f"{r[c]:.2f}" for c in cols) + " |")
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


# the cleaner's and the extractor's steps, timed where they are called (a sampling profiler
# inflates the many small Python-level steps); nested steps are also inside their callers' time
_STEPS = {
    "tamis.clean.page": ("line_features", "page_summary", "stage2_features", "clean_lines", "extract_header",
                         "likeliest_title", "detect_language", "find_spam", "line_script_counts", "reasons_for",
                         "split_lines", "normalise", "keep_threshold"),
    "tamis.clean.features": ("_lexicon_counts", "_count_matches", "neighbour_means", "dom_features"),
    "tamis.clean.stage": ("clean_pages",),
    "tamis.extract.stage": ("read_metadata", "page_kind", "remove_hidden", "text_with_signals"),
    "tamis.extract.dom": ("_mark", "extract_plain_text", "marked_signals"),
}


def _timed_steps(steps: dict[str, tuple[str, ...]], repeat: int, pages: list[dict]) -> dict[str, tuple[float, dict]]:
    """Each tamis mode's pass (as in the speed table, the HTML one with its cold class-name
    cache), with the named functions timed where they are called: per mode, the best pass's
    total seconds and seconds per step. The tree ensembles are always among the steps."""
    import importlib
    from collections import Counter

    from tamis.clean.model import ObliviousEnsemble

    spent: Counter = Counter()

    def timed(f, name):
        def g(*args, **kw):
            t0 = time.perf_counter()
            try:
                return f(*args, **kw)
            finally:
                spent[name] += time.perf_counter() - t0
        return g

    for mod, names in steps.items():
        m = importlib.import_module(mod)
        for name in names:
            setattr(m, name, timed(getattr(m, name), name))
    ObliviousEnsemble.predict_proba = timed(ObliviousEnsemble.predict_proba, "tree ensembles")
    runs = systems()
    out = {}
    for label in ("text: tamis clean", "html: tamis extract"):
        runs[label](pages)
        best = None
        for _ in range(repeat):
            spent.clear()
            total = _timed(runs[label], pages)
            if best is None or total < best[0]:
                best = (total, dict(spent))
        out[label] = best
    return out


def breakdown(pages: list[dict], repeat: int) -> None:
    for label, (total, steps) in _timed_steps(_STEPS, repeat, pages).items():
        print(f"{label}, {len(pages)} pages in {total:.3f} s ({len(pages) / total:.0f} pages/s)")
        for name, t in sorted(steps.items(), key=lambda kv: -kv[1]):
            print(f"  {name:20s} {t:7.3f} s {100 * t / total:4.0f}%")


def floor(pages: list[dict], repeat: int) -> None:
    """What the native calls alone cost each mode, against the pace its speed target sets.

    These are the calls a rewrite of tamis's own Python in compiled code would still make:
    in HTML mode two HTML parses (lexbor for the DOM signals and metadata, resiliparse for
    the renderings), the lexbor tree serialised for resiliparse, and resiliparse's two renderings; in
    both modes the tree ensembles (numba) and CLD2's language identification. Each is timed
    over the same pages, best of `repeat` passes, in milliseconds a page."""
    import trafilatura
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree
    from selectolax.lexbor import LexborHTMLParser

    n = len(pages)
    html = [p["html"] for p in pages]

    def ms(fn) -> float:
        fn()
        return min(_timed(lambda _: fn(), pages) for _ in range(repeat)) / n * 1e3

    lexbor = [LexborHTMLParser(h) for h in html]
    resili = [HTMLTree.parse(h) for h in html]
    render = dict(alt_texts=False, links=False, list_bullets=False)
    dom = {
        "lexbor parse": ms(lambda: [LexborHTMLParser(h) for h in html]),
        "lexbor serialise": ms(lambda: [t.html for t in lexbor]),
        "resiliparse parse": ms(lambda: [HTMLTree.parse(h) for h in html]),
        "resiliparse plain text": ms(lambda: [extract_plain_text(t, **render) for t in resili]),
        "resiliparse main content": ms(lambda: [extract_plain_text(t, main_content=True, **render) for t in resili]),
    }
    pace = {
        "text: tamis clean": ("resiliparse main content", ms(lambda: [extract_plain_text(h, main_content=True) for h in html])),
        "html: tamis extract": ("trafilatura / 5", ms(lambda: [trafilatura.extract(p["html"], url=p["url"]) for p in pages]) / 5),
    }
    models = _timed_steps({"tamis.clean.page": ("detect_language",)}, repeat, pages)
    for label, (total, steps) in models.items():
        calls = {"tree ensembles": steps["tree ensembles"] / n * 1e3, "language ID": steps["detect_language"] / n * 1e3}
        if label.startswith("html"):
            calls = {**dom, **calls}
        ref, budget = pace[label]
        print(f"{label}: {total / n * 1e3:.2f} ms a page; its native calls alone {sum(calls.values()):.2f} ms; "
              f"the target's pace ({ref}) {budget:.2f} ms")
        for name, t in calls.items():
            print(f"  {name:28s} {t:6.2f} ms")


def _timed(fn, pages) -> float:
    t0 = time.perf_counter()
    fn(pages)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
