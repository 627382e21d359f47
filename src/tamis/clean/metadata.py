"""Title, date, author, source and section from the lines around the start of the article.

On a page flattened to text, the header of an article sits just above its first body line:
section name, headline, then a line of date / source / byline (often glued together, as
in the seed: "2020-12-29 00:29:06Xinhua Editor : Wang Fan ECNS App Download"). Looking
only there keeps the copyright year in the footer and the dates of teasers and comments
out of the metadata. A byline alone on its line may stand farther up (`_far_byline`), and a
forum engine labels its thread's own date and author wherever they stand (`_thread_start`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..annotate.bylines import (
    LONE_LEAD,
    NOT_NAMES,
    ROLE,
    THREAD_STARTER,
    bare_name,
    find_author,
    find_source,
    names_beside_date,
)
from ..annotate.dates import find_dates
from ..annotate.sections import section_name
from ..extract.title import key

# dates that say when something else happened: a comment, a review, an answer or an edit
# of a Q&A thread, a founding, a member joining ("Joined: Mon Jul 24, 2017": a weekday may
# stand between the label and the date)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\W*)?"
_NOT_PUBLISHED = re.compile(
    r"(?:commented|reviewed(?: in [\w ]+)?|founded|joined|member since|edited|answered|last post(?:\s+by\s+\S+)?"
    r"|verified (?:owner|buyer)\)?)\W*(?:on\W*)?" + _WEEKDAY + "$", re.I)
# below the body, a date of the page's last change is a site's build stamp or a footer ("Last
# updated 2026-03-05 UTC", "This page was last modified on …"), an archived copy's or a
# listing's date; above it, "Updated …" beside the headline is often the only date the page gives
_LATER = re.compile(r"(?:updated|modified|archived|accessed|retrieved|listed(?: on [\w ]+)?)\W*(?:on\W*)?"
                    + _WEEKDAY + "$", re.I)
_HEADER_SPAN = 12  # lines above the first body line that may hold the header
_TITLE_WORDS = 6  # beyond this many words a line is as title-like as any longer one
_TRAILER_SPAN = 4
# a thread's own date, as forum engines label it wherever it stands: a question's "asked Feb
# 11, 2011 at 23:49" (Stack Exchange), "Start date Jul 18, 2024" (XenForo), the first "Post by
# x » Sat Feb 24, 2024" (phpBB). "Published" or "Posted" below the header dates reviews and
# teasers as often (measured), so they are read in the header only.
_THREAD_DATE = re.compile(r"^\s*(?:asked|start date|post by [^»\n]{1,40}»)\W*" + _WEEKDAY + "$", re.I)
_THREAD_LABEL = re.compile(r"asked|start date|post by|thread starter|started by|original poster|#1", re.I)
_FIRST_POST = re.compile(r"(?<![\w#])#1(?![\d.,])")
_BY_HANDLE = re.compile(r"by\s+([\w.\-]{2,40}),?", re.I)  # a whole line
_POSTER = re.compile(r"\s*post by ([^»\n]{1,40})»", re.I)
_FAR_SPAN = 40  # lines above the header where a lone byline still names the page's author
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|all rights reserved", re.I)
_BREADCRUMB = re.compile(r"\s*(?:>|»|›|/|\|)\s*")
_BYLINE_START = re.compile(r"^(?:by|written by|posted by|von|par|por)\b|\bmin(?:ute)?s? read\b|^(?:full bio|about the author)$", re.I)
_UI_WORDS = re.compile(
    r"^(?:home|menu|search|share|print|login|log in|sign in|subscribe|more|next|previous|back|top|close|open|"
    r"skip to (?:main )?content|advertisement|sponsored|related|news|latest|video|photos?)$",
    re.I,
)


@dataclass
class HeaderInfo:
    meta: dict[str, str] = field(default_factory=dict)
    title_line: int | None = None
    category_line: int | None = None
    metadata_lines: list[int] = field(default_factory=list)


def _words(text: str) -> int:
    cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", text))
    return len(re.findall(r"[^\W\d_]+", text)) - (1 if cjk else 0) + cjk // 2


def _title_like(text: str) -> bool:
    w = _words(text)
    if not (2 <= w <= 30) or len(text) > 250:
        return False
    if text.endswith((".", ":", ",", ";")) and not text.endswith("..."):
        return False
    if find_dates(text) or _UI_WORDS.match(text.strip()) or _BYLINE_START.match(text) or find_author(text):
        return False
    letters = sum(c.isalpha() for c in text)
    return letters >= 0.6 * len(text.replace(" ", ""))


def _category_like(text: str) -> str | None:
    parts = [p for p in _BREADCRUMB.split(text.strip()) if p]
    if not parts or len(parts) > 6:
        return None
    if len(parts) > 1 and not _UI_WORDS.match(parts[0]):
        return None  # a breadcrumb starts at the home page
    cand = parts[-1].strip()
    words = cand.split()
    if not (1 <= len(words) <= 3) or len(cand) > 40 or not cand[0].isupper():
        return None
    if _UI_WORDS.match(cand) or not all(w[0].isalpha() for w in words):
        return None
    return section_name(cand)


NO_CHOICE = -2  # no title model ran: the rule below picks the title line


def _rule_title(texts: list[str], keep: list[bool], first_body: int, lo: int) -> int | None:
    """The fullest heading-like line above the body, the nearest of equals (a menu entry or
    a one-word label sits closer to the body than many headlines do); else the first body
    line if it looks like a heading. For HTML pages without a declared title, and text pages
    when no title model is shipped."""
    best, line = 0, None
    for i in range(first_body - 1, lo - 1, -1):
        if _title_like(texts[i]):
            w = min(_words(texts[i]), _TITLE_WORDS)
            if w > best:
                best, line = w, i
    if line is None and first_body < len(texts) and keep[first_body] and _title_like(texts[first_body]):
        line = first_body
    return line


def shown_name(texts: list[str], name: str, first_body: int) -> int | None:
    """The line nearest above the body, or its first line, that shows `name` (an `extract.title.key`):
    an HTML page's headline. NO_CHOICE when none does."""
    for i in range(first_body, max(0, first_body - _HEADER_SPAN) - 1, -1):
        if key(texts[i]) == name:
            return i
    return NO_CHOICE


def extract_header(texts: list[str], keep: list[bool], first_body: int, last_body: int,
                   title_line: int | None = NO_CHOICE, below_body: bool = True,
                   guess_section: bool = True, anchor: int | None = None) -> HeaderInfo:
    """Metadata from the lines before the first kept body line (and a few after the body).

    `title_line`: the title model's choice (None: the page has no title line); `below_body`:
    a lone byline may also stand below the body (an author box); `anchor`: the line likeliest
    the headline where the title model gave none, whose neighbours are read as a title's are
    (a table of contents between the byline and the body puts the date out of the header)."""
    info = HeaderInfo()
    lo = max(0, first_body - _HEADER_SPAN)
    if title_line == NO_CHOICE:
        title_line = _rule_title(texts, keep, first_body, lo)
    if title_line is not None:
        info.title_line = title_line
        info.meta["title"] = texts[title_line].strip()
    if guess_section and info.title_line is not None and info.title_line > 0:
        cat = _category_like(texts[info.title_line - 1])
        if cat:
            info.category_line = info.title_line - 1
            info.meta["category"] = cat
    beside_from = None
    region = list(range(lo, min(len(texts), first_body + 3)))
    header = len(region)
    near = info.title_line if info.title_line is not None else anchor
    if near is not None:  # the headline's own neighbours, wherever the body starts
        region += [j for j in range(max(0, near - 2), min(len(texts), near + 5)) if j not in region]
    beside_title = set(region[header:])
    region += list(range(last_body + 1, min(len(texts), last_body + 1 + _TRAILER_SPAN)))
    for i in region:
        if i == info.title_line:
            continue
        text = texts[i]
        is_body = keep[i] and _words(text) > 25
        if is_body:
            continue  # a date inside a paragraph is about something else
        hit = False
        dates = find_dates(text)
        if dates:
            later_refused = i > last_body or i in beside_title  # where an update stamp is no page's date
            published = [iso for a, _, iso in dates
                         if not _NOT_PUBLISHED.search(before := text[max(0, a - 40) : a])
                         and not (later_refused and _LATER.search(before))]
            if "date" not in info.meta and published:
                info.meta["date"] = published[0]
            hit = True
            if "author" not in info.meta and beside_from is None and i < first_body + 3:
                beside_from = i  # a name beside the first date is a byline without "By" (names_beside_date)
            for a, b, _ in reversed(dates):  # "00:29:06Xinhua": the date glued to the next word
                text = text[:a] + " " + text[b:]
        joined = bool(LONE_LEAD.match(texts[i])) and i + 1 < len(texts)  # not "Written By <date>"
        if joined:
            text = f"{text.strip()} {texts[i + 1]}"
        author = find_author(text)
        if author and "author" not in info.meta and _words(text) <= 20:
            info.meta["author"] = author[0]
            hit = True
            if joined:
                info.metadata_lines.append(i + 1)
        if "source" not in info.meta and (hit or _words(text) <= 12):
            src = find_source(text)
            if src and (hit or len(text) < 80):
                info.meta["source"] = src
                hit = True
        if hit:
            info.metadata_lines.append(i)
    # a thread's labelled date beats a date the header shows unlabelled (a member's join date,
    # the last reply's); a byline the header names stays
    for k, (value, line) in _thread_start(texts, keep, max(0, first_body - _FAR_SPAN), last_body).items():
        if k == "date" or k not in info.meta:
            info.meta[k], info.meta[f"{k}_source"] = value, "thread"
            info.metadata_lines.append(line)
    if "author" not in info.meta:
        poster = _avatar_poster(texts, keep, max(0, first_body - _FAR_SPAN), first_body)
        if poster:
            info.meta["author"], line = poster
            info.metadata_lines.append(line)
    if "author" not in info.meta and beside_from is not None and near is not None and beside_from > near:
        title = texts[near]
        name = next((n for n in names_beside_date(texts, beside_from, near + 1) if n not in title), None)
        if name:
            info.meta["author"] = name
    if "author" not in info.meta and near is not None:
        name = _name_under(texts, near)
        if name:
            info.meta["author"], line = name
            info.metadata_lines.append(line)
    if "author" not in info.meta:
        far = _far_byline(texts, keep, lo, first_body, last_body, below_body)
        if far:
            info.meta["author"], line = far
            info.metadata_lines.append(line)
    return info


def _thread_start(texts: list[str], keep: list[bool], lo: int, last_body: int) -> dict[str, tuple[str, int]]:
    """A thread's own date and author where forum engines print them, from above the header
    down to the body's end: a question's "asked" line under the question with the asker's
    name on the next line (Stack Exchange), "Thread starter x" and "Start date" under the
    title (XenForo), the first post's "Post by x » Sat Feb 24, 2024" (phpBB), its "#1" beside
    its date with the poster on the next line (vBulletin, FluxBB; the date there is not taken:
    measured, it was a day off the gold as often as right). The first of each, as {"date" /
    "author": (value, line)}; never from a kept paragraph."""
    found: dict[str, tuple[str, int]] = {}
    for i in range(lo, min(len(texts), last_body + 1)):
        text = texts[i]
        if len(text) > 200 or not _THREAD_LABEL.search(text) or (keep[i] and _words(text) > 25):
            continue
        # the label opens the line: "Get started by signing up" names nobody
        if "author" not in found and THREAD_STARTER.match(text.strip()) and (starter := find_author(text)):
            found["author"] = (starter[0], i)
        dates = find_dates(text)
        if ("author" not in found and dates and len(text) <= 80 and _FIRST_POST.search(text)
                and _poster_below(texts, keep, i)):
            found["author"] = (texts[i + 1].strip(), i + 1)  # the first post's number and date, then its poster
        for start, _, iso in dates:
            label = _THREAD_DATE.search(text[:start])
            if label and "date" not in found:
                found["date"] = (iso, i)
                poster = _POSTER.match(label.group(0))
                name = poster.group(1).strip() if poster else None
                if "author" not in found and name and _handle(name):
                    found["author"] = (name, i)
                elif "author" not in found and not poster and _poster_below(texts, keep, i):
                    found["author"] = (texts[i + 1].strip(), i + 1)
        if len(found) == 2:
            break
    return found


def _poster_below(texts: list[str], keep: list[bool], i: int) -> bool:
    """The line under a post's header is its poster's name: a handle the line model dropped
    as furniture (a post's first words, "Hello all", it keeps)."""
    return i + 1 < len(texts) and not keep[i + 1] and _handle(texts[i + 1].strip())


def _handle(name: str) -> bool:
    """A forum member's name as the engine prints it beside a post: one to three words, no
    reputation or badge counts, no greeting opening the post ("Hello all,")."""
    words = name.split()
    return (0 < len(words) <= 3 and len(name) <= 40 and sum(c.isalpha() for c in name) >= 2
            and not re.search(r"\bbadges?\b|^\d|[,:;!?]$", name, re.I) and name.lower() not in NOT_NAMES)


def _far_byline(texts: list[str], keep: list[bool], lo: int, first_body: int, last_body: int,
                below_body: bool) -> tuple[str, int] | None:
    """A byline farther from the body than the header span: above it, past a hero image,
    share buttons or a table of contents, on a dropped line inside the body, or (`below_body`)
    in an author box after it, past the trailer's lines. Lone names
    count only here: one byline in those lines is the page's, several are a teaser list's.
    A name must have two words (or be a thread starter's handle) and its lead ("By …",
    "Written by …") must open the line, within its first 20 characters; a copyright
    holder is no author."""
    lines = [*range(max(0, first_body - _FAR_SPAN), lo), *(i for i in range(first_body + 3, last_body) if not keep[i])]
    if below_body:
        lines += range(last_body + 1 + _TRAILER_SPAN, min(len(texts), last_body + 1 + _FAR_SPAN))
    found: dict[str, int] = {}
    for i in lines:
        text = texts[i]
        if LONE_LEAD.match(text) and i + 1 < len(texts):
            text = f"{text.strip()} {texts[i + 1]}"
        if _words(text) > 12 or _COPYRIGHT.search(text):
            continue
        a = find_author(text)
        if a and a[1] <= 20 and (len(a[0].split()) >= 2 or THREAD_STARTER.search(text)):
            found.setdefault(a[0], i)
    return next(iter(found.items())) if len(found) == 1 else None


def _name_under(texts: list[str], near: int) -> tuple[str, int] | None:
    """A person's name alone on the first line under the headline, with a date, a reading time
    or a role on the lines right after it: a byline without "By". Or, with its "by", a member's
    handle ("By Mr_Enigmatic", "by jsteinhardt") with a date beside it."""
    below = [j for j in range(near + 1, min(len(texts), near + 6)) if texts[j].strip() and not find_dates(texts[j])]
    if not below or below[0] > near + 3:
        return None
    j = below[0]
    after = [texts[k] for k in range(j + 1, min(len(texts), j + 6)) if texts[k].strip()][:3]
    handle = _BY_HANDLE.fullmatch(texts[j].strip())
    if handle and _handle(handle.group(1)):
        # any line skipped between the headline and this one held a date
        dated = any(texts[k].strip() for k in range(near + 1, j)) or bool(after and find_dates(after[0]))
        return (handle.group(1), j) if dated else None
    name = bare_name(texts[j])  # (name_from already refuses NOT_NAMES)
    if not name or len(name.split()) > 3:
        return None
    if not after or after[0].strip() == ",":  # an entry of a comma list is a category
        return None
    return (name, j) if any(find_dates(t) or ROLE.search(t) for t in after) else None


def _avatar_poster(texts: list[str], keep: list[bool], lo: int, first_body: int) -> tuple[str, int] | None:
    """The first post's poster where the engine draws a letter avatar: a handle, then its
    initial alone on the next line ("JosephF" / "J"), up to the first body line."""
    for i in range(lo, min(len(texts) - 1, first_body + 3)):
        name = texts[i].strip()
        if (name[:1].isalpha() and texts[i + 1].strip() == name[0].upper() and not keep[i] and len(name) > 1
                and _handle(name)):
            return name, i
    return None
