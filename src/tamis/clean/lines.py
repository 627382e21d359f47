"""A page's visible text as lines: indentation, blocks, and what the cleaner decides on.

Page text keeps structure in whitespace: blank lines separate blocks, leading spaces
mark list nesting (menus are deeply nested lists). Both are signals, so they are kept
here rather than stripped away on reading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain

import numpy as np
import xxhash

_PAIR_MIX = np.uint64(0x9E3779B97F4A7C15)  # a pair's hash is not its words' in the other order
# a heading's permalink glyph glued to its end (Sphinx's "¶", an icon font's link): shown on hover
_PERMALINK_END = re.compile(r"\s*[¶\uf0c1]+$")


def without_permalink(line: str) -> str:
    """A kept line as it goes out: "4.1. if Statements¶" -> "4.1. if Statements". The line
    model still reads the glyph: the headings then differ from their copies in a page's table
    of contents, which the model learned to drop as such (without it, it kept the contents)."""
    return _PERMALINK_END.sub("", line) if line.endswith(("¶", "\uf0c1")) else line


@cache
def _separators() -> np.ndarray:
    """BMP code points that separate words: punctuation and symbols, but - and '."""
    return np.fromiter((unicodedata.category(chr(i))[0] in "PS" and chr(i) not in "-'" for i in range(0x10000)), bool, 0x10000)


@dataclass
class PageLines:
    raw: list[str]  # every line as given
    idx: np.ndarray  # indexes (into raw) of the non-blank lines, the ones classified
    text: list[str]  # stripped text of the non-blank lines
    indent: np.ndarray  # leading spaces (tabs count 4) of each non-blank line
    blank_before: np.ndarray  # a blank line precedes it
    blank_after: np.ndarray
    block: np.ndarray  # block number (blocks are separated by blank lines)

    def __len__(self) -> int:
        return len(self.text)

    @cached_property
    def line_ids(self) -> np.ndarray:
        """One id per distinct line, case ignored: where the page repeats itself. Both line
        model stages read it (repeats, and the first pass's verdict on a line's copies)."""
        lowered = self.lower.split("\n") if self.text else []
        index = {t: i for i, t in enumerate(dict.fromkeys(lowered))}
        return np.fromiter(map(index.__getitem__, lowered), np.int64, len(lowered))

    @cached_property
    def lower(self) -> str:
        """The lines lower-cased, one per line: what the features' regexes and `words` read."""
        return "\n".join(self.text).lower()

    @cached_property
    def words(self) -> list[list[str]]:
        """Each line's words, lower-cased, split at punctuation and symbols, computed once for
        the first stage's lexicons and the second stage's shared-word features."""
        cps = np.frombuffer(self.lower.encode("utf-32-le"), dtype=np.uint32).copy()
        cps[(cps < 0x10000) & np.take(_separators(), np.minimum(cps, 0xFFFF))] = 32
        return [line.split() for line in cps.tobytes().decode("utf-32-le").split("\n")]

    @cached_property
    def word_table(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(line of every word, its id, the distinct words by id): the lexicons and the shared-word
        features then look each distinct word up once, not every occurrence."""
        sizes = np.fromiter(map(len, self.words), np.int64, len(self.words))
        flat = list(chain.from_iterable(self.words))
        index = {w: i for i, w in enumerate(dict.fromkeys(flat))}
        ids = np.fromiter(map(index.__getitem__, flat), np.int64, len(flat))
        return np.repeat(np.arange(len(self.words)), sizes), ids, list(index)

    @cached_property
    def token_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """(line, 64-bit hash) of every word and every pair of neighbouring words in a line,
        computed once for the line model's and the page-type model's word scores (`tokens`);
        each distinct word is hashed once."""
        line_of, ids, vocab = self.word_table
        if not len(ids):
            return np.zeros(0, np.int64), np.zeros(0, np.uint64)
        h = np.fromiter(map(xxhash.xxh3_64_intdigest, map(str.encode, vocab)), np.uint64, len(vocab))[ids]
        same = line_of[:-1] == line_of[1:]
        pair = (h[:-1][same] * _PAIR_MIX) ^ h[1:][same]
        return np.concatenate([line_of, line_of[:-1][same]]), np.concatenate([h, pair])

def split_lines(text: str) -> PageLines:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    idx, stripped, indent = [], [], []
    for i, line in enumerate(raw):
        s = line.strip()
        if s:
            idx.append(i)
            stripped.append(s)
            lead = line[: len(line) - len(line.lstrip())]
            indent.append(len(lead) + 3 * lead.count("\t"))
    ia = np.asarray(idx, dtype=np.int64)
    gaps = np.diff(ia) > 1 if len(ia) else np.zeros(0, bool)
    blank_before = np.concatenate([[bool(len(ia) and ia[0] > 0)], gaps]) if len(ia) else np.zeros(0, bool)
    blank_after = np.concatenate([gaps, [bool(len(ia) and ia[-1] < len(raw) - 1)]]) if len(ia) else np.zeros(0, bool)
    block = np.cumsum(blank_before) if len(ia) else np.zeros(0, np.int64)
    return PageLines(raw, ia, stripped, np.asarray(indent, dtype=np.float32), blank_before, blank_after, block)
