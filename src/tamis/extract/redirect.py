"""Soft redirects: pages a crawler saved with status 200 whose `<meta http-equiv="refresh">`
sends the reader to another address at once ("Redirecting…", "This page has moved"). Their
text is a stub; a corpus wants the target fetched, not the stub kept."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

MAX_DELAY = 10.0  # seconds: a longer refresh reloads a live page (news fronts: 300, 2700)
MAX_WORDS = 50  # a stub says where it goes and little else; more text is a page that also refreshes
# "0; URL=next.html", "0;url='/a'", "5, http://x/"; a delay without a target reloads the page
_CONTENT = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*[;,]?\s*(?:url\s*=\s*)?(.*?)\s*$", re.I | re.S)


def refresh_target(tree: LexborHTMLParser, url: str | None) -> str | None:
    """The address the page's refresh sends the reader to within MAX_DELAY seconds (made
    absolute against the page's `url`), or None. A refresh inside <noscript> is for
    browsers without scripts and leads a crawler nowhere the page does not."""
    for meta in tree.css("meta[http-equiv]"):
        if (meta.attributes.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        node, hidden = meta.parent, False
        while node is not None and not hidden:
            hidden, node = node.tag == "noscript", node.parent
        m = _CONTENT.match(meta.attributes.get("content") or "")
        if hidden or m is None or float(m.group(1)) > MAX_DELAY:
            continue
        target = m.group(2).strip("'\" ")
        if not target:
            continue
        try:
            target = urljoin(url, target) if url else target
        except ValueError:  # "http://[broken"
            continue
        if target != url:
            return target
    return None
