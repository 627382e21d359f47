"""Bytes to text without mojibake, and telling text from binary.

Order of trust: valid UTF-8 first (a non-ASCII byte string that decodes as UTF-8 is almost
never another encoding, while servers often declare latin-1 for UTF-8 pages), then the
HTTP charset, then a <meta> charset, then detection. Decoding never raises.
"""

from __future__ import annotations

import codecs
import re

from resiliparse.parse.encoding import bytes_to_str, detect_encoding, detect_mime

from ..document import Document

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
# what a server may call a page; an undeclared type is sniffed instead
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown"})
_UNDECLARED = frozenset({"application/octet-stream", "binary/octet-stream", "unk", "unknown", "application/unknown"})
_MEDIA_TYPE = re.compile(r"\s*([\w.+-]+/[\w.+-]+)")
_HTML_ROOT = re.compile(rb"<html[\s>]", re.I)
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\x7fELF",
    b"wOFF",
    b"wOF2",
)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except (LookupError, ValueError):  # unknown name, or one with a NUL byte in it (found by fuzzing)
        return None


def meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return _codec(m.group(1).decode("ascii", "ignore")) if m else None


_HTML_START = re.compile(r"(?:\ufeff|\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I)


def starts_as_html(head: str | bytes) -> bool:
    """Whether a page begins as an HTML document does, whatever its record called it (a
    server's "text/plain", a dump's `text` field)."""
    if isinstance(head, bytes):
        head = head[:512].decode("latin-1")
    return _HTML_START.match(head[:512].lstrip()) is not None


def refused_type(content_type: str | None, data: bytes) -> str | None:
    """The media type a response declares when it is no page (a stylesheet, a script, a feed,
    JSON, an image, a PDF: a crawl holds every file a page loads), or None for a page type or
    an undeclared one. XHTML served as XML is a page."""
    m = _MEDIA_TYPE.match(content_type or "")
    if m is None:
        return None
    ct = m.group(1).lower()
    if ct in _PAGE_TYPES or ct in _UNDECLARED:
        return None
    if ct in ("application/xml", "text/xml") and _HTML_ROOT.search(data[:4096]):
        return None
    return ct


def is_binary(data: bytes) -> str | None:
    """Why `data` is not text (a short reason), or None when it looks like text."""
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC):
        return f"binary content ({detect_mime(head) or 'magic bytes'})"
    if head:
        nul = head.count(0)
        if nul and head[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            return "binary content (NUL bytes)"
    return None


def decode(data: bytes, http_charset: str | None = None, html: bool = False) -> tuple[str, str]:
    """Return (text, encoding used)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
        return data.decode(enc, "replace"), enc
    try:
        text = data.decode("utf-8")
        return (text[1:] if text.startswith("\ufeff") else text), "utf-8"
    except UnicodeDecodeError:
        pass
    enc = _codec(http_charset)
    if enc in (None, "utf-8"):
        enc = (meta_charset(data) if html else None) or None
    if enc in (None, "utf-8"):
        enc = _codec(detect_encoding(data[:65536])) or "cp1252"
    return bytes_to_str(data, enc, errors="replace", fallback_encodings=("cp1252",)), enc


def set_content(doc: Document, data: bytes, kind: str, http_charset: str | None = None) -> Document:
    """Decode a page's bytes into `doc.html` (kind "html") or `doc.text`, noting a non-UTF-8 encoding."""
    text, enc = decode(data, http_charset, html=kind == "html")
    if enc != "utf-8":
        doc.meta["encoding"] = enc
    if kind == "html":
        doc.html = text
    else:
        doc.text = text
    return doc
