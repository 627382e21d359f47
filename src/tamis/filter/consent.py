"""consent: leave out pages whose publisher said no to their use.

What a page asks of crawlers is read by `extract` (`meta.robots`: "noai", "noindex"… from
its robots <meta> and the server's X-Robots-Tag; `meta.tdm_reservation`: W3C TDMRep;
`meta.paywalled`: an article declared not free). None of it is law everywhere, and
robots.txt, the usual opt-out, is a crawl-time matter no page carries; so this stage is in
no preset: a corpus that honours these signals puts it in its pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..errors import ConfigError
from ..extract.htmlmeta import ROBOTS_RESTRICTIONS
from ..stage import DocumentStage, register


@register("consent")
@dataclass
class Consent(DocumentStage):
    """Reject a page whose robots directives include any of `robots`, whose TDM rights are
    reserved (`tdm_reservation`), or that declares itself paywalled (`paywalled`)."""

    robots: list[str] = field(default_factory=lambda: ["noai"])
    tdm_reservation: bool = True
    paywalled: bool = False

    def __post_init__(self) -> None:
        self.robots = [r.lower() for r in self.robots]
        unknown = sorted(set(self.robots) - set(ROBOTS_RESTRICTIONS))
        if unknown:
            raise ConfigError(f"consent: unknown robots directives {unknown}; known: {list(ROBOTS_RESTRICTIONS)}")

    def process(self, doc: Document) -> Document:
        said = sorted(set(doc.meta.get("robots") or ()) & set(self.robots))
        if said:
            return doc.reject("consent.robots", ",".join(said), f"the page asks robots: {', '.join(said)}")
        if self.tdm_reservation and doc.meta.get("tdm_reservation"):
            return doc.reject("consent.tdm_reservation", 1.0, "the page reserves text and data mining rights (TDMRep)")
        if self.paywalled and doc.meta.get("paywalled"):
            return doc.reject("consent.paywalled", 1.0, "the page declares its article not free to read")
        return doc
