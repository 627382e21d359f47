"""Small WARC files for tests, written record by record (one gzip member each)."""

from __future__ import annotations

import gzip
import uuid


def record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", rtype: str = "response",
           status: str = "200 OK", headers: str = "", warc_headers: str = "") -> bytes:
    if rtype == "response":
        block = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{headers}"
                 f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        ctype = "application/http; msgtype=response"
    else:
        block, ctype = body, content_type
    rid = uuid.uuid5(uuid.NAMESPACE_URL, rtype + url)
    head = (
        f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\nWARC-Date: 2021-01-01T00:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\n{warc_headers}Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def page(i: int, words: int = 60) -> bytes:
    body = " ".join(f"word{i}_{j}" for j in range(words))
    return f"<html><head><title>Page {i}</title></head><body><article><p>{body}.</p></article></body></html>".encode()


def write_warc(path, records: list[bytes], gz: bool = True) -> list[int]:
    """Write records; return the byte offset of each."""
    offsets = []
    with open(path, "wb") as f:
        for r in records:
            offsets.append(f.tell())
            f.write(gzip.compress(r, mtime=0) if gz else r)
    return offsets
