"""Read: input files -> shards -> documents.

Every record of a shard becomes a `Document`, readable or rejected with a `read.*`
reason; a reader never raises past its shard.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from .files import read_files
from .jsonl import read_jsonl
from .parquet import read_parquet
from .source import Shard, expand_inputs, plan_shards, sniff_format
from .warc import read_warc

_READERS = {"warc": read_warc, "jsonl": read_jsonl, "parquet": read_parquet, "files": read_files}


def read_shard(shard: Shard, max_record_bytes: int = 64 << 20, max_file_bytes: int = 4 << 30) -> Iterator[Document]:
    n = 0
    try:
        for doc in _READERS[shard.format](shard, max_record_bytes, max_file_bytes):
            n += 1
            yield doc
        if n == 0 and shard.start == 0 and shard.format != "files":
            # a file without a single record is reported, not silently skipped
            yield Document(id=f"{shard.path}:empty", ordinal=shard.index << 32).reject(
                "read.empty", 0.0, f"{shard.path} holds no {shard.format} records"
            )
    except Exception as e:  # last line of defence: a reader bug costs a rejection, not the run
        yield Document(id=f"{shard.path}#{shard.start}:error", ordinal=(shard.index << 32) | 0xFFFFFFFF).reject(
            "read.error", None, f"{type(e).__name__}: {e}"
        )


__all__ = ["Shard", "expand_inputs", "plan_shards", "read_shard", "sniff_format"]
