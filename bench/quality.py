"""Extraction quality on the bench pages, tamis and its peers scored in the same run.

    python bench/quality.py [--shared ../shared] [--sets scrapinghub,wcxb] [--modes text,html]

Text mode (the page's visible text in): all page text, C4's line rules, tamis with the
shipped line model, and tamis cross-validated (5 folds grouped by host: each page scored
by a model that never saw its site; needs bench/results/line_model_cv.npz from
scripts/train_line_model.py). HTML mode: trafilatura, resiliparse main content, tamis
with the shipped HTML model and cross-validated (line_model_html_cv.npz, `--mode html`).
Metrics: shingle P/R/F1 (DESIGN.md) and WCXB's word_f1, per page type on WCXB.
Writes bench/results/quality.json and .md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from metric import page_pr, word_f1  # noqa: E402

_C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def c4_lines(text: str) -> str:
    """C4's line rules (Raffel et al. 2020): terminal punctuation, >= 3 words, no javascript/policy lines.

    Typographic closing quotes count as terminal punctuation too (C4's code lists only the
    ASCII quote, which scores 0.803 instead of 0.836 on scrapinghub: the kinder reading is used).
    """
    out = []
    for line in text.splitlines():
        s = line.strip()
        low = s.lower()
        if not s.endswith((".", "!", "?", '"', "”", "’", "'")) or len(s.split()) < 3:
            continue
        if "javascript" in low or any(p in low for p in _C4_POLICY):
            continue
        out.append(s)
    return "\n".join(out)


def load(shared: Path, name: str, limit: int | None) -> list[dict]:
    fn = {"scrapinghub": "scrapinghub.jsonl.gz", "wcxb": "wcxb-dev.jsonl.gz"}[name]
    out = []
    for line in gzip.open(shared / "bench" / fn, "rt", encoding="utf-8"):
        r = json.loads(line)
        r["set"] = name
        r.setdefault("page_type", "article")
        out.append(r)
        if limit and len(out) >= limit:
            break
    return out


@cache
def cv_page_types(mode: str) -> dict[str, np.ndarray]:
    """Page-type probabilities per "set:id", each from a model that never saw the page's site
    (scripts/train_line_model.py writes them; bench/metadata.py reads them too)."""
    name = "page_type_html_cv.npz" if mode == "html" else "page_type_cv.npz"
    with np.load(ROOT / "bench/results" / name) as z:
        return {k: z[k] for k in z.files}


@cache
def cv_titles(mode: str = "text") -> dict[str, str | None]:
    """A page's title per "set:id", as a title model that never saw its site chose it: a text
    page's title line (scripts/train_line_model.py), an HTML page's name among those it gives
    itself (scripts/train_html_title.py)."""
    return json.loads((ROOT / f"bench/results/{'html_' if mode == 'html' else ''}title_cv.json").read_text())


@cache
def _cleaner():
    from tamis.clean.stage import Clean

    return Clean()


def _cv_threshold(p: dict, mode: str, prob: np.ndarray, X: np.ndarray) -> float:
    """The cleaner's per-page threshold, with the page type a model that never saw the site gave."""
    return _cleaner().threshold_for(prob, X, cv_page_types(mode)[f"{p['set']}:{p['id']}"])


def tamis_text(pages: list[dict], cv: dict | None) -> list[str]:
    from tamis.clean.features import page_features
    from tamis.clean.lines import split_lines
    from tamis.clean.page import clean_lines, clean_pages, guesses_section, normalise

    if cv is None:
        out = []
        for i in range(0, len(pages), 64):
            batch = pages[i : i + 64]
            out.extend(c.text for c in clean_pages([p["page_text"] for p in batch], urls=[p["url"] for p in batch]))
        return out
    from tamis.clean.metadata import NO_CHOICE

    titles = cv_titles()
    out = []
    for p in pages:
        pl = split_lines(normalise(p["page_text"]))
        prob = cv[f"{p['set']}:{p['id']}"].astype(np.float64)
        assert len(prob) == len(pl), "cv probabilities do not match this page's lines: retrain"
        # the title line (moved out of the body into metadata) as the cross-validated title model chose it
        t = titles.get(f"{p['set']}:{p['id']}", NO_CHOICE)
        line = pl.text.index(t) if isinstance(t, str) and t in pl.text else (None if t is None else NO_CHOICE)
        X = page_features(pl)
        out.append(clean_lines(pl, X, prob, _cv_threshold(p, "text", prob, X), True, True, title_line=line,
                               guess_section=guesses_section(None, cv_page_types("text")[f"{p['set']}:{p['id']}"])).text)
    return out


def html_cv_lines(p: dict, cv: dict) -> tuple:
    """(lines, their features, DOM signals, keep probabilities, overlay lines, threshold) of an
    HTML page as the cleaner would judge them with the line model's out-of-fold probabilities;
    also what scripts/train_html_title.py's second ranker reads."""
    from tamis.clean.features import line_features
    from tamis.clean.lines import split_lines
    from tamis.clean.page import normalise, ruled_out
    from tamis.extract.dom import html_text_and_signals

    text, S = html_text_and_signals(p["html"])
    pl = split_lines(normalise(text))
    prob = cv[f"{p['set']}:{p['id']}"].astype(np.float64)
    assert len(prob) == len(pl) == len(S), "cv probabilities do not match this page's lines: retrain"
    X = line_features(pl, S)
    prob, overlay = ruled_out(S, prob)  # as clean_pages: lines in a closed modal dialog go first
    return pl, X, S, prob, overlay, _cv_threshold(p, "html", prob, X)


def tamis_html_cv(pages: list[dict], cv: dict) -> list[str]:
    """The HTML model's out-of-fold line probabilities applied to the extractor's lines, and
    a product description the page declares but does not show added as the stage adds it."""
    from selectolax.lexbor import LexborHTMLParser

    from tamis.clean.declared import with_description
    from tamis.clean.page import clean_lines, title_in_text
    from tamis.extract.htmlmeta import read_metadata

    out = []
    for p in pages:
        pl, X, S, prob, overlay, threshold = html_cv_lines(p, cv)
        meta, u = read_metadata(LexborHTMLParser(p["html"]), p["url"])  # what the extractor hands the stage
        text = clean_lines(pl, X, prob, threshold, True, True, S, from_html=True, overlay=overlay,
                           guess_section=False,  # as guesses_section: HTML never
                           names=u.names(meta.get("title")),
                           title_in_text=title_in_text(cv_page_types("html")[f"{p['set']}:{p['id']}"])).text
        out.append(with_description(text, meta.get("product")) or text)
    return out


def tamis_html(pages: list[dict]) -> list[str]:
    from tamis.cleaning import clean_html

    return [clean_html(p["html"], p["url"])["text"] for p in pages]


def trafilatura_html(pages: list[dict]) -> list[str]:
    import trafilatura

    return [trafilatura.extract(p["html"], url=p["url"], favor_precision=False) or "" for p in pages]


def resiliparse_html(pages: list[dict]) -> list[str]:
    from resiliparse.extract.html2text import extract_plain_text

    return [extract_plain_text(p["html"], main_content=True) for p in pages]


def score(pages: list[dict], preds: list[str]) -> dict:
    ps, rs, wf = [], [], []
    by_type: dict[str, list[float]] = defaultdict(list)
    for p, pred in zip(pages, preds):
        a, b = page_pr(pred, p["gold_text"])
        ps.append(a)
        rs.append(b)
        w = word_f1(pred, p["gold_text"])
        wf.append(w)
        by_type[p["page_type"]].append(w)
    P, R = float(np.mean(ps)), float(np.mean(rs))
    res = {"precision": round(P, 4), "recall": round(R, 4), "f1": round(2 * P * R / (P + R) if P + R else 0.0, 4),
           "word_f1": round(float(np.mean(wf)), 4), "pages": len(pages)}
    if len(by_type) > 1:
        res["word_f1_by_type"] = {k: round(float(np.mean(v)), 3) for k, v in sorted(by_type.items())}
    # pages that come without page text (drawn by JavaScript) score 0 in text mode whatever it does
    with_text = [w for p, w in zip(pages, wf) if p["page_text"].strip()]
    if len(with_text) < len(pages):
        res["word_f1_pages_with_text"] = round(float(np.mean(with_text)), 4)
        res["pages_with_text"] = len(with_text)
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sets", default="scrapinghub,wcxb")
    ap.add_argument("--modes", default="text,html")
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each set (quick look)")
    ap.add_argument("--cv", default=str(ROOT / "bench/results/line_model_cv.npz"))
    ap.add_argument("--cv-html", default=str(ROOT / "bench/results/line_model_html_cv.npz"))
    ap.add_argument("--out", default=str(ROOT / "bench/results/quality"))
    a = ap.parse_args()
    cv = cv_html = None
    if Path(a.cv).exists():
        with np.load(a.cv) as z:
            cv = {k: z[k] for k in z.files}
    if Path(a.cv_html).exists():
        with np.load(a.cv_html) as z:
            cv_html = {k: z[k] for k in z.files}
    results: dict = {}
    for name in a.sets.split(","):
        pages = load(Path(a.shared), name, a.limit)
        systems = {}
        if "text" in a.modes:
            systems["text: all page text"] = lambda ps: [p["page_text"] for p in ps]
            systems["text: C4 line rules"] = lambda ps: [c4_lines(p["page_text"]) for p in ps]
            systems["text: tamis (shipped model)"] = lambda ps: tamis_text(ps, None)
            if cv is not None:
                systems["text: tamis (5-fold CV by host)"] = lambda ps: tamis_text(ps, cv)
        if "html" in a.modes:
            systems["html: trafilatura"] = trafilatura_html
            systems["html: resiliparse main content"] = resiliparse_html
            systems["html: tamis (shipped model)"] = tamis_html
            if cv_html is not None:
                systems["html: tamis (5-fold CV by host)"] = lambda ps: tamis_html_cv(ps, cv_html)
        results[name] = {}
        for label, fn in systems.items():
            t0 = time.perf_counter()
            preds = fn(pages)
            res = score(pages, preds)
            res["seconds"] = round(time.perf_counter() - t0, 2)
            results[name][label] = res
            print(f"{name:12s} {label:34s} P {res['precision']:.3f} R {res['recall']:.3f} F1 {res['f1']:.3f} "
                  f"word_f1 {res['word_f1']:.3f}", flush=True)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(results, indent=1))
    lines = ["| set | system | precision | recall | F1 | word_f1 |", "|---|---|---|---|---|---|"]
    for name, systems in results.items():
        for label, r in systems.items():
            lines.append(f"| {name} | {label} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['word_f1']:.3f} |")
    types = [(n, lab, r["word_f1_by_type"]) for n, s in results.items() for lab, r in s.items() if "word_f1_by_type" in r]
    if types:
        keys = sorted({k for _, _, t in types for k in t})
        lines += ["", "word_f1 by page type:", "", "| set | system | " + " | ".join(keys) + " |", "|---|---|" + "---|" * len(keys)]
        for n, lab, t in types:
            lines.append(f"| {n} | {lab} | " + " | ".join(f"{t.get(k, 0):.3f}" for k in keys) + " |")
    partial = [(n, lab, r) for n, s in results.items() for lab, r in s.items() if lab.startswith("text:") and "pages_with_text" in r]
    if partial:
        lines += ["", "word_f1 of the text systems over the pages that come with page text:", "",
                  "| set | system | pages | word_f1 |", "|---|---|---|---|"]
        lines += [f"| {n} | {lab} | {r['pages_with_text']} of {r['pages']} | {r['word_f1_pages_with_text']:.3f} |" for n, lab, r in partial]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print(f"written {out.with_suffix('.json')} and {out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
