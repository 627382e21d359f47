"""Stage contracts: failures and overruns become rejections; hidden link farms never reach the text."""

import time
from dataclasses import dataclass

import tamis
from tamis.document import Document
from tamis.pipeline import Pipeline
from tamis.stage import DocumentStage


class NativePanic(BaseException):
    """Stands in for pyo3's PanicException, which is not an Exception."""


@dataclass
class Flaky(DocumentStage):
    time_limit: float = 0.5

    def process(self, doc: Document) -> Document:
        if doc.id == "panic":
            raise NativePanic("called `Result::unwrap()` on an `Err` value")
        if doc.id == "error":
            raise ValueError("bad")
        if doc.id == "slow":
            time.sleep(5)
        return doc


Flaky.name = "flaky"


def test_errors_panics_and_overruns_are_rejections():
    docs = [Document(id=i, text="x") for i in ("ok", "panic", "error", "slow")]
    t0 = time.perf_counter()
    out = {d.id: d for d in Pipeline([Flaky()]).run(docs)}
    assert time.perf_counter() - t0 < 4
    assert out["ok"].kept
    assert out["panic"].rejection.reason == "flaky.error"
    assert out["error"].rejection.reason == "flaky.error" and "ValueError" in out["error"].rejection.message
    assert out["slow"].rejection.reason == "flaky.timeout"


def test_hidden_link_farm_is_removed_but_collapsed_content_stays():
    body = "<p>Visible article text that goes on for a while and has several sentences in it.</p>" * 6
    farm = " | ".join(f'<a href="http://spam.example/{i}">cheap pills {i}</a>' for i in range(20))
    tab = "The product weighs 3 kg, is made of stainless steel and comes with a two year warranty."
    html = (f"<html><body><article>{body}<div hidden>{tab}</div></article>"
            f'<div style="display:none">{farm}</div><p style="position:absolute;left:-9999px">buy now</p></body></html>')
    res = tamis.clean_html(html)
    hidden = [r["text"] for r in res["removed"] if r["reason"] == "extract.hidden"]
    assert any("cheap pills" in h for h in hidden) and any("buy now" in h for h in hidden)
    assert "cheap pills" not in res["text"] and "buy now" not in res["text"]
    assert not any("stainless steel" in h for h in hidden)


def test_corpus_map_failure_rejects_only_that_document(tmp_path):
    import json

    import pyarrow as pa

    from tamis.cli import main
    from tamis.dedup.exact import ExactDedup
    from tamis.stage import register
    from tamis.write.shards import iter_records

    @register("test.fragile_dedup")
    @dataclass
    class Fragile(ExactDedup):
        def map(self, docs: list[Document]) -> pa.Table:
            if any("BOOM" in d.text for d in docs):
                raise RuntimeError("cannot hash this one")
            return super().map(docs)

    inp = tmp_path / "in.jsonl"
    texts = ["alpha", "beta", "BOOM", "alpha", "gamma"]
    inp.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    out = tmp_path / "out"
    assert main(["run", "--input", str(inp), "--output", str(out), "--stages", "test.fragile_dedup", "--workers", "1",
                 "--no-progress", "--no-report"]) == 0
    rejected = {r["id"]: r["reason"] for p in (out / "rejected").glob("*") for r in iter_records(p)}
    kept = sorted(r["id"] for p in (out / "kept").glob("*") for r in iter_records(p))
    assert rejected == {"d2": "test.fragile_dedup.error", "d3": "test.fragile_dedup"}
    assert kept == ["d0", "d1", "d4"]
