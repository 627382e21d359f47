"""Property-based tests: whatever the bytes, nothing raises, nothing is lost, output is valid.

For every generated input file: the reader yields documents (or one rejection for the
file), the document stages never raise out, every document ends kept or rejected with a
`stage.rule` reason, its output record survives a JSON round trip, and its text is valid
UTF-8.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamis.document import Document
from tamis.pipeline import Pipeline
from tamis.read import plan_shards, read_shard
from tamis.stage import registry

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_DIR = Path(tempfile.mkdtemp(prefix="tamis-prop-"))
_STAGES: list = []


def stages():
    if not _STAGES:
        reg = registry()
        _STAGES.extend([reg["extract"](), reg["clean"](), reg["quality.gopher"](), reg["quality.c4"](), reg["pii"]()])
    return _STAGES


def check_file(name: str, data: bytes, fmt: str = "auto") -> None:
    path = _DIR / name
    path.write_bytes(data)
    docs: list[Document] = []
    for shard in plan_shards([str(path)], fmt, 3):
        docs.extend(read_shard(shard, 1 << 20, 8 << 20))
    assert docs, "a file must yield at least one document or rejection"
    out = Pipeline(stages()).run(docs)
    assert len(out) == len(docs)
    for d in out:
        assert d.id
        if d.rejection is not None:
            assert "." in d.rejection.reason and d.rejection.reason.split(".")[0] in {
                "read", "extract", "clean", "quality", "pii"}, d.rejection
            assert not d.rejection.reason.endswith(".error"), d.rejection  # a stage bug, not a verdict
        rec = json.loads(json.dumps(d.to_record(), ensure_ascii=False))
        assert rec["id"] == d.id
        d.text.encode("utf-8")
        for r in d.removed:
            r.text.encode("utf-8")


def warc_record(body: bytes, rtype: str = "response", length: int | None = None, http: bool = True) -> bytes:
    block = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body) if http else body
    n = len(block) if length is None else length
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:x>\r\n"
            f"WARC-Target-URI: http://e.com/\r\nContent-Length: {n}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


html_text = st.recursive(
    st.text(max_size=40),
    lambda inner: st.builds(lambda tag, kids: f"<{tag}>{''.join(kids)}</{tag}>",
                            st.sampled_from(["p", "div", "a", "script", "li", "h1", "span", "table", "td", "style"]),
                            st.lists(inner, max_size=4)),
    max_leaves=20,
)
json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                          max_leaves=10)


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_as_every_format(data):
    for name in ("x.warc", "x.warc.gz", "x.jsonl", "x.jsonl.gz", "x.html", "x.txt"):
        check_file(name, data)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_inside_gzip(data):
    check_file("g.warc.gz", gzip.compress(data))
    check_file("g.jsonl.gz", gzip.compress(data))


@SETTINGS
@given(st.lists(st.tuples(html_text, st.sampled_from(["response", "resource", "conversion", "request"]),
                          st.integers(-5, 5), st.booleans()), min_size=1, max_size=4),
       st.booleans(), st.integers(0, 200))
def test_warc_records_with_wrong_lengths_and_truncation(records, compress, cut):
    data = b"".join(warc_record(h.encode("utf-8", "surrogatepass"), t, None if d == 0 else max(0, len(h) + d), http)
                    for h, t, d, http in records)
    if cut:
        data = data[:-cut]
    check_file("w.warc.gz" if compress else "w.warc", gzip.compress(data) if compress else data)


@SETTINGS
@given(st.lists(st.one_of(json_value, st.fixed_dictionaries({"id": json_value, "text": st.text(max_size=300)}),
                          st.fixed_dictionaries({"html": html_text, "url": st.text(max_size=20)})), max_size=6),
       st.binary(max_size=50))
def test_jsonl_records_of_any_shape(values, junk):
    data = b"".join(json.dumps(v).encode() + b"\n" for v in values) + junk
    check_file("j.jsonl", data)


@SETTINGS
@given(html_text, st.sampled_from(["utf-8", "latin-1", "utf-16", "shift_jis", "x-unknown\x00", ""]))
def test_html_in_any_declared_charset(body, charset):
    head = f'<html><head><meta charset="{charset}"><title>t</title></head><body>'.encode("ascii", "ignore")
    try:
        enc = body.encode(charset.strip("\x00") or "utf-8", "replace")
    except LookupError:
        enc = body.encode("utf-8", "surrogatepass")
    check_file("h.html", head + enc + b"</body></html>")


_LABEL_PIECES = ["Author", "author:", "Written by", "Article written by:", "Contributors", "coauthor", "\n", "\n\t\n",
                 "  ", "Ada Lovelace", "Jean de la Fontaine", "x", ",", "By", "İstanbul", "Story by", "Ünal Çelik"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_PIECES), max_size=14).map("".join))
def test_the_author_label_shortcut_finds_what_the_full_search_finds(text):
    from tamis.extract.htmlmeta import _AUTHOR_LABEL, _first_label

    want, got = _AUTHOR_LABEL.search(text), _first_label(text)
    assert (got and (got.span(), got.group(1))) == (want and (want.span(), want.group(1)))
