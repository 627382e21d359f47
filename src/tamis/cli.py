"""The `tamis` command line: run, clean, demo, report, inspect.

Exit codes: 0 done; 1 the run finished but failed its checks (records lost); 2 the run
could not start (bad config, missing input, unwritable output).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .errors import ConfigError, RunFailed, TamisError

EPILOG_RUN = """examples:
  tamis run --preset web --input 'crawl/*.warc.gz' --output out/
  tamis run presets/web.yaml
  tamis run --input crawl/*.warc.gz --output out/
  tamis run --input dump.jsonl.zst --output out/ --stages dedup.exact --workers 4
  tamis run pipe.yaml --executor ray --ray-address 127.0.0.1:6379
"""

EPILOG_CLEAN = """examples:
  tamis clean page.txt                      # print the article text
  tamis clean --json page.html              # one JSON object per page
  tamis clean --format-out markdown --links page.html   # Markdown: headings, lists, code, tables, links
  cat pages.jsonl | tamis clean --format text --json -
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tamis",
        description="Turn crawled pages (HTML, WARC/WET, JSONL, Parquet, page text) into clean text, "
        "and say why each thing was removed.",
    )
    p.add_argument("--version", action="version", version=f"tamis {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser(
        "run", help="run a pipeline over a corpus", epilog=EPILOG_RUN, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run a pipeline over a corpus: from a pipeline file, or from --input/--output with the default stages.",
    )
    r.add_argument("pipeline", nargs="?", help="pipeline YAML file (optional)")
    r.add_argument("--preset", metavar="NAME", help="a pipeline shipped with tamis: " + ", ".join(_presets()))
    r.add_argument("--input", "-i", action="append", metavar="PATH", help="file, directory or glob; repeatable; '-' = stdin")
    r.add_argument("--output", "-o", metavar="DIR", help="output directory (kept/, rejected/, manifest.json)")
    r.add_argument("--stages", metavar="A,B,C", help="run only these stages, with their defaults")
    r.add_argument("--executor", choices=["local", "ray"], help="where to run (default: local)")
    r.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    r.add_argument("--ray-address", metavar="ADDR", help="Ray cluster: auto (default), local, or host:port / ray://...")
    r.add_argument("--format", choices=["auto", "warc", "wet", "jsonl", "parquet", "html", "text"], help="input format")
    r.add_argument("--output-format", choices=["jsonl.zst", "parquet"], help="format of kept/ and rejected/")
    r.add_argument("--shard-records", type=int, metavar="N", help="records per shard (unit of work and of restart)")
    r.add_argument("--overwrite", action="store_true", help="discard a previous run in the output directory")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument("--no-report", action="store_true", help="do not write report.html at the end")
    r.add_argument("--format-out", choices=["text", "markdown"], help="the clean stage's output (default text)")
    r.add_argument("--links", action="store_true", help="with --format-out markdown: links as [text](url)")

    c = sub.add_parser(
        "clean", help="clean single pages and print the result", epilog=EPILOG_CLEAN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Clean pages: a file of page text, an HTML file, a directory, or a JSONL file whose records hold "
        "`text` or `html` (and optionally `id`, `url`). '-' reads stdin.",
    )
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--format", choices=["auto", "text", "html"], default="auto", help="what the page content is")
    c.add_argument("--json", action="store_true", help="one JSON object per page, one per line")
    c.add_argument("--format-out", choices=["text", "markdown"], default="text",
                   help="markdown: headings, list items, code blocks and tables of HTML pages marked up (page text stays text)")
    c.add_argument("--links", action="store_true", help="with --format-out markdown: links as [text](url)")

    rp = sub.add_parser("report", help="write OUTPUT/report.html for a finished run (self-contained, opens from disk)")
    rp.add_argument("output", metavar="OUTPUT_DIR")
    rp.add_argument("--sample", type=int, metavar="N", help="documents in the inspector (default: report.sample, 200)")

    ip = sub.add_parser("inspect", help="show one document of a run: removed lines struck through, with reasons")
    ip.add_argument("output", metavar="OUTPUT_DIR")
    ip.add_argument("id", metavar="ID", help="document id or URL")

    d = sub.add_parser("demo", help="run the default pipeline (or --preset) on the sample corpus shipped with tamis")
    d.add_argument("--output", "-o", default="demo-output", metavar="DIR")
    d.add_argument("--workers", type=int, metavar="N")
    d.add_argument("--preset", metavar="NAME", help="run a preset instead of the default pipeline: " + ", ".join(_presets()))
    return p


def _presets() -> dict[str, str]:
    from importlib import resources

    d = resources.files("tamis") / "presets"
    return {p.name[:-5]: str(p) for p in sorted(d.iterdir(), key=lambda p: p.name) if p.name.endswith(".yaml")}


def _cmd_run(a: argparse.Namespace) -> int:
    from .config import RunConfig, check, load_config, stages_from_names
    from .execute.run import run

    if a.pipeline and a.preset:
        raise ConfigError("give a pipeline file or --preset, not both")
    if a.preset:
        if a.preset not in _presets():
            raise ConfigError(f"unknown preset {a.preset!r}; presets: {', '.join(_presets())}")
        cfg = load_config(_presets()[a.preset])
    elif a.pipeline:
        cfg = load_config(a.pipeline)
    else:
        cfg = RunConfig(source="<command line>")
        from .config import DEFAULT_STAGES

        cfg.stages = stages_from_names(",".join(DEFAULT_STAGES))
    if a.input:
        cfg.input = [os.path.abspath(p) if p != "-" else p for p in a.input]
    if a.output:
        cfg.output = os.path.abspath(a.output)
    if a.stages:
        cfg.stages = stages_from_names(a.stages)
    if a.executor:
        cfg.executor.kind = a.executor
    if a.workers is not None:
        cfg.executor.workers = a.workers
    if a.ray_address:
        cfg.executor.address = a.ray_address
    if a.format:
        cfg.format = a.format
    if a.output_format:
        cfg.output_format = a.output_format
    if a.shard_records:
        cfg.shard_records = a.shard_records
    if a.format_out:
        if not any(name == "clean" for name, _ in cfg.stages):
            raise ConfigError("--format-out needs a clean stage in the pipeline")
        cfg.stages = [(n, {**p, "output": a.format_out} if n == "clean" else p) for n, p in cfg.stages]
    if a.links:
        if a.format_out != "markdown" or not any(name == "extract" for name, _ in cfg.stages):
            raise ConfigError("--links needs --format-out markdown and an extract stage in the pipeline")
        cfg.stages = [(n, {**p, "links": True} if n == "extract" else p) for n, p in cfg.stages]
    check(cfg)
    manifest = run(cfg, overwrite=a.overwrite, progress=not a.no_progress, report=False if a.no_report else None)
    _summary(manifest, Path(cfg.output))
    return 0


def _summary(m: dict, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(stderr=False)
    d = m["documents"]
    con.print(
        f"[bold]tamis[/bold]: {d['in']} documents in, [green]{d['kept']} kept[/green], "
        f"[red]{d['rejected']} rejected[/red] in {m['timings']['total']:.1f} s ({m['shards']} shards"
        f"{', resumed' if m['resumed'] else ''})"
    )
    t = Table("stage", "in", "out", "rejected", "lines removed", "docs/s", title=None, box=None)
    for name, s in m["stages"].items():
        t.add_row(
            name, str(s["in"]), str(s["out"]), str(sum(s["rejected"].values())), str(sum(s["removed_lines"].values())),
            "-" if not s.get("docs_per_s") else f"{s['docs_per_s']:,.0f}",
        )
    con.print(t)
    if m["rejected_by_reason"]:
        con.print("rejected by reason: " + ", ".join(f"{k} {v}" for k, v in m["rejected_by_reason"].items()))
    for w in m["warnings"]:
        con.print(f"[yellow]warning:[/yellow] {w}")
    report = f", {out}/report.html" if (out / "report.html").exists() else ""
    con.print(f"output: {out}/kept, {out}/rejected, {out}/manifest.json{report}")


def _cmd_clean(a: argparse.Namespace) -> int:
    from .cleaning import clean_paths

    if a.links and a.format_out != "markdown":  # before stdin is read to its end
        raise ConfigError("--links needs --format-out markdown")
    tmp = None
    paths = []
    for p in a.paths:
        if p == "-":
            fd, tmp = tempfile.mkstemp(prefix="tamis-stdin-")
            with os.fdopen(fd, "wb") as f:
                f.write(sys.stdin.buffer.read())
            paths.append(tmp)
        else:
            paths.append(p)
    try:
        out = sys.stdout
        first = True
        for rec in clean_paths(paths, a.format, stdin_path=tmp, output=a.format_out, links=a.links):
            if a.json:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                if not first:
                    out.write("\n")
                if len(paths) > 1 or rec["id"] != paths[0]:
                    out.write(f"### {rec['id']}\n")
                out.write((rec["text"] if rec["kept"] else f"[rejected: {rec['reason']}]") + "\n")
            first = False
        out.flush()
    finally:
        if tmp:
            os.unlink(tmp)
    return 0


def _cmd_report(a: argparse.Namespace) -> int:
    from .report import write_report

    path = write_report(a.output, a.sample)
    print(f"report: {path}")
    return 0


def _cmd_inspect(a: argparse.Namespace) -> int:
    from .report.inspect import inspect

    inspect(a.output, a.id)
    return 0


def _cmd_demo(a: argparse.Namespace) -> int:
    from .demo import run_demo

    manifest = run_demo(a.output, a.workers, a.preset)
    _summary(manifest, Path(a.output))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    a = parser.parse_args(argv)
    if not a.command:
        parser.print_help()
        return 2
    try:
        commands = {"run": _cmd_run, "clean": _cmd_clean, "demo": _cmd_demo, "report": _cmd_report,
                    "inspect": _cmd_inspect}
        return commands[a.command](a)
    except RunFailed as e:
        print(f"tamis: error: {e}", file=sys.stderr)
        return 1
    except TamisError as e:
        print(f"tamis: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tamis: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
