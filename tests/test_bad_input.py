"""Every kind of bad input ends as a rejected record with a reason, or a clear CLI error."""

import gzip
import json
import subprocess
import sys

import pytest

from conftest import DATA
from tamis.cli import main
from tamis.write.shards import iter_records
from warcgen import page, record, write_warc


def run_cli(tmp_path, *inputs, extra=()):
    out = tmp_path / "out"
    code = main(["run", *sum((["--input", str(i)] for i in inputs), []), "--output", str(out), "--workers", "1",
                 "--no-progress", "--no-report", *extra])
    return code, out


def outputs(out):
    kept = [r for p in sorted((out / "kept").glob("*")) for r in iter_records(p)]
    rej = [r for p in sorted((out / "rejected").glob("*")) for r in iter_records(p)]
    return kept, rej


def balanced(out):
    m = json.loads((out / "manifest.json").read_text())
    d = m["documents"]
    kept, rej = outputs(out)
    assert d["in"] == d["kept"] + d["rejected"] == len(kept) + len(rej)
    return m, kept, rej


def test_corrupt_gzip_mid_file(tmp_path):
    p = tmp_path / "c.warc.gz"
    offsets = write_warc(p, [record(f"http://a/{i}", page(i)) for i in range(6)])
    data = bytearray(p.read_bytes())
    for k in range(offsets[3] + 30, offsets[3] + 80):
        data[k] ^= 0x5A
    p.write_bytes(bytes(data))
    code, out = run_cli(tmp_path, p)
    assert code == 0
    m, kept, rej = balanced(out)
    assert len(kept) == 3
    assert [r["reason"] for r in rej] == ["read.corrupt"]
    assert "after byte" in rej[0]["message"]


def test_truncated_warc_record(tmp_path):
    p = tmp_path / "t.warc"
    write_warc(p, [record(f"http://a/{i}", page(i)) for i in range(3)], gz=False)
    p.write_bytes(p.read_bytes()[:-100])
    code, out = run_cli(tmp_path, p)
    m, kept, rej = balanced(out)
    assert len(kept) == 2 and rej[0]["reason"] == "read.truncated"


def test_invalid_utf8_and_wrong_charset(tmp_path):
    bad = b"<html><body><p>caf\xe9 cr\xe8me br\xfbl\xe9e and some more words here</p></body></html>"  # latin-1 bytes
    wrong = "<html><body><p>Ceci est un texte français, très bien écrit.</p></body></html>".encode()
    p = tmp_path / "e.warc.gz"
    write_warc(p, [record("http://a/1", bad, "text/html; charset=utf-8"), record("http://a/2", wrong, "text/html; charset=ascii")])
    code, out = run_cli(tmp_path, p, extra=["--stages", "extract"])
    m, kept, rej = balanced(out)
    texts = {r["url"]: r["text"] for r in kept}
    assert "café crème brûlée" in texts["http://a/1"]
    assert "français, très bien écrit" in texts["http://a/2"]


def test_binary_content_in_response_record(tmp_path):
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 20
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    p = tmp_path / "b.warc.gz"
    write_warc(p, [record("http://a/doc.pdf", pdf, "application/pdf"), record("http://a/img", png, "text/html"),
                   record("http://a/ok", page(1))])
    code, out = run_cli(tmp_path, p)
    m, kept, rej = balanced(out)
    assert [r["url"] for r in kept] == ["http://a/ok"]
    assert sorted(r["reason"] for r in rej) == ["read.binary", "read.content_type"]  # sniffed; declared


def test_empty_files(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.html").write_bytes(b"")
    (tmp_path / "in" / "empty.jsonl").write_bytes(b"")
    gzip.open(tmp_path / "in" / "empty.warc.gz", "wb").close()
    (tmp_path / "in" / "ok.txt").write_text("A real page with words in it.")
    code, out = run_cli(tmp_path, tmp_path / "in")
    assert code == 0
    m, kept, rej = balanced(out)
    assert len(kept) == 1 and [r["reason"] for r in rej] == ["read.empty"] * 3
    assert {r["id"].rsplit("/", 1)[-1] for r in rej} == {"empty.html", "empty.jsonl:empty", "empty.warc.gz:empty"}


def test_missing_path_is_a_clear_cli_error(tmp_path):
    r = subprocess.run([sys.executable, "-m", "tamis.cli", "run", "--input", str(tmp_path / "nope.warc.gz"),
                        "--output", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 2
    assert "no such file or directory" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_50mb_single_record(tmp_path):
    body = b"<html><body>" + b"<p>" + b"lorem ipsum dolor sit amet " * 2_000_000 + b"</p></body></html>"
    assert len(body) > 50_000_000
    p = tmp_path / "big.warc.gz"
    write_warc(p, [record("http://a/big", body), record("http://a/small", page(2))])
    code, out = run_cli(tmp_path, p, extra=["--stages", "extract"])
    m, kept, rej = balanced(out)
    assert len(kept) + len(rej) == 2
    # and over the configured limit it is rejected, not read
    cfg = tmp_path / "p.yaml"
    cfg.write_text(f"input: {p}\noutput: {tmp_path / 'o3'}\nlimits: {{max_record_bytes: 10000000}}\nstages: [extract]\n")
    assert main(["run", str(cfg), "--workers", "1", "--no-progress", "--no-report"]) == 0
    m, kept, rej = balanced(tmp_path / "o3")
    assert [r["reason"] for r in rej] == ["read.too_large"] and len(kept) == 1


@pytest.mark.parametrize("fmt", ["jsonl.zst", "parquet"])
def test_lone_surrogates_and_empty_ids_in_jsonl(tmp_path, fmt):
    """Found by hypothesis: JSON may escape lone surrogates and give empty ids; neither may stop the run."""
    from tamis.cli import main
    from tamis.write.shards import iter_records

    inp = tmp_path / "s.jsonl"
    inp.write_text('{"id": "a\\ud800b", "text": "bad \\udc00 text. More words here to keep.", "url": "http://x/\\ud800"}\n'
                   '{"id": "", "text": "empty id"}\n{"id": {"x": 1}, "text": "dict id"}\n')
    out = tmp_path / "out"
    assert main(["run", "--input", str(inp), "--output", str(out), "--stages", "clean", "--output-format", fmt,
                 "--no-progress", "--no-report"]) == 0
    recs = [r for p in sorted(out.rglob("part-*")) for r in iter_records(p)]
    assert len(recs) == 3 and all(r["id"] for r in recs)
    assert {r["id"] for r in recs} >= {"a\ufffdb", f"{inp}:2"} or {r["id"] for r in recs} >= {"a?b", f"{inp}:2"}
    for r in recs:
        json.dumps(r, ensure_ascii=False).encode("utf-8")


def test_nesting_depth_counts_what_really_nests():
    from tamis.extract.stage import nesting_depth

    assert nesting_depth("<div><p>a<p>b<br><img src=x><div class=x>c</div></div><div>") == 2
    assert nesting_depth("<ul>" + "<li>item" * 9000 + "</ul>") == 1  # implied ends do not nest
    assert nesting_depth("<span>" * 5000 + "x") == 5000  # unclosed ones do
    assert nesting_depth("plain text, no tags") == 0


def test_too_deeply_nested_html_is_rendered_piecewise_not_parsed_whole(tmp_path):
    """A whole DOM of a page nested 200,000 deep takes minutes to build (lexbor's parse and
    resiliparse's main-content guess grow with the square of the depth)."""
    story = "The river rose overnight and the town's volunteers filled sandbags until dawn. " * 8
    deep = ("<html><head><title>Flood night</title></head><body>" + "<div>" * 200_000 + f"<p>{story}</p>"
            + "</div>" * 200_000 + "</body></html>")
    p = tmp_path / "deep.warc.gz"
    write_warc(p, [record("http://a/deep", deep.encode()), record("http://a/ok", page(1))])
    code, out = run_cli(tmp_path, p, extra=["--stages", "extract"])
    m, kept, rej = balanced(out)
    assert code == 0 and not rej
    doc = next(r for r in kept if r["url"] == "http://a/deep")
    assert doc["meta"]["extract_depth"] == 200_000 and doc["meta"]["extract_piecewise"]
    assert story.strip() in doc["text"] and doc["meta"]["title"] == "Flood night"


@pytest.mark.parametrize("url", ["http://[::1", "https://[broken]:99999/x", "http://ex.com:notaport/2020/01/02/a"])
def test_a_malformed_url_costs_its_page_nothing(url):
    # a record's URL is a hint (a permalink's date, the site's name): unreadable, it is none
    import tamis

    body = "The council met on Tuesday and agreed to extend the river path by two miles next spring. " * 4
    html = ('<html><body><ol class="breadcrumb"><a href="/">Home</a><a href="http://[x">Local</a></ol>'
            f"<h1>River path extended</h1><p>{body}</p></body></html>")
    for out in (tamis.clean_html(html, url=url), tamis.clean_text(f"River path extended\n\n{body}", url=url)):
        assert out["kept"], out.get("message")
        assert "river path" in out["text"]


def test_a_real_crawl_run_end_to_end_loses_nothing(tmp_path):
    """Wget's WARC of a tiny site (tests/data/make_wget_warc.sh) through the default pipeline:
    the three posts are kept (one sent gzipped in chunks; the second capture of another,
    reached through a redirect, is a duplicate), and every other record is rejected with the
    reader's reason."""
    code, out = run_cli(tmp_path, DATA / "wget-crawl.warc.gz")
    assert code == 0
    m, kept, rej = balanced(out)
    assert sorted(r["url"] for r in kept) == [f"http://127.0.0.1:8799/blog/post{i}.html" for i in (1, 2, 3)]
    assert sorted(r["reason"] for r in rej) == ["dedup.exact", "read.content_type", "read.content_type", "read.content_type",
                                                 "read.http_status", "read.http_status", "read.not_a_page"]
