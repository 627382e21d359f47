"""Opening input files as byte streams, decompressed and bounded.

A 10 KB gzip file can inflate to 10 GB; every decompressed stream counts what it has
produced and raises `TooLarge` at the limit, so a hostile file costs a rejection, not the
machine.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import zstandard

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class TooLarge(Exception):
    pass


def compression_of(path: str | Path, head: bytes | None = None) -> str | None:
    if head is None:
        with open(path, "rb") as f:
            head = f.read(4)
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


class _Counting(io.RawIOBase):
    def __init__(self, inner: io.RawIOBase | io.BufferedIOBase, limit: int):
        self.inner = inner
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.inner.read(len(b))
        n = len(data)
        self.count += n
        if self.count > self.limit:
            raise TooLarge(f"decompressed size passed the limit of {self.limit} bytes")
        b[:n] = data
        return n

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_bytes(path: str | Path, limit: int, offset: int = 0) -> io.BufferedReader:
    """A buffered, decompressed, size-bounded byte stream of `path` (from `offset` when plain)."""
    raw = open(path, "rb")
    comp = compression_of(path, raw.read(4))
    raw.seek(offset if comp is None else 0)
    if comp == "gzip":
        inner: io.RawIOBase | io.BufferedIOBase = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    elif comp == "zstd":
        inner = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
    else:
        inner = raw
    return io.BufferedReader(_Counting(inner, limit), buffer_size=1 << 20)
