"""Build the sample corpus shipped in src/tamis/data/sample/ from ../shared.

    python scripts/build_sample.py [--shared ../shared]

Writes sample.warc.gz (HTTP response records: the 181 Scrapinghub benchmark pages, the
WCXB pages of two documentation sites, plus the seed page as a text/plain resource record),
sample.wet.gz (the same pages as WET conversion records: their visible text), gold.jsonl.gz
(the gold text, for the tests) and the licences. Deterministic: record ids are derived from
the URLs.

The documentation sites are there because a corpus holds many pages per site: their menus
and footers repeat from page to page, which is what `dedup.lines` learns from.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit

DATE = "2021-01-01T00:00:00Z"
SITES = ("developer.mozilla.org", "docs.python.org")
SEED_URL = "https://www.ecns.cn/news/politics/2020-12-29/seed-page.shtml"  # the seed has no URL; a path on its site


def warc_record(rtype: str, url: str, block: bytes, content_type: str, extra: str = "") -> bytes:
    rid = uuid.uuid5(uuid.NAMESPACE_URL, rtype + url)
    head = (
        f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\nWARC-Date: {DATE}\r\n"
        f"WARC-Target-URI: {url}\r\n{extra}Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return gzip.compress(head.encode() + block + b"\r\n\r\n", mtime=0)


def http_response(body: bytes, content_type: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1] / ".." / "shared"))
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "src/tamis/data/sample"))
    a = ap.parse_args()
    shared, out = Path(a.shared), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    recs = [json.loads(line) for line in gzip.open(shared / "bench/scrapinghub.jsonl.gz")]
    recs += [r for r in map(json.loads, gzip.open(shared / "bench/wcxb-dev.jsonl.gz"))
             if urlsplit(r["url"] or "").hostname in SITES]
    seed = (shared / "examples/seed/page.txt").read_bytes()
    with open(out / "sample.warc.gz", "wb") as w, open(out / "sample.wet.gz", "wb") as t:
        w.write(warc_record("warcinfo", "", b"software: tamis build_sample.py\r\n", "application/warc-fields"))
        for r in recs:
            url = r["url"]
            w.write(warc_record("response", url, http_response(r["html"].encode(), "text/html; charset=utf-8"),
                                "application/http; msgtype=response"))
            t.write(warc_record("conversion", url, r["page_text"].encode(), "text/plain"))
        w.write(warc_record("resource", SEED_URL, seed, "text/plain; charset=utf-8"))
        t.write(warc_record("conversion", SEED_URL, seed, "text/plain"))
    with gzip.open(out / "gold.jsonl.gz", "wt", encoding="utf-8") as g:
        for r in recs:
            g.write(json.dumps({"url": r["url"], "id": r["id"], "gold_text": r["gold_text"]}, ensure_ascii=False) + "\n")
    shutil.copy(shared / "bench/scrapinghub.LICENSE", out / "scrapinghub.LICENSE")
    shutil.copy(shared / "bench/wcxb.LICENSE", out / "wcxb.LICENSE")
    for f in sorted(out.iterdir()):
        print(f"{f.name}: {f.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
