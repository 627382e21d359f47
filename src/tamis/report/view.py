"""A document as it arrived, rebuilt from its output text and its removal trail.

Each stage records where its removed lines sat among the lines it kept (`Removal.at`);
putting the removals back stage by stage, last stage first, rebuilds every stage's input,
and finally the page as the first line-level stage saw it.
"""

from __future__ import annotations

from typing import Any


def page_lines(rec: dict[str, Any]) -> list[tuple[str, str | None]]:
    """[(line, reason or None if kept)], in page order; removals without a place come first."""
    lines: list[tuple[str, str | None]] = [(x, None) for x in (rec.get("text") or "").split("\n") if x.strip()]
    removed = rec.get("removed") or []
    unplaced = [(r["text"], r["reason"]) for r in removed if r.get("at") is None]
    groups: list[list[dict]] = []
    for r in removed:  # consecutive removals of one stage form a group
        if r.get("at") is None:
            continue
        stage = r["reason"].rsplit(".", 1)[0]  # quality.c4.policy -> quality.c4, clean.spam -> clean
        if groups and groups[-1][0]["_stage"] == stage:
            groups[-1].append({**r, "_stage": stage})
        else:
            groups.append([{**r, "_stage": stage}])
    for group in reversed(groups):
        group.sort(key=lambda r: (r["at"], r.get("line") or 0))
        for k, r in enumerate(group):
            pos = min(r["at"] + k, len(lines))
            lines.insert(pos, (r["text"], r["reason"]))
    return unplaced + lines
