"""Words as the published quality rules count them, in any script.

The Gopher/C4/FineWeb thresholds were set on text split the way spaCy splits English:
punctuation peeled off words as tokens of its own, contractions split ("do", "n't"),
numbers and abbreviations kept whole. One compiled regular expression reproduces that
closely enough that the rules decide like the reference implementations (measured in
bench/filters.py), at a fraction of the cost. Scripts written without spaces (Chinese,
Japanese, Thai, ...) count one word per character, so a Chinese page is not "one word".
"""

from __future__ import annotations

import re
import unicodedata

NO_SPACE = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fff\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_TOKEN = re.compile(
    rf"""
    (?:https?://|www\.)\S+[^\s.,;:!?)\]}}"'”’]          # URLs stay whole
  | [^\W\d_](?:\.[^\W\d_])+\.                           # abbreviations: U.S., e.g.
  | [{NO_SPACE}]                                        # one word per character
  | \d+(?:[.,:/-]\d+)*                                  # numbers: 3.5, 1,000, 12:30
  | (?i:n't)(?=\W|$)                                    # contractions, as spaCy splits them
  | '(?i:s|re|ve|ll|d|m)(?=\W|$)
  | ’(?i:s|re|ve|ll|d|m)(?=\W|$)
  | [^\W_{NO_SPACE}]+?(?=(?i:n't)(?:\W|$))               # the "do" of "don't"
  | [^\W_{NO_SPACE}](?:[^\W_{NO_SPACE}]|[’'](?!(?i:s|re|ve|ll|d|m)(?:\W|$))(?=[^\W_])|\.(?=[^\W_]))*  # words
  | \.\.\.+|…                                           # an ellipsis is one token
  | [^\w\s]|_                                           # any other symbol, alone
""",
    re.VERBOSE,
)

_NO_SPACE_RE = re.compile(f"[{NO_SPACE}]")

#: datatrove's / Gopher's notion of punctuation: a word made only of these is a "symbol"
PUNCTUATION = set(
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"
) | {chr(x) for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for x in range(a, b)}


_PUNCT = ",:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪…"
_QUOTES = "'\"”“`‘´’‚„»«「」『』（）〔〕【】《》〈〉"
_PREFIX = frozenset(_PUNCT + _QUOTES + "§%=—–$£€¥₹")
_SUFFIX = frozenset(_PUNCT + _QUOTES + "%—–")
_UNITS = frozenset("""km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz
m/s km/h kmh mph hpa pa mbar mb kb gb tb""".split())
_UNIT_SPLIT = re.compile(r"^(\d+(?:[.,]\d+)*)([^\W\d_][^\W\d_²³/]*)$")
_URL = re.compile(r"^(?:https?://|www\.)", re.I)
_PERIOD_SPLITS = re.compile(r"(?:[a-z0-9)\]\"'%’”»]|[A-Z][A-Z])$")


def _ranges(codes: list[int]) -> str:
    out, start, prev = [], None, None
    for c in codes:
        if start is None:
            start = prev = c
        elif c == prev + 1:
            prev = c
        else:
            out.append(f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = prev = c
    if start is not None:
        out.append(f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
    return "".join(out)


def _symbols_and_numbers() -> tuple[list[int], list[int]]:
    """Code points of "other symbols" (but °) and of numbers that are no digits, in one pass
    over Unicode: each pass costs ~30 ms at import."""
    symbols, numbers = [], []
    for c in range(0xA0, 0x30000):
        cat = unicodedata.category(chr(c))
        if cat == "So" and c != 0xB0:
            symbols.append(c)
        elif cat in ("No", "Nl"):
            numbers.append(c)
    return symbols, numbers


_SYMBOL_CODES, _NUMBER_CODES = _symbols_and_numbers()
#: Unicode "other symbols" (★, ©, pictographs), which spaCy splits off as tokens of their own
_SYMBOL = re.compile("([" + _ranges(_SYMBOL_CODES) + "])")
_ABBREV = frozenset("""mr. mrs. ms. dr. prof. inc. corp. co. ltd. jr. sr. st. vs. e.g. i.e. jan. feb. mar.
apr. jun. jul. aug. sep. sept. oct. nov. dec. mt. no. gov. gen. sen. rep. rev. col. lt. capt. sgt. a.m. p.m.
vol. fig. approx. dept. est. ft. oz.""".split())
_EXCEPTIONS = {
    "cannot": ["can", "not"], "and/or": ["and/or"], "gonna": ["gon", "na"], "gotta": ["got", "ta"],
    **{e: [e] for e in ":) :( ): (: :] [: :-) :-( ;) ;-) :p :P :D <3 =) (= :/ :| ... -- --- ''".split()},
}
_CONTRACTION = re.compile(r"^(.+?)(n[’']t|[’'](?:s|re|ve|ll|d|m))$", re.I)
#: numbers that are no digits (¼, ², Ⅻ): spaCy splits a hyphen only after a letter or 0-9 ("¼-acre" stays one)
_NUMERIC = _ranges(_NUMBER_CODES)
_HYPHEN = re.compile(
    rf"(?<=[^\W_])(?<![{_NUMERIC}])(?:-|–|—|[:<>=/])(?=[^\W\d_])|(?<=\d)[+*^-](?=\d)|\.\.\.+|…|(?<=[a-z])\.(?=[A-Z])"
)
_CACHE: dict[str, list[str]] = {}


def _core(c: str) -> list[str]:
    out: list[str] = []
    m = _CONTRACTION.match(c)
    if m and m.group(1).isalnum():
        return [m.group(1), m.group(2)]
    if _URL.match(c):
        return [c]
    u = _UNIT_SPLIT.match(c)
    if u and u.group(2).lower() in _UNITS:
        return [u.group(1), u.group(2)]
    pos = 0
    for h in _HYPHEN.finditer(c):
        if h.start() > pos:
            out.append(c[pos:h.start()])
        out.append(h.group(0))
        pos = h.end()
    if pos < len(c):
        out.append(c[pos:])
    return out


def _chunk(c: str) -> list[str]:
    """One whitespace-separated chunk split the way spaCy's English tokenizer splits it."""
    if _SYMBOL.search(c):  # symbols and pictographs stand alone, and split what they touch
        return [t for part in _SYMBOL.split(c) if part for t in (_chunk(part) if not _SYMBOL.fullmatch(part) else [part])]
    if c in _EXCEPTIONS:
        return _EXCEPTIONS[c]
    pre: list[str] = []
    while len(c) > 1 and (c[0] in _PREFIX or (c[0] == "+" and not c[1].isdigit())) and c not in _EXCEPTIONS:
        if c.startswith("..."):
            break
        pre.append(c[0])
        c = c[1:]
    suf: list[str] = []
    while len(c) > 1 and c not in _EXCEPTIONS:
        last = c[-1]
        if last in _SUFFIX:
            if c.endswith("...") and len(c) > 3:
                suf.append("...")
                c = c[:-3]
                continue
            suf.append(last)
            c = c[:-1]
        elif last == "+" and c[-2].isdigit():
            suf.append("+")
            c = c[:-1]
        elif last == "." and c.lower() not in _ABBREV and _PERIOD_SPLITS.search(c[:-1]):
            suf.append(".")
            c = c[:-1]
        else:
            break
    if c in _EXCEPTIONS:
        core = _EXCEPTIONS[c]
    else:
        core = _core(c) if c else []
    return pre + core + suf[::-1]


def words(text: str) -> list[str]:
    """Words and punctuation tokens; characters for scripts without spaces."""
    if _NO_SPACE_RE.search(text):
        return _TOKEN.findall(text)
    out: list[str] = []
    cache = _CACHE
    for c in text.split():
        toks = cache.get(c)
        if toks is None:
            toks = _chunk(c)
            if len(cache) > 200_000:
                cache.clear()
            cache[c] = toks
        out.extend(toks)
    return out


def is_symbol(word: str) -> bool:
    return all(ch in PUNCTUATION for ch in word)



def no_space_share(text: str) -> float:
    """Share of characters from scripts without spaces: word-length rules mean nothing there."""
    letters = sum(ch.isalpha() for ch in text[:20000])
    return len(_NO_SPACE_RE.findall(text[:20000])) / letters if letters else 0.0


#: Unicode's Sentence_Terminal characters of the scripts in common use
TERMINAL_PUNCTUATION = frozenset(
    ".!?։؝؞؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶។៕᠃᠉‼‽⁇⁈⁉⸮⸼。꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？｡"
)
PUNCTUATION |= TERMINAL_PUNCTUATION
