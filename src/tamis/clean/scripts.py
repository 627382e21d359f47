"""Which writing system each line is in, counted over letters with numpy.

Injected link farms are usually in another script than the page they are hidden in
(Chinese county names under an English article), so script is the first thing spam
detection compares; it needs no language model and never mistakes a short line.
"""

from __future__ import annotations

import numpy as np

SCRIPTS = ["other", "latin", "greek", "cyrillic", "hebrew", "arabic", "indic", "thai", "hangul", "cjk"]
_RANGES = [  # (first code point, script) sorted; a range runs to the next start
    (0x0000, "other"), (0x0041, "latin"), (0x0250, "other"), (0x0370, "greek"), (0x0400, "cyrillic"),
    (0x0530, "other"), (0x0590, "hebrew"), (0x0600, "arabic"), (0x0780, "other"), (0x0900, "indic"),
    (0x0E00, "thai"), (0x0E80, "other"), (0x1100, "hangul"), (0x1200, "other"), (0x1E00, "latin"),
    (0x1F00, "greek"), (0x2000, "other"), (0x3040, "cjk"), (0x3100, "other"), (0x3400, "cjk"),
    (0xA000, "other"), (0xAC00, "hangul"), (0xD7B0, "other"), (0xF900, "cjk"), (0xFB00, "other"),
    (0xFB1D, "hebrew"), (0xFB50, "arabic"), (0xFE00, "other"), (0xFF21, "latin"), (0xFF5B, "other"),
]
_STARTS = np.asarray([r[0] for r in _RANGES], np.uint32)
_IDS = np.asarray([SCRIPTS.index(r[1]) for r in _RANGES], np.int64)


def line_script_counts(texts: list[str]) -> np.ndarray:
    """(lines x scripts) letter counts; only letters count (digits and punctuation are shared)."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(SCRIPTS)), np.int64)
    joined = "\n".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lens = np.fromiter(map(len, texts), np.int64, n)
    line_of = np.repeat(np.arange(n), lens + 1)[: len(cps)]
    script = _IDS[np.searchsorted(_STARTS, cps, side="right") - 1]
    # within Latin ranges keep letters only (A-Z, a-z and the Latin-1/extended letters)
    latin = script == SCRIPTS.index("latin")
    ascii_nonletter = (cps < 0x80) & ~(((cps >= 0x41) & (cps <= 0x5A)) | ((cps >= 0x61) & (cps <= 0x7A)))
    latin1_nonletter = (cps >= 0x80) & (cps < 0xC0) | (cps == 0xD7) | (cps == 0xF7)
    script = np.where(latin & (ascii_nonletter | latin1_nonletter), 0, script)
    return np.bincount(line_of * len(SCRIPTS) + script, minlength=n * len(SCRIPTS)).reshape(n, len(SCRIPTS))


# how much text one letter of each script carries, roughly: a Chinese or Japanese character
# is about a word, a Hangul block a syllable. Counted alike, a Chinese manual's tables of
# Latin package names outweighed its Chinese prose, which then read as foreign (as spam)
TEXT_PER_LETTER = np.asarray([{"cjk": 3.0, "hangul": 2.0}.get(s, 1.0) for s in SCRIPTS])


def dominant(counts: np.ndarray) -> tuple[int, float]:
    """(script id, share of letters) of a count vector, ignoring 'other'."""
    c = counts.copy()
    c[0] = 0
    total = c.sum()
    if total == 0:
        return 0, 0.0
    k = int(np.argmax(c))
    return k, float(c[k] / total)


def dominant_all(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`dominant` for every row at once: (script ids, shares)."""
    letters = counts[:, 1:]
    total = letters.sum(axis=1)
    ids = np.where(total > 0, letters.argmax(axis=1) + 1, 0)
    share = np.where(total > 0, letters.max(axis=1, initial=0) / np.maximum(total, 1), 0.0)
    return ids, share
