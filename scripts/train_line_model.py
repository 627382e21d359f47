"""Train the page-text line model shipped in src/tamis/clean/line_model.npz.

    python scripts/train_line_model.py [--shared ../shared] [--cv-only] [--mode text|html]
    python scripts/train_line_model.py --title-only   # refit only the page-text title model (~1 minute)

Data: the page_text / gold_text pairs of ../shared/bench (Scrapinghub articles and the
WCXB dev split, which covers forums, products, docs, listings). A line's label is whether
its words are in the gold text; stage 2 also learns that a copy of a gold line beyond what
the gold holds is not content (see `extra_copies`). The figures printed are
cross-validated: 5 folds grouped by site host, so no page is scored by a model that saw
its site; that holds for the word scores of tamis.clean.tokens too (page-text model), which
each page's features take from the scores learned on the other folds' sites (the shipped
models are trained on those out-of-fold columns, the shipped scores on every site). The
final model is then fitted on everything and exported as plain arrays (no scikit-learn
needed at run time).

`--mode html` trains the model the cleaner uses on pages that came as HTML: the same lines
(the extractor's rendering of the HTML) with the DOM signals of tamis.extract.dom added,
written to line_model_html.npz.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

ITERATIONS = 300
SEEDS = (0, 1)  # CatBoost's; every model is the average of one fit per seed (--seeds)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from metadata import norm as title_norm  # noqa: E402
from metric import shingle_scores, shingles, tokens, word_f1  # noqa: E402
from tamis.clean.code import code_and_programs, whole_code_blocks  # noqa: E402
from tamis.clean.features import (  # noqa: E402
    FEATURE_NAMES,
    PAGE_TYPES,
    line_features,
    line_model_names,
    stage2_features,
    stage2_names,
)
from tamis.clean.lines import split_lines  # noqa: E402
from tamis.clean.model import ObliviousEnsemble, save_models  # noqa: E402
from tamis.clean.page import (  # noqa: E402
    assemble,
    normalise,
    repeated_lines,
    ruled_out,
    type_inputs,
    type_model_names,
)
from tamis.clean.stage import Clean  # noqa: E402
from tamis.clean.template import unrendered  # noqa: E402
from tamis.clean.title import TITLE_NAMES, choose_title, title_features  # noqa: E402
from tamis.clean.tokens import fit_scores, fit_type_scores, page_type_words, token_features  # noqa: E402
from tamis.extract.dom import html_text_and_signals  # noqa: E402
from tamis.extract.pagekind import page_kind  # noqa: E402


def host(url: str) -> str:
    h = (urlparse(url).hostname or "").lower()
    return h[4:] if h.startswith("www.") else h


def line_labels(lines: list[str], gold: str) -> np.ndarray:
    g = shingles(gold)
    gold_lines = {" ".join(tokens(x)) for x in gold.splitlines() if x.strip()}
    gold_norm = " " + " ".join(tokens(gold)) + " "
    out = np.zeros(len(lines), np.int8)
    for i, line in enumerate(lines):
        t = tokens(line)
        if not t:
            continue
        if len(t) < 4:
            j = " ".join(t)
            out[i] = j in gold_lines or (len(t) >= 2 and f" {j} " in gold_norm and len(j) >= 12)
            continue
        s = shingles(line)
        hit = sum((s & g).values()) / sum(s.values())
        out[i] = hit >= 0.5
    return out


def extra_copies(lines: list[str], y: np.ndarray, gold: str) -> np.ndarray:
    """`y` with the copies of a gold line beyond what the gold holds set to 0.

    Pages render blocks twice (phone and desktop layouts), repeat a card, quote a post; the
    metrics count words with their multiplicity, so only as many copies as the gold has are
    content: those whose neighbours are most often gold (ties: the earlier). Stage 2 learns
    this from the first pass's verdict on each line's copies (wcxb-dev CV word_f1 +0.002 and
    +0.006 over two seeds, scrapinghub -0.002 and +0.000); stage 1, which cannot see the
    copies' verdicts, keeps the plain labels (relabelling both stages without the copy
    features measured worse)."""
    gold_norm = " " + " ".join(tokens(gold)) + " "
    copies: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        k = " ".join(tokens(line)) if y[i] else ""
        if k:
            copies.setdefault(k, []).append(i)
    out = y.copy()
    for k, idx in copies.items():
        in_gold = max(gold_norm.count(f" {k} "), 1)
        if len(idx) > in_gold:
            near = [int(y[max(0, i - 3) : i + 4].sum()) for i in idx]
            for j in sorted(range(len(idx)), key=lambda j: -near[j])[in_gold:]:
                out[idx[j]] = 0
    return out


def load(shared: Path) -> list[dict]:
    pages = []
    for name in ("scrapinghub.jsonl.gz", "wcxb-dev.jsonl.gz"):
        for line in gzip.open(shared / "bench" / name, "rt", encoding="utf-8"):
            r = json.loads(line)
            pages.append({"set": name.split(".")[0].split("-")[0], "id": r["id"], "url": r["url"],
                          "page_text": r["page_text"], "html": r["html"], "gold": r["gold_text"], "type": r.get("page_type", "article"),
                          "title": r.get("title")})
    return pages


def featurize(pages: list[dict], mode: str) -> None:
    for p in pages:
        if mode == "html":
            html = p.pop("html")
            p["kind"] = page_kind(LexborHTMLParser(html), p["url"])
            text, S = html_text_and_signals(html)
        else:
            text, S = p.pop("page_text"), None
            p.pop("html")
        pl = split_lines(normalise(text))
        p["pl"] = pl
        p["X0"] = line_features(pl, S)
        p["S_dom"] = S  # DOM signals (None for page text): kept_text drops dialog lines by the cleaner's rule
        p["S"] = type_inputs(p["X0"], pl, p.get("kind"), mode == "html")
        p["y"] = line_labels(pl.text, p["gold"])
        p["y2"] = extra_copies(pl.text, p["y"], p["gold"])


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray | None, names: list[str], multiclass: bool = False,
        iterations: int = ITERATIONS, depth: int = 6) -> ObliviousEnsemble:
    """The average of one CatBoost fit per seed in SEEDS (`ObliviousEnsemble.average`)."""
    from catboost import CatBoostClassifier

    models = []
    for seed in SEEDS:
        clf = CatBoostClassifier(
            iterations=iterations if not multiclass else 300, depth=depth if not multiclass else 4, learning_rate=0.12,
            l2_leaf_reg=3.0, border_count=64, random_seed=seed, verbose=0, thread_count=2, allow_writing_files=False,
            loss_function="MultiClass" if multiclass else "Logloss",
        )
        clf.fit(X, y, sample_weight=w)
        models.append(ObliviousEnsemble.from_catboost(clf, names, "/tmp/tamis_line_model.json"))
    return ObliviousEnsemble.average(models)


def weights(pages: list[dict]) -> np.ndarray:
    """A page weighs as much as it has lines; within it, lines weigh by the square root of their words.

    Giving every page the same total weight (the metric averages pages) measured worse:
    scrapinghub CV F1 0.899 against 0.910, wcxb word_f1 0.806 against 0.807.
    """
    ws = []
    for p in pages:
        n = max(len(p["y"]), 1)
        words = np.expm1(p["X"][:, FEATURE_NAMES.index("log_words")]) + 1
        ws.append(np.sqrt(words) / np.sqrt(words).sum() * n)
    return np.concatenate(ws) if ws else np.zeros(0)


def _stack(pages: list[dict], key: str) -> np.ndarray:
    return np.concatenate([p[key] for p in pages])


def token_scores(pages: list[dict]) -> np.ndarray:
    return fit_scores([(host(p["url"]), p["pl"], p["y"]) for p in pages])


def type_word_scores(pages: list[dict]) -> np.ndarray:
    return fit_type_scores([(host(p["url"]), p["pl"], PAGE_TYPES.index(p["type"])) for p in pages], len(PAGE_TYPES))


def with_tokens(p: dict, scores: np.ndarray | None, type_scores: np.ndarray) -> None:
    """The word scores, from scores learned without the page's site: the lines' after their
    other features (page text only), the page's per type after its summary."""
    if scores is not None:
        p["X0"] = np.concatenate([p["X0"], token_features(p["pl"], scores)], axis=1)
    p["S"] = np.concatenate([p["S"], page_type_words(p["pl"], type_scores)]).astype(np.float32)


def fit_types(train: list[dict], mode: str) -> ObliviousEnsemble:
    """Page type from the page summary (and, from HTML, what its markup says it is); classes in PAGE_TYPES order."""
    y = np.asarray([PAGE_TYPES.index(p["type"]) for p in train])
    return fit(np.stack([p["S"] for p in train]), y, None, type_model_names(mode == "html"), multiclass=True)


def with_types(p: dict, probs: np.ndarray) -> None:
    p["type_p"] = probs
    p["X"] = np.concatenate([p["X0"], np.repeat(probs[None, :], len(p["X0"]), axis=0)], axis=1).astype(np.float32)


def fit_stage1(train: list[dict], mode: str) -> ObliviousEnsemble:
    return fit(_stack(train, "X"), _stack(train, "y"), weights(train), line_model_names(mode == "html"))


def fit_stage2(train: list[dict], mode: str) -> ObliviousEnsemble:
    """Stage 2 learns from out-of-fold stage-1 probabilities (`p1_oof`): how far to trust
    stage 1 on pages it has not seen, and what the neighbours' verdicts say."""
    for p in train:
        p["X2"] = stage2_features(p["X"], p["p1_oof"], p["pl"], mode == "html")
    return fit(_stack(train, "X2"), _stack(train, "y2"), weights(train), line_model_names(mode == "html") + stage2_names(mode == "html"))


def predict_two_stage(s1, s2, p: dict, mode: str) -> np.ndarray:
    if not len(p["y"]):
        return np.zeros(0)
    p1 = s1.predict_proba(p["X"])
    return s2.predict_proba(stage2_features(p["X"], p1, p["pl"], mode == "html"))


_CLEANER = Clean()  # the stage's default settings


def cleaner_threshold(p: dict, prob: np.ndarray) -> float:
    """The cleaner's keep threshold for this page at `prob`, with its (out-of-fold) page type."""
    return _CLEANER.threshold_for(prob, p["X"], p["type_p"])


def body_start(p: dict, prob: np.ndarray) -> int:
    """The first line the cleaner would keep at `prob` (the most likely one if none)."""
    keep = prob >= cleaner_threshold(p, prob)
    return int(np.argmax(keep)) if keep.any() else int(np.argmax(prob))


def title_rows(p: dict, prob: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A page's title candidates as the cleaner sees them (body start from `prob`, the
    out-of-fold keep probabilities) and which of them is the gold title."""
    if not len(prob):
        return np.zeros(0, np.int64), np.zeros((0, len(TITLE_NAMES)), np.float32), np.zeros(0, np.int8)
    idx, F = title_features(p["pl"].text, p["X"], prob, body_start(p, prob), p["url"])
    gold = title_norm(p["title"])
    return idx, F, np.asarray([bool(gold) and title_norm(p["pl"].text[i]) == gold for i in idx], np.int8)


def fit_title(pages: list[dict], probs: dict[str, np.ndarray]) -> ObliviousEnsemble:
    rows = [title_rows(p, probs[p["id"]]) for p in pages if p.get("title")]
    X = np.concatenate([r[1] for r in rows])
    y = np.concatenate([r[2] for r in rows])
    return fit(X, y, None, TITLE_NAMES, iterations=200, depth=4)


def title_cv(pages: list[dict], probs: dict[str, np.ndarray], fold_of: dict[str, int], out: Path) -> None:
    """Title lines chosen by models that never saw the page's site: exact-match rate and how
    often a title is given, and the choices for bench/metadata.py and bench/quality.py."""
    chosen: dict[str, str | None] = {}
    for k in range(5):
        tm = fit_title([p for p in pages if fold_of[host(p["url"])] != k], probs)
        for p in pages:
            if fold_of[host(p["url"])] == k:
                prob = probs[p["id"]]
                line = choose_title(tm, p["pl"].text, p["X"], prob, body_start(p, prob), p["url"]) if len(prob) else None
                chosen[p["id"]] = p["pl"].text[line] if line is not None else None
    wc = [p for p in pages if p["set"] == "wcxb"]
    right = sum(title_norm(chosen[p["id"]]) == title_norm(p["title"]) for p in wc)
    given = sum(chosen[p["id"]] is not None for p in wc)
    print(f"title (wcxb, CV by host): exact {right / len(wc):.3f}, given {given / len(wc):.3f}, "
          f"right when given {right / max(given, 1):.3f}", flush=True)
    out.write_text(json.dumps(chosen, ensure_ascii=False))
    print(f"cross-validated title choices written to {out}")


def refit_title(pages: list[dict], fold_of: dict[str, int], cv_path: Path, out: Path) -> None:
    """The title model alone, on the line probabilities a full run saved (kept as float16
    there): its cross-validated choices, then its fit on every page, written into `out`
    in place of the title model there."""
    with np.load(cv_path) as z:
        probs = {p["id"]: z[p["id"]].astype(np.float64) for p in pages}
    title_cv(pages, probs, fold_of, cv_path.with_name("title_cv.json"))
    title = fit_title(pages, probs)
    with np.load(out, allow_pickle=False) as z:
        kept = {k: z[k] for k in z.files if not k.startswith("ti_")}
    np.savez_compressed(out, **kept, **title.arrays("ti"))
    print(f"title model replaced in {out}")


def kept_text(p: dict, prob: np.ndarray, threshold: float | None) -> str:
    """The lines kept at `threshold` (None: the cleaner's own), with the cleaner's rules: overlay
    lines and navigation's linked identifiers dropped first (`ruled_out`), code blocks kept or
    dropped whole, template placeholders and repeated kept lines after."""
    prob, _ = ruled_out(p["S_dom"], prob)
    keep = prob >= (threshold if threshold is not None else cleaner_threshold(p, prob))
    code, program = code_and_programs(p["pl"], p["S_dom"])
    keep = whole_code_blocks(p["pl"], keep, program)
    keep &= ~(unrendered(p["pl"].text) & ~code)
    keep[repeated_lines(p["pl"], p["X"], keep, code)] = False
    return assemble(p["pl"], keep)


def evaluate(pages: list[dict], probs: dict[str, np.ndarray], threshold: float | None) -> dict[str, dict]:
    """Scores at one threshold; None: the cleaner's own per-page threshold (with the out-of-fold page type)."""
    res = {}
    for name in ("scrapinghub", "wcxb"):
        sel = [p for p in pages if p["set"] == name]
        preds = [(kept_text(p, probs[p["id"]], threshold), p["gold"]) for p in sel]
        sc = shingle_scores(preds)
        sc["word_f1"] = float(np.mean([word_f1(a, b) for a, b in preds]))
        if name == "wcxb":
            sc["page_type_accuracy"] = float(np.mean([PAGE_TYPES[int(np.argmax(p["type_p"]))] == p["type"] for p in sel]))
            by = Counter()
            cnt = Counter()
            for p, (a, b) in zip(sel, preds):
                by[p["type"]] += word_f1(a, b)
                cnt[p["type"]] += 1
            sc["word_f1_by_type"] = {k: round(by[k] / cnt[k], 3) for k in sorted(cnt)}
        res[name] = sc
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--types-only", action="store_true", help="only the cross-validated page types (1 minute)")
    ap.add_argument("--no-cv", action="store_true", help="only fit the shipped model (quick)")
    ap.add_argument("--title-only", action="store_true",
                    help="page text: refit only the title model, on the saved out-of-fold line probabilities "
                    "(--cv-out), and replace it in --out; the line and type models stay as they are")
    ap.add_argument("--train-sets", default="scrapinghub,wcxb", help="which bench sets to train on (all are scored)")
    ap.add_argument("--dump", help="write cross-validated line probabilities here (pickle), for error analysis")
    ap.add_argument("--seeds", help="CatBoost's random seeds, one fit each, averaged (default, and the shipped "
                    "models': SEEDS)")
    ap.add_argument("--mode", choices=["text", "html"], default="text", help="page text, or HTML with DOM signals")
    ap.add_argument("--out", help="default src/tamis/clean/line_model[_html].npz")
    ap.add_argument("--cv-out", help="default bench/results/line_model[_html]_cv.npz: out-of-fold keep probabilities "
                    "per page, which bench/quality.py scores as the cross-validated figure")
    a = ap.parse_args()
    global SEEDS
    SEEDS = tuple(int(x) for x in a.seeds.split(",")) if a.seeds else SEEDS
    suffix = "_html" if a.mode == "html" else ""
    a.out = a.out or str(ROOT / f"src/tamis/clean/line_model{suffix}.npz")
    a.cv_out = a.cv_out or str(ROOT / f"bench/results/line_model{suffix}_cv.npz")
    t0 = time.time()
    pages = load(Path(a.shared))
    featurize(pages, a.mode)
    for p in pages:
        p["id"] = f"{p['set']}:{p['id']}"
    print(f"{len(pages)} pages, {sum(len(p['y']) for p in pages)} lines, features in {time.time() - t0:.0f} s")
    hosts = sorted({host(p["url"]) for p in pages})
    rng = np.random.default_rng(0)
    fold_of = dict(zip(hosts, rng.permutation(len(hosts)) % 5))
    train_sets = set(a.train_sets.split(","))
    folds = [([p for p in pages if fold_of[host(p["url"])] != k and p["set"] in train_sets],
              [p for p in pages if fold_of[host(p["url"])] == k]) for k in range(5)]
    for k in range(5):  # word scores, 5 folds by host: each page's from the other folds' sites
        scores = token_scores([p for p in pages if fold_of[host(p["url"])] != k and p["set"] in train_sets]) \
            if a.mode == "text" else None
        type_scores = type_word_scores([p for p in pages if fold_of[host(p["url"])] != k]).astype(np.float32)
        for p in pages:
            if fold_of[host(p["url"])] == k:
                with_tokens(p, scores, type_scores)
    for k in range(5):  # page type, 5 folds by host, on every set: out-of-fold type probabilities
        tm = fit_types([p for p in pages if fold_of[host(p["url"])] != k], a.mode)
        te = [p for p in pages if fold_of[host(p["url"])] == k]
        for p in te:
            with_types(p, tm.predict_proba(p["S"][None, :])[0])
    acc = np.mean([PAGE_TYPES[int(np.argmax(p["type_p"]))] == p["type"] for p in pages])
    print(f"page type, cross-validated accuracy {acc:.3f} ({time.time() - t0:.0f} s)", flush=True)
    types_out = Path(a.cv_out).with_name(f"page_type{suffix}_cv.npz")
    np.savez_compressed(types_out, **{p["id"]: p["type_p"].astype(np.float32) for p in pages})
    print(f"cross-validated page-type probabilities written to {types_out} (bench/metadata.py uses them)")
    if a.types_only:
        return
    if a.title_only:
        refit_title(pages, fold_of, Path(a.cv_out), Path(a.out))
        return
    s1_models = []
    for k, (tr, te) in enumerate(folds):  # stage 1, 5 folds by host: out-of-fold p1 for every page
        s1 = fit_stage1(tr, a.mode)
        s1_models.append(s1)
        for p in te:
            p["p1_oof"] = s1.predict_proba(p["X"]) if len(p["y"]) else np.zeros(0)
        print(f"stage 1 fold {k} ({time.time() - t0:.0f} s)", flush=True)
    probs: dict[str, np.ndarray] = {}
    if not a.no_cv:
        for k, (tr, te) in enumerate(folds):
            s2 = fit_stage2(tr, a.mode)
            for p in te:
                probs[p["id"]] = predict_two_stage(s1_models[k], s2, p, a.mode)
            print(f"stage 2 fold {k} ({time.time() - t0:.0f} s)", flush=True)
    if a.dump:
        import pickle

        with open(a.dump, "wb") as f:
            pickle.dump({p["id"]: (p["pl"].text, p["y"], probs[p["id"]], p["set"], p["url"]) for p in pages}, f)
    if probs:
        Path(a.cv_out).parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(a.cv_out, **{k: v.astype(np.float16) for k, v in probs.items()})
        print(f"cross-validated line probabilities written to {a.cv_out}")
    for th in (0.4, 0.5, 0.6, None) if probs else ():
        res = evaluate(pages, probs, th)
        print(f"threshold {th if th is not None else 'per page'}: " + json.dumps({k: {m: (round(v, 4) if isinstance(v, float) else v) for m, v in s.items()} for k, s in res.items()}))
    if probs and a.mode == "text":
        title_cv(pages, probs, fold_of, Path(a.cv_out).with_name("title_cv.json"))
    if a.cv_only:
        return
    train = [p for p in pages if p["set"] in train_sets]
    title = fit_title(pages, probs) if probs and a.mode == "text" else None
    save_models(fit_types(pages, a.mode), fit_stage1(train, a.mode), fit_stage2(train, a.mode), a.out, title,
                token_scores(train) if a.mode == "text" else None, type_word_scores(pages))
    print(f"model written to {a.out} ({Path(a.out).stat().st_size / 1e3:.0f} KB)")


if __name__ == "__main__":
    main()
