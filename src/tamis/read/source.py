"""Finding input files, telling their format, and cutting them into shards.

A shard is the unit of work and of restart: a slice of one file (a run of WARC records
starting at a byte offset, a range of JSONL lines, a range of Parquet rows) or a batch of
small page files. The plan is written into the output folder on the first run and reused
on resume, so a restarted run cuts the corpus exactly as the killed one did.
"""

from __future__ import annotations

import glob
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .streams import compression_of


@dataclass
class Shard:
    index: int
    path: str
    format: str  # warc | jsonl | parquet | files
    start: int = 0  # byte offset (warc, plain jsonl) or row (parquet)
    count: int = -1  # records in the shard, -1 = to the end
    files: list[str] = field(default_factory=list)  # for format "files"
    content: str = "auto"  # auto | html | text: what a record's payload is

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Shard:
        return cls(**d)

    @property
    def label(self) -> str:
        return f"{Path(self.path).name}#{self.start}" if self.format != "files" else f"{len(self.files)} files"


def sniff_format(path: str) -> str:
    """warc | jsonl | parquet | html | text, from the extension, then the first bytes."""
    name = path.lower()
    for suffix in (".gz", ".zst", ".zstd"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.endswith((".warc", ".wet", ".arc")):
        return "warc"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".txt", ".text")):
        return "text"
    from .streams import TooLarge, open_bytes

    try:
        with open_bytes(path, 1 << 20) as f:
            head = f.read(4096)
    except (OSError, EOFError, TooLarge):
        head = b""
    except Exception:  # corrupt compressed data: read it as a page and let the reader reject it
        head = b""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"WARC/"):
        return "warc"
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped[:1] == b"<":
        return "html"
    return "text"


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files named, directories walked, globs expanded; a missing path is an error."""
    out: list[str] = []
    for item in inputs:
        if item == "-":
            out.append("-")
            continue
        if any(c in item for c in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"no files match {item}")
            out.extend(m for m in matches if os.path.isfile(m))
        elif os.path.isdir(item):
            found = sorted(
                str(p) for p in Path(item).rglob("*") if p.is_file() and not p.name.startswith(".")
            )
            if not found:
                raise InputError(f"directory {item} holds no files")
            out.extend(found)
        elif os.path.isfile(item):
            out.append(item)
        elif os.path.exists(item):
            raise InputError(f"{item} is not a regular file or directory")
        else:
            raise InputError(f"no such file or directory: {item}")
    return out


def _warc_offsets(path: str, every: int) -> list[tuple[int, int]]:
    """(byte offset, records) per run of `every` records, when records can be seeked to.

    Only per-record gzip members or plain files allow a seek into the middle; a WARC
    compressed as one stream is a single shard.
    """
    from fastwarc.warc import ArchiveIterator

    from .warc import RECORD_TYPES

    comp = compression_of(path)
    if comp not in (None, "gzip"):
        return [(0, -1)]
    starts: list[int] = []
    n = 0
    try:
        for rec in ArchiveIterator(open(path, "rb"), record_types=RECORD_TYPES, parse_http=False, fsspec_args=False):
            if n % every == 0:
                starts.append(rec.stream_pos)
            n += 1
    except Exception:
        pass  # the reader will reach the damage and reject it with a reason
    if not starts:
        return [(0, -1)]
    if comp == "gzip":
        with open(path, "rb") as f:
            for pos in starts[1:]:
                f.seek(pos)
                if f.read(2) != b"\x1f\x8b":
                    return [(0, -1)]
    runs = [(s, every) for s in starts]
    runs[0] = (0, every)  # warcinfo or leading junk belongs to the first shard
    runs[-1] = (runs[-1][0], -1)
    return runs


def _line_offsets(path: str, every: int) -> list[tuple[int, int]]:
    if compression_of(path) is not None:
        return [(0, -1)]
    runs = [(0, every)]
    n = 0
    pos = 0
    with open(path, "rb") as f:
        for line in f:
            pos += len(line)
            n += 1
            if n % every == 0:
                runs.append((pos, every))
    if len(runs) > 1 and runs[-1][0] >= pos:
        runs.pop()
    runs[-1] = (runs[-1][0], -1)
    return runs


def _parquet_rows(path: str, every: int) -> list[tuple[int, int]]:
    import pyarrow.parquet as pq

    try:
        n = pq.ParquetFile(path).metadata.num_rows
    except Exception:
        return [(0, -1)]
    runs = [(s, every) for s in range(0, max(n, 1), every)]
    runs[-1] = (runs[-1][0], -1)
    return runs


def plan_shards(paths: list[str], fmt: str = "auto", shard_records: int = 1000, content: str = "auto") -> list[Shard]:
    """`fmt` says how to find records (auto: sniff each file); `content` what a page is."""
    shards: list[Shard] = []
    page_files: list[str] = []
    if fmt in ("html", "text"):
        content = fmt
    for path in paths:
        kind = sniff_format(path)
        if fmt in ("warc", "wet"):
            kind = "warc"
        elif fmt in ("jsonl", "parquet"):
            kind = fmt
        if kind == "warc":
            runs = _warc_offsets(path, shard_records)
        elif kind == "jsonl":
            runs = _line_offsets(path, shard_records)
        elif kind == "parquet":
            runs = _parquet_rows(path, shard_records)
        else:
            page_files.append(path)
            continue
        shards.extend(Shard(0, path, kind, s, c, content=content) for s, c in runs)
    for i in range(0, len(page_files), shard_records):
        batch = page_files[i : i + shard_records]
        shards.append(Shard(0, batch[0], "files", files=batch, content=content))
    for i, s in enumerate(shards):
        s.index = i
    return shards
