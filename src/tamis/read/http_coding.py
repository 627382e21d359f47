"""A WARC response's payload as the server meant it, not as it travelled.

Crawlers that save responses as sent (Heritrix, warcprox, Browsertrix, wget with compression
on) keep the HTTP transfer coding (chunked) and content coding (gzip, deflate, br, zstd) in
the payload; Common Crawl's WARCs do not. Undone here, so a gzipped page is a page and not
"binary content", and a chunked one does not start with its chunk sizes. A payload whose
headers claim a coding it does not have (the crawler decoded it and kept the header) is
left as it is.
"""

from __future__ import annotations

import io
import re
import zlib

from fastwarc.stream_io import BrotliReader, ChunkedReader, GzipReader, ZstdReader

_CHUNK_HEAD = re.compile(rb"[0-9a-fA-F]{1,16}[ \t]*(?:;[^\r\n]*)?\r?\n")
_PIECE = 1 << 20


class CodingError(ValueError):
    """A coding the payload has but that cannot be undone."""


class TooLarge(ValueError):
    """The payload inflates past the record limit."""


def _drain(reader: ChunkedReader | GzipReader | BrotliReader | ZstdReader, limit: int) -> bytes:
    out, size = [], 0
    while piece := reader.read(_PIECE):
        size += len(piece)
        if size > limit:
            raise TooLarge(f"the decoded payload passes {limit} bytes")
        out.append(piece)
    return b"".join(out)


def _inflate(data: bytes, limit: int) -> bytes:
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):  # "deflate" is zlib-wrapped by the standard, raw by many servers
        d = zlib.decompressobj(wbits)
        try:
            out = d.decompress(data, limit + 1)
        except zlib.error:
            continue
        if len(out) > limit:
            raise TooLarge(f"the decoded payload passes {limit} bytes")
        return out
    raise CodingError("not deflate data")


def _looks_plain(data: bytes) -> bool:
    return data[:64].lstrip()[:1] in (b"<", b"{", b"[") or not data


def undo_codings(data: bytes, transfer: str | None, content: str | None, limit: int) -> bytes:
    """`data` without the codings the `transfer` (Transfer-Encoding) and `content`
    (Content-Encoding) headers name. Raises CodingError, or TooLarge past `limit` bytes."""
    if transfer and "chunked" in transfer.lower() and _CHUNK_HEAD.match(data):
        try:
            data = _drain(ChunkedReader(io.BytesIO(data)), limit)
        except OSError as e:
            raise CodingError(f"chunked transfer coding: {e}") from e
    codings = [c.strip().lower() for c in (content or "").split(",") if c.strip()]
    for coding in reversed(codings):  # applied in the order listed, undone last first
        if coding in ("identity", "none"):
            continue
        if coding in ("gzip", "x-gzip"):
            if not data.startswith(b"\x1f\x8b"):
                continue
            reader: GzipReader | BrotliReader | ZstdReader | None = GzipReader(io.BytesIO(data))
        elif coding == "zstd":
            if not data.startswith(b"\x28\xb5\x2f\xfd"):
                continue
            reader = ZstdReader(io.BytesIO(data))
        elif coding == "br":
            reader = BrotliReader(io.BytesIO(data))
        elif coding == "deflate":
            try:
                data = _inflate(data, limit)
            except CodingError:
                if not _looks_plain(data):
                    raise
            continue
        else:
            if _looks_plain(data):
                continue
            raise CodingError(f"unknown content coding {coding!r}")
        try:
            data = _drain(reader, limit)
        except OSError as e:
            if coding == "br" and _looks_plain(data):
                continue  # no magic number to tell: plain text that kept its header
            raise CodingError(f"{coding} content coding: {e}") from e
    return data
