"""The properties the fuzzers check, importable without atheris (the regression tests use them).

Readers and stages are called directly, not through the run's guards, which would turn a
bug into a rejection: any exception is a finding.
"""

from __future__ import annotations

import os
import tempfile

_DIR = tempfile.mkdtemp(prefix="tamis-fuzz-")
_STAGES: list = []


def check_warc(data: bytes) -> None:
    from tamis.read.source import plan_shards
    from tamis.read.warc import read_warc

    path = os.path.join(_DIR, "input.warc.gz")
    with open(path, "wb") as f:
        f.write(data)
    for shard in plan_shards([path], "warc", 4):
        for doc in read_warc(shard, 1 << 20, 16 << 20):
            assert isinstance(doc.id, str) and doc.id
            doc.text.encode("utf-8")  # valid UTF-8: no lone surrogates
            if doc.html is not None:
                doc.html.encode("utf-8")
            assert doc.rejection is None or doc.rejection.reason.startswith("read.")


def check_html(data: bytes) -> None:
    from tamis.clean.stage import Clean
    from tamis.document import Document
    from tamis.extract.stage import Extract
    from tamis.read.decode import decode

    if not _STAGES:
        _STAGES.extend([Extract(), Clean()])
        for s in _STAGES:
            s.setup()
    extract, clean = _STAGES
    html, _ = decode(data, None, html=True)
    doc = extract.process(Document(id="f", html=html, url="https://example.com/a"))
    doc.text.encode("utf-8")
    if doc.rejection is None:
        doc = clean.process(doc)
        doc.text.encode("utf-8")
        for r in doc.removed:
            r.text.encode("utf-8")
