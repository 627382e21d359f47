"""Injected spam: text that does not belong to the page it sits in.

Link farms ("spider pools") and hidden keyword lists share a shape whatever their words:
many short items strung on separators, in a script the page body is not written in, or
the same few words repeated. The rules look only at that shape, the script, and where the
line sits relative to the article; they know no spam vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .scripts import SCRIPTS, TEXT_PER_LETTER, dominant_all

_ITEM_SEP = re.compile(r"\s*[|｜,，、;；•·/]\s*|\s{2,}")
_WORD = re.compile(r"\w+", re.UNICODE)
_RUN = 5  # lines of a foreign run
# a command, a setting, a statement: technical pages quote them in Latin script inside prose of
# any script ("$ sudo systemctl daemon-reload", "WantedBy=sockets.target", "$unit"), in runs
_CODE_LIKE = re.compile(r"^\s*(?:[$#]\s|[\w.-]+=)|[{};]\s*$|\$[A-Za-z_{(]")


@dataclass
class SpamVerdict:
    line: int
    rule: str
    script: str


# a URL or a file path: its slashes separate no items ("参见 http://www.netfilter.org/documentation/")
_URL_OR_PATH = re.compile(r"(?:https?://|www\.)\S+|(?<![\w/.-])/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]*)+")


def _items(text: str) -> list[str]:
    return [x for x in _ITEM_SEP.split(_URL_OR_PATH.sub(" ", text) if "/" in text else text) if x]


def _foreign_runs(sids: np.ndarray, member: np.ndarray, letters: np.ndarray) -> np.ndarray:
    """Lines in a run of at least `_RUN` consecutive `member` lines of one script (lines without
    letters, a "|" or a bullet, do not break a run): a hidden link list, one link a line.
    Shorter runs are a locale banner ("Избери друга държава или регион") or a list of
    languages, each in its own script: the page's own furniture."""
    rel = np.flatnonzero(letters > 0)
    m, s = member[rel], sids[rel]
    starts = m & ~np.concatenate([[False], m[:-1] & (s[1:] == s[:-1])])
    run = np.cumsum(starts) - 1
    sizes = np.bincount(run[m], minlength=int(run.max(initial=-1)) + 1)
    out = np.zeros(len(sids), bool)
    out[rel[m]] = sizes[run[m]] >= _RUN
    return out


def find_spam(
    texts: list[str], script_counts: np.ndarray, body_script: int, p_keep: np.ndarray, min_items: int = 8,
    exempt: np.ndarray | None = None,
) -> list[SpamVerdict]:
    """`exempt`: lines never spam (the DOM's code and table cells: a Chinese manual's table of
    commands is a foreign-script run); nor are lines that read as code."""
    out: list[SpamVerdict] = []
    n = len(texts)
    sids, shares = dominant_all(script_counts)
    letters = (script_counts * TEXT_PER_LETTER)[:, 1:].sum(axis=1)  # ten Chinese characters are a line
    outside = p_keep < 0.5
    if exempt is not None:
        outside &= ~exempt
    foreign = (sids != 0) & (sids != body_script) & (shares >= 0.8) & (body_script != 0)
    lengths = np.fromiter(map(len, texts), np.int64, n)
    for i in np.flatnonzero(outside & foreign):  # code in the body's script is no spam's shape
        if _CODE_LIKE.search(texts[i]):
            outside[i] = False  # neither spam nor part of a foreign run
    in_run = _foreign_runs(sids, foreign & outside, letters) & (letters >= 20)
    for i in np.flatnonzero(outside & ((lengths >= 40) | (foreign & (letters >= 20)))):
        text = texts[i]
        sid = int(sids[i])
        if lengths[i] >= 40:
            items = _items(text)
            if len(items) >= min_items and foreign[i]:
                cjk_like = SCRIPTS[sid] in ("cjk", "hangul")
                if np.median([len(x) for x in items]) <= (8 if cjk_like else 16):
                    out.append(SpamVerdict(int(i), "link_list", SCRIPTS[sid]))
                    continue
            # the first 100 words: over thousands, prose repeats its own words as often (a whole
            # book blurb on one line); a table row ("Screen Type\t\tMIP\t\tMIP\t\tAMOLED")
            # repeats its values on purpose
            words = _WORD.findall(text[:2000].lower())[:100]
            if (len(words) >= 12 and len(set(words)) / len(words) < 0.3 and text.count("\t") < 2
                    and not _CODE_LIKE.search(text)):
                out.append(SpamVerdict(int(i), "keyword_stuffing", SCRIPTS[sid]))
                continue
        if in_run[i]:
            out.append(SpamVerdict(int(i), "foreign_block", SCRIPTS[sid]))
    return out
