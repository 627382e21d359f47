"""Single pages in, clean records out: `tamis.clean_text`, `tamis.clean_html`, `tamis clean`.

The same stages as a corpus run (extract, clean), run in this process; the record shape
is the one DESIGN.md promises to the bench tools.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .document import Document
from .pipeline import StageStats, run_document_stages
from .read import expand_inputs, plan_shards, read_shard, sniff_format
from .stage import DocumentStage

_META_FIELDS = ("title", "date", "author", "source", "category", "language")
_STAGES: dict[tuple[str, bool], list[DocumentStage]] = {}


def default_stages(output: str = "text", links: bool = False) -> list[DocumentStage]:
    """`links`: Markdown output writes the page's links as `[text](url)`."""
    key = (output, links and output == "markdown")
    if key not in _STAGES:
        from .clean.stage import Clean
        from .extract.stage import Extract

        _STAGES[key] = [Extract(links=key[1]), Clean(output=output)]
        for s in _STAGES[key]:
            s.setup()
    return _STAGES[key]


def to_result(doc: Document) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": doc.id, "url": doc.url, "text": doc.text if doc.kept else ""}
    for k in _META_FIELDS:
        rec[k] = doc.meta.get(k)
    rec["meta"] = {k: v for k, v in doc.meta.items() if k not in _META_FIELDS}
    rec["removed"] = [r.to_dict() for r in doc.removed]
    rec["kept"] = doc.kept
    if doc.rejection is not None:
        rec.update(doc.rejection.to_dict())
    return rec


def clean_documents(docs: list[Document] | Iterator[Document], output: str = "text", links: bool = False) -> Iterator[Document]:
    stages = default_stages(output, links)
    stats = {s.name: StageStats() for s in stages}
    yield from run_document_stages(stages, docs, stats)


def clean_paths(paths: list[str], fmt: str = "auto", stdin_path: str | None = None, output: str = "text",
                links: bool = False) -> Iterator[dict[str, Any]]:
    """Every record of every path, cleaned; a JSONL file (or stdin starting with '{') holds many pages."""
    for path in expand_inputs(paths):
        is_jsonl = path.lower().endswith((".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson")) or (
            path == stdin_path and sniff_format(path) == "jsonl"
        )
        for shard in plan_shards([path], "jsonl" if is_jsonl else "auto", 1 << 30, content=fmt):
            docs = read_shard(shard)
            if path == stdin_path and not is_jsonl:
                docs = (_rename(d, "-") for d in docs)
            for doc in clean_documents(docs, output, links):
                yield to_result(doc)


def _rename(doc: Document, name: str) -> Document:
    doc.id = name
    return doc


def clean_text(text: str, url: str | None = None, id: str = "text") -> dict[str, Any]:
    """Clean one page given as its visible text (a WET record, a text dump)."""
    doc = Document(id=id, text=text, url=url, bytes_in=len(text))
    return to_result(next(clean_documents([doc])))


def clean_html(html: str, url: str | None = None, id: str = "html", output: str = "text", links: bool = False) -> dict[str, Any]:
    """Extract and clean one HTML page; `output="markdown"` marks up headings, lists, code and
    tables, and with `links` writes links as `[text](url)` (relative ones resolved against `url`)."""
    doc = Document(id=id, html=html, url=url, bytes_in=len(html))
    return to_result(next(clean_documents([doc], output, links)))
