"""Seed corpora for the fuzzers, cut from the sample corpus and wget's test crawl (whose
records keep HTTP codings: chunked, gzip): small WARC files and HTML pages.

    python fuzz/seeds.py        # writes fuzz/corpus/warc/ and fuzz/corpus/html/ (if empty)
"""

import gzip
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "tamis" / "data" / "sample" / "sample.warc.gz"
WGET = ROOT / "tests" / "data" / "wget-crawl.warc.gz"


def main() -> None:
    warc_dir, html_dir = ROOT / "fuzz" / "corpus" / "warc", ROOT / "fuzz" / "corpus" / "html"
    if warc_dir.exists() and any(warc_dir.iterdir()):
        return
    warc_dir.mkdir(parents=True, exist_ok=True)
    html_dir.mkdir(parents=True, exist_ok=True)
    recs = []
    for path, most in ((SAMPLE, 40), (WGET, 30)):
        raw = gzip.decompress(path.read_bytes())
        starts = [i for i in range(len(raw)) if raw.startswith(b"WARC/1.0\r\n", i)][:most] + [len(raw)]
        recs += [raw[a:b] for a, b in zip(starts, starts[1:])]
    for k, rec in enumerate(recs):
        if len(rec) > 30_000:  # the fuzzer mutates small inputs best: keep the head of big records
            rec = rec[:30_000]
        (warc_dir / f"rec{k:02d}.warc").write_bytes(rec)
        if k < 8:
            (warc_dir / f"rec{k:02d}.warc.gz").write_bytes(gzip.compress(rec, mtime=0))
    n = 0
    with open(SAMPLE, "rb") as f:
        for rec in ArchiveIterator(f, record_types=WarcRecordType.response):
            body = rec.reader.read()
            body = body.split(b"\r\n\r\n", 1)[-1]
            (html_dir / f"page{n:03d}.html").write_bytes(body[:40_000])
            n += 1
            if n >= 30:
                break
    print(f"seeds: {len(list(warc_dir.iterdir()))} WARC, {n} HTML")


if __name__ == "__main__":
    main()
