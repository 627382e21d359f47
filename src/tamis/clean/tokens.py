"""What a line's own words say: a learned score per word and word pair, in any language.

The lexicons in `features` name the furniture words someone thought of ("share", "login");
pages say "Warenkorb", "Lire aussi", "Was this helpful?" too. Each hashed word and word pair
carries a log-ratio of how often it sits in content rather than furniture, counted site by
site (a word every line of one site uses counts once, so a brand name cannot pass for a
furniture word), and the page-text line model reads the mean, the extremes and the
neighbours' means (the HTML one gained nothing from them: the DOM says it already). Both
modes' page-type models read the same words per page type: "basket", "reply", "parameters"
say shop, forum, documentation in any site's template. The scores are learned from the
bench pages by scripts/train_line_model.py and shipped in the line models' files.
"""

from __future__ import annotations

import numpy as np

from .lines import PageLines
from .neighbours import neighbour_means

BITS = 18
_MASK = (1 << BITS) - 1
TOKEN_NAMES = ["tok_mean", "tok_min", "tok_max", "tok_block_mean",
               *[f"tok_{d}{w}" for w in (1, 3) for d in ("prev", "next")]]


def line_tokens(pl: PageLines) -> tuple[np.ndarray, np.ndarray]:
    """(line, bucket) of every word and every pair of neighbouring words in a line."""
    line, h = pl.token_hashes
    return line, (h & np.uint64(_MASK)).astype(np.int64)


def fit_scores(pages: list[tuple[str, PageLines, np.ndarray]], smoothing: float = 20.0) -> np.ndarray:
    """Per bucket, log-odds that it sits in a content line, from (site, lines, labels) triples.

    Each site adds its share of the bucket's occurrences that are content to the positive
    count and the rest to the negative one; the smoothing pulls buckets seen on few sites to
    zero, the base rate."""
    by_site: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for site, pl, y in pages:
        line, bucket = line_tokens(pl)
        by_site.setdefault(site, []).append((bucket, np.asarray(y, np.float64)[line]))
    pos = np.zeros(1 << BITS)
    neg = np.zeros(1 << BITS)
    for parts in by_site.values():
        b = np.concatenate([p[0] for p in parts])
        yb = np.concatenate([p[1] for p in parts])
        u, inv = np.unique(b, return_inverse=True)
        share = np.bincount(inv, weights=yb) / np.bincount(inv)
        pos[u] += share
        neg[u] += 1.0 - share
    rate = pos.sum() / max(pos.sum() + neg.sum(), 1e-9)
    score = np.log((pos + smoothing * rate) / (neg + smoothing * (1 - rate))) - np.log(rate / (1 - rate))
    return score.astype(np.float16)


TYPE_BITS = 16  # page-type word scores: one row of scores per bucket, so fewer buckets


def page_buckets(pl: PageLines) -> np.ndarray:
    """The distinct word and word-pair buckets of a page, for the page-type word scores."""
    return np.unique(pl.token_hashes[1] & np.uint64((1 << TYPE_BITS) - 1)).astype(np.int64)


def fit_type_scores(pages: list[tuple[str, PageLines, int]], types: int, smoothing: float = 20.0) -> np.ndarray:
    """Per bucket and page type, log-odds that a site whose pages of that type use the word is
    of that type rather than another, from (site, lines, type) triples: a word counts once per
    site and type, so one shop's product names do not make a word a shop's."""
    seen = np.zeros((1 << TYPE_BITS, types))
    by_site: dict[tuple[str, int], list[np.ndarray]] = {}
    for site, pl, t in pages:
        by_site.setdefault((site, t), []).append(page_buckets(pl))
    for (_, t), parts in by_site.items():
        seen[np.unique(np.concatenate(parts)), t] += 1
    rate = np.clip(seen.sum(axis=0) / max(seen.sum(), 1.0), 1e-6, 1 - 1e-6)  # a type no site has scores 0
    other = seen.sum(axis=1, keepdims=True) - seen
    score = np.log((seen + smoothing * rate) / (other + smoothing * (1 - rate))) - np.log(rate / (1 - rate))
    return score.astype(np.float16)


def page_type_words(pl: PageLines, scores: np.ndarray) -> np.ndarray:
    """The page's mean word score for each page type (zeros for a page without words)."""
    b = page_buckets(pl)
    return scores[b].astype(np.float32).mean(axis=0) if len(b) else np.zeros(scores.shape[1], np.float32)


def token_features(pl: PageLines, scores: np.ndarray) -> np.ndarray:
    """TOKEN_NAMES columns; a line without words scores 0 (the base rate)."""
    n = len(pl)
    line, bucket = line_tokens(pl)
    s = scores[bucket].astype(np.float64)
    cnt = np.bincount(line, minlength=n)
    mean = np.bincount(line, weights=s, minlength=n) / np.maximum(cnt, 1)
    lo = np.full(n, np.inf)
    hi = np.full(n, -np.inf)
    np.minimum.at(lo, line, s)
    np.maximum.at(hi, line, s)
    lo[cnt == 0] = 0.0
    hi[cnt == 0] = 0.0
    _, inv = np.unique(pl.block, return_inverse=True)
    block = (np.bincount(inv, weights=mean) / np.bincount(inv))[inv] if n else mean
    ctx = neighbour_means(mean[:, None], (1, 3))
    return np.concatenate([np.stack([mean, lo, hi, block], axis=1), ctx], axis=1).astype(np.float32)
