"""What a page's URL says about it: a permalink's date, and whether it is a site's front page."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import ParseResult, urlparse

from .dates import _build

# a blog's permalink ("/2016/02/09/slug"): year, month and day as path segments
_URL_DATE = re.compile(r"/(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|$)")


def parse_url(url: str | None) -> ParseResult:
    """`urlparse`, with a malformed URL ("http://[::1") read as none: a record's or a link's
    URL is a hint, not worth the page it came with."""
    try:
        parts = urlparse(url or "")
        parts.hostname  # noqa: B018 -- raises on some malformed hosts too
        return parts
    except ValueError:
        return urlparse("")


def url_date(url: str | None, max_year: int | None = None) -> str | None:
    """The date a permalink carries (wcxb-dev: the gold date on 35 of the 36 pages that have one)."""
    if not url:
        return None
    m = _URL_DATE.search(parse_url(url).path)
    return _build(int(m[1]), int(m[2]), int(m[3]), None, None, None, None, max_year or dt.date.today().year + 1) if m else None


def site_root(url: str | None) -> bool:
    """A site's front page ("https://github.blog/"): a list of the latest posts, whose first
    date and byline are that post's, not the page's. "/?p=123" is a post."""
    if not url:
        return False
    parts = parse_url(url)
    return parts.path in ("", "/") and not parts.query
