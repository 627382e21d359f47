"""WARC and WET records (fastwarc) as documents.

Response and resource records carry HTML (or sometimes plain text); WET conversion records
carry a page's visible text. Every record of those types becomes a document, either a
readable one or a rejected one that says what was wrong with it (a response whose HTTP
status is not 2xx among them). Revisit records (a capture the crawler deduplicated against
an earlier one) are counted as rejected: they hold no page of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..document import Document
from .decode import is_binary, refused_type, set_content, starts_as_html
from .http_coding import CodingError, TooLarge, undo_codings
from .source import Shard

RECORD_TYPES = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion | WarcRecordType.revisit


# resource records a crawler writes about its crawl: wget's log and arguments, Heritrix's DNS
# lookups, Browsertrix's "urn:pageinfo:", "urn:text:" (its own text of a page it also saved)
_CRAWLER_OWN = re.compile(r"(?:metadata|dns|warcinfo|urn):", re.I)


def _content_kind(content_type: str | None, forced: str, data: bytes) -> str:
    if forced in ("html", "text"):
        return forced
    ct = (content_type or "").split(";", 1)[0].strip().lower()
    if ct in ("text/plain", "text/markdown", "text/x-markdown"):
        return "html" if starts_as_html(data) else "text"  # a misconfigured server's "plain text"
    return "html"


def _status_rejected(doc: Document, status: int, location: str | None) -> Document:
    """A response that is no page (a redirect, "not found", a server error): its body is a
    stub or an error page, which a corpus does not want as text. A redirect says where to."""
    msg = f"HTTP {status}: not a page"
    if 300 <= status < 400 and location:
        try:
            doc.meta["redirect_to"] = urljoin(doc.url or "", location.strip())
        except ValueError:
            doc.meta["redirect_to"] = location.strip()
        msg = f"HTTP {status}: a redirect to {doc.meta['redirect_to']}"
    return doc.reject("read.http_status", float(status), msg)


def read_warc(shard: Shard, max_record_bytes: int, max_file_bytes: int) -> Iterator[Document]:
    n = 0
    base = shard.index << 32
    f = open(shard.path, "rb")
    f.seek(shard.start)
    last_pos = shard.start
    read_total = 0
    try:
        it = ArchiveIterator(f, record_types=RECORD_TYPES, parse_http=False, fsspec_args=False)
        for rec in it:
            if shard.count >= 0 and n >= shard.count:
                return
            last_pos = rec.stream_pos
            rid = (rec.record_id or "").strip("<>") or f"{shard.path}@{rec.stream_pos}"
            url = rec.headers.get("WARC-Target-URI")
            if url and url.startswith("<") and url.endswith(">"):
                url = url[1:-1]  # WARC 1.0 as wget writes it: "<http://…>"
            doc = Document(id=rid, url=url, ordinal=base | n)
            n += 1
            if url and _CRAWLER_OWN.match(url):
                yield doc.reject("read.not_a_page", None, f"a crawler's own record ({url[:200]})")
                continue
            date = rec.headers.get("WARC-Date")
            if date:
                doc.meta["crawl_date"] = date
            block_len = rec.content_length
            doc.bytes_in = block_len
            read_total += block_len
            if block_len > max_record_bytes:
                doc.reject("read.too_large", float(block_len), f"record of {block_len} bytes exceeds max_record_bytes={max_record_bytes}")
                yield doc
                if read_total > max_file_bytes:
                    yield Document(
                        id=f"{shard.path}@{rec.stream_pos}:rest", ordinal=base | n,
                    ).reject("read.too_large", float(read_total), f"stopped reading {shard.path}: decompressed size passed {max_file_bytes} bytes")
                    return
                continue
            if rec.record_type == WarcRecordType.revisit:
                # a capture deduplicated by the crawler: no page of its own (counted, not read)
                first = rec.headers.get("WARC-Refers-To-Target-URI") or rec.headers.get("WARC-Refers-To") or "an earlier record"
                yield doc.reject("read.revisit", None, f"a revisit record: its payload is that of {first}")
                continue
            http_ct = None
            charset = None
            if rec.record_type == WarcRecordType.response:
                try:
                    rec.parse_http()
                except OSError as e:
                    yield doc.reject("read.bad_http", None, f"unparsable HTTP headers: {e}")
                    continue
                http_ct = rec.http_content_type
                charset = rec.http_charset
                status = rec.http_headers.status_code if rec.http_headers is not None else None
                if rec.http_headers is not None and (robots := rec.http_headers.get("X-Robots-Tag")):
                    doc.meta["x_robots_tag"] = robots[:500]
                if status is not None:
                    doc.meta["http_status"] = status
                    if not 200 <= status < 300:
                        yield _status_rejected(doc, status, rec.http_headers.get("Location"))
                        continue
            else:
                http_ct = rec.headers.get("Content-Type")
            expected = rec.content_length
            data = rec.reader.read()
            if len(data) < expected:
                yield doc.reject(
                    "read.truncated", float(len(data)), f"record ends after {len(data)} of {expected} payload bytes (truncated file?)"
                )
                return
            if rec.record_type == WarcRecordType.response and rec.http_headers is not None:
                try:
                    data = undo_codings(data, rec.http_headers.get("Transfer-Encoding"),
                                        rec.http_headers.get("Content-Encoding"), max_record_bytes)
                except TooLarge as e:
                    yield doc.reject("read.too_large", float(max_record_bytes), str(e))
                    continue
                except CodingError as e:
                    yield doc.reject("read.bad_coding", None, f"cannot undo the HTTP coding: {e}")
                    continue
            if rec.record_type == WarcRecordType.conversion:
                kind = "text"
            else:
                refused = refused_type(http_ct, data)
                if refused:
                    yield doc.reject("read.content_type", refused, f"not a page: content type {refused}")
                    continue
                why = is_binary(data)
                if why:
                    yield doc.reject("read.binary", None, f"not a page: {why}")
                    continue
                kind = _content_kind(http_ct, shard.content, data)
            yield set_content(doc, data, kind, charset)
    except OSError as e:
        yield Document(id=f"{shard.path}@{last_pos}:error", ordinal=base | n).reject(
            "read.corrupt", None, f"cannot read {shard.path} after byte {last_pos}: {e}"
        )
    finally:
        f.close()
