"""The one record type that flows through every stage.

A `Document` carries its own audit trail so that a line removed three stages ago can
still be shown, with its reason, in the report: reasons travel with the data rather than
living in a side log that executors would have to merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Removal:
    """A line or span taken out of a document, and why."""

    text: str
    reason: str  # "stage.rule", e.g. "clean.spam"
    score: float | None = None
    line: int | None = None  # index of the line in the text the stage saw
    at: int | None = None  # how many of the stage's output lines (non-blank) came before it

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "reason": self.reason}
        if self.score is not None:
            d["score"] = round(float(self.score), 4)
        if self.line is not None:
            d["line"] = self.line
        if self.at is not None:
            d["at"] = self.at
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Removal:
        return cls(d["text"], d["reason"], d.get("score"), d.get("line"), d.get("at"))


@dataclass(slots=True)
class Rejection:
    """Why a whole document left the pipeline.

    `reason` is always "stage.rule" so counts can be grouped by stage and by rule;
    `value` is the measured quantity the rule compared to its threshold.
    """

    reason: str
    value: float | str | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"reason": self.reason}
        if self.value is not None:
            d["value"] = round(self.value, 4) if isinstance(self.value, float) else self.value
        if self.message:
            d["message"] = self.message
        return d

    @property
    def stage(self) -> str:
        return self.reason.split(".", 1)[0]


@dataclass(slots=True)
class Document:
    """A page on its way through tamis.

    `html` holds markup until an extractor turns it into `text`; `ordinal` is a
    stable position (shard << 32 | record) that corpus stages use to pick "the first"
    deterministically on every executor.
    """

    id: str
    text: str = ""
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)
    html: str | None = None
    rejection: Rejection | None = None
    ordinal: int = 0
    bytes_in: int = 0
    dom: Any = None  # per-line DOM signals `extract` leaves for `clean`; never written out
    links: Any = None  # (anchor text, absolute URL) of the page's links, for Markdown; never written out
    kind: Any = None  # what the HTML says the page is (extract/pagekind.py), for clean's page-type model; never written out
    undecided: Any = None  # what the HTML's title and date models leave for clean (extract/htmlmeta.Undecided); never written out
    #: the kept lines `clean` found inside code blocks, which `dedup.lines` leaves alone (a docs
    #: site's every example starts "fn main() {"); only in the work files between phases
    code: list[str] | None = None

    @property
    def kept(self) -> bool:
        return self.rejection is None

    def reject(self, reason: str, value: float | str | None = None, message: str = "") -> Document:
        if self.rejection is None:
            self.rejection = Rejection(reason, value, message)
        return self

    def remove(self, text: str, reason: str, score: float | None = None, line: int | None = None) -> None:
        self.removed.append(Removal(text, reason, score, line))

    def to_record(self, internal: bool = False) -> dict[str, Any]:
        """The JSON shape written to kept/ and rejected/ (see DESIGN.md).

        `internal` adds what only the next phase of a run needs (unextracted HTML,
        input size), for the work files between corpus stages.
        """
        rec: dict[str, Any] = {"id": self.id, "text": self.text, "url": self.url, "meta": self.meta}
        if self.removed:
            rec["removed"] = [r.to_dict() for r in self.removed]
        if self.rejection is not None:
            rec.update(self.rejection.to_dict())
        rec["ordinal"] = self.ordinal
        if internal:
            rec["bytes_in"] = self.bytes_in
            if self.html is not None:
                rec["html"] = self.html
            if self.code:
                rec["code"] = self.code
        return rec

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Document:
        doc = cls(
            id=str(rec["id"]),
            text=rec.get("text") or "",
            url=rec.get("url"),
            meta=dict(rec.get("meta") or {}),
            removed=[Removal.from_dict(r) for r in rec.get("removed") or ()],
            ordinal=int(rec.get("ordinal") or 0),
            html=rec.get("html"),
            bytes_in=int(rec.get("bytes_in") or 0),
            code=rec.get("code") or None,
        )
        if rec.get("reason"):
            doc.rejection = Rejection(rec["reason"], rec.get("value"), rec.get("message", ""))
        return doc
