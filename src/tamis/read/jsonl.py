"""JSONL records (plain, .gz, .zst) as documents.

The page is in `html` or `text` (also `raw_content`/`content`, as CCNet and others name
it); `id` and `url` are kept, `meta` is carried over. A line that is not JSON, or holds no
page, is a rejected record with the line number, and reading goes on.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

import zstandard

from ..document import Document
from .decode import decode, starts_as_html
from .source import Shard
from .streams import TooLarge, open_bytes

TEXT_FIELDS = ("text", "raw_content", "content", "page_text")


def _valid_utf8(s: str) -> str:
    """JSON may escape lone surrogates (\\ud800): they cannot be written back as UTF-8."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")


def record_to_document(rec: Any, doc: Document, content: str) -> Document:
    """Fill `doc` from one parsed JSON record (shared by the JSONL and Parquet readers)."""
    if not isinstance(rec, dict):
        return doc.reject("read.bad_record", None, f"a record is a JSON object, got {type(rec).__name__}")
    rid = rec.get("id")
    if rid is not None and not isinstance(rid, (dict, list)) and str(rid).strip():
        doc.id = _valid_utf8(str(rid).strip())  # an empty id would be no id: keep path:line
    if isinstance(rec.get("url"), str):
        doc.url = _valid_utf8(rec["url"])
    if isinstance(rec.get("meta"), dict):
        doc.meta.update(rec["meta"])
    html = rec.get("html")
    text = next((rec[k] for k in TEXT_FIELDS if isinstance(rec.get(k), str)), None)
    if content == "text" and text is None and isinstance(html, str):
        text, html = html, None
    if content == "html" and not isinstance(html, str) and text is not None:
        html, text = text, None
    if content == "auto" and not isinstance(html, str) and text is not None and starts_as_html(text):
        html, text = text, None  # a dump that keeps the page's HTML in its `text` or `content` field
    if content != "text" and isinstance(html, str):
        doc.html = _valid_utf8(html)
    elif text is not None:
        doc.text = _valid_utf8(text)
    else:
        return doc.reject("read.no_content", None, "record has no text or html field")
    return doc


def read_jsonl(shard: Shard, max_record_bytes: int, max_file_bytes: int) -> Iterator[Document]:
    base = shard.index << 32
    first_line = 0
    if shard.start:
        with open(shard.path, "rb") as f:  # line number of the first line of this shard
            first_line = f.read(shard.start).count(b"\n")
    try:
        stream = open_bytes(shard.path, max_file_bytes, shard.start)
    except OSError as e:
        yield Document(id=f"{shard.path}:error", ordinal=base).reject("read.unreadable", None, str(e))
        return
    n = 0
    lineno = first_line
    try:
        with stream:
            while shard.count < 0 or n < shard.count:
                line = stream.readline(max_record_bytes + 1)
                if not line:
                    return
                lineno += 1
                doc = Document(id=f"{shard.path}:{lineno}", ordinal=base | n, bytes_in=len(line))
                if len(line) > max_record_bytes and not line.endswith(b"\n"):
                    skipped = len(line)
                    while line and not line.endswith(b"\n"):
                        line = stream.readline(1 << 20)
                        skipped += len(line)
                    n += 1
                    yield doc.reject("read.too_large", float(skipped), f"line {lineno} is {skipped} bytes, over max_record_bytes={max_record_bytes}")
                    continue
                if not line.strip():
                    continue  # blank lines are not records
                n += 1
                try:
                    rec = json.loads(line)
                except ValueError:
                    text, _ = decode(line)
                    try:
                        rec = json.loads(text)
                    except ValueError as e:
                        yield doc.reject("read.bad_json", None, f"line {lineno}: {e}")
                        continue
                yield record_to_document(rec, doc, shard.content)
    except TooLarge as e:
        yield Document(id=f"{shard.path}:{lineno + 1}", ordinal=base | n).reject("read.too_large", None, f"{shard.path}: {e}")
    except (OSError, EOFError, zlib.error, zstandard.ZstdError) as e:
        yield Document(id=f"{shard.path}:{lineno + 1}", ordinal=base | n).reject(
            "read.corrupt", None, f"{shard.path}: cannot decompress after line {lineno}: {e}"
        )
