"""Single page files (.html, .txt, ...): one document per file, id = the path."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from .decode import is_binary, set_content
from .source import Shard, sniff_format
from .streams import TooLarge, open_bytes


def read_page(path: str, doc: Document, content: str, max_record_bytes: int) -> Document:
    try:
        with open_bytes(path, max_record_bytes) as f:
            data = f.read()
    except TooLarge:
        return doc.reject("read.too_large", None, f"{path} is over max_record_bytes={max_record_bytes} (decompressed)")
    except OSError as e:
        return doc.reject("read.unreadable", None, f"{path}: {e}")
    except Exception as e:  # corrupt compressed page file
        return doc.reject("read.corrupt", None, f"{path}: {type(e).__name__}: {e}")
    doc.bytes_in = len(data)
    if not data.strip():
        return doc.reject("read.empty", 0.0, f"{path} is empty")
    why = is_binary(data)
    if why:
        return doc.reject("read.binary", None, f"{path}: not a page: {why}")
    return set_content(doc, data, content if content in ("html", "text") else sniff_format(path))


def read_files(shard: Shard, max_record_bytes: int, max_file_bytes: int) -> Iterator[Document]:
    base = shard.index << 32
    for n, path in enumerate(shard.files):
        yield read_page(path, Document(id=path, ordinal=base | n), shard.content, max_record_bytes)
