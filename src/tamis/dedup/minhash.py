"""MinHash signatures for a batch of documents, compiled (numba), straight from UTF-8 bytes.

Peers tokenise in Python and hand a list of token strings to the hasher; building those
lists costs more than the hashing. Here one compiled pass over the batch's bytes splits
words, hashes them, forms n-gram shingles and takes the per-permutation minimum, so no
Python object is made per token. Scripts written without spaces (Chinese, Japanese, Thai,
...) are shingled by characters: every such character is a token of its own.

Permutations are multiply-shift hashes h(x) = (a*x + b) >> 32 on 32-bit shingle hashes,
with odd 64-bit `a`: 2-universal, and one multiply per permutation.
"""

from __future__ import annotations

import unicodedata

import numpy as np
from numba import njit

_EMPTY = np.uint32(0xFFFFFFFF)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


@njit(cache=True, inline="always")
def _char_class(cp: int) -> int:
    """0: separator, 1: part of a word, 2: a token by itself (scripts without spaces)."""
    if cp < 0x80:
        if (0x30 <= cp <= 0x39) or (0x61 <= cp <= 0x7A) or (0x41 <= cp <= 0x5A):
            return 1
        return 0
    if cp <= 0xBF or (0x2000 <= cp <= 0x2BFF) or (0x3000 <= cp <= 0x303F) or (0xFE30 <= cp <= 0xFE4F):
        return 0  # Latin-1 symbols, general punctuation, arrows, CJK punctuation
    if (0x2E80 <= cp <= 0x9FFF) or (0xF900 <= cp <= 0xFAFF) or (0x20000 <= cp <= 0x3FFFF):
        return 2  # CJK ideographs, kana, bopomofo
    if (0x0E00 <= cp <= 0x0EFF) or (0x1000 <= cp <= 0x109F) or (0x1780 <= cp <= 0x17FF):
        return 2  # Thai, Lao, Myanmar, Khmer
    if 0xFF00 <= cp <= 0xFF0F or 0xFF1A <= cp <= 0xFF20:
        return 0
    return 1


@njit(cache=True)
def _mix(h: np.uint64) -> np.uint64:
    h ^= h >> np.uint64(33)
    h *= _MIX1
    h ^= h >> np.uint64(33)
    h *= _MIX2
    h ^= h >> np.uint64(33)
    return h


@njit(cache=True)
def _tokens(buf: np.ndarray, start: int, end: int, out: np.ndarray) -> int:
    """Hash every token of buf[start:end] into `out`; returns the number of tokens."""
    n = 0
    h = _FNV_OFFSET
    in_word = False
    i = start
    while i < end:
        c = buf[i]
        if c < 0x80:
            cp = c
            i += 1
        elif c < 0xE0:
            cp = ((c & 0x1F) << 6) | (buf[i + 1] & 0x3F) if i + 1 < end else 0xFFFD
            i += 2
        elif c < 0xF0:
            cp = ((c & 0x0F) << 12) | ((buf[i + 1] & 0x3F) << 6) | (buf[i + 2] & 0x3F) if i + 2 < end else 0xFFFD
            i += 3
        else:
            cp = (((c & 0x07) << 18) | ((buf[i + 1] & 0x3F) << 12) | ((buf[i + 2] & 0x3F) << 6)
                  | (buf[i + 3] & 0x3F)) if i + 3 < end else 0xFFFD
            i += 4
        k = _char_class(cp)
        if k == 1:
            h = (h ^ np.uint64(cp)) * _FNV_PRIME
            in_word = True
            continue
        if in_word:
            out[n] = h
            n += 1
            in_word = False
            h = _FNV_OFFSET
        if k == 2:
            out[n] = (_FNV_OFFSET ^ np.uint64(cp)) * _FNV_PRIME
            n += 1
    if in_word:
        out[n] = h
        n += 1
    return n


@njit(cache=True, nogil=True)
def _signatures(buf, offsets, ngram, a, b, out, counts):
    scratch = np.empty(max(1, buf.shape[0]), dtype=np.uint64)
    num_perm = a.shape[0]
    for d in range(offsets.shape[0] - 1):
        ntok = _tokens(buf, offsets[d], offsets[d + 1], scratch)
        row = out[d]
        for p in range(num_perm):
            row[p] = 0xFFFFFFFF
        if ntok == 0:
            counts[d] = 0
            continue
        nsh = max(1, ntok - ngram + 1)
        counts[d] = nsh
        width = min(ngram, ntok)
        for s in range(nsh):
            h = np.uint64(0x9E3779B97F4A7C15)
            for t in range(width):
                h = _mix(h ^ scratch[s + t])
            x = h >> np.uint64(32)
            for p in range(num_perm):
                v = np.uint32((a[p] * x + b[p]) >> np.uint64(32))
                if v < row[p]:
                    row[p] = v
    return out


@njit(cache=True, nogil=True)
def band_keys(sig, bands, rows):
    """One 64-bit key per (document, band); the band number is mixed in so bands never collide."""
    n = sig.shape[0]
    keys = np.empty((n, bands), dtype=np.uint64)
    for d in range(n):
        for j in range(bands):
            h = _mix(np.uint64(j + 1) * np.uint64(0x9E3779B97F4A7C15))
            for r in range(rows):
                h = _mix(h ^ np.uint64(sig[d, j * rows + r]))
            keys[d, j] = h
    return keys


def prepare_text(text: str) -> bytes:
    """Case and Unicode compatibility forms must not make two copies of a text differ."""
    return unicodedata.normalize("NFKC", text).casefold().encode("utf-8", "surrogatepass")


def signatures(texts: list[str], num_perm: int = 128, ngram: int = 5, seed: int = 1,
               perms: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(signatures uint32[n, num_perm], shingle counts int64[n]); a text without tokens has count 0."""
    a, b = perms if perms is not None else permutations(num_perm, seed)
    data = [prepare_text(t) for t in texts]
    offsets = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in data], out=offsets[1:])
    buf = np.frombuffer(b"".join(data), dtype=np.uint8) if data else np.zeros(0, np.uint8)
    out = np.empty((len(data), len(a)), dtype=np.uint32)
    counts = np.zeros(len(data), dtype=np.int64)
    _signatures(buf, offsets, ngram, a, b, out, counts)
    return out, counts


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity, row by row: the share of permutations whose minimum agrees."""
    return (sig_a == sig_b).mean(axis=1)
