import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from conftest import DATA
from tamis.errors import InputError
from tamis.read import expand_inputs, plan_shards, read_shard
from warcgen import page, record, write_warc


def read_all(paths, fmt="auto", shard_records=1000):
    docs = []
    for s in plan_shards([str(p) for p in paths], fmt, shard_records):
        docs.extend(read_shard(s))
    return docs


@pytest.mark.parametrize("gz", [True, False])
def test_warc_response_records(tmp_path, gz):
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    write_warc(p, [record(f"http://ex.com/{i}", page(i)) for i in range(5)], gz=gz)
    docs = read_all([p])
    assert [d.url for d in docs] == [f"http://ex.com/{i}" for i in range(5)]
    assert all(d.id.startswith("urn:uuid:") for d in docs)
    assert all(d.html and "<article>" in d.html for d in docs)
    assert len({d.ordinal for d in docs}) == 5


def test_a_response_that_is_no_page_is_rejected_with_its_status(tmp_path):
    """Crawls keep redirects, "not found" pages and server errors as response records; their
    bodies are stubs and error pages. Each is rejected, a redirect saying where it points."""
    p = tmp_path / "a.warc.gz"
    stub = b"<html><body>Moved <a href='/new'>here</a></body></html>"
    write_warc(p, [record("http://ex.com/a", page(0)),
                   record("http://ex.com/old", stub, status="301 Moved Permanently", headers="Location: /new\r\n"),
                   record("http://ex.com/gone", page(1), status="404 Not Found"),
                   record("http://ex.com/err", page(2), status="503 Service Unavailable"),
                   record("http://ex.com/part", page(3), status="203 Non-Authoritative Information")])
    docs = read_all([p])
    assert [(d.url, d.rejection and (d.rejection.reason, d.rejection.value)) for d in docs] == [
        ("http://ex.com/a", None), ("http://ex.com/old", ("read.http_status", 301.0)),
        ("http://ex.com/gone", ("read.http_status", 404.0)), ("http://ex.com/err", ("read.http_status", 503.0)),
        ("http://ex.com/part", None)]
    assert docs[1].meta["redirect_to"] == "http://ex.com/new" and "a redirect to http://ex.com/new" in docs[1].rejection.message
    assert docs[2].meta["http_status"] == 404


def test_the_servers_robots_header_travels_with_the_page(tmp_path):
    p = tmp_path / "a.warc.gz"
    write_warc(p, [record("http://a/x", page(1), headers="X-Robots-Tag: noai, noimageai\r\n")])
    (d,) = read_all([p])
    assert d.meta["x_robots_tag"] == "noai, noimageai"


def test_a_crawlers_own_records_are_no_pages(tmp_path):
    """Heritrix's DNS lookups and Browsertrix's page-info and text records sit beside the
    pages; the text record repeats a page the WARC also holds as HTML."""
    p = tmp_path / "a.warc.gz"
    write_warc(p, [record("dns:example.com", b"20240101 example.com. 300 IN A 93.184.216.34", "text/dns", rtype="resource"),
                   record("urn:text:http://ex.com/a", b"The page's text as the crawler saw it.", "text/plain", rtype="resource"),
                   record("http://ex.com/a", page(0))])
    docs = read_all([p])
    assert [d.rejection.reason if d.rejection else "page" for d in docs] == ["read.not_a_page", "read.not_a_page", "page"]


def test_a_revisit_record_is_counted_not_lost(tmp_path):
    """A crawler that deduplicates writes a revisit record for a page it saw before: no page of
    its own, but a record in, so one rejected record out."""
    p = tmp_path / "a.warc.gz"
    refers = "WARC-Refers-To-Target-URI: http://ex.com/a\r\nWARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n"
    write_warc(p, [record("http://ex.com/a", page(0)),
                   record("http://ex.com/a", b"", "application/http; msgtype=response", rtype="revisit", warc_headers=refers)])
    docs = read_all([p])
    assert [d.rejection and d.rejection.reason for d in docs] == [None, "read.revisit"]
    assert "http://ex.com/a" in docs[1].rejection.message


def test_a_real_wget_crawl_yields_its_pages_and_says_why_the_rest_is_not():
    """tests/data/wget-crawl.warc.gz is GNU Wget's own WARC of a tiny site on loopback
    (tests/data/make_wget_warc.sh): "<uri>" targets, the files each page loads, a redirect,
    a missing page and wget's own records."""
    docs = read_all([DATA / "wget-crawl.warc.gz"])
    got = sorted((d.url, d.rejection.reason if d.rejection else "page") for d in docs)
    host = "http://127.0.0.1:8799"
    assert got == sorted([
        (f"{host}/blog/post1.html", "page"), (f"{host}/blog/post2.html", "page"), (f"{host}/blog/post2.html", "page"),
        (f"{host}/blog/post3.html", "page"),
        (f"{host}/style.css", "read.content_type"), (f"{host}/app.js", "read.content_type"),
        (f"{host}/favicon.png", "read.content_type"), (f"{host}/old", "read.http_status"),
        (f"{host}/missing.html", "read.http_status"),
        ("metadata://gnu.org/software/wget/warc/wget_arguments.txt", "read.not_a_page")])
    (gz,) = [d for d in docs if d.url.endswith("/post3.html")]  # kept by wget gzipped and chunked, as sent
    assert gz.html.startswith("<!doctype html>") and "day 3 of the works" in gz.html
    (old,) = [d for d in docs if d.url.endswith("/old")]
    assert old.meta["redirect_to"] == f"{host}/blog/post2.html"
    assert {d.rejection.value for d in docs if d.rejection and d.rejection.reason == "read.content_type"} == {
        "text/css", "text/javascript", "image/png"}


def _chunked(b: bytes, n: int = 40) -> bytes:
    return b"".join(b"%x\r\n" % len(b[i:i + n]) + b[i:i + n] + b"\r\n" for i in range(0, len(b), n)) + b"0\r\n\r\n"


def test_http_codings_a_crawler_kept_are_undone(tmp_path):
    import zlib

    import brotli

    body = page(7)
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    cases = {
        "gzip": (gzip.compress(body), "Content-Encoding: gzip\r\n"),
        "chunked": (_chunked(body), "Transfer-Encoding: chunked\r\n"),
        "both": (_chunked(gzip.compress(body)), "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"),
        "deflate": (zlib.compress(body), "Content-Encoding: deflate\r\n"),
        "raw-deflate": (raw_deflate.compress(body) + raw_deflate.flush(), "Content-Encoding: deflate\r\n"),
        "br": (brotli.compress(body), "Content-Encoding: br\r\n"),
        "zstd": (zstandard.ZstdCompressor().compress(body), "Content-Encoding: zstd\r\n"),
        "decoded-kept-header": (body, "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"),
        "bad-gzip": (b"\x1f\x8b\x08\x00" + bytes(range(200)), "Content-Encoding: gzip\r\n"),
        "bomb": (gzip.compress(b"<html>" + b" " * 3_000_000), "Content-Encoding: gzip\r\n"),
    }
    p = tmp_path / "c.warc.gz"
    write_warc(p, [record(f"http://a/{k}", b, headers=h) for k, (b, h) in cases.items()])
    docs = []
    for s in plan_shards([str(p)], "auto", 1000):
        docs.extend(read_shard(s, max_record_bytes=2_000_000))
    by = {d.url.rsplit("/", 1)[1]: d for d in docs}
    for k in cases:
        if k in ("bad-gzip", "bomb"):
            continue
        assert by[k].rejection is None and by[k].html == body.decode(), k
    assert by["bad-gzip"].rejection.reason == "read.bad_coding"
    assert by["bomb"].rejection.reason == "read.too_large"


@pytest.mark.parametrize(("ctype", "body", "want"), [
    ("application/xhtml+xml", page(1), None),
    ("text/xml", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi there</p></body></html>', None),
    ("application/rss+xml", b'<?xml version="1.0"?><rss><channel><title>Feed</title></channel></rss>', "application/rss+xml"),
    ("application/xml", b'<?xml version="1.0"?><urlset><url><loc>http://a/</loc></url></urlset>', "application/xml"),
    ("application/json; charset=utf-8", b'{"items": []}', "application/json"),
    ("text/css", b"body { color: red }", "text/css"),
    ("TEXT/HTML charset=utf-8", page(2), None),  # a malformed header still says HTML
    ("application/octet-stream", page(3), None),  # undeclared: sniffed
    ("text/plain", b"<!DOCTYPE html><html><body><p>A page its server calls plain text.</p></body></html>", None),
])
def test_what_a_response_declares_itself_decides_whether_it_is_a_page(tmp_path, ctype, body, want):
    p = tmp_path / "t.warc.gz"
    write_warc(p, [record("http://a/x", body, ctype)])
    (d,) = read_all([p])
    assert (d.rejection.value if d.rejection else None) == want
    assert d.rejection is None or d.rejection.reason == "read.content_type"
    if want is None:
        assert d.html is not None and d.text == ""  # read as HTML, whatever the server said


def test_warc_split_into_shards_reads_every_record_once(tmp_path):
    p = tmp_path / "a.warc.gz"
    write_warc(p, [record(f"http://ex.com/{i}", page(i)) for i in range(23)])
    shards = plan_shards([str(p)], "auto", 5)
    assert len(shards) == 5
    docs = [d for s in shards for d in read_shard(s)]
    assert sorted(d.url for d in docs) == sorted(f"http://ex.com/{i}" for i in range(23))


def test_wet_conversion_records_are_text(tmp_path):
    p = tmp_path / "a.wet.gz"
    write_warc(p, [record("http://ex.com/x", b"Line one\nLine two", "text/plain", rtype="conversion")])
    (d,) = read_all([p])
    assert d.text == "Line one\nLine two" and d.html is None and d.url == "http://ex.com/x"


def test_charset_from_http_header_and_meta(tmp_path):
    body_http = "<html><body><p>Größe café</p></body></html>".encode("latin-1")
    body_meta = '<html><head><meta charset="windows-1251"></head><body><p>Привет мир</p></body></html>'.encode("cp1251")
    p = tmp_path / "c.warc.gz"
    write_warc(p, [record("http://a/1", body_http, "text/html; charset=iso-8859-1"), record("http://a/2", body_meta, "text/html")])
    a, b = read_all([p])
    assert "Größe café" in a.html
    assert "Привет мир" in b.html


def test_wrong_declared_charset_prefers_valid_utf8(tmp_path):
    body = "<html><body><p>日本語のテキスト and naïve text</p></body></html>".encode()
    p = tmp_path / "w.warc.gz"
    write_warc(p, [record("http://a/1", body, "text/html; charset=iso-8859-1")])
    (d,) = read_all([p])
    assert "日本語のテキスト" in d.html and "naïve" in d.html


@pytest.mark.parametrize("suffix", ["", ".gz", ".zst"])
def test_jsonl_records(tmp_path, suffix):
    lines = [
        {"id": "a", "url": "http://a", "text": "hello"},
        {"id": "b", "html": "<p>x</p>"},
        {"text": "no id"},
    ]
    data = "".join(json.dumps(r) + "\n" for r in lines).encode()
    if suffix == ".gz":
        data = gzip.compress(data)
    elif suffix == ".zst":
        data = zstandard.ZstdCompressor().compress(data)
    p = tmp_path / f"r.jsonl{suffix}"
    p.write_bytes(data)
    a, b, c = read_all([p])
    assert (a.id, a.url, a.text) == ("a", "http://a", "hello")
    assert b.html == "<p>x</p>"
    assert c.id.endswith("r.jsonl" + suffix + ":3")


def test_a_dump_that_keeps_html_in_its_text_field_is_read_as_html(tmp_path):
    """Scraped dumps often name the page's HTML `content` or `text`; unless the run says the
    content is text, a field that starts as an HTML document is HTML."""
    page = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Body</p></body></html>"
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"id": "h", "content": page}) + "\n" + json.dumps({"id": "t", "text": "<b> is bold"}) + "\n")
    h, t = read_all([p])
    assert (h.html, h.text) == (page, "") and (t.html, t.text) == (None, "<b> is bold")
    (forced, _) = [d for s in plan_shards([str(p)], "auto", 1000, content="text") for d in read_shard(s)]
    assert forced.text == page and forced.html is None


def test_jsonl_split_by_lines(tmp_path):
    p = tmp_path / "r.jsonl"
    p.write_text("".join(json.dumps({"id": str(i), "text": f"t{i}"}) + "\n" for i in range(10)))
    shards = plan_shards([str(p)], "auto", 3)
    assert len(shards) == 4
    ids = [d.id for s in shards for d in read_shard(s)]
    assert ids == [str(i) for i in range(10)]


def test_jsonl_bad_line_is_rejected_and_reading_goes_on(tmp_path):
    p = tmp_path / "r.jsonl"
    p.write_text('{"id": "1", "text": "a"}\n{not json\n{"id": "3", "text": "c"}\n[1,2]\n')
    docs = read_all([p])
    assert [d.id for d in docs if d.kept] == ["1", "3"]
    reasons = sorted(d.rejection.reason for d in docs if not d.kept)
    assert reasons == ["read.bad_json", "read.bad_record"]


def test_parquet(tmp_path):
    p = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": ["x", "y"], "text": ["one", "two"], "url": ["http://x", None]}), p)
    docs = read_all([p])
    assert [(d.id, d.text, d.url) for d in docs] == [("x", "one", "http://x"), ("y", "two", None)]


def test_directory_and_glob_of_pages(tmp_path):
    (tmp_path / "a.html").write_text("<html><body><p>hi</p></body></html>")
    (tmp_path / "b.txt").write_text("plain text page")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_text("<p>deep</p>")
    docs = read_all(expand_inputs([str(tmp_path)]))
    by = {d.id.rsplit("/", 1)[-1]: d for d in docs}
    assert by["a.html"].html and by["b.txt"].text == "plain text page" and by["c.htm"].html
    assert len(expand_inputs([str(tmp_path / "*.txt")])) == 1


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "nope.warc.gz")])
    with pytest.raises(InputError, match="no files match"):
        expand_inputs([str(tmp_path / "*.nothing")])
