"""The single-page interface of DESIGN.md: records matched back by id."""

import json
import subprocess
import sys

import tamis

CLI = [sys.executable, "-m", "tamis.cli", "clean"]


def test_jsonl_on_stdin_text_mode():
    recs = [{"id": "p1", "text": "Hello world.\n\nSecond paragraph here."}, {"id": "p2", "text": "Another page.", "url": "http://x/2"}]
    inp = "".join(json.dumps(r) + "\n" for r in recs)
    r = subprocess.run([*CLI, "--format", "text", "--json", "-"], input=inp, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["p1", "p2"]
    for o in out:
        assert {"id", "text", "title", "date", "author", "source", "category", "language", "removed", "kept"} <= set(o)
    assert out[1]["url"] == "http://x/2"


def test_jsonl_on_stdin_html_mode():
    html = "<html><head><title>T</title></head><body><article><p>" + "Body text of the article. " * 20 + "</p></article></body></html>"
    inp = json.dumps({"id": "h1", "html": html}) + "\n"
    r = subprocess.run([*CLI, "--format", "html", "--json", "-"], input=inp, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    (o,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert o["id"] == "h1" and "Body text of the article." in o["text"] and "<p>" not in o["text"]


def test_plain_page_on_stdin_is_one_page():
    r = subprocess.run([*CLI, "--json", "-"], input="Just some page text.\nSecond line.\n", capture_output=True, text=True)
    (o,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert o["id"] == "-" and o["kept"]


def test_file_and_directory(tmp_path):
    (tmp_path / "a.txt").write_text("Page A text.")
    (tmp_path / "b.html").write_text("<html><body><p>Page B text is here.</p></body></html>")
    r = subprocess.run([*CLI, "--json", str(tmp_path)], capture_output=True, text=True)
    out = {json.loads(line)["id"].rsplit("/", 1)[-1]: json.loads(line) for line in r.stdout.splitlines()}
    assert set(out) == {"a.txt", "b.html"}
    assert "Page B text" in out["b.html"]["text"]


def test_missing_file_is_a_clear_error(tmp_path):
    r = subprocess.run([*CLI, str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_python_api():
    res = tamis.clean_text("Some text of a page.\n")
    assert res["kept"] and res["id"] == "text"
    res = tamis.clean_html("<html><body><article><p>" + "Words in an article body. " * 10 + "</p></article></body></html>")
    assert "Words in an article body." in res["text"]


def test_links_in_markdown_only(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><article><p>" + "The council met and decided to widen the river path this spring. " * 4
                    + 'See <a href="/report">the report</a> for details.</p></article></body></html>')
    r = subprocess.run([*CLI, "--format-out", "markdown", "--links", str(page)], capture_output=True, text=True)
    assert r.returncode == 0 and "[the report](/report)" in r.stdout  # no URL known: the target as written
    r = subprocess.run([*CLI, "--links", str(page)], capture_output=True, text=True)
    assert r.returncode != 0 and "--links needs --format-out markdown" in r.stderr
