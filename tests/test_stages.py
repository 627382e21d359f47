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


def test_an_article_pulled_up_by_a_negative_margin_is_shown():
    body = "<p>Visible article text that goes on for a while and has several sentences in it.</p>" * 6
    for style in ("margin-top: -120px", "margin-left:-150px;padding-left:5px", "scroll-margin-top: -200px"):
        res = tamis.clean_html(f'<html><body><div style="{style}"><article>{body}</article></div></body></html>')
        assert "several sentences" in res["text"], style
        assert not [r for r in res["removed"] if r["reason"] == "extract.hidden"], style
    for style in ("top: -9999px; position: absolute", "left:-9999px", "text-indent: -5000em", "font-size:0"):
        html = f'<html><body><article>{body}</article><p style="{style}">buy cheap pills now</p></body></html>'
        assert "cheap pills" not in tamis.clean_html(html)["text"], style


def test_a_closed_accordion_or_a_slid_aside_panel_keeps_its_text_but_not_its_link_farm():
    body = "<p>Visible article text that goes on for a while and has several sentences in it.</p>" * 6
    specs = "Shell: 100% polyamide, recycled. Close zippers before washing and do not use fabric softener."
    farm = " ".join(f'<a href="http://spam.example/{i}">cheap pills {i}</a>' for i in range(20))
    for style in ("height:0;overflow:hidden", "height: 0px; transition: height 300ms; overflow: hidden", "left: -392px"):
        html = (f'<html><body><article>{body}<div style="{style}"><p>{specs}</p></div></article>'
                f'<div style="{style}">{farm}</div></body></html>')
        res = tamis.clean_html(html)
        hidden = [r["text"] for r in res["removed"] if r["reason"] == "extract.hidden"]
        assert not any("polyamide" in h for h in hidden), style
        assert any("cheap pills" in h for h in hidden) and "cheap pills" not in res["text"], style


def test_a_closed_modal_dialog_is_dropped_but_a_panel_of_the_page_stays():
    body = "".join(f"<p>The council voted on Tuesday to extend the river path scheme, step {i} of the plan, "
                   "after a long debate about its cost and who would pay for it.</p>" for i in range(8))
    policy = ("We process personal information for our legitimate purposes of running our business and "
              "complying with applicable laws, as this policy explains at some length. ") * 3
    panel = "The path is lit at night and open to cyclists and walkers alike, from the bridge to the harbour."
    html = (f'<html><body><article><h1>Council extends the path</h1>{body}'
            f'<div role="dialog" aria-modal="false"><p>{panel}</p></div></article>'
            f'<div role="dialog" aria-modal="true" id="privacy"><h2>Privacy policy</h2><p>{policy}</p></div>'
            f"<dialog><p>{policy.replace('policy', 'notice')}</p></dialog></body></html>")
    res = tamis.clean_html(html)
    assert "legitimate purposes" not in res["text"] and "step 7 of the plan" in res["text"] and panel in res["text"]
    overlay = [r["text"] for r in res["removed"] if r["reason"] == "extract.overlay"]
    assert any("this policy explains" in t for t in overlay) and any("this notice explains" in t for t in overlay)


def test_unrendered_template_placeholders_go_unless_they_are_code():
    body = "".join(f"<p>The council voted on Tuesday to extend the river path scheme, step {i} of the plan, "
                   "after a long debate about its cost and who would pay for it.</p>" for i in range(6))
    html = (f"<html><body><main><h1>Council extends the path</h1><p>{{{{ post.errors[11794145].message }}}}</p>"
            f"{body}<p>{{{{priceAnchor.info.totalPrice}}}} / {{{{priceAnchor.info.monthly}}}}</p>"
            "<p>The form's template checks the token:</p><pre><code>{% csrf_token %}\n{{ form.as_p }}</code></pre>"
            f"{body.replace('step', 'stage')}</main></body></html>")
    res = tamis.clean_html(html)
    gone = [r["text"] for r in res["removed"] if r["reason"] == "clean.template"]
    assert gone == ["{{ post.errors[11794145].message }}", "{{priceAnchor.info.totalPrice}} / {{priceAnchor.info.monthly}}"]
    assert "{% csrf_token %}" in res["text"] and "step 5 of the plan" in res["text"] and "priceAnchor" not in res["text"]


def test_a_dialog_that_outweighs_the_page_is_still_dropped():
    body = "".join(f"<p>The council voted on Tuesday to extend the river path scheme, step {i} of the plan, "
                   "after a long debate about its cost and who would pay for it.</p>" for i in range(6))
    policy = "".join(f"<p>Section {i}. We process personal information for our legitimate purposes of running our "
                     "business and complying with applicable laws, as this policy explains at some length.</p>"
                     for i in range(40))
    res = tamis.clean_html(f'<html><body><article><h1>Council extends the path</h1>{body}</article>'
                           f'<div role="dialog" aria-modal="true"><h2>Privacy policy</h2>{policy}</div></body></html>')
    assert "step 5 of the plan" in res["text"] and "legitimate purposes" not in res["text"]


def test_a_page_drawn_inside_a_dialog_keeps_its_text():
    body = "".join(f"<p>The council voted on Tuesday to extend the river path scheme, step {i} of the plan, "
                   "after a long debate about its cost and who would pay for it.</p>" for i in range(8))
    res = tamis.clean_html(f'<html><body><nav><a href="/">Home</a></nav><div role="dialog" aria-modal="true">'
                           f"<h1>Council extends the path</h1>{body}</div></body></html>")
    assert "step 7 of the plan" in res["text"]
    assert not [r for r in res["removed"] if r["reason"] == "extract.overlay"]


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
