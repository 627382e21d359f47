"""Which line of a page's text is its title, when the page came as text (no <title>, no <h1>).

The headline sits a few lines above the first body line, but so do menu entries, section
names, bylines and teaser headings. A small model ranks the lines around the body's start
on what a headline looks like (its words, case and punctuation), where it sits, what the
line model thought of it and its neighbours, and whether it says what the URL's slug and
the first paragraphs say. It is trained by scripts/train_line_model.py (`--mode text`)
together with the line model and shipped in the same file.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import numpy as np

from ..annotate.urls import parse_url
from .features import FEATURE_NAMES, TYPE_NAMES
from .model import ObliviousEnsemble

# candidates: lines this far above / below the first body line. The headline often stands a
# few kept lines below it, past a kept label or breadcrumb with dropped lines between (wcxb-dev
# page text, cross-validated: 25 / 4 lines, exact 0.567; 25 / 20, 0.583; 40 / 40, 0.598, as
# often right when given, 0.763; 60 / 60, 0.600)
BEFORE, AFTER = 40, 40
_LINE_COLS = [
    "log_chars", "log_words", "cap_words_r", "upper_r", "ends_terminal", "ends_sentence", "ends_colon", "digit_r",
    "punct_r", "symbol_r", "dup_in_page", "dup_before", "lex_total_r", "lex_nav", "lex_share", "lex_byline",
    "lex_engage", "lex_account", "date", "url", "blank_before", "blank_after", "block_lines", "pos_in_block",
    "rel_pos", "title_like", "is_list_like", "sep_n", "starts_bullet", "stop_r",
]
_COLS = [FEATURE_NAMES.index(c) for c in _LINE_COLS]
TITLE_NAMES = _LINE_COLS + TYPE_NAMES + [
    "p", "p_next", "p_next3", "p_prev3", "offset", "words_rank", "n_candidates", "slug_share", "slug_cover",
    "body_share", "longest_above",
]
_WORD = re.compile(r"[^\W_]+")
MIN_P = 0.15  # below this the best candidate is not given: a wrong title is worse than none


def _tokens(s: str) -> set[str]:
    return {w for w in _WORD.findall(s.casefold()) if len(w) > 1}


def _slug_tokens(url: str | None) -> set[str]:
    if not url:
        return set()
    path = unquote(parse_url(url).path)
    return {w for w in _WORD.findall(path.casefold()) if len(w) > 1 and not w.isdigit()}


def candidates(n: int, first: int) -> np.ndarray:
    return np.arange(max(0, first - BEFORE), min(n, first + AFTER + 1))


def title_features(texts: list[str], X: np.ndarray, p: np.ndarray, first: int, url: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(candidate line indexes, their features in TITLE_NAMES order). `X` is the line
    model's input (its last columns the page-type probabilities), `first` the first body line."""
    n = len(texts)
    idx = candidates(n, first)
    if not len(idx):
        return idx, np.zeros((0, len(TITLE_NAMES)), np.float32)
    k = len(idx)
    pad = np.concatenate([p, np.zeros(3)])
    p_next = pad[idx + 1]
    p_next3 = (pad[idx + 1] + pad[idx + 2] + pad[idx + 3]) / 3
    padl = np.concatenate([np.zeros(3), p])
    p_prev3 = (padl[idx] + padl[idx + 1] + padl[idx + 2]) / 3
    words = X[idx, FEATURE_NAMES.index("log_words")]
    rank = np.empty(k)
    rank[np.argsort(-words, kind="stable")] = np.arange(k)
    slug = _slug_tokens(url)
    body = _tokens(" ".join(texts[first : first + 8])[:3000])
    toks = [_tokens(texts[i]) for i in idx]
    slug_share = [len(t & slug) / len(t) if t and slug else 0.0 for t in toks]
    slug_cover = [len(t & slug) / len(slug) if t and slug else 0.0 for t in toks]
    body_share = [len(t & body) / len(t) if t else 0.0 for t in toks]
    # the longest line above this one among the candidates: a headline is usually the fullest
    longest = np.maximum.accumulate(np.concatenate([[0.0], words[:-1]]))
    rows = X[idx]
    cols = [rows[:, _COLS], rows[:, -len(TYPE_NAMES):],
            np.stack([p[idx], p_next, p_next3, p_prev3, np.clip(idx - first, -BEFORE, AFTER), rank / max(k - 1, 1),
                      np.full(k, k), slug_share, slug_cover, body_share, words - longest], axis=1)]
    return idx, np.concatenate(cols, axis=1).astype(np.float32)


def likeliest_title(model: ObliviousEnsemble, texts: list[str], X: np.ndarray, p: np.ndarray, first: int,
                    url: str | None) -> tuple[int | None, float]:
    """The likeliest title line's index and its score (None, 0 when the page has no candidate)."""
    idx, F = title_features(texts, X, p, first, url)
    if not len(idx):
        return None, 0.0
    s = model.predict_proba(F)
    best = int(np.argmax(s))
    return int(idx[best]), float(s[best])


def choose_title(model: ObliviousEnsemble, texts: list[str], X: np.ndarray, p: np.ndarray, first: int,
                 url: str | None) -> int | None:
    """The title line's index, or None when no candidate is likely enough."""
    line, score = likeliest_title(model, texts, X, p, first, url)
    return line if score >= MIN_P else None
