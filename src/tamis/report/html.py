"""report.html: one self-contained file (inline CSS, JS and SVG) that opens from disk.

The overview comes from manifest.json; the inspector from one streaming pass over the
outputs that keeps bounded samples (`sample.py`), so a report of a million documents costs
a read of the files, not their size in memory.
"""

from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path
from typing import Any

from ..errors import TamisError
from .charts import bars, paired_bars
from .sample import BINS, bin_label, scan
from .view import page_lines

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2329;background:#fafbfc}
header{background:#24323f;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85}main{padding:16px 24px}
section{background:#fff;border:1px solid #dde3e9;border-radius:6px;margin:0 0 18px;padding:12px 16px}
h2{font-size:16px;margin:4px 0 10px}.grid{display:flex;flex-wrap:wrap;gap:18px}
figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:12px;fill:#1d2329}
svg .small{font-size:10px}.clickable{cursor:pointer}.clickable:hover rect{fill:#c0504d}
.legend{font-weight:400;font-size:12px;padding:0 6px;border-radius:3px}.legend.a{background:#9bb7d4}
.legend.b{background:#3b6ea5;color:#fff}.warn{color:#a94400}table{border-collapse:collapse}
td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}pre{white-space:pre-wrap;margin:0}
#inspector{display:flex;gap:16px;min-height:420px}#list{width:340px;flex:none;max-height:640px;overflow:auto}
#list li{list-style:none;padding:5px 6px;border-bottom:1px solid #eef1f4;cursor:pointer}
#list li:hover,#list li.sel{background:#e8f0f8}#list ul{padding:0;margin:0}
.rule{display:inline-block;font-size:11px;background:#eef1f4;border-radius:3px;padding:0 5px;margin:1px}
.rule.kept{background:#d9f0dc}.rule.on{background:#24323f;color:#fff}#rules{margin-bottom:8px}
#rules .rule{cursor:pointer}#doc{flex:1;min-width:0}#doc .line{padding:1px 4px;white-space:pre-wrap}
#doc del{color:#8a939c}#doc .why{font-size:11px;color:#a94400;margin-left:6px}
#doc .meta td:first-child{color:#5b6670}#search{width:320px;padding:4px 6px}.empty{color:#8a939c}
"""

_JS = """
const DOCS = JSON.parse(document.getElementById('docs-data').textContent);
let rule = null, query = '';
function esc(s){return String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));}
function matches(d){
  if (rule && d.rule !== rule && !d.line_rules.includes(rule)) return false;
  if (!query) return true;
  const q = query.toLowerCase();
  return d.id.toLowerCase().includes(q) || (d.url||'').toLowerCase().includes(q) ||
         d.lines.some(l => l[0].toLowerCase().includes(q));
}
function renderList(){
  const ul = document.querySelector('#list ul');
  const shown = DOCS.filter(matches);
  ul.innerHTML = shown.map(d => `<li data-id="${esc(d.id)}"><span class="rule ${d.rule==='kept'?'kept':''}">` +
    `${esc(d.rule)}</span><br>${esc(d.title || d.url || d.id)}</li>`).join('') ||
    '<li class="empty">no document matches</li>';
  document.getElementById('count').textContent = `${shown.length} of ${DOCS.length} sampled documents`;
  ul.querySelectorAll('li[data-id]').forEach(li => li.addEventListener('click', () => show(li.dataset.id)));
}
function show(id){
  const d = DOCS.find(x => x.id === id); if (!d) return;
  document.querySelectorAll('#list li').forEach(li => li.classList.toggle('sel', li.dataset.id === id));
  const meta = Object.entries(d.meta).map(([k,v]) => `<tr><td>${esc(k)}</td><td>${esc(typeof v==='object'?JSON.stringify(v):v)}</td></tr>`).join('');
  const lines = d.lines.map(([t, why]) => why ?
    `<div class="line removed"><del>${esc(t)}</del><span class="why">${esc(why)}</span></div>` :
    `<div class="line">${esc(t)}</div>`).join('');
  document.getElementById('doc').innerHTML =
    `<h2>${esc(d.title || d.id)}</h2><p><span class="rule ${d.rule==='kept'?'kept':''}">${esc(d.rule)}</span> ` +
    `${d.message ? esc(d.message) : ''}</p><p>${esc(d.id)}<br>${esc(d.url||'')}</p>` +
    `<table class="meta">${meta}</table><h2>Page</h2><div class="page">${lines}</div>`;
}
function setRule(r){
  rule = (rule === r) ? null : r;
  document.querySelectorAll('#rules .rule').forEach(e => e.classList.toggle('on', e.dataset.rule === rule));
  renderList();
}
document.querySelectorAll('#rules .rule').forEach(e => e.addEventListener('click', () => setRule(e.dataset.rule)));
document.querySelectorAll('[data-reason]').forEach(e => e.addEventListener('click', () => {
  setRule(e.dataset.reason); document.getElementById('inspect').scrollIntoView();}));
document.getElementById('search').addEventListener('input', e => { query = e.target.value; renderList(); });
renderList();
if (DOCS.length) show(DOCS[0].id);
"""


def _doc_entry(rec: dict[str, Any], kept: bool) -> dict[str, Any]:
    meta = {k: v for k, v in (rec.get("meta") or {}).items() if v not in (None, "", [], {})}
    return {
        "id": str(rec.get("id")), "url": rec.get("url"), "title": meta.get("title"),
        "rule": "kept" if kept else rec.get("reason", "?"), "message": rec.get("message", ""),
        "meta": meta, "lines": [list(x) for x in page_lines(rec)],
        "line_rules": sorted({"lines: " + r["reason"] for r in rec.get("removed") or ()}),
    }


def _json_for_script(obj: Any) -> str:
    """JSON safe inside a <script> element: no '</' can close it early."""
    return json.dumps(obj, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def build_report(root: Path, sample: int = 200) -> str:
    mf = root / "manifest.json"
    if not mf.exists():
        raise TamisError(f"{root} holds no manifest.json: not a finished tamis run")
    m = json.loads(mf.read_text())
    sc = scan(root, sample)
    docs = m["documents"]
    stages = m["stages"]

    funnel = [("input", float(docs["in"]))] + [(name, float(s["out"])) for name, s in stages.items() if name != "read"]
    reasons = list(m.get("rejected_by_reason", {}).items())
    chars = [(name, float(s.get("removed_chars", 0))) for name, s in stages.items() if s.get("removed_chars")]
    speed = [(name, float(s["docs_per_s"])) for name, s in stages.items() if s.get("docs_per_s")]
    langs = sc.languages.most_common(15)
    near = (stages.get("dedup.near", {}).get("extra") or {}).get("cluster_sizes") or {}
    dups = [(f"dedup.near: clusters of {k}", float(v)) for k, v in near.items()]
    exact = (stages.get("dedup.exact", {}).get("extra") or {}).get("duplicates")
    if exact:
        dups.insert(0, ("dedup.exact: copies removed", float(exact)))
    labels = [bin_label(i) for i in range(len(BINS) - 1)]
    last = max((i for i in range(len(labels)) if sc.length_before[i] or sc.length_after[i]), default=0)

    entries, seen_ids = [], set()
    for _, box in sorted(sc.reservoirs.items(), key=lambda kv: (kv[0] != "kept", kv[0])):
        for r in box:
            if r.get("id") not in seen_ids:  # a page can be sampled for its verdict and for its lines
                seen_ids.add(r.get("id"))
                entries.append(_doc_entry(r, not r.get("reason")))
    verdicts = sorted(k for k in sc.reservoirs if k != "kept" and not k.startswith("lines: "))
    rule_names = ["kept", *verdicts, *sorted(k for k in sc.reservoirs if k.startswith("lines: "))]

    warn = "".join(f'<li class="warn">{escape(w)}</li>' for w in m.get("warnings", []))
    cfg = escape(json.dumps(m.get("config", {}), indent=1, ensure_ascii=False))
    vers = "".join(f"<tr><td>{escape(k)}</td><td>{escape(str(v))}</td></tr>" for k, v in m.get("versions", {}).items())
    timings = "".join(f"<tr><td>{escape(k)}</td><td>{v} s</td></tr>" for k, v in m.get("timings", {}).items())
    b = m.get("bytes", {})
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tamis report — {escape(root.name)}</title>
<style>{_CSS}</style></head><body>
<header><h1>tamis run report</h1><p>{docs['in']:,} documents in, {docs['kept']:,} kept, {docs['rejected']:,} rejected
 · {b.get('in', 0) / 1e6:,.1f} MB in, {b.get('out', 0) / 1e6:,.1f} MB out · {m.get('shards')} shards ·
 executor {escape(str(m.get('executor')))} · {'balanced' if m.get('ok') else '<b>UNBALANCED</b>'}</p></header>
<main>
<section id="overview"><h2>Overview</h2>{f'<ul>{warn}</ul>' if warn else ''}<div class="grid">
{bars(funnel, "Documents after each stage", "funnel")}
{bars(reasons, "Rejections by rule (click to inspect)", "rejections", color="#c0504d", data_attr="reason")}
{bars(chars, "Characters removed by each stage (lines)", "removed-chars", color="#8064a2")}
{bars(langs, "Languages of kept documents", "languages", color="#4f8f5b")}
{paired_bars(labels[:last + 1], sc.length_before[:last + 1], sc.length_after[:last + 1],
             "Kept documents by length (characters)", "lengths", ("before", "after"))}
{bars(dups, "Duplicates found", "duplicates", color="#d08c2b")}
{bars(speed, "Throughput per stage (documents/s)", "throughput", color="#5b6670")}
</div></section>
<section id="inspect"><h2>Inspector</h2>
<div id="rules">{''.join(f'<span class="rule{" kept" if r == "kept" else ""}" data-rule="{escape(r)}">{escape(r)} '
                            f'({sc.seen[r]:,})</span>' for r in rule_names)}</div>
<input id="search" type="search" placeholder="search id, URL or text"> <span id="count"></span>
<div id="inspector"><div id="list"><ul></ul></div><div id="doc"></div></div></section>
<section id="run"><h2>Run</h2><div class="grid"><div><h2>Timings</h2><table>{timings}</table></div>
<div><h2>Versions</h2><table>{vers}</table></div><div><h2>Configuration</h2><pre>{cfg}</pre></div></div></section>
</main>
<script type="application/json" id="docs-data">{_json_for_script(entries)}</script>
<script>{_JS}</script></body></html>
"""
    return html


def write_report(root: str | Path, sample: int | None = None) -> Path:
    """Write OUTPUT/report.html (atomically) and return its path."""
    root = Path(root)
    if sample is None:
        try:
            sample = int(json.loads((root / "manifest.json").read_text())["config"]["report"]["sample"])
        except (OSError, KeyError, ValueError, TypeError):
            sample = 200
    html = build_report(root, sample)
    out = root / "report.html"
    tmp = out.with_name(".report.html.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out
