import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import kill_after_done
from tamis.cli import main
from tamis.config import load_config, parse_config
from tamis.errors import ConfigError
from tamis.write.shards import iter_records


def records(out: Path, sub: str):
    return sorted((r for p in sorted((out / sub).glob("part-*")) for r in iter_records(p)), key=lambda r: r["id"])


def write_cfg(tmp_path, sample_dir, out, extra=""):
    cfg = tmp_path / "pipe.yaml"
    cfg.write_text(
        f"input:\n  - {sample_dir / 'sample.warc.gz'}\n  - {sample_dir / 'sample.wet.gz'}\n"
        f"output: {out}\nshard_records: 10\nexecutor: {{workers: 2}}\n{extra}"
        "stages:\n  - extract\n  - clean\n  - dedup.exact\n"
    )
    return cfg


def test_run_on_sample_corpus_balances(tmp_path, sample_dir):
    out = tmp_path / "out"
    assert main(["run", str(write_cfg(tmp_path, sample_dir, out)), "--no-progress"]) == 0
    m = json.loads((out / "manifest.json").read_text())
    assert list(m)[0] == "documents"
    d = m["documents"]
    pages = sum(1 for _ in gzip.open(sample_dir / "gold.jsonl.gz")) + 1  # + the seed
    assert d["in"] == 2 * pages and d["in"] == d["kept"] + d["rejected"]
    assert len(records(out, "kept")) == d["kept"] and len(records(out, "rejected")) == d["rejected"]
    assert m["stages"]["extract"]["in"] > 0 and "dedup.exact" in m["stages"]
    assert m["config"]["stages"][0] == {"extract": {}}
    assert not list(out.rglob("*.tmp"))
    for r in records(out, "rejected"):
        assert r["reason"].count(".") >= 1


def test_parquet_output(tmp_path, sample_dir):
    out = tmp_path / "out"
    assert main(["run", str(write_cfg(tmp_path, sample_dir, out, "output_format: parquet\n")), "--no-progress"]) == 0
    files = sorted((out / "kept").glob("*.parquet"))
    assert files
    t = pq.read_table(files[0])
    assert {"id", "text", "url", "meta"} <= set(t.column_names)
    assert json.loads(t["meta"][0].as_py()) is not None


def test_config_errors_name_key_and_line(tmp_path):
    with pytest.raises(ConfigError, match=r"line 3: unknown key 'shard_recrods'.*did you mean 'shard_records'"):
        parse_config("input: a\noutput: b\nshard_recrods: 5\n", "p.yaml")
    with pytest.raises(ConfigError, match=r"line 4: unknown stage 'cleen'.*did you mean 'clean'"):
        parse_config("input: a\noutput: b\nstages:\n  - cleen\n", "p.yaml")
    with pytest.raises(ConfigError, match=r"line 5: unknown key 'main_contnet' in stage 'extract'"):
        parse_config("input: a\noutput: b\nstages:\n  - extract:\n      main_contnet: false\n", "p.yaml")
    with pytest.raises(ConfigError, match=r"workers must be an integer"):
        parse_config("executor: {workers: many}\n", "p.yaml")
    with pytest.raises(ConfigError, match="cannot read pipeline file"):
        load_config(tmp_path / "missing.yaml")


def test_cli_reports_config_error_without_traceback(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("input: x\noutput: y\nstages: [extract, {clean: {bogus: 1}}]\n")
    r = subprocess.run([sys.executable, "-m", "tamis.cli", "run", str(cfg)], capture_output=True, text=True)
    assert r.returncode == 2 and "unknown key 'bogus'" in r.stderr and "Traceback" not in r.stderr


def _run_proc(cfg: Path):
    return subprocess.Popen([sys.executable, "-m", "tamis.cli", "run", str(cfg), "--no-progress", "--no-report"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


@pytest.mark.slow
def test_kill_and_resume_gives_the_same_output(tmp_path, sample_dir):
    ref = tmp_path / "ref"
    assert main(["run", str(write_cfg(tmp_path, sample_dir, ref)), "--no-progress", "--no-report"]) == 0

    out = tmp_path / "killed"
    cfg = write_cfg(tmp_path, sample_dir, out)
    finished = kill_after_done(_run_proc(cfg), out, markers=5, timeout=60, poll=0.02)
    assert not (out / "manifest.json").exists()

    proc = _run_proc(cfg)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    m = json.loads((out / "manifest.json").read_text())
    assert m["resumed"] is True and finished >= 5
    for sub in ("kept", "rejected"):
        a = [(r["id"], r["text"], r.get("reason")) for r in records(ref, sub)]
        b = [(r["id"], r["text"], r.get("reason")) for r in records(out, sub)]
        assert a == b
        assert len({x[0] for x in b}) == len(b), "duplicated ids"
    assert m["documents"] == json.loads((ref / "manifest.json").read_text())["documents"]


def test_run_reads_stdin(tmp_path):
    recs = "".join(json.dumps({"id": f"s{i}", "text": f"Record {i}."}) + "\n" for i in range(5))
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "tamis.cli", "run", "--input", "-", "--output", str(out), "--stages",
                        "dedup.exact", "--no-progress", "--no-report"], input=recs, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert [x["id"] for x in records(out, "kept")] == [f"s{i}" for i in range(5)]


def test_rerun_into_same_folder_uses_fresh_decisions(tmp_path):
    """In one process (workers=1), a second run must not reuse the first run's dedup decisions."""
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "x1", "text": "same text"}) + "\n" + json.dumps({"id": "x2", "text": "same text"}) + "\n")
    b.write_text(json.dumps({"id": "y1", "text": "one text"}) + "\n" + json.dumps({"id": "y2", "text": "other text"}) + "\n")
    out = tmp_path / "out"
    common = ["--output", str(out), "--stages", "dedup.exact", "--workers", "1", "--no-progress", "--no-report"]
    assert main(["run", "--input", str(a), *common]) == 0
    assert [r["id"] for r in records(out, "rejected")] == ["x2"]
    assert main(["run", "--input", str(b), *common, "--overwrite"]) == 0
    assert [r["id"] for r in records(out, "kept")] == ["y1", "y2"] and records(out, "rejected") == []
