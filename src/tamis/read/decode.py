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
_TEXT_MIMES = ("text/", "application/xhtml", "application/xml", "application/json", "application/rss", "application/atom")
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


def is_binary(data: bytes, content_type: str | None = None) -> str | None:
    """Why `data` is not a page (a short reason), or None when it looks like text."""
    if content_type:
        ct = content_type.split(";", 1)[0].strip().lower()
        if ct and not ct.startswith(_TEXT_MIMES) and ct not in ("application/octet-stream", "unk", "unknown"):
            return f"content type {ct}"
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
