"""Metadata the HTML states about itself: OpenGraph, <meta>, JSON-LD, <time>, <html lang>.

Each field is taken from where the page states it, never guessed; absent stays absent.
Where a page states a field several ways (a title in its <title>, og:title and <h1>s; a
date in <meta>, JSON-LD and its text), a small model chooses among them (extract/title.py,
extract/pubdate.py), with the hand rule's choice as one of its inputs.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from collections import deque
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

import numpy as np
from selectolax.lexbor import LexborHTMLParser

from ..annotate.bylines import AGENCIES, THREAD_STARTER, names_beside_date
from ..annotate.dates import find_dates, parse_date
from ..annotate.sections import section_name
from ..annotate.urls import parse_url, site_root, url_date
from . import pubdate
from .pubdate import Found
from .title import MAX_CHARS as TITLE_CHARS
from .title import SPLIT as _TITLE_SPLIT
from .title import Candidate, Names, candidates, with_page
from .title import choose as choose_title
from .title import features as title_features
from .title import is_site as _is_site
from .title import key as _key
from .title import load_model as load_title_model

_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?\s?(Z|[+-]\d{2}:?\d{2})?)?")


def _iso(value: str | None) -> str | None:
    """A declared timestamp in ISO 8601, its UTC offset kept: "2023-11-07T07:00:00" alone would
    read as local time where the page said UTC ("…Z") or New York ("…-05:00")."""
    if not value:
        return None
    m = _ISO.match(value.strip())
    if m:
        day, time, zone = m.groups()
        if not time:
            return day
        zone = "" if not zone else "Z" if zone == "Z" else f"{zone[:3]}:{zone[-2:]}"
        return f"{day}T{time}{':00' if len(time) == 5 else ''}{zone}"
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
                # a WebPage wraps the page's own thing: {"mainEntity": {"@type": "DiscussionForumPosting"...}}
                stack.extend(d[k] for k in ("@graph", "mainEntity") if k in d)
    return out


def _resolved(value: Any, ld: list[dict[str, Any]]) -> Any:
    """A JSON-LD reference ({"@id": ...}, as Yoast's graphs give an article's author) replaced
    by the node of the page's JSON-LD that carries that id."""
    if isinstance(value, list):
        return [_resolved(v, ld) for v in value]
    if isinstance(value, dict) and "@id" in value and "name" not in value:
        return next((d for d in ld if d.get("@id") == value["@id"] and d is not value), value)
    return value


def _person(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_person(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and 2 <= len(value.strip()) <= 80 and not value.strip().startswith("http"):
        return value.strip()
    return None


_ARTICLE_TYPES = ("article", "posting", "report", "question")  # type-name endings: NewsArticle, BlogPosting...
_UNDATED_TYPES = {"product", "organization", "website", "localbusiness", "person", "offer", "brand", "imageobject",
                  "webpage", "itempage", "course"}  # a WebPage's datePublished is when the page went up, not news
_NOT_AUTHOR = re.compile(
    r"^(?:by\s+)?(?:admin|administrator|staff|editor|editors|team|guest|unknown|anonymous|webmaster|undefined|null|none|"
    r"n/a|type|topic|follow|insights|read|explore|category|categories|recommended|shopping|email|share|home|menu|"
    r"search|city|room|our|this|these|hi|hello|welcome)\b"
    r"|^(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?$"  # a date's month cut off by the markup
    r"|^\w+(?:\.\w+){2,}$"  # a template's unfilled path: "page.head.extra.author"
    r"|.*\bmenu\b"  # a user menu's button: "Open My Menu"
    # a link to the author's page ("More from this author"), an account box
    r"|.*\b(?:author|logged in|log ?(?:in|out)|sign (?:in|out)|edit profile|my account)\b",
    re.I,
)
_BY = re.compile(r"^(?:by|von|par|por|di|door|written by|posted by|authored by|authors?)\s*:?(?:\s+|$)", re.I)
# "Theobald Chartran. Signing keys..." (not "Julian K. Arni", nor a date's "Aug. 17, 2010", which the digits then refuse)
_SENTENCE_CUT = re.compile(r"(?<=[^\W\d_]{3})" + "".join(f"(?<!{m})" for m in (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")) + r"\. .*")
# a forum's user menu rendered after the name ("HOSTLAR View Profile View Forum Posts ...")
_UI_TAIL = re.compile(r"\s+(?:view (?:public )?profile|view forum posts|send (?:a )?private message|visit homepage"
                      r"|find (?:all|more) posts)\b.*$"
                      r"|\s+in\s+(?-i:[A-Z])\w+(?:\s+\w+){0,3}$", re.I)  # "MixmasterFred in Workshop Woodworking": the section
_LIST_SPLIT = re.compile(r",\s*(?:and\s+|&\s*)?")
_REPEATED = re.compile(r"^(.+?)\s+[–—|-]\s+\1$")  # "Elliot Alderson – Elliot Alderson": a name and its tooltip
_BYLINE_CSS = (
    "[itemprop=author] [itemprop=name], [itemprop=author], [rel=author], [class*=author-name i], [class*=authorname i], "
    "[class*=author__name i], [class*=author_name i], [class*=the-author], [class*=byline] a, [class*=byline], .author, .fn, "
    "[class*=entry-author], [class*=post-author], a[href*=\"/author/\"], a[href*=\"/authors/\"], "
    "[class*=username], [class*=user-name i], [data-username]"  # forums: the first post's author is the thread's
)
# "By Ada Lovelace" / "by: Ada Lovelace, Dec 17, 2025" written near the headline
_BY_NAME = re.compile(r"(?:^|\n|\W)(?:by|By|BY|Written by|Posted by)\s*:?\s+([A-Z][\w.'’-]+(?:[ \t]+(?:[A-Z][\w.'’-]+|van|de|von|der|da)){0,4})")


def _types(d: dict[str, Any]) -> list[str]:
    t = d.get("@type", "")
    return [str(x).lower() for x in (t if isinstance(t, list) else [t])]


_HANDLE = re.compile(r"[^\W\d_]{3,}\d+$")  # letters, then a number: a member's handle


def _author_name(v: str | None, sites: Collection[str] = ()) -> str | None:
    """A name as a byline gives it, or None for what only looks like one (a URL, a role, or,
    when `sites` are given, the site's own name)."""
    v = _clean_declared(v)  # "Maria &amp; Katerina", mojibake
    if not v:
        return None
    v = _SENTENCE_CUT.sub("", _UI_TAIL.sub("", _BY.sub("", v))).strip(" ,|·-")
    if v.count(",") >= 2:  # "A, B, and C, CNN": the people of a list, the outlet after them left out
        parts = [x.strip() for x in _LIST_SPLIT.split(v) if x.strip()]
        people = [x for x in parts if not (x in AGENCIES or (sites and _is_site(x, sites)))]
        v = ", ".join(people or parts)
    v = _REPEATED.sub(r"\1", v)
    words = v.split()
    # a forum handle may carry digits ("lulug30", Stack Exchange's default "user3080392"); a date
    # or a count ("12 March 2024") may not pass
    if (not (1 <= len(words) <= 12) or len(v) > 120 or v.startswith("http") or "@" in v
            or sum(any(c.isdigit() for c in w) for w in words) > (len(words) == 1)
            or (sum(c.isdigit() for c in v) * 2 > len(v) and not _HANDLE.match(v)) or sum(c.isalpha() for c in v) < 2
            or any(c in v for c in "»›>") or (v.endswith(".") and len(words) >= 4)):  # a breadcrumb, a sentence
        return None
    if _NOT_AUTHOR.match(v) or (sites and _is_site(v, sites)):
        return None
    return v


def declared_author(tree: LexborHTMLParser, d: Declared, sites: set[str]) -> tuple[str | None, str | None, str | None]:
    """(the author the page declares, where: "json-ld" or "meta"; the organisation its JSON-LD
    names, the fallback when no person is named anywhere)."""
    m, article = d.m, d.article
    org = None
    if article is not None:
        a = _resolved(article.get("author"), d.ld)
        people = [x for x in (a if isinstance(a, list) else [a]) if not (isinstance(x, dict) and str(x.get("@type", "")).lower() == "organization")]
        name = _author_name(_person(people) if people else None, sites)
        if name:
            return name, "json-ld", None
        org = _author_name(_person(a), sites)
    # from here on the page names its author in words: a site's own name there is the author
    # (a personal site, a company blog), unlike the organisation JSON-LD gives as a fallback
    label = (m("twitter:label1") or "").lower()
    for v in (m("author", "article:author", "sailthru.author", "parsely-author", "byl", "dc.creator"),
              m("twitter:data1") if label.startswith(("written by", "author", "by")) else None):
        name = _author_name(v)
        if name:
            return name, "meta", org
    cited = [n.attributes.get("content") or "" for n in tree.css('meta[name="citation_author"]')][:20]
    if cited:  # "Last, First" each
        name = ", ".join(" ".join(reversed(c.split(",", 1))).strip() for c in cited if c.strip()) or None
        return name, "meta" if name else None, org
    return None, None, org


def page_author(tree: LexborHTMLParser, d: Declared, sites: set[str], front: bool = False) -> tuple[str | None, str | None]:
    """(who wrote the page, where it says so: "json-ld", "meta" or "markup"): a person named in
    JSON-LD, <meta> or the byline markup; an organisation only when no person is named
    anywhere. `front`: a site's front page, whose bylines are its posts' (only what it
    declares counts)."""
    name, source, org = declared_author(tree, d, sites)
    if name:
        return name, source
    fallback = (org, "json-ld") if org else (None, None)
    if front:
        return fallback
    name = _markup_author(tree, d, sites)
    return (name, "markup") if name else fallback


def _markup_author(tree: LexborHTMLParser, d: Declared, sites: set[str]) -> str | None:
    """The byline the page shows, from its plainest forms (a thread's stated starter, forum
    post markup, byline classes, "By …" by the headline) to its last resorts."""
    name = _page_microdata_author(tree)
    if name:
        return name
    # the text around the <h1> is costly (its ancestors' text): taken only when the page
    # declares no author and has no microdata byline
    head, windows = _heading_windows(d)
    for window in windows:  # "Thread starter X" says it more plainly than any markup
        hit = THREAD_STARTER.search(window)
        if hit:  # the markup puts the handle on its own line: all of it ("Perseus Legend")
            line = re.split(r"\n|,|\s[-–—|•·]\s", window[hit.start(1):], maxsplit=1)[0].strip()
            name = (_author_name(line) if len(line.split()) <= 4 else None) or _author_name(hit.group(1))
            if name:
                return name
    node = tree.css_first("[data-author]")  # forum software marks each post with its author
    if node is not None:
        name = _author_name(node.attributes.get("data-author"))
        if name:
            return name
    for node in tree.css(_BYLINE_CSS)[:10]:
        name = _author_name(node.attributes.get("content") or node.text(separator=" ", strip=True))
        link = node.css_first("a") if name is None else None
        if link is not None:  # "by <a>breadhead</a> » Mon Mar 04, 2024": the date refuses the line, not its link
            name = _author_name(link.text(separator=" ", strip=True))
        if name:
            return name
    for window in windows:
        hit = _BY_NAME.search(window)
        if hit:
            name = _author_name(hit.group(1))
            if name:
                return name
    name = _author_beside_date(windows[0], head, sites) if windows else None
    if name:
        return name
    for node in tree.css("[class*=author-block i], [class*=author-info i], [class*=author-box i]")[:5]:
        name = _author_name(node.text(separator=" ", strip=True))
        if name:
            return name
    return _author_classed(tree, sites) or _author_by_avatar(tree, sites) or _author_labelled(d.text(), sites)


_ONLY_SEPARATORS = re.compile(r"^[\W_]*$")


def _author_beside_date(window: str, head: str, sites: set[str]) -> str | None:
    """A name beside the first date within four lines under the headline (`names_beside_date`).
    On wcxb-dev: 4 more names right, none wrong (a category beside the date was, until comma
    lists were excluded)."""
    first = head.strip().split("\n", 1)[0].strip()
    lines = [x.strip() for x in window.split("\n")]
    lines = [x for x in lines if x and (x == "," or not _ONLY_SEPARATORS.match(x))]
    start = next((i for i, x in enumerate(lines) if first and first in x), None)
    if start is None:
        return None
    for i in range(start + 1, min(len(lines), start + 5)):
        if find_dates(lines[i]):
            names = (_author_name(n, sites) for n in names_beside_date(lines, i, start + 1))
            return next((n for n in names if n and n not in head), None)
    return None


# what holds one post of a thread, or one item of a list: the author microdata inside is that post's
_POST = re.compile(r"comment|reply|post|message|answer", re.I)


def _page_microdata_author(tree: LexborHTMLParser) -> str | None:
    """schema.org microdata naming the author of the page itself, outside any post, reply or
    list item: forum software states the thread's starter so (often in a hidden block), on
    every page of the thread, where the posts' own authors are those of that page's posts.
    On wcxb-dev: 3 threads right that took a later poster's name, no other page changed (an
    `itemprop=author` inside posts, read before the other bylines, was wrong more often)."""
    for node in tree.css("[itemprop=author]")[:5]:
        if any(up.tag in ("article", "li") or "data-author" in up.attributes or _POST.search(
                f"{up.attributes.get('class') or ''} {up.attributes.get('itemprop') or ''} {up.attributes.get('id') or ''}")
               for up in _ancestors(node, 30)):
            continue
        named = node.css_first("[itemprop=name]")
        holder = named if named is not None else node
        name = _author_name(holder.attributes.get("content") or holder.text(separator=" ", strip=True))
        if name:
            return name
    return None


# a label on its own line and a name after it: "Written by\nCassidy Horton", "Contributors: Janet Loughrey"
_AUTHOR_LABEL = re.compile(r"(?:^|\n)[ \t]*(?i:(?:(?:article|post|story|blog)[ \t]+)?(?:written|article|story|words) by|authors?|author\(s\)|contributors?)\b[ \t]*:?"
                           r"\s{0,120}"  # only blank lines between (the markup leaves many)
                           r"([A-Z][\w.'’-]+(?:[ \t]+(?:[A-Z][\w.'’-]+|van|de|von|der|da)){1,3})[ \t]*(?:\n|,|$)")


def _author_labelled(text: str, sites: set[str]) -> str | None:
    """After every other source: the first name the page's text gives under an author label,
    wherever it is (an author box after the article). On wcxb-dev's articles, forums and
    docs: 6 more names right, 1 more wrong."""
    hit = _first_label(text)
    return _author_name(hit.group(1), sites) if hit else None


_LABEL_WORDS = ("author", "contributor", "written by", "article by", "story by", "words by")  # one is in every label


def _first_label(text: str) -> re.Match[str] | None:
    """`_AUTHOR_LABEL.search(text)`, ten times faster: the regex is tried only at the starts of
    the lines that hold a label's word (found in the lower-cased text), not at every character
    of a page's text."""
    low = text.lower()
    if len(low) != len(text):  # lower-casing moved the offsets (rare letters): search it all
        return _AUTHOR_LABEL.search(text)
    starts = set()
    for word in _LABEL_WORDS:
        i = low.find(word)
        while i >= 0:
            starts.add(max(0, text.rfind("\n", 0, i)))
            i = low.find(word, i + len(word))
    return next((m for m in map(lambda s: _AUTHOR_LABEL.match(text, s), sorted(starts)) if m), None)


_TRAILING_LINK_WORD = re.compile(r"\s+(?:in|on|by|at)\s*$")  # "Mahua Das in" <a>Project Management</a>


def _author_by_avatar(tree: LexborHTMLParser, sites: set[str]) -> str | None:
    """A short name written right after an avatar image (a gravatar, an `avatar` class), not
    a commenter's: bylines are often a face and a name. On wcxb-dev: 1 more right, none wrong."""
    for img in tree.css("img[class*=avatar i], img[src*=gravatar]")[:3]:
        if _teaser_or_reply(img):
            continue
        node, text = img.next, ""
        while node is not None and not text.strip():
            text = (node.text_content or "") if node.tag == "-text" else node.text(deep=True)
            node = node.next
        name = _author_name(_TRAILING_LINK_WORD.sub("", text.strip()), sites)
        if name and 2 <= len(name.split()) <= 4:
            return name
    return None


def _author_classed(tree: LexborHTMLParser, sites: set[str]) -> str | None:
    """The last resort: a short name in an element whose class names an author ("text__author",
    "resource-author-details"), not a block of text, not in a form (a comment form's "Name *")
    nor in a teaser or a reply (a commenter's), and not "authorized". On wcxb-dev's articles,
    forums and docs: 5 more names right, 1 more wrong."""
    for node in tree.css("[class*=author i]")[:10]:
        if "authoriz" in (node.attributes.get("class") or "").lower() or _teaser_or_reply(node):
            continue
        if node.css_first("p, div, li, ul") is not None and len(node.text(strip=True)) > 60:
            continue
        if any(up.tag == "form" for up in _ancestors(node, 25)):
            continue
        # the name alone, or on the first line of a name-and-date block ("Luke Kim" / "December 10, 2025")
        for text in (node.text(separator=" ", strip=True), node.text(separator="\n", strip=True).split("\n", 1)[0]):
            name = _author_name(text, sites)
            if name and 2 <= len(name.split()) <= 4:
                return name
    return None


def _str(v: Any) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() else None


def _site_keys(site: str | None, url: str | None) -> set[str]:
    keys = {_key(site)} if site else set()
    host = parse_url(url).hostname or ""
    labels = host.removeprefix("www.").split(".")
    if len(labels) >= 2:
        keys.add(_key(labels[-2]))
    return keys - {""}


def _strip_site(title: str, sites: set[str]) -> str:
    """"Heading | Site name" -> "Heading": the parts that name the site go, the first other part stays."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    if len(parts) <= 1:
        return parts[0] if parts else title.strip()  # "| Site name": the separator goes too
    keep = [p for p in parts if not _is_site(p, sites)]
    return (keep or parts)[0]


_NOT_HEADING_TEXT = "svg, button, script, style, noscript, template"


def _heading_texts(h: Any) -> tuple[str, str]:
    """A heading's text spaced between elements and glued (inline spans inside a word), without
    the icons and buttons some headings carry ("Artboard Created with Sketch.", "Copy item path")."""
    if h.css_first(_NOT_HEADING_TEXT) is not None:
        h = LexborHTMLParser(h.html).body or h
        for junk in h.css(_NOT_HEADING_TEXT):
            junk.decompose()
    spaced, glued = (_SPACES.sub(" ", h.text(separator=sep, strip=False).replace("\xad", "")).strip() for sep in (" ", ""))
    return spaced, glued


def _clean_declared(s: str | None) -> str | None:
    """Entities a CMS escaped twice ("&#x26;") and mojibake out of a declared string."""
    if not s:
        return None
    from ..clean.page import normalise  # same repair as the page text gets

    s = _SPACES.sub(" ", normalise(html_lib.unescape(s) if "&" in s else s)).strip()
    return s or None


@dataclass
class Undecided:
    """What the HTML's models leave for `clean` to settle, where the page's type and text are
    known; never written out."""

    refuted_days: list[str] | None = None  # days the date model ruled out: not to be taken from the text either
    title: str | None = None  # the title chosen without what `clean` finds
    title_candidates: list[Candidate] = field(default_factory=list)
    title_X: np.ndarray | None = None

    def names(self, title: str | None = None) -> Names:
        """What the markup calls the page, for `clean_lines`: `title` (the extractor's choice, or
        a record's own) and every candidate. The last part of a "Page | Site" <title> alone
        names the site, not the page."""
        site = {"title_part", "title_tail"}
        every = [c.text for c in self.title_candidates if not (c.sources <= site and c.part_from_end == 0)]
        return Names(_key(title) if title else None, frozenset(k for n in every + [title or ""] if (k := _key(n))))

    def cleaned_title(self, type_p: np.ndarray, lines: list[str], p: np.ndarray, threshold: float) -> str | None:
        """The title the ranker that also reads what `clean` found chooses (title.with_page:
        the page's type probabilities, its lines, their keep probabilities and threshold);
        without that ranker, the one chosen without it."""
        model = load_title_model(cleaned=True)
        if model is None or self.title_X is None:
            return self.title
        X = with_page(self.title_candidates, self.title_X, type_p, lines, p, threshold)
        return choose_title(model, self.title_candidates, X)


def title_candidates(tree: LexborHTMLParser, d: Declared, url: str | None) -> tuple[list[Candidate], np.ndarray]:
    sites = _site_keys(d.site, url)
    node = tree.css_first("title")
    head = _clean_declared(node.text(strip=True)[:TITLE_CHARS]) if node is not None else None
    head = head or ""
    declared = _clean_declared((d.title or "")[:TITLE_CHARS])
    parts = [p for p in _TITLE_SPLIT.split(head) if p.strip()]
    site_part = _key(parts[-1]) if len(parts) > 1 else None
    # what the <title> adds after the declared title ("… 写真1枚 国際ニュース：AFPBB News", whose
    # separators were ideographic spaces): an <h1> it ends with is the site's logo
    added = head[len(declared):] if declared and head.startswith(declared) else ""
    h1s: list[str] = []
    for h in tree.css("h1"):
        spaced, glued = _heading_texts(h)
        t = glued if glued != spaced and (glued in head or glued in (declared or "")) else spaced
        t = (_clean_declared(t) or "").rstrip(" ¶#§")  # documentation headings end in their anchor link
        if 2 <= len(t) <= 300 and t not in h1s and not _is_site(t, sites) and _key(t) != site_part \
                and not (added.endswith(t) and t not in (declared or "")):
            h1s.append(t)
    rule = _rule_title(head, declared, h1s, parts, sites)
    cands = candidates(head, declared, h1s, rule)
    return cands, title_features(cands, head, declared, h1s, sites, url, d.kinds)


def _rule_title(head: str, declared: str | None, h1s: list[str], parts: list[str], sites: set[str]) -> str | None:
    """The <h1> the <title>/og:title also names, else the only <h1>, else the declared title
    without the site's name. An <h1> that is the site's name (a logo) does not count, nor one
    that is only the last part of a "Page | Site" title. A lone <h1> the title does not name
    still wins unless it shares almost no words with it."""
    named = [_key(x) for x in (head, declared or "") if x]
    for h in h1s:
        k = _key(h)
        if len(k) >= 4 and any(k in n for n in named):
            # a heading that carries its own tagline after a "|" ("Best Movers in NYC 2025 |
            # Top 19 Companies"): the part the <title> also starts with is the name. Dashes
            # stay: "Zero Waste - A Beginner's Guide" is one name as often as not
            head_parts = [p for p in h.split("|") if p.strip()]
            if len(head_parts) > 1 and parts and _key(head_parts[0]) == _key(parts[0]):
                return head_parts[0].strip()
            return h
    best = declared or head
    stripped = _strip_site(best, sites) if best else None
    if len(h1s) == 1:
        # a lone <h1> that shares almost no words with the declared title is a slogan
        # ("You deserve to be happy."), not the page's name
        words = set(_WORDS.findall(h1s[0].casefold()))
        if stripped and len(words & set(_WORDS.findall(stripped.casefold()))) <= 0.2 * len(words):
            return stripped
        return h1s[0]
    return stripped


# where a <time> dates something other than the page: a teaser, a list entry, a comment or
# review, a footer's "last updated", an embedded post (Instagram's embed is a <blockquote>)
_NOT_PAGE_TIME = re.compile(r"comment|review|reply|teaser|card|tile|river|views-row|item|updated|modified|footer", re.I)


def _ancestors(node: Any, levels: int) -> Iterator[Any]:
    """The node's parent, grandparent, ... up to `levels` of them."""
    for _ in range(levels):
        node = node.parent
        if node is None:
            return
        yield node


def _teaser_or_reply(node: Any) -> bool:
    for up in _ancestors(node, 6):
        if up.tag in ("body", "html"):
            return False
        if up.tag in ("li", "footer", "aside", "blockquote") or _NOT_PAGE_TIME.search(
                (up.attributes.get("class") or "") + " " + (up.attributes.get("id") or "")):
            return True
    return False


_UPDATED = re.compile(r"(?:updated|modified|edited|aktualisiert|mis à jour|actualizado)\W{0,3}(?:on\W+)?$", re.I)


def _heading_windows(d: Declared) -> tuple[str, list[str]]:
    """(the headline's text, the text around it from its parent outwards, four levels): where
    readers look for the date and the byline. Far from the heading, dates and names belong
    to comments, teasers and sidebars."""
    h1, _ = d.headline()
    if h1 is None:
        return "", []
    head = h1.text(separator=" ", strip=True)
    node, windows = h1, []
    for _ in range(4):
        node = node.parent
        if node is None or node.tag in ("body", "html"):
            break
        text = node.text(separator="\n", strip=True)
        at = text.find(head) if head else -1
        if at >= 0:
            windows.append(text[max(0, at - 300) : at + len(head) + 600])
    return head, windows


def _one_day_apart(a: str, b: str) -> bool:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days) == 1
    except ValueError:
        return False


_TAGS = re.compile(r"<[^>]+>")


def _text(v: Any, limit: int = 300) -> str | None:
    if isinstance(v, dict):
        v = v.get("name") or v.get("@value")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        return None
    v = _SPACES.sub(" ", _TAGS.sub(" ", html_lib.unescape(v))).strip()
    return v[:limit] or None


def product(ld: list[dict[str, Any]]) -> dict[str, Any] | None:
    """What a shop declares about the product it shows (JSON-LD Product and its offer): a
    product page's description and price are often there and nowhere in the visible text."""
    d = next((d for d in ld if any(t.endswith("product") or t in ("productgroup", "productmodel") for t in _types(d))), None)
    if d is None:
        return None
    offers = d.get("offers")
    offer = (offers[0] if offers else {}) if isinstance(offers, list) else offers
    offer = offer if isinstance(offer, dict) else {}
    rating = d.get("aggregateRating") if isinstance(d.get("aggregateRating"), dict) else {}
    availability = _text(offer.get("availability"))
    out = {
        "name": _text(d.get("name")), "brand": _text(d.get("brand")),
        "sku": _text(d.get("sku")) or _text(d.get("mpn")) or _text(d.get("gtin13")) or _text(d.get("gtin")),
        "description": _text(d.get("description"), 5000),
        "price": _text(offer.get("price")) or _text(offer.get("lowPrice")),
        "currency": _text(offer.get("priceCurrency")),
        "availability": availability.rsplit("/", 1)[-1] if availability else None,
        "rating": _text(rating.get("ratingValue")), "reviews": _text(rating.get("reviewCount") or rating.get("ratingCount")),
        "specs": _specs(d.get("additionalProperty")),
    }
    out = {k: v for k, v in out.items() if v}
    return out if out.get("name") or out.get("description") else None


_MAX_SPECS = 50
_MAX_SPEC_ITEMS = 1000  # PropertyValues read, nested ones included


def _specs(v: Any) -> dict[str, str]:
    """A product's declared properties ({"Screen Size": "13.8 inches"}), PropertyValues nested
    under a group's name as some shops write them ({"name": "Specs", "value": [...]})."""
    out: dict[str, str] = {}
    todo = deque(v if isinstance(v, list) else [v])
    for _ in range(_MAX_SPEC_ITEMS):
        if not todo or len(out) >= _MAX_SPECS:
            break
        x = todo.popleft()
        if not isinstance(x, dict):
            continue
        value = x.get("value")
        if isinstance(value, (list, dict)):
            todo.extendleft(reversed(value) if isinstance(value, list) else [value])
            continue
        name, text = _text(x.get("name"), 100), _text(value, 500)
        if name and text and name not in out:
            out[name] = text
    return out


class Declared(NamedTuple):
    """What the page says of itself in <meta> and JSON-LD, read once."""

    m: Callable[..., str | None]  # the first non-empty <meta> value of these keys
    ld: list[dict[str, Any]]
    article: dict[str, Any] | None  # the JSON-LD Article (or kin) describing the page
    site: str | None
    title: str | None  # og:title, twitter:title or the article's headline
    kinds: set[str]  # what the page declares it is: og:type as "og:<type>", the JSON-LD @types
    metas: dict[str, str]  # every <meta> key, case folded, and its first non-empty value (property= first)
    text: Callable[[], str]  # the body's readable text (`_readable_text`), worked out once, when first asked
    headline: Callable[[], tuple[Any, str]]  # the headline's <h1> and text (`_headline`), likewise


def read_declared(tree: LexborHTMLParser) -> Declared:
    by_property: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for node in tree.css("meta[content]"):  # one pass; the first non-empty value of each key counts
        attrs = node.attributes
        v = (attrs.get("content") or "").strip()
        if v:
            for key, table in (("property", by_property), ("name", by_name), ("itemprop", by_name)):
                k = (attrs.get(key) or "").casefold()  # "DC.Creator", "dc.creator": one key
                if k and k not in table:
                    table[k] = v

    def m(*names: str) -> str | None:
        for n in names:
            n = n.casefold()
            v = by_property.get(n) or by_name.get(n)
            if v:
                return v
        return None

    ld = _jsonld(tree)
    article = next((d for d in ld if any(t.endswith(_ARTICLE_TYPES) for t in _types(d))), None)
    site = m("og:site_name", "application-name")
    title = m("og:title", "twitter:title") or _str((article or {}).get("headline"))
    return Declared(m, ld, article, site, title,
                    {t for x in ld for t in _types(x)} | {f"og:{(m('og:type') or '').lower()}"},
                    by_name | by_property, cache(lambda: _readable_text(tree)),
                    cache(lambda: _headline(tree, title, site)))


def _readable_text(tree: LexborHTMLParser) -> str:
    """The body's text without its scripts' and styles' text, which no reader sees and which
    would sit between a headline and its date (a date 46,000 characters below its <h1>, 7,500
    without them) or before the headline itself. Cut out of the text rather than out of the
    tree: the extractor reads the same tree, and lexbor re-renders some pages differently
    once their scripts are gone."""
    if tree.body is None:
        return ""
    body = tree.body.text(separator="\n")
    pieces, pos = [], 0
    for node in tree.body.css("script, style"):
        t = node.text()
        i = body.find(t, pos) if len(t) >= 20 else -1
        if i >= 0:
            pieces.append(body[pos:i])
            pos = i + len(t)
    pieces.append(body[pos:])
    return "".join(pieces)


_PUBLISHED = ("article:published_time", "og:published_time", "og:publish_date", "article:published", "datePublished",
              "pubdate", "publishdate", "publish_date", "date", "dc.date", "DC.date.issued", "dcterms.created",
              "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date")
_MODIFIED = ("article:modified_time", "og:updated_time", "article:updated_time", "dateModified", "last-modified",
             "dcterms.modified", "DC.date.modified")
# <meta> keys outside those lists that still name a publication date ("published-date",
# "ms.date", "og:article:published_time" written with an escaped colon); their own source,
# the date model weighs them
_META_DATE = re.compile(r"publish|pubdate|creat|issued|release|(?:^|[^a-z])date(?:$|[^a-z])", re.I)
_META_NOT_DATE = re.compile(r"modif|updat|revis|expir|valid|review|crawl|index|event|start|end|birth|last|format", re.I)
_LISTED = {k.casefold() for k in _PUBLISHED + _MODIFIED}  # d.metas keys are case folded too
_BODY_BEFORE, _BODY_AFTER = 1500, 3000  # characters of the page's text read for dates around the headline
_NEAR = (300, 600)  # a date this close above / below the headline is written beside it
_YEAR_AT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _dates_by_years(text: str) -> list[tuple[int, int, str]]:
    """find_dates over the stretches of `text` around its years only: a date is written within
    a few words of its year, and most of a page's text holds none (3x faster on page text)."""
    spans: list[list[int]] = []
    for m in _YEAR_AT.finditer(text):
        a, b = max(0, m.start() - 60), m.end() + 40
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return [(s + a, s + b, iso) for s, e in spans for a, b, iso in find_dates(text[s:e])]


def _headline(tree: LexborHTMLParser, declared_title: str | None, site: str | None) -> tuple[Any, str]:
    """(the headline's <h1> or None, its text spaced as the body's text is): the <h1> that the
    <title> or og:title also names and that is not the site's name (a page's first <h1> may
    be its logo's or its search box's), else the first <h1> that is not the site's name, else
    the first <h1>, else, on a page without one, the title's first part, to be looked for in
    the text."""
    node = tree.css_first("title")
    title = node.text() if node is not None else ""
    named = _key(title + " " + (declared_title or ""))
    sites = _site_keys(site, None)
    first: tuple[Any, str] = (None, "")
    other: tuple[Any, str] = (None, "")
    for h in tree.css("h1")[:10]:
        t = h.text(separator="\n").strip()
        k = _key(t)
        if not k:
            continue
        site = _is_site(t, sites)
        if len(k) >= 4 and k in named and not site:
            return h, t
        first = first if first[0] is not None else (h, t)
        other = other if other[0] is not None or site else (h, t)
    if first[0] is not None:
        return other if other[0] is not None else first
    for s in (declared_title, title):
        part = next((p.strip() for p in _TITLE_SPLIT.split(s or "") if p.strip()), "")
        if len(part) >= 8:
            return None, part
    return None, ""


def _heading_at(d: Declared, body: str) -> tuple[int, int]:
    """(where the page's headline starts in `body`, its length; 0 when it has none in sight)."""
    _, head = d.headline()
    at = body.find(head) if head else -1
    return (at, len(head)) if at >= 0 else (0, 0)


def date_candidates(tree: LexborHTMLParser, d: Declared, front: bool) -> list[Found]:
    """Every date the page gives, in each source's own order. A site's front page gives only
    what it declares of itself: the dates in its text are its latest posts'."""
    out = []
    for keys, source in ((_PUBLISHED, "meta"), (_MODIFIED, "meta_modified")):
        v = _iso(d.m(*keys))
        if v:
            out.append(Found(v, source))
    others = [k for k in d.metas if _META_DATE.search(k) and not _META_NOT_DATE.search(k) and k not in _LISTED]
    for k in others[:5]:
        v = _iso(d.metas[k][:100])
        if v:
            out.append(Found(v, "meta_other"))
    if d.article:
        for k, source in (("datePublished", "json-ld"), ("dateCreated", "json-ld"), ("dateModified", "json-ld_modified")):
            v = _iso(str(d.article.get(k) or ""))
            if v:
                out.append(Found(v, source))
    others = [x for x in d.ld if x is not d.article and "datePublished" in x and not set(_types(x)) & _UNDATED_TYPES]
    for x in others[:20]:  # a list page's JSON-LD may date hundreds of items
        v = _iso(str(x.get("datePublished") or ""))
        if v:
            out.append(Found(v, "json-ld_other"))
    if front:
        return out
    # a Q&A page or a thread marks every post and every edit
    for i, n in enumerate(tree.css("[itemprop=datePublished], [itemprop=dateCreated]")[:50]):
        v = _iso(n.attributes.get("content") or n.attributes.get("datetime") or n.text(strip=True))
        if v:
            out.append(Found(v, "itemprop", index=i))
    for i, t in enumerate(tree.css("time[datetime]")[:20]):
        v = _iso(t.attributes.get("datetime"))
        if v:
            out.append(Found(v, "time_teaser" if _teaser_or_reply(t) else "time", index=i))
    # the page's text around the headline: a date just above or below it ("heading") is where
    # readers look; further on (a byline block after a hero image, "Last updated" under the
    # intro, a comment) the model weighs a date by its distance
    body = d.text()
    at, head = _heading_at(d, body)
    start0 = max(0, at - _BODY_BEFORE)
    n_near = 0
    for i, (start, _, iso) in enumerate(_dates_by_years(body[start0 : at + _BODY_AFTER])[:20]):
        offset = start0 + start - at
        updated = _UPDATED.search(body[max(0, start0 + start - 25) : start0 + start])
        near = head > 0 and -_NEAR[0] <= offset <= head + _NEAR[1]
        out.append(Found(iso, ("heading" if near else "body") + ("_updated" if updated else ""),
                         index=n_near if near else i, offset=float(offset)))
        n_near += near
    return out


def page_dates(tree: LexborHTMLParser, d: Declared, url: str | None) -> tuple[list[pubdate.Day], np.ndarray]:
    """The days the page gives and their features for the date model (extract/pubdate.py)."""
    front = site_root(url)
    found = date_candidates(tree, d, front)
    rule = _rule_date(found)
    permalink = url_date(url)
    if permalink:
        found.append(Found(permalink, "url"))
    rule = rule or (Found(permalink, "url") if permalink else None)  # the last resort: the page shows none itself
    if rule:
        found.append(Found(rule.iso, "rule"))
    # a day only a teaser, a list entry or a reply shows is theirs, not the page's
    cands = [c for c in pubdate.days(found) if c.sources != {"time_teaser"}]
    return cands, pubdate.features(cands, bool(permalink), front, d.kinds)


def date_of(day: pubdate.Day | None, url: str | None) -> tuple[str, str] | None:
    """(ISO date, where it was found) of the chosen day. A timestamp one day off the
    permalink's date takes the permalink's day: a time in UTC, past midnight there, where
    the permalink keeps the publisher's own day."""
    if day is None:
        return None
    permalink = url_date(url)
    if permalink and "T" in day.iso and _one_day_apart(day.iso, permalink):
        return permalink, day.source
    return day.iso, day.source


def _rule_date(found: list[Found]) -> Found | None:
    """The hand rule, the model's strongest input: what the <meta> tags declare, else JSON-LD
    (the Article's own first), else the earliest of the itemprop stamps (a thread's first
    post), else the first <time> outside teasers and replies, else the first date by the
    headline that is not an "Updated" one."""
    for source in ("meta", "json-ld", "json-ld_other", "itemprop", "time", "heading"):
        got = [f for f in found if f.source == source]
        if got:
            return min(got, key=lambda f: f.iso[:10]) if source == "itemprop" else got[0]
    return None


def _section_name(v: Any, sites: set[str]) -> str | None:
    """A declared section as a reader would name it, or None for what only fills the field (a
    URL, the site's name, a placeholder). A comma list is a page's keywords: its first counts."""
    v = _clean_declared(_str(v))
    name = section_name(v.split(",")[0]) if v else None
    return None if name is None or _is_site(name, sites) else name


def _crumbs(ld: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """(name, URL) of the JSON-LD BreadcrumbList's items, in their order."""
    for x in ld:
        if "breadcrumblist" not in _types(x):
            continue
        items = x.get("itemListElement") or []
        out = []
        for it in (items if isinstance(items, list) else [items]):
            if not isinstance(it, dict):
                continue
            inner = it.get("item")
            name = it.get("name") or (inner.get("name") if isinstance(inner, dict) else None)
            link = inner.get("@id") or inner.get("url") if isinstance(inner, dict) else inner
            if isinstance(name, str) and name.strip():
                out.append((name, link if isinstance(link, str) else None))
        return out
    return []


# a breadcrumb trail in the markup: schema.org microdata, or a list or nav named for it
_TRAIL = ("[itemtype*=BreadcrumbList i], nav[aria-label*=breadcrumb i], ol[class*=breadcrumb i], "
          "ul[class*=breadcrumb i], nav[class*=breadcrumb i]")
_MAX_CRUMBS = 12  # the bench's longest trail has 11 links (a shop's, its crumbs twice for two layouts)


def _dom_crumbs(tree: LexborHTMLParser, url: str | None) -> list[tuple[str, str | None]]:
    """The trail's links, those to another site left out (a docs theme ends its trail with
    "Edit on GitHub")."""
    box = tree.css_first(_TRAIL)
    if box is None:
        return []
    anchors = box.css("a")
    if len(anchors) > _MAX_CRUMBS:
        return []  # a menu named for the trail it also holds
    links = [(a.text(separator=" ", strip=True), a.attributes.get("href") or "") for a in anchors]
    links = [(name, link) for name, link in links if name]
    home = parse_url(url).hostname if url else (parse_url(links[0][1]).hostname if links else None)
    return [(name, link) for name, link in links
            if not link.startswith(("http:", "https:", "//")) or parse_url(link).hostname == home]


def _same_page(link: str, url: str | None) -> bool:
    """Whether a crumb's link, absolute or relative, points at the page `url` names."""
    if not url:
        return False
    a, b = parse_url(link), parse_url(url)
    return (not a.hostname or a.hostname == b.hostname) and a.path.rstrip("/") == b.path.rstrip("/") and bool(a.path)


def declared_section(tree: LexborHTMLParser, d: Declared, sites: set[str], title: str | None,
                     url: str | None) -> str | None:
    """The section the page files itself under: the article's JSON-LD `articleSection`, its
    `article:section` <meta>, else the nearest crumb above the page in its breadcrumb trail
    (JSON-LD, then the markup's). The line above the headline is no guide in HTML: the header's
    last menu entry sits there as often as a section does (`clean.page.guesses_section`)."""
    for v in ((d.article or {}).get("articleSection"), d.m("article:section", "parsely-section")):
        for one in (v if isinstance(v, list) else [v])[:1]:
            name = _section_name(one, sites)
            if name:
                return name
    here = {_key(x) for x in (title, d.title) if x}
    for crumbs in (_crumbs(d.ld), _dom_crumbs(tree, url)):
        if len(crumbs) < 2:
            continue  # a trail of one is the root or the page itself
        last_name, last_link = crumbs[-1]
        if not last_link or _same_page(last_link, url) or _key(last_name) in here:
            crumbs = crumbs[:-1]  # the page itself
        for name, _ in reversed(crumbs[1:]):  # the first is the site's root
            if _key(name) in here:
                continue
            return _section_name(name, sites)
    return None


def html_metadata(tree: LexborHTMLParser, url: str | None = None) -> dict[str, Any]:
    return read_metadata(tree, url)[0]


def read_metadata(tree: LexborHTMLParser, url: str | None = None) -> tuple[dict[str, Any], Undecided]:
    """The page's metadata, and what `clean` may still change of it (see Undecided)."""
    meta: dict[str, Any] = {}
    d = read_declared(tree)
    m, ld, site = d.m, d.ld, d.site

    sites = _site_keys(site, url)
    front = site_root(url)  # a list of the latest posts: only what the page declares of itself counts
    tcands, tX = title_candidates(tree, d, url)
    title = choose_title(load_title_model(), tcands, tX)
    undecided = Undecided(title=title, title_candidates=tcands, title_X=tX)
    if title:
        meta["title"] = title
    cands, X = page_dates(tree, d, url)
    dated = date_of(pubdate.choose(pubdate.load_model(), cands, X), url)
    if dated:
        meta["date"], meta["date_source"] = dated
    else:
        undecided.refuted_days = pubdate.refuted(pubdate.load_model(), cands, X)
    section = declared_section(tree, d, sites, title, url)
    if section:
        meta["category"] = section
    author, author_source = page_author(tree, d, sites, front)
    if author and section and _key(author) == _key(section):
        author = None  # a section label beside the date, read as a byline
    if author:
        meta["author"], meta["author_source"] = author, author_source
    if site:
        meta["site_name"] = site
    item = product(ld)
    if item:
        meta["product"] = item
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
    if _paywalled(d):
        meta["paywalled"] = True
    robots = robots_directives(d.metas.get("robots"), d.metas.get("googlebot"))
    if robots:
        meta["robots"] = robots
    if (d.metas.get("tdm-reservation") or "").strip() == "1":
        meta["tdm_reservation"] = True  # W3C TDMRep: text and data mining rights reserved
    return meta, undecided


# what a page asks of crawlers about the use of its content ("index", "follow" are the defaults)
ROBOTS_RESTRICTIONS = ("noindex", "noarchive", "nosnippet", "none", "noai", "noimageai")


def robots_directives(*values: str | None) -> list[str]:
    """The restricting directives among robots <meta> values or X-Robots-Tag headers ("noai,
    noimageai", "googlebot: noindex"), sorted: a corpus built for models may honour them."""
    found = set()
    for v in values:
        for part in (v or "").lower().split(","):
            token = part.rsplit(":", 1)[-1].strip() if ":" in part and "max-" not in part else part.strip()
            found.update(t for t in token.split() if t in ROBOTS_RESTRICTIONS)
    return sorted(found)


def _paywalled(d: Declared) -> bool:
    """Whether the page declares its article not free to read (JSON-LD `isAccessibleForFree`,
    the markup publishers give search engines for paywalls; `article:content_tier` locked): a
    corpus may hold its teaser only, or text it may not reuse."""
    free = d.article.get("isAccessibleForFree") if d.article is not None else None
    return str(free).strip().lower() == "false" or (d.m("article:content_tier") or "").lower() == "locked"
