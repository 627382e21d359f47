"""Metadata the HTML states about itself: OpenGraph, <meta>, JSON-LD, <time>, <html lang>.

Each field is taken from where the page declares it, never guessed; absent stays absent.
"""

from __future__ import annotations

import json
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from ..annotate.dates import parse_date

_TITLE_SPLIT = re.compile(r"\s+[|\-–—:·•]\s+")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?")


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO.match(value.strip())
    if m:
        return m.group(1) + (f"T{m.group(2)}" + (":00" if len(m.group(2)) == 5 else "") if m.group(2) else "")
    return parse_date(value)


def _jsonld(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text(deep=True, strip=False) or "null")
        except ValueError:
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
            elif isinstance(d, dict):
                out.append(d)
                if "@graph" in d:
                    stack.append(d["@graph"])
    return out


def _person(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_person(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and 2 <= len(value.strip()) <= 80 and not value.strip().startswith("http"):
        return value.strip()
    return None


def html_metadata(tree: LexborHTMLParser) -> dict[str, Any]:
    meta: dict[str, Any] = {}

    def m(*names: str) -> str | None:
        for n in names:
            node = tree.css_first(f'meta[property="{n}"]') or tree.css_first(f'meta[name="{n}"]')
            if node is not None:
                v = (node.attributes.get("content") or "").strip()
                if v:
                    return v
        return None

    ld = _jsonld(tree)
    article = next((d for d in ld if str(d.get("@type", "")).lower().endswith(("article", "posting", "report", "blogposting"))), None)
    title = m("og:title", "twitter:title") or (article or {}).get("headline")
    if not title:
        t = tree.css_first("title")
        title = t.text(strip=True) if t is not None else None
        if title:
            parts = _TITLE_SPLIT.split(title)
            title = max(parts, key=len) if len(parts) > 1 else title
    if isinstance(title, str) and title.strip():
        meta["title"] = title.strip()
    date = _iso(m("article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate", "date",
                  "dc.date", "DC.date.issued", "sailthru.date", "parsely-pub-date"))
    if not date and article:
        date = _iso(str(article.get("datePublished") or article.get("dateCreated") or ""))
    if not date:
        t = tree.css_first("time[datetime]")
        date = _iso(t.attributes.get("datetime")) if t is not None else None
    if date:
        meta["date"] = date
    author = (_person(article.get("author")) if article else None) or _person(m("author", "article:author", "byl", "dc.creator"))
    if author and not author.lower().startswith(("admin", "staff")):
        meta["author"] = author
    site = m("og:site_name", "application-name")
    if site:
        meta["site_name"] = site
    desc = m("description", "og:description")
    if desc:
        meta["description"] = desc[:500]
    link = tree.css_first('link[rel="canonical"]')
    if link is not None and link.attributes.get("href"):
        meta["canonical_url"] = link.attributes["href"]
    html = tree.css_first("html")
    lang = html.attributes.get("lang") if html is not None else None
    if lang:
        meta["language_declared"] = lang.split("-")[0].split("_")[0].lower()
    return meta
