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

#: datatrove's / Gopher's notion of punctuation: a word made only of these is a "symbol"
PUNCTUATION = set(
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"
) | {chr(x) for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for x in range(a, b)}


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def is_symbol(word: str) -> bool:
    return all(ch in PUNCTUATION for ch in word)


_NO_SPACE_RE = re.compile(f"[{NO_SPACE}]")


def no_space_share(text: str) -> float:
    """Share of characters from scripts without spaces: word-length rules mean nothing there."""
    letters = sum(ch.isalpha() for ch in text[:20000])
    return len(_NO_SPACE_RE.findall(text[:20000])) / letters if letters else 0.0


#: Unicode's Sentence_Terminal characters of the scripts in common use
TERMINAL_PUNCTUATION = frozenset(
    ".!?։؝؞؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶។៕᠃᠉‼‽⁇⁈⁉⸮⸼。꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？｡"
)
PUNCTUATION |= TERMINAL_PUNCTUATION
