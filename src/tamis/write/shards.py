"""Output shard files: JSONL.zst or Parquet, written under a temporary name and renamed.

A file only gets its final name once it is complete and flushed to disk, so a run killed
mid-write never leaves a partial file that looks finished; the leftover `.tmp` is removed
when the shard is redone.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from ..errors import OutputError

EXTENSIONS = {"jsonl.zst": ".jsonl.zst", "parquet": ".parquet"}
_PARQUET_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("meta", pa.string()),  # JSON: keys differ between documents
        ("removed", pa.string()),  # JSON list of {text, reason, score}
        ("reason", pa.string()),
        ("value", pa.string()),
        ("message", pa.string()),
        ("ordinal", pa.uint64()),
    ]
)


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    fsync_dir(path.parent)


class ShardWriter:
    def __init__(self, path: Path, fmt: str = "jsonl.zst", batch_rows: int = 512):
        self.path = path
        self.tmp = path.with_name(path.name + ".tmp")
        self.fmt = fmt
        self.count = 0
        self.bytes = 0
        self._rows: list[dict[str, Any]] = []
        self._batch_rows = batch_rows
        try:
            self.tmp.parent.mkdir(parents=True, exist_ok=True)
            self._raw = open(self.tmp, "wb")
        except OSError as e:
            raise OutputError(f"cannot write to {self.tmp.parent}: {e.strerror or e}") from None
        if fmt == "jsonl.zst":
            self._z = zstandard.ZstdCompressor(level=3).stream_writer(self._raw, closefd=False)
            # errors="replace": a lone surrogate a record carried in (JSON allows "\ud800") becomes "?", not a crash
            self._text = io.TextIOWrapper(self._z, encoding="utf-8", errors="replace", write_through=True)
        else:
            self._pq = pq.ParquetWriter(self._raw, _PARQUET_SCHEMA, compression="zstd")

    def write(self, rec: dict[str, Any]) -> None:
        self.count += 1
        self.bytes += len(rec.get("text") or "")
        try:
            if self.fmt == "jsonl.zst":
                self._text.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                self._rows.append(rec)
                if len(self._rows) >= self._batch_rows:
                    self._flush_rows()
        except OSError as e:
            self.abort()
            raise OutputError(f"cannot write {self.tmp}: {e.strerror or e}") from None

    def _flush_rows(self) -> None:
        if not self._rows:
            return
        cols: dict[str, list[Any]] = {n: [] for n in _PARQUET_SCHEMA.names}
        for r in self._rows:
            for n in cols:
                v = r.get(n)
                if n in ("meta", "removed") and v is not None:
                    v = json.dumps(v, ensure_ascii=False)
                elif n == "value" and v is not None:
                    v = str(v)
                if isinstance(v, str):
                    v = v.encode("utf-8", "replace").decode("utf-8")
                cols[n].append(v)
        self._pq.write_table(pa.table(cols, schema=_PARQUET_SCHEMA))
        self._rows.clear()

    def close(self) -> None:
        try:
            if self.fmt == "jsonl.zst":
                self._text.flush()
                self._z.close()
            else:
                self._flush_rows()
                self._pq.close()
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.replace(self.tmp, self.path)
        except OSError as e:
            self.abort()
            raise OutputError(f"cannot finish {self.path}: {e.strerror or e}") from None

    def abort(self) -> None:
        try:
            self._raw.close()
        except OSError:
            pass
        self.tmp.unlink(missing_ok=True)


def iter_records(path: Path):
    name = path.name
    if name.endswith(".parquet"):
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=512):
            for r in batch.to_pylist():
                for k in ("meta", "removed"):
                    if r.get(k) is not None:
                        r[k] = json.loads(r[k])
                yield {k: v for k, v in r.items() if v is not None or k in ("id", "text", "url", "meta")}
    else:
        with open(path, "rb") as f:
            reader = io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(f), encoding="utf-8")
            for line in reader:
                if line.strip():
                    yield json.loads(line)
