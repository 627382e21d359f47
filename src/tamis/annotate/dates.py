"""Dates written the ways pages write them, to ISO 8601, without inventing any.

A date is returned only when day, month and year are all on the page and valid; a year
alone (a copyright line) or an ambiguous 03/04/2020 is not a publication date.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # de
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    # fr
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # pt
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "novembro": 11, "dezembro": 12,
    # it
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12,
    # nl
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
}
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_FIRST = "".join(sorted({m[0] for m in _MONTHS}))
_TIME = r"(?:[T\s,]*(?:at\s+|um\s+|à\s+)?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"

_PATTERNS = [
    ("ymd", "", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)" + _TIME, re.I)),
    ("ymd", "年", re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日" + r"(?:\s*(\d{1,2})[:時时](\d{2})(?:[:分](\d{2}))?()?)?")),
    ("ymd", "년", re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일" + _TIME)),
    # the lookahead on the months' first letters lets the engine skip to them (3x faster)
    # a year may run into the next word and a month follow a year with no space between
    # ("April 26, 2024Updated on: …", "July 30, 2019January 18, 2023"): pages glue their labels
    ("mdy", "", re.compile(rf"(?=[{_FIRST}])(?<![^\W\d_])({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)" + _TIME, re.I)),
    ("dmy", "", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({_MON})\.?,?\s+(?:de\s+)?(\d{{4}})(?!\d)" + _TIME, re.I)),
    ("dmy_num", ".", re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])" + _TIME)),
    ("slash", "/", re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])" + _TIME)),
]

_YEAR = re.compile(r"\d{4}")  # every pattern holds a four-digit year: a text without one is not searched further


def _month(tok: str) -> int | None:
    return _MONTHS.get(tok.lower().rstrip("."))


def _build(y: int, m: int, d: int, hh: str | None, mm: str | None, ss: str | None, ampm: str | None, max_year: int) -> str | None:
    if not (1990 <= y <= max_year):
        return None
    try:
        date = dt.date(y, m, d)
    except ValueError:
        return None
    if hh is None or mm is None:
        return date.isoformat()
    h, mi, s = int(hh), int(mm), int(ss) if ss else 0
    if ampm:
        a = ampm.lower().replace(".", "")
        if a == "pm" and h < 12:
            h += 12
        elif a == "am" and h == 12:
            h = 0
    if not (0 <= h < 24 and 0 <= mi < 60 and 0 <= s < 60):
        return date.isoformat()
    return dt.datetime(y, m, d, h, mi, s).isoformat()


def find_dates(text: str, max_year: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every full date in `text`, in order of position."""
    if not _YEAR.search(text):
        return []
    max_year = max_year or dt.date.today().year + 1
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, need, rx in _PATTERNS:
        if need not in text:  # a character every match holds ("" is in every text)
            continue
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groups()
            iso = None
            if kind == "ymd":
                iso = _build(int(g[0]), int(g[1]), int(g[2]), g[3], g[4], g[5], g[6] if len(g) > 6 else None, max_year)
            elif kind == "mdy":
                mon = _month(g[0])
                iso = mon and _build(int(g[2]), mon, int(g[1]), g[3], g[4], g[5], g[6], max_year)
            elif kind == "dmy":
                mon = _month(g[1])
                iso = mon and _build(int(g[2]), mon, int(g[0]), g[3], g[4], g[5], g[6], max_year)
            elif kind == "dmy_num":
                iso = _build(int(g[2]), int(g[1]), int(g[0]), g[3], g[4], g[5], g[6], max_year)
            elif kind == "slash":
                a, b = int(g[0]), int(g[1])
                if a > 12 >= b:
                    iso = _build(int(g[2]), b, a, g[3], g[4], g[5], g[6], max_year)
                elif b > 12 >= a:
                    iso = _build(int(g[2]), a, b, g[3], g[4], g[5], g[6], max_year)
            if iso:
                found.append((m.start(), m.end(), iso))
                taken.append((m.start(), m.end()))
    return sorted(found)


def parse_date(text: str) -> str | None:
    dates = find_dates(text)
    return dates[0][2] if dates else None
