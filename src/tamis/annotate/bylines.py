"""Author and source (news agency) from byline text: "By Jane Doe", "Editor : Wang Fan", "(Reuters)".

Names are cut where a byline usually runs into something else on a page flattened to
text: an all-capitals word (a brand: "ECNS App Download"), a lower-case word, a digit or
punctuation. Generic account names ("admin", "staff") are not authors.
"""

from __future__ import annotations

import re

from .dates import find_dates

AGENCIES = [
    "Xinhua News Agency", "Xinhua", "China News Service", "Reuters", "Associated Press", "AP", "AFP",
    "Agence France-Presse", "Bloomberg", "dpa", "Deutsche Presse-Agentur", "ANSA", "EFE", "Europa Press",
    "Kyodo News", "Kyodo", "Yonhap", "TASS", "RIA Novosti", "Interfax", "PTI", "Press Trust of India", "IANS",
    "ANI", "Bernama", "Antara", "AAP", "The Canadian Press", "Canadian Press", "Anadolu Agency", "Anadolu",
    "PA Media", "Press Association", "Lusa", "Agência Brasil", "NTB", "ČTK", "MTI", "PAP", "UPI", "CNA",
    "新华社", "中新社", "中国新闻网", "共同社", "共同通信", "時事通信", "연합뉴스",
]
_AGENCY_RE = re.compile(r"(?<![\w])(" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + r")(?![\w])")
_SOURCE_RE = re.compile(r"(?:^|\b)(?:source|quelle|fuente|fonte|来源|來源|出典)\s*[:：]\s*([^|·•\n]{2,60})", re.I)

_AUTHOR_LEAD = re.compile(
    r"(?:^|(?<=[\s|·•(]))(?:written by|words by|posted by|story by|text by|reported by|by|von|par|por|di|door|av|af|"
    r"editor|editors|author|authors|autor|auteur|autore|reporter|correspondent|redakteur|"
    r"作者|记者|記者|编辑|編輯|责任编辑|責任編輯|文)\s*[:：]?\s*",
    re.I,
)
# forums name who opened the thread beside its title: "Thread starter paulb203", "Started by ..."
# a label, not prose: after a word ("Get started by signing up", "are started by sending") it is none
THREAD_STARTER = re.compile(r"(?<![^\W\d_]\s)(?:(?:thread starter|started by|original poster|asked by)\s*:?\s+)+(\S+)", re.I)
_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "la", "le", "du", "bin", "al", "el", "y", "e", "ter", "st."}
# bylines and forum handles that name no person ("Community" and "deleted" are forum engines'
# own accounts and placeholders)
NOT_NAMES = {
    "admin", "administrator", "staff", "editor", "editors", "team", "redaktion", "rédaction", "redacción", "guest",
    "anonymous", "unknown", "user", "webmaster", "newsroom", "news desk", "web desk", "desk",
    "community", "community bot", "deleted", "moderator",
}
# a button the page puts after a byline's name: "Michael Russell Follow"
_BUTTONS = {"follow", "subscribe", "email", "e-mail", "contact", "bio", "profile", "view", "share", "twitter", "facebook",
            "linkedin", "instagram",
            "updated", "published", "posted", "modified", "edited", "reviewed",  # a date's label after the name
            "senior", "chief", "executive", "director", "editor", "writer", "contributor"}  # the author's role
_LABELS = {"fact", "event", "recent", "popular", "category", "categories", "type", "price", "brand", "size", "color",
           "colour"}  # what a filter menu or a label says after "by": "Shop by Event Type", "Fact Checked"
_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "prof", "rev", "sir", "dame"}
_DETERMINERS = {"this", "that", "these", "those", "your", "their", "my", "all", "any", "each", "every"}
_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# a byline's label alone on its line, the name on the next ("Written By" / "Stephen Jesudunsin")
LONE_LEAD = re.compile(r"^\s*(?:written by|posted by|by|author|authors|autor|auteur)\s*:?\s*$", re.I)
# a name glued to the label after it: "By Korin MillerPublished: Jan 29, 2025"
_GLUED_LABEL = re.compile(r"^([A-Z][a-z]{2,})(?:Published|Updated|Posted|Reviewed|Edited|Written|Fact|Last|Read|Staff|"
                          r"Senior|Chief|Executive|Director|Editor|Writer|Contributor)\b")
_GLUED_NAME = re.compile(r"[A-Z][a-z]")
_NAME_END = re.compile(r"[—–|•·]")  # "by Jacob Trussell—10 min read"
# a bare "by" inside a line is a byline only after these ("Recently by ..."), not in "Apps by Technology"
_BY_AFTER = re.compile(r"(?:^|[|·•(—–:,.!?)\]-]|\d|\b(?:recently|written|posted|story|articles?|posts|more|published"
                       r"|words|content|guide))$", re.I)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}")
# a name glued to the date after it on a page flattened to text: "Jeffrey ZeldmanNovember 3"
_GLUED_MONTH = re.compile(
    r"^(\w*[a-z])(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)$"
)


def name_from(tail: str) -> str | None:
    m = _CJK_NAME.match(tail)
    if m:
        return m.group(0)
    out: list[str] = []
    toks = re.split(r"\s+", _NAME_END.split(tail, 1)[0].strip())
    for k, tok in enumerate(toks):
        word = tok.rstrip(",;")
        core = word.rstrip(".")
        if not core:
            break
        if core.lower() in _MONTH_NAMES and k + 1 < len(toks) and toks[k + 1][:1].isdigit():
            break  # "Sarah July 30, 2019", "By December 3, 2025": the date begins
        glued = _GLUED_MONTH.match(core) or _GLUED_LABEL.match(word)
        if glued:  # "Meg JamesStaff Writer", "ByAnthonyJanuary 4, 2026": the name ends inside the word
            out.append(glued.group(1))
            break
        if core.lower() in _PARTICLES and out:
            out.append(core)
            continue
        if core.lower() in _BUTTONS:
            break
        if not out and core.lower() in _HONORIFICS:
            out.append(word)  # "By Dr. Vahid Osman": the title's period ends no name
            continue
        is_initial = len(core) == 1 and core.isalpha() and core.isupper()
        if is_initial:
            out.append(core + ".")
        elif core[0].isupper() and any(c.islower() for c in core) and all(c.isalpha() or c in "-'’" for c in core):
            out.append(core)
        else:
            break
        if word != core and not is_initial or word.endswith((",", ";")) or len(out) >= 4:
            break
    while out and out[-1].lower() in _PARTICLES:
        out.pop()
    if not out or (len(out) == 1 and (len(out[0]) < 3 or out[0].rstrip(".").lower() in _HONORIFICS)):
        return None
    half = len(out) // 2
    if half and len(out) == 2 * half and out[:half] == out[half:]:
        out = out[:half]  # "By Sean Martin Sean Martin": the name's link and its text, run together
    name = " ".join(out)
    if out[0].lower() in _DETERMINERS or out[0].lower() in _LABELS:
        return None  # "More by This Author", "Shop by Event Type"
    return None if name.lower() in NOT_NAMES else name


def find_author(text: str) -> tuple[str, int, int] | None:
    """(name, start, end) of a byline name in `text`, or None. A thread starter's handle
    counts as it is ("sean_g"); other bylines must look like names."""
    m = THREAD_STARTER.search(text)
    if m:
        handle = m.group(1).strip(".,;:")
        if sum(c.isalpha() for c in handle) >= 2 and handle.lower() not in NOT_NAMES:
            return handle, m.start(1), m.start(1) + len(handle)
    for m in _AUTHOR_LEAD.finditer(text):
        lead = m.group(0).strip().lower()
        if lead in ("by", "von", "par", "por", "di", "door", "av", "af", "文") and m.start() > 0 and text[m.start() - 1 : m.start()].isalnum():
            continue
        if lead == "by" and m.start() > 0 and not _BY_AFTER.search(text[max(0, m.start() - 16) : m.start()].rstrip()):
            continue
        if m.group(0)[-1:].isalpha() and lead.isascii():
            # a lead glued to what follows: "BySarah" is a byline, "DIY Hotels" is no "di Y."
            if lead != "by" or not _GLUED_NAME.match(text, m.end()):
                continue
        tail = text[m.end():]
        name = name_from(tail)
        if name:
            if lead in ("by",) and m.start() > 40:
                continue  # "by" deep inside a sentence is prose, not a byline
            return name, m.start(), m.end() + len(name)
    return None


def find_source(text: str) -> str | None:
    m = _SOURCE_RE.search(text)
    if m:
        val = m.group(1).strip()
        agency = _AGENCY_RE.search(val)
        return agency.group(1) if agency else (val if len(val.split()) <= 5 else None)
    m = _AGENCY_RE.search(text)
    return m.group(1) if m else None


_SEPARATOR = re.compile(r"\s*[|·•⋅—–]\s*")
_FILLER = re.compile(r"^[\s|·•⋅—–/-]*$|^\s*[\d,.]+\s*$")  # a lone separator, a bare count of views
# what stands beside or after a byline's name: the author's role, or the reading time
ROLE = re.compile(r"\b(?:founder|co-founder|ceo|editor|writer|director|manager|expert|contributor|author|reporter|"
                  r"correspondent|staff|journalist|columnist|analyst|specialist|consultant|strategist|lead|head of)\b|"
                  r"\bmin(?:ute)?s? read\b", re.I)
# words of the labels and roles that stand beside a date as often as a name does
_NOT_NAME_WORDS = {"comments", "comment", "article", "articles", "review", "reviewed", "expert", "behalf", "director",
                   "manager", "officer", "writer", "editor", "contributor", "marketing", "insight", "insights", "quick",
                   "top", "read", "minutes", "min", "share", "updated", "published", "posted", "blog", "news",
                   "written", "authored", "by", "released", "monday", "tuesday", "wednesday", "thursday", "friday",
                   "saturday", "sunday", "your", "our", "my", "admin", "administrator", "moderator",
                   "checked", "recent", "popular", "posts", "days", "type", "category"}
_GLUED = re.compile(r"(?:[a-z][A-Z].*){2}")  # "OrganizationOfficeOrganizingPapers": menu entries run together


def _name_like(name: str) -> bool:
    words = name.split()
    return (len(set(words)) == len(words) and not _GLUED.search(name)
            and not any(w.lower().strip(".") in _NOT_NAME_WORDS for w in words))


def bare_name(line: str, role: bool = False) -> str | None:
    """The line, when it is a person's name and nothing else (two to four words; in capitals
    too, as some bylines are set); with `role`, also a name followed by the author's role
    ("Mike Marshall, Shipping Expert")."""
    cand = line.strip()
    if role and "," in cand and ROLE.search(cand.split(",", 1)[1]):
        cand = cand.split(",", 1)[0].strip()
    shown = cand
    if cand.isupper():
        cand = cand.title()
    name = name_from(cand)
    return shown if name == cand and 2 <= len(name.split()) <= 4 and _name_like(name) else None


def names_beside_date(lines: list[str], i: int, lo: int) -> list[str]:
    """Names written beside the date on line `i` without a "By", likeliest first: on the
    date's own line between separators ("Aaron Ricadela | Senior Writer | July 2, 2025"),
    then filling the line just above or below it ("Andrew Gerrand" / "4 August 2010").
    Lines before `lo` (the headline and above) hold none; an entry of a comma list
    ("Nonessential Thoughts" / "," / "Technology") is a category, not a byline."""
    segments = []
    for x in _SEPARATOR.split(lines[i].strip()):
        dates = find_dates(x)
        if not dates:
            segments.append(x)
        elif dates[0][0] > 0:  # "Tom Talbot October 14, 2025": the name runs into the date
            segments.append(x[: dates[0][0]].strip(" ,"))
    near = [_next_line(lines, i, step) for step in (-1, 1)]  # past a lone "•" or a count of views
    beside = [lines[j].strip() for j in near if j is not None and lo <= j and lines[j].strip() != ","
              and (j + 1 >= len(lines) or lines[j + 1].strip() != ",") and (j == 0 or lines[j - 1].strip() != ",")]
    out = []
    for cand in segments:
        name = name_from(cand)
        if name and cand.startswith(name) and 2 <= len(name.split()) <= 4 and _name_like(name):
            out.append(name)
    out += [name for cand in beside if (name := bare_name(cand, role=True))]
    return out


def _next_line(lines: list[str], i: int, step: int) -> int | None:
    """The nearest line from `i` in direction `step` holding more than a separator or a count."""
    j = i + step
    while 0 <= j < len(lines) and abs(j - i) <= 2 and _FILLER.match(lines[j]) and lines[j].strip():
        j += step
    return j if 0 <= j < len(lines) else None
