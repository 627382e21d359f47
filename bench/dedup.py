"""Near-duplicate detection: accuracy and throughput, tamis beside datasketch and rensa.

    python bench/dedup.py [--shared ../shared] [--docs 1000000] [--peer-docs 30000]

Accuracy. A test corpus is built from the gold texts in ../shared/bench: clusters of a text
and 1-4 variants made by realistic edits (sentences dropped or added from another text,
paragraphs reordered, site boilerplate around, typos, truncation, at random strengths),
plus every other gold text as unrelated documents. The true Jaccard similarity of a pair
is computed exactly on the shingle sets (word 5-grams; characters in scripts without
spaces) for every pair inside a cluster and for every pair a very permissive LSH proposes
(64 bands of 4: a pair at 0.5 is proposed with probability > 0.98). Each tool runs the
same procedure: MinHash -> LSH at 0.8 -> candidates verified by the tool's own Jaccard
estimate -> clusters -> the earliest document of a cluster
survives. The peers use 128 permutations (their usual setting, and the cheaper job);
tamis its defaults (512 permutations, LSH on 32 bands of 8, verified, chains split). Recall: share of true pairs (J >= 0.8) of which the output
no longer holds both documents (the duplication is gone). Precision: share of removed
documents whose true Jaccard with the survivor they point to is >= 0.8 (the removal was
right). Similarity is not transitive (A~B, B~C, A and C apart), so no clustering can put
every true pair in one cluster; these two ask what a corpus builder cares about.

Throughput. Documents of ~2 KB built from random gold sentences, 10% of them near copies
of an earlier one. Every tool runs in its own process on one core (peak RSS is that
process's): datasketch and rensa on --peer-docs documents, tamis on the same documents
and on --docs (default 1,000,000). Tokenising for the peers is part of their time: they
need token lists, tamis reads the text. Writes bench/results/dedup.json and .md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

NUM_PERM, BANDS, THRESHOLD, NGRAM = 128, 16, 0.8, 5  # the peers' usual settings
_NOSPACE = "\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_TOKEN = re.compile(f"[{_NOSPACE}]|[^\\W_{_NOSPACE}]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str) -> list[str]:
    w = tokens(text)
    return [" ".join(w[i:i + NGRAM]) for i in range(max(1, len(w) - NGRAM + 1))] if w else []


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


# ---------------------------------------------------------------- test corpus

def gold_texts(shared: Path) -> list[str]:
    out, seen = [], set()
    for name in ("scrapinghub.jsonl.gz", "wcxb-dev.jsonl.gz"):
        for line in gzip.open(shared / "bench" / name):
            t = (json.loads(line).get("gold_text") or "").strip()
            if len(t.split()) >= 80 and t not in seen:
                seen.add(t)
                out.append(t)
    return out


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？])\s*", text) if s.strip()]


BOILER = ["Home | News | Sport | Weather", "Share this article", "Sign up for our newsletter",
          "© 2024 All rights reserved. Privacy policy. Terms of use.", "Related stories", "Advertisement",
          "Follow us on Facebook and Twitter", "Read more", "Comments (0)", "Skip to main content"]


def variant(text: str, other: str, rng: random.Random) -> str:
    """One realistic re-publication of `text`: a few edits, each at a random strength."""
    paras = [p for p in text.split("\n") if p.strip()]
    for op in rng.sample(["drop", "add", "reorder", "boiler", "typos", "truncate"], rng.randint(1, 3)):
        s = rng.uniform(0.02, 0.3)
        if op == "drop":
            paras = [" ".join(x for x in sentences(p) if rng.random() > s) for p in paras]
        elif op == "add":
            extra = sentences(other)
            for _ in range(max(1, int(len(paras) * s))):
                paras.insert(rng.randrange(len(paras) + 1), rng.choice(extra) if extra else "")
        elif op == "reorder" and len(paras) > 2:
            i, j = sorted(rng.sample(range(len(paras)), 2))
            paras[i], paras[j] = paras[j], paras[i]
        elif op == "boiler":
            paras = rng.sample(BOILER, 2) + paras + rng.sample(BOILER, rng.randint(1, 3))
        elif op == "typos":
            def typo(w: str, s: float = s) -> str:
                if len(w) > 3 and rng.random() < s / 3:
                    i = rng.randrange(len(w) - 1)
                    return w[:i] + w[i + 1] + w[i] + w[i + 2:]
                return w
            paras = [" ".join(typo(w) for w in p.split(" ")) for p in paras]
        elif op == "truncate":
            keep = max(1, int(len(paras) * (1 - s)))
            paras = paras[:keep]
        paras = [p for p in paras if p.strip()]
    return "\n".join(paras)


def build_corpus(shared: Path, clusters: int = 400, seed: int = 11) -> tuple[list[str], dict[tuple[int, int], float]]:
    rng = random.Random(seed)
    texts = gold_texts(shared)
    rng.shuffle(texts)
    docs: list[str] = []
    groups: list[list[int]] = []
    for base in texts[:clusters]:
        g = [len(docs)]
        docs.append(base)
        for _ in range(rng.randint(1, 4)):
            g.append(len(docs))
            docs.append(variant(base, rng.choice(texts), rng))
        groups.append(g)
    docs.extend(texts[clusters:])
    order = list(range(len(docs)))
    rng.shuffle(order)  # the original is not always first
    pos = {old: new for new, old in enumerate(order)}
    docs = [docs[i] for i in order]
    sets = [set(shingles(t)) for t in docs]
    pairs: set[tuple[int, int]] = set()
    for g in groups:
        g = sorted(pos[i] for i in g)
        pairs.update((a, b) for i, a in enumerate(g) for b in g[i + 1:])
    from tamis.dedup.clusters import bucket_edges
    from tamis.dedup.minhash import band_keys, signatures

    sig, _ = signatures(docs, num_perm=256, seed=99)
    keys = band_keys(sig, 64, 4)
    a, b = bucket_edges(keys.ravel(), np.repeat(np.arange(len(docs), dtype=np.uint64), 64))
    pairs.update((int(min(x, y)), int(max(x, y))) for x, y in zip(a, b))
    truth = {p: jaccard(sets[p[0]], sets[p[1]]) for p in pairs}
    return docs, truth


# ---------------------------------------------------------------- the tools

def _union_find(n: int, pairs) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def run_datasketch(docs: list[str]) -> list[int]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    hashes = []
    for i, t in enumerate(docs):
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode() for s in shingles(t)])
        lsh.insert(i, m)
        hashes.append(m)
    pairs = [(i, j) for i, m in enumerate(hashes) for j in lsh.query(m)
             if j > i and m.jaccard(hashes[j]) >= THRESHOLD]  # verified by its own estimate, like tamis
    return _union_find(len(docs), pairs)


def run_rensa(docs: list[str]) -> list[int]:
    from rensa import RMinHash, RMinHashLSH

    mh = RMinHash.from_token_sets([shingles(t) for t in docs], NUM_PERM, 1)
    lsh = RMinHashLSH(THRESHOLD, NUM_PERM, BANDS)
    lsh.insert_many(mh)
    cands = lsh.query_all(mh)
    pairs = [(i, j) for i, c in enumerate(cands) for j in c if j > i and mh[i].jaccard(mh[j]) >= THRESHOLD]
    return _union_find(len(docs), pairs)


def run_tamis(docs, batch: int = 20000, phases: dict | None = None) -> list[int]:
    import pyarrow as pa

    from tamis.dedup.near import NearDedup
    from tamis.document import Document
    from tamis.pipeline import _in_memory_lookup

    stage = NearDedup(threshold=THRESHOLD, ngram=NGRAM)  # its defaults: 512 permutations, 32 bands of 8
    t0 = time.perf_counter()
    rows, attrs = [], []
    n = nbytes = 0
    map_s = 0.0
    pending: list[Document] = []

    def flush() -> float:
        t = time.perf_counter()
        r, a = stage.map(pending)
        rows.append(r)
        attrs.append(a)
        pending.clear()
        return time.perf_counter() - t

    for text in docs:
        pending.append(Document(id=str(n), text=text, ordinal=n))
        n += 1
        nbytes += len(text.encode())
        if len(pending) == batch:
            map_s += flush()
    if pending:
        map_s += flush()
    t1 = time.perf_counter()
    groups = stage.group(pa.concat_tables(rows))
    t2 = time.perf_counter()
    decisions = stage.merge([groups], _in_memory_lookup(pa.concat_tables(attrs)))
    t3 = time.perf_counter()
    if phases is not None:
        phases.update(map=map_s, generate=t1 - t0 - map_s, group=t2 - t1, merge=t3 - t2, summary=stage.summary(decisions), mb=nbytes / 1e6,
                      map_bytes=sum(_parquet_size(t) for t in rows), attrs_bytes=sum(_parquet_size(t) for t in attrs))
    labels = list(range(n))
    for o, dup in zip(decisions["ordinal"].to_pylist(), decisions["duplicate_of"].to_pylist()):
        labels[o] = int(dup)
    return labels


def _parquet_size(table) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().size


TOOLS = {"tamis": run_tamis, "datasketch": run_datasketch, "rensa": run_rensa}


def score(labels: list[int], truth: dict[tuple[int, int], float]) -> dict[str, float]:
    true_pairs = [p for p, j in truth.items() if j >= THRESHOLD]
    caught = sum(labels[a] != a or labels[b] != b for a, b in true_pairs)
    removed = [(i, labels[i]) for i in range(len(labels)) if labels[i] != i]

    def j(a: int, b: int) -> float:
        p = (min(a, b), max(a, b))
        if p in truth:
            return truth[p]
        return 0.0  # not proposed even by the permissive LSH: far below 0.5

    good = sum(j(i, s) >= THRESHOLD for i, s in removed)
    return {"precision": round(good / len(removed), 4) if removed else 1.0,
            "recall": round(caught / len(true_pairs), 4), "true_pairs": len(true_pairs), "removed": len(removed)}


# ---------------------------------------------------------------- throughput

def sentence_pool(shared: Path) -> list[str]:
    return [s for t in gold_texts(shared) for s in sentences(t) if 20 <= len(s) <= 400]


def synthetic_docs(pool: list[str], n: int, seed: int = 5):
    """n documents, streamed: a run holds a batch, never the corpus. Near copies are of one
    of the last 10,000 documents (a wire story republished within days)."""
    rng = random.Random(seed)
    recent: list[str] = []
    for i in range(n):
        if i > 10 and rng.random() < 0.1:
            words = rng.choice(recent).split(" ")
            for _ in range(3):
                k = rng.randrange(len(words))
                words[k] = words[k][::-1]
            doc = " ".join(words)
        else:
            parts, size = [], 0
            while size < 2000:
                s = rng.choice(pool)
                parts.append(s)
                size += len(s) + 1
            doc = " ".join(parts)
        recent.append(doc)
        if len(recent) > 10_000:
            recent.pop(0)
        yield doc


def peak_rss_mb() -> float:
    """VmHWM: this process's own high-water mark (ru_maxrss carries the parent's over fork+exec)."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(tool: str, n: int, pool_file: Path) -> None:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    pool = json.loads(pool_file.read_text())
    phases: dict = {}
    if tool == "tamis":
        run_tamis(list(synthetic_docs(pool, 1000)))  # compile before the clock starts (cached on disk anyway)
        t = time.perf_counter()  # generating the documents is inside the clock here, outside for the peers
        labels = run_tamis(synthetic_docs(pool, n), phases=phases)
        mb = phases["mb"]
    else:
        docs = list(synthetic_docs(pool, n))
        mb = sum(len(d.encode()) for d in docs) / 1e6
        t = time.perf_counter()
        labels = TOOLS[tool](docs)
    dt = time.perf_counter() - t
    if phases:
        dt -= phases["generate"]  # making the test documents is not deduplication
    rss = peak_rss_mb()
    out = {"tool": tool, "docs": n, "mb": round(mb, 1), "seconds": round(dt, 2), "docs_per_s": round(n / dt),
           "peak_rss_mb": round(rss), "removed": sum(1 for i, x in enumerate(labels) if x != i)}
    if phases:
        out["generation_s_excluded"] = round(phases["generate"], 2)
        out["phases_s"] = {k: round(v, 2) for k, v in phases.items() if k in ("map", "group", "merge")}
        out["summary"] = phases["summary"]
        out["intermediate_mb"] = round((phases["map_bytes"] + phases["attrs_bytes"]) / 1e6, 1)
        out["intermediate_share_of_input"] = round((phases["map_bytes"] + phases["attrs_bytes"]) / 1e6 / mb, 3)
    print(json.dumps(out))


def in_child(tool: str, n: int, pool_file: Path) -> dict:
    r = subprocess.run([sys.executable, __file__, "--worker", tool, "--docs", str(n), "--pool", str(pool_file)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return {"tool": tool, "docs": n, "error": r.stderr[-2000:]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--peer-docs", type=int, default=30_000)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--pool", help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "dedup"))
    a = ap.parse_args()
    shared = Path(a.shared)
    if a.worker:
        worker(a.worker, a.docs, Path(a.pool))
        return

    docs, truth = build_corpus(shared)
    print(f"test corpus: {len(docs)} documents, {sum(j >= THRESHOLD for j in truth.values())} pairs at J >= {THRESHOLD}, "
          f"{sum(0.6 <= j < THRESHOLD for j in truth.values())} pairs at 0.6 <= J < {THRESHOLD}", flush=True)
    accuracy = {}
    for tool, fn in TOOLS.items():
        accuracy[tool] = score(fn(docs), truth)
        print(tool, accuracy[tool], flush=True)

    pool_file = Path(tempfile.mkdtemp()) / "sentences.json"
    pool_file.write_text(json.dumps(sentence_pool(shared)))
    speed = []
    for tool in ("datasketch", "rensa", "tamis"):
        speed.append(in_child(tool, a.peer_docs, pool_file))
        print(speed[-1], flush=True)
    big = in_child("tamis", a.docs, pool_file)
    print(big, flush=True)
    result = {"params": {"peers_num_perm": NUM_PERM, "rensa_bands": BANDS, "threshold": THRESHOLD, "ngram": NGRAM},
              "accuracy": accuracy, "speed": speed, "scale": big}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out + ".json").write_text(json.dumps(result, indent=1))
    Path(a.out + ".md").write_text(markdown(result))
    print(markdown(result))


def markdown(r: dict) -> str:
    lines = ["| tool | precision | recall | removed |", "|---|---|---|---|"]
    for tool, s in r["accuracy"].items():
        lines.append(f"| {tool} | {s['precision']:.3f} | {s['recall']:.3f} | {s['removed']} |")
    tam = next(s for s in r["speed"] if s["tool"] == "tamis")
    lines += ["", f"Throughput on {tam['docs']:,} documents of ~2 KB, one core:", "",
              "| tool | docs/s | tamis is | peak RSS MB |", "|---|---|---|---|"]
    for s in r["speed"]:
        if "error" in s:
            lines.append(f"| {s['tool']} | failed | | |")
            continue
        lines.append(f"| {s['tool']} | {s['docs_per_s']:,} | {tam['docs_per_s'] / s['docs_per_s']:.1f}x | {s['peak_rss_mb']:,} |")
    b = r["scale"]
    if "error" not in b:
        lines += ["", f"tamis on {b['docs']:,} documents ({b['mb']:,} MB): {b['seconds']} s, {b['docs_per_s']:,} docs/s, "
                  f"peak RSS {b['peak_rss_mb']:,} MB; phases (s): {b['phases_s']}; intermediate files "
                  f"{b['intermediate_mb']} MB = {b['intermediate_share_of_input']:.0%} of the input text."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
