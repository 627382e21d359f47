"""`tamis inspect OUTPUT ID`: one document in the terminal, removed lines struck through with their reason."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import TamisError
from .sample import find
from .view import page_lines


def inspect(root: str | Path, doc_id: str, console: Console | None = None) -> None:
    con = console or Console()
    rec = find(Path(root), doc_id)
    if rec is None:
        raise TamisError(f"no document with id or URL {doc_id!r} in {root}")
    verdict = f"[red]rejected: {rec['reason']}[/red] {rec.get('message', '')}" if rec.get("reason") else "[green]kept[/green]"
    con.print(f"[bold]{rec['id']}[/bold]  {rec.get('url') or ''}\n{verdict}")
    meta = Table(box=None, show_header=False)
    for k, v in (rec.get("meta") or {}).items():
        if v not in (None, "", [], {}):
            meta.add_row(Text(k, style="dim"), Text(str(v)))
    con.print(meta)
    con.rule("page")
    for line, why in page_lines(rec):
        if why:
            t = Text(line, style="strike dim")
            t.append(f"  ← {why}", style="yellow")
            con.print(t)
        else:
            con.print(Text(line))
