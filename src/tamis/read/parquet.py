"""Parquet rows as documents, read in batches so a large file never sits in memory."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow.parquet as pq

from ..document import Document
from .jsonl import TEXT_FIELDS, record_to_document
from .source import Shard

_COLUMNS = ("id", "url", "html", "meta", *TEXT_FIELDS)


def read_parquet(shard: Shard, max_record_bytes: int, max_file_bytes: int) -> Iterator[Document]:
    base = shard.index << 32
    try:
        pf = pq.ParquetFile(shard.path)
        cols = [c for c in _COLUMNS if c in pf.schema_arrow.names]
        if not cols:
            yield Document(id=f"{shard.path}:schema", ordinal=base).reject(
                "read.no_content", None, f"{shard.path} has none of the columns {', '.join(_COLUMNS)}"
            )
            return
        row = 0
        n = 0
        for batch in pf.iter_batches(batch_size=256, columns=cols):
            for rec in batch.to_pylist():
                if row < shard.start:
                    row += 1
                    continue
                if shard.count >= 0 and n >= shard.count:
                    return
                doc = Document(id=f"{shard.path}:{row}", ordinal=base | n)
                size = sum(len(v) for v in rec.values() if isinstance(v, str))
                doc.bytes_in = size
                row += 1
                n += 1
                if size > max_record_bytes:
                    yield doc.reject("read.too_large", float(size), f"row of {size} bytes exceeds max_record_bytes={max_record_bytes}")
                    continue
                yield record_to_document(rec, doc, shard.content)
    except Exception as e:  # pyarrow raises many types for damaged files
        yield Document(id=f"{shard.path}:error", ordinal=base | 0xFFFFFFFF).reject(
            "read.corrupt", None, f"cannot read {shard.path}: {type(e).__name__}: {e}"
        )
