"""Line features for the boilerplate model, computed for a whole page at once.

Everything character-level is done on a numpy array of code points (class counts per
line with `np.add.reduceat`), and every lexicon is one regex run over the whole page with
matches mapped to lines by `np.searchsorted`: no Python loop over characters, and only
a few cheap string operations per line.

Context matters more than the line itself (a short line between two paragraphs is a
subheading, the same line inside a menu is navigation), so each line also gets the
averages of its neighbours' features over windows before and after it.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import repeat

import numpy as np

from ..extract.dom import GROUPS as DOM_GROUPS
from .lines import PageLines
from .neighbours import neighbour_means
from .tokens import TOKEN_NAMES

# character classes
_SPACE, _UPPER, _LOWER, _LETTER, _CJK, _DIGIT, _PUNCT, _SYMBOL = range(8)
N_CLASSES = 8


def _build_table() -> np.ndarray:
    table = np.full(0x10000, _SYMBOL, dtype=np.uint8)
    for cp in range(0x10000):
        cat = unicodedata.category(chr(cp))
        if cat[0] == "Z" or cat in ("Cc", "Cf"):
            table[cp] = _SPACE
        elif cat == "Lu" or cat == "Lt":
            table[cp] = _UPPER
        elif cat == "Ll":
            table[cp] = _LOWER
        elif cat[0] == "L" or cat[0] == "M":
            table[cp] = _LETTER
        elif cat[0] == "N":
            table[cp] = _DIGIT
        elif cat[0] == "P":
            table[cp] = _PUNCT
    for lo, hi in ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF)):
        table[lo : hi + 1] = _CJK
    return table


_TABLE: np.ndarray | None = None


def char_table() -> np.ndarray:
    global _TABLE
    if _TABLE is None:
        _TABLE = _build_table()
    return _TABLE


_TERMINAL = frozenset(".!?。！？…\"”’')»:;")
_SENTENCE_END = frozenset(".!?。！？…")

# Lexicons of page furniture, several languages. Latin-script entries are looked up per
# word (and word pair) in one dict; CJK entries, which have no spaces around them, by regex.
_LEX = {
    "share": "share shares shared tweet whatsapp facebook twitter linkedin reddit telegram pinterest instagram youtube "
    "tiktok email e-mail print teilen partager compartir condividi compartilhar|pin it",
    "nav": "home menu search next previous prev more sitemap navigation categories category tags tag archives archive "
    "page pages startseite accueil inicio|skip to|back to|go to|main menu",
    "account": "login logout register subscribe subscription newsletter cart checkout wishlist download app apps anmelden "
    "connexion|sign in|sign up|log in|log out|my account",
    "legal": "copyright privacy terms cookie cookies jobs careers advertise advertising disclaimer imprint impressum "
    "datenschutz reproduction permission prohibited|rights reserved|contact us|about us|all rights",
    "engage": "comment comments reply replies related popular trending recommended sponsored advertisement ad ads follow "
    "like likes views loading watch video videos photo photos gallery podcast|read more|follow us|click here|see also"
    "|most read|most popular|you may|also like",
    "byline": "by posted published updated editor author authors source reporter correspondent staff contributor "
    "photograph credit|written by|image credit",
}
_CJK_LEX = {
    "share": "分享|転載|공유", "nav": "首页|返回|更多|トップ|홈", "account": "登录|注册", "legal": "版权|隐私|著作権",
    "engage": "评论|留言|推荐|相关", "byline": "作者|编辑|来源|記者",
}
_STOPWORDS = (
    "the a an and or of to in is are was were be been that this it its for on with as at from have has had not but they "
    "he she we you his her their which who would will can there than when also into about after "
    "der die das und ist nicht ein eine mit auf den dem sich von zu es im für auch "
    "le la les et est des un une du dans que qui pour pas sur au avec ce il elle "
    "el los las y en del por con para se su lo como más "
    "di che è per non sono della nel "
    "o os um uma não em do da dos das "
    "de het een van niet dat op zijn "
    "и в не на что с как это по он она"
).split()
_GROUPS = list(_LEX)
_STOP_BIT = 1 << len(_GROUPS)
_WORD_LEX: dict[str, int] = {w: _STOP_BIT for w in _STOPWORDS}
_PAIR_LEX: dict[str, int] = {}
for _g, _spec in enumerate(_LEX.values()):
    _single, *_phrases = _spec.split("|")
    for _w in _single.split():
        _WORD_LEX[_w] = _WORD_LEX.get(_w, 0) | (1 << _g)
    for _ph in _phrases:
        _PAIR_LEX[_ph] = _PAIR_LEX.get(_ph, 0) | (1 << _g)
_CJK_LEX_RE = {k: re.compile(v) for k, v in _CJK_LEX.items()}
_PHRASE_STARTS = {p.split()[0] for p in _PAIR_LEX}
_CJK_STOP_RE = re.compile(r"[的了是在和有也就不这我他与将对のにはをがでとたしてがり]")
_COMMENT_HEAD_RE = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reactions?|discussion|leave a (?:reply|comment)|post a comment|add a comment"
    r"|join the (?:conversation|discussion)|\d+ thoughts? on|what do you think|kommentare?|commentaires?|comentarios?"
    r"|comentários|commenti|评论|留言|コメント|댓글)\b.{0,60}$",
    re.M,
)


def _led_by(words: list[str], before: str) -> str:
    """An alternation of `words`, each to be preceded by no character of class `before`.

    Written as `\\bword` or `(?<!x)(?:…)`, the condition comes first and hides the words'
    first letters from the regex engine, which then tries every position of the page;
    checked after each word (`word(?<!\\wword)`), it lets the engine skip to those letters.
    Same matches, 2-3 times faster."""
    return "(?:" + "|".join(f"{w}(?<!{before}{w})" for w in words) + ")"


_SAYS_RE = re.compile(_led_by("says said wrote replied schreibt écrit dice disse 说".split(), r"\w") + r"\s*:?\s*$|"
                      + _led_by("reply antworten répondre responder".split(), r"[^\n]") + "$", re.M)  # [^\n]: ^ under re.M
_MONTHS = "jan feb mar apr may jun jul aug sep sept oct nov dec".split()
_MON = "(?:" + "|".join(_MONTHS) + ")"
# Small patterns counted per line. Each is its own regex that starts with a digit or a
# literal: one alternation of them all has no prefix for the regex engine to skip to,
# and cost a millisecond a page.
_MISC_RES = {
    "date": (re.compile(r"\d(?:\d{3}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d?[-/.]\d{1,2}[-/.]\d{2,4}|\d? " + _MON + r"[a-z]* \d{4}|\d?:\d{2})"),
             re.compile(_led_by(_MONTHS, r"\w") + r"[a-z]*\.? \d{1,2},? \d{4}")),
    "url": (re.compile(r"https?://|www\.|\.com\b|@\w+\.\w+"),),
    "copy": (re.compile(r"©|\(c\)|copyright"),),
    "ago": (re.compile(r"\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"),
            re.compile(_led_by(["at", "um", "à"], "[a-z]") + r"\s+\d{1,2}[:.]\d{2}\s*(?:am|pm)?\b")),
}
_SEP_CODES = np.asarray([ord(c) for c in "|•·»›/«>–—"], np.uint32)
_END_CODES = np.asarray([ord(c) for c in ".!?。！？"], np.uint32)

BASE_NAMES = [
    "log_chars", "log_words", "indent", "blank_before", "blank_after",
    "upper_r", "lower_r", "letter_r", "cjk_r", "digit_r", "punct_r", "symbol_r",
    "cap_words_r", "ends_terminal", "ends_sentence", "ends_colon", "sentences",
    "stop_r", "sep_n", "date", "url", "copyright",
    *[f"lex_{k}" for k in _LEX], "lex_total_r",
    "dup_in_page", "dup_before", "block_dup_r", "block_lines", "block_log_words", "pos_in_block", "rel_pos", "rel_words_before",
    "words_vs_max", "is_list_like", "starts_bullet", "prose", "comment_head", "says", "ago",
]
_WINDOWS = (1, 3, 10)
_CTX_FEATURES = ("log_words", "ends_sentence", "stop_r", "indent", "lex_total_r", "prose", "cap_words_r", "dup_in_page", "says", "ago", "date")
CTX_NAMES = [f"{d}{w}_{f}" for w in _WINDOWS for d in ("prev", "next") for f in _CTX_FEATURES]
EXTRA_NAMES = [
    "dist_prose_before", "dist_prose_after", "prose_above_and_below", "in_top_block", "block_rank",
    "after_comment_head", "dist_comment_head", "prose_words_after_r",
    "page_log_words", "page_log_prose_words", "page_prose_share", "page_log_lines", "title_like",
    "in_prose_span", "before_prose_span", "after_prose_span", "prose_span_dist", "prose_span_share",
]
FEATURE_NAMES = BASE_NAMES + CTX_NAMES + EXTRA_NAMES


def _count_matches(regex: re.Pattern, text: str, starts: np.ndarray, n: int) -> np.ndarray:
    pos = [m.start() for m in regex.finditer(text)]
    if not pos:
        return np.zeros(n, np.float32)
    line = np.searchsorted(starts, np.asarray(pos), side="right") - 1
    return np.bincount(line, minlength=n)[:n].astype(np.float32)


def _lexicon_counts(pl: PageLines) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per line: words (and word pairs) of each lexicon group, and stop words."""
    n = len(pl)
    line_of, ids, vocab = pl.word_table
    codes = np.fromiter(map(_WORD_LEX.get, vocab, repeat(0)), np.int64, len(vocab))[ids]
    starts_ = np.fromiter(map(_PHRASE_STARTS.__contains__, vocab), bool, len(vocab))[ids[:-1]]
    at = np.flatnonzero(starts_ & (line_of[:-1] == line_of[1:]))  # a phrase's first word, not its line's last
    pair_line = line_of[at]
    pcodes = np.fromiter((_PAIR_LEX.get(f"{vocab[a]} {vocab[b]}", 0) for a, b in zip(ids[at], ids[at + 1])), np.int64, len(at))
    out = {}
    for g, name in enumerate(_GROUPS):
        bit = 1 << g
        c = np.bincount(line_of[(codes & bit) > 0], minlength=n)[:n]
        c = c + np.bincount(pair_line[(pcodes & bit) > 0], minlength=n)[:n]
        out[name] = c.astype(np.float32)
    stops = np.bincount(line_of[(codes & _STOP_BIT) > 0], minlength=n)[:n].astype(np.float32)
    return out, stops


def _distance(mask: np.ndarray, reverse: bool) -> np.ndarray:
    """Lines to the nearest True at or before (after, if reverse) each line; capped at 50."""
    n = len(mask)
    idx = np.arange(n)
    if reverse:
        pos = np.where(mask, idx, n + 50)
        near = np.minimum.accumulate(pos[::-1])[::-1]
        d = near - idx
    else:
        pos = np.where(mask, idx, -51)
        near = np.maximum.accumulate(pos)
        d = idx - near
    return np.minimum(d, 50).astype(np.float32)


def _prose_span(words: np.ndarray, is_prose: np.ndarray) -> list[np.ndarray]:
    """Where the densest run of prose is: the article body of an article page.

    Teaser lists and comment threads around it are shorter or less dense, so they fall
    outside; the model sees whether a line is inside, before or after that run, and how far.
    """
    n = len(words)
    s, e = main_span(np.where(is_prose, words, -3.0))
    i = np.arange(n)
    inside = (i >= s) & (i < e)
    dist = np.where(inside, 0, np.where(i < s, s - i, i - e + 1))
    share = float(words[s:e].sum()) / max(float(words.sum()), 1.0)
    return [inside.astype(np.float32), (i < s).astype(np.float32), (i >= e).astype(np.float32),
            np.minimum(dist, 100).astype(np.float32), np.full(n, share, np.float32)]


def page_features(pl: PageLines) -> np.ndarray:
    n = len(pl)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), np.float32)
    texts = pl.text
    joined = "\n".join(texts)
    lens = np.fromiter(map(len, texts), np.int64, n)
    starts = np.concatenate([[0], np.cumsum(lens + 1)[:-1]])
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    cls = np.take(char_table(), np.minimum(cps, 0xFFFF))
    cls[cps > 0xFFFF] = _SYMBOL
    line_of = np.repeat(np.arange(n), lens + 1)[: len(cls)]
    counts = np.bincount(line_of * N_CLASSES + cls, minlength=n * N_CLASSES).reshape(n, N_CLASSES).astype(np.float32)
    nchar = np.maximum(lens, 1).astype(np.float32)

    alnum = (cls == _UPPER) | (cls == _LOWER) | (cls == _LETTER) | (cls == _DIGIT)
    prev_alnum = np.concatenate([[False], alnum[:-1]])
    word_start = alnum & ~prev_alnum
    words = np.add.reduceat(word_start.astype(np.float32), starts) + counts[:, _CJK]
    cap_start = word_start & (cls == _UPPER)
    cap = np.add.reduceat(cap_start.astype(np.float32), starts)
    nwords = np.maximum(words, 1)

    lower = pl.lower
    lex, stops = _lexicon_counts(pl)
    if counts[:, _CJK].any():
        for k, r in _CJK_LEX_RE.items():
            lex[k] += _count_matches(r, joined, starts, n)
        stops = stops + _count_matches(_CJK_STOP_RE, joined, starts, n)
    lex_total = sum(lex.values())
    seps = np.bincount(line_of[np.isin(cps, _SEP_CODES)], minlength=n)[:n].astype(np.float32)
    dates, urls, copy, ago = (sum(_count_matches(rx, lower, starts, n) for rx in _MISC_RES[k]) for k in ("date", "url", "copy", "ago"))
    ago = np.minimum(ago, 1)
    ends = np.isin(cps, _END_CODES)
    followed = np.concatenate([cls[1:] == _SPACE, [True]]) | np.concatenate([cps[1:] == 10, [True]])
    sentences = np.bincount(line_of[ends & followed], minlength=n)[:n].astype(np.float32)
    comment_head = np.minimum(_count_matches(_COMMENT_HEAD_RE, lower, starts, n), 1)
    tail_list = [t[-24:] for t in lower.split("\n")]
    tails = "\n".join(tail_list)
    tail_starts = np.concatenate([[0], np.cumsum(np.fromiter((len(t) + 1 for t in tail_list), np.int64, n))[:-1]])
    says = np.minimum(_count_matches(_SAYS_RE, tails, tail_starts, n), 1)

    last = [t[-1] for t in texts]
    ends_terminal = np.fromiter(map(_TERMINAL.__contains__, last), np.float32, n)
    ends_sentence = np.fromiter(map(_SENTENCE_END.__contains__, last), np.float32, n)
    ends_colon = np.fromiter((c == ":" for c in last), np.float32, n)
    starts_bullet = np.fromiter((t[0] in "-*•·–—>▶►◦▪" or t[:2].rstrip(".)").isdigit() for t in texts), np.float32, n)

    # the same line elsewhere in the page (menus repeated at top and bottom, "Reply" under every comment)
    codes = pl.line_ids
    dup = np.bincount(codes)[codes].astype(np.float32) - 1
    # a second copy (responsive sites render the same block twice; quoted posts) is not new text
    _, first = np.unique(codes, return_index=True)
    dup_before = (first[codes] < np.arange(n)).astype(np.float32)

    block = pl.block
    _, block_inv, block_sizes = np.unique(block, return_inverse=True, return_counts=True)
    block_words = np.bincount(block_inv, weights=words)
    block_dup = (np.bincount(block_inv, weights=dup_before) / block_sizes)[block_inv].astype(np.float32)
    first_in_block = np.concatenate([[0], np.cumsum(block_sizes)[:-1]])
    pos_in_block = np.arange(n) - first_in_block[block_inv]

    cum_words = np.cumsum(words) - words
    total_words = max(float(words.sum()), 1.0)
    log_words = np.log1p(words)
    prose = ((words >= 12) & (ends_sentence > 0) & (stops / nwords >= 0.1)).astype(np.float32) + (
        (counts[:, _CJK] >= 20) & (ends_sentence > 0)
    )
    prose = np.minimum(prose, 1)
    lex_total_r = lex_total / nwords
    list_like = ((seps >= 2) & (words / np.maximum(seps, 1) <= 4)).astype(np.float32)

    base = {
        "log_chars": np.log1p(lens).astype(np.float32),
        "log_words": log_words.astype(np.float32),
        "indent": np.minimum(pl.indent, 40) / 2,
        "blank_before": pl.blank_before.astype(np.float32),
        "blank_after": pl.blank_after.astype(np.float32),
        "upper_r": counts[:, _UPPER] / nchar,
        "lower_r": counts[:, _LOWER] / nchar,
        "letter_r": counts[:, _LETTER] / nchar,
        "cjk_r": counts[:, _CJK] / nchar,
        "digit_r": counts[:, _DIGIT] / nchar,
        "punct_r": counts[:, _PUNCT] / nchar,
        "symbol_r": counts[:, _SYMBOL] / nchar,
        "cap_words_r": cap / nwords,
        "ends_terminal": ends_terminal,
        "ends_sentence": ends_sentence,
        "ends_colon": ends_colon,
        "sentences": np.minimum(sentences, 20),
        "stop_r": stops / nwords,
        "sep_n": np.minimum(seps, 50),
        "date": np.minimum(dates, 5),
        "url": np.minimum(urls, 5),
        "copyright": np.minimum(copy, 3),
        **{f"lex_{k}": np.minimum(v, 10) for k, v in lex.items()},
        "lex_total_r": lex_total_r,
        "dup_in_page": np.minimum(dup, 20),
        "dup_before": dup_before,
        "block_dup_r": block_dup,
        "block_lines": np.log1p(block_sizes[block_inv]).astype(np.float32),
        "block_log_words": np.log1p(block_words[block_inv]).astype(np.float32),
        "pos_in_block": np.minimum(pos_in_block, 50).astype(np.float32),
        "rel_pos": (np.arange(n) / max(n - 1, 1)).astype(np.float32),
        "rel_words_before": (cum_words / total_words).astype(np.float32),
        "words_vs_max": (words / max(float(words.max()), 1.0)).astype(np.float32),
        "is_list_like": list_like,
        "starts_bullet": starts_bullet,
        "prose": prose.astype(np.float32),
        "comment_head": comment_head,
        "says": says,
        "ago": ago,
    }
    cols = [base[k] for k in BASE_NAMES]
    ctx = neighbour_means(np.stack([base[f] for f in _CTX_FEATURES], axis=1), _WINDOWS)
    is_prose = prose > 0
    d_before = _distance(is_prose, False)
    d_after = _distance(is_prose, True)
    top_block = block_inv == int(np.argmax(block_words))
    order = np.argsort(-block_words, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    heads = comment_head > 0
    after_head = np.maximum.accumulate(heads) if n else heads
    prose_words = words * is_prose
    after_words = (prose_words.sum() - np.cumsum(prose_words)) / max(float(prose_words.sum()), 1.0)
    page_prose = float(prose_words.sum())
    title_like = ((words >= 3) & (words <= 20) & (ends_terminal == 0) & (cap / nwords >= 0.2)).astype(np.float32)
    extra = np.stack(
        [d_before, d_after, ((d_before < 50) & (d_after < 50)).astype(np.float32), top_block.astype(np.float32),
         np.minimum(rank[block_inv], 20).astype(np.float32), after_head.astype(np.float32),
         _distance(heads, False), after_words.astype(np.float32),
         np.full(n, np.log1p(total_words), np.float32), np.full(n, np.log1p(page_prose), np.float32),
         np.full(n, page_prose / total_words, np.float32), np.full(n, np.log1p(n), np.float32), title_like,
         *_prose_span(words, is_prose)],
        axis=1,
    )
    return np.concatenate([np.stack(cols, axis=1), ctx, extra], axis=1).astype(np.float32)


_P_WINDOWS = (1, 2, 5, 15)
STAGE2_NAMES = (
    ["p1", "p1_block_mean", "p1_max3", "in_span", "span_dist", "span_share", "span_words_dist", "span_log_words"]
    + [f"p1_{d}{w}" for w in _P_WINDOWS for d in ("prev", "next")]
    + ["p1_like_lines", "like_lines_n", "p1_runs", "kept_outside_span_share", "p1_page_mean"]
    + ["p1_copy_before", "p1_copy_after"]
)
# page text only: in HTML the DOM already sets the teasers and offers apart from the
# article (wcxb-dev CV word_f1 -0.0015 with them there, two seeds)
TOPIC_NAMES = ["shared_words_kept", "shared_words_span", "log_distinct_words"]


# HTML only: each line against the densest paragraph block (dom_dense), the article body
# as a whole. Around a short article, related-story teasers can pile up more prose than the
# story itself and win the main span; the dense block still marks the story. scrapinghub CV
# F1 0.948 -> 0.955, wcxb-dev word_f1 0.854 -> 0.858 (5 folds by host).
DENSE_NAMES = ["dense_dist", "dense_words_dist", "dense_p1", "dense_kept_share", "link_gap", "dom_shape_in_dense"]


def stage2_names(html: bool) -> list[str]:
    return STAGE2_NAMES + (DENSE_NAMES if html else TOPIC_NAMES)


# the DOM groups whose presence (share > 0.5) makes a line's shape: a teaser card's lines are
# linked, in an item, outside the dense block; the story's paragraphs are none of these
_SHAPE_GROUPS = ("link", "para", "list", "heading", "main_tag", "main_attr", "item_attr", "boiler_tag", "boiler_attr",
                 "comment", "table")


def _from_span(weights: np.ndarray, s: int, e: int) -> tuple[np.ndarray, np.ndarray]:
    """Each line's distance to the lines [s, e): in lines (negative before, 0 inside) and in
    the summed `weights` of the lines between."""
    i = np.arange(len(weights))
    lines = np.where(i < s, i - s, np.where(i >= e, i - e + 1, 0))
    cw = np.concatenate([[0.0], np.cumsum(weights)])
    between = np.where(i < s, cw[s] - cw[i + 1], np.where(i >= e, cw[i] - cw[e], 0.0))
    return lines, between


def _against_dense(X: np.ndarray, p1: np.ndarray, words: np.ndarray) -> list[np.ndarray]:
    """The DENSE_NAMES columns. A page without paragraphs long enough to make a dense block
    gets out-of-range values, which the trees tell apart from any real distance or share."""
    n = len(p1)
    dense = X[:, _DOM_COLS["dense"]] > 0.5
    at = np.flatnonzero(dense)
    if not len(at):
        return [np.full(n, -999.0), np.full(n, -1.0), np.full(n, -1.0), np.full(n, -1.0), np.zeros(n), np.full(n, -1.0)]
    w = words + 1.0
    dist, words_dist = _from_span(w, at[0], at[-1] + 1)
    dist = dist.clip(-100, 100)
    dw = w[dense]
    kept = w * p1
    link = X[:, _DOM_COLS["link"]]
    shape = np.zeros(n, np.int64)
    for b, g in enumerate(_SHAPE_GROUPS):
        shape |= (X[:, _DOM_COLS[g]] > 0.5).astype(np.int64) << b
    _, inv = np.unique(shape, return_inverse=True)
    shape_in_dense = np.bincount(inv, weights=w * dense)[inv] / dw.sum()  # share of the dense words shaped like the line
    return [dist.astype(np.float64), np.log1p(np.maximum(words_dist, 0.0)),
            np.full(n, (p1[dense] * dw).sum() / dw.sum()), np.full(n, kept[dense].sum() / max(kept.sum(), 1e-9)),
            link - (link[dense] * dw).sum() / dw.sum(), shape_in_dense]


_SHAPES = 20  # 5 length bins x ends a sentence x prose


def _like_lines(X: np.ndarray, p1: np.ndarray, words: np.ndarray) -> list[np.ndarray]:
    """What the first pass made of the page's other lines of the same shape (length, ends a
    sentence, prose): a forum's last replies sit far below the main span, where position
    alone condemns them, yet they look like the replies it kept."""
    shape = (np.digitize(words, (3, 6, 11, 21)) * 4 + (X[:, FEATURE_NAMES.index("ends_sentence")] > 0.5) * 2
             + (X[:, FEATURE_NAMES.index("prose")] > 0.5)).astype(np.intp)
    w = np.sqrt(words + 1)
    total = np.bincount(shape, weights=w, minlength=_SHAPES)[shape] - w  # leave the line itself out
    kept = np.bincount(shape, weights=w * p1, minlength=_SHAPES)[shape] - w * p1
    others = np.bincount(shape, minlength=_SHAPES)[shape] - 1
    return [np.where(total > 0, kept / np.maximum(total, 1e-9), -1.0), np.log1p(others)]


def main_span(score: np.ndarray) -> tuple[int, int]:
    """[start, end) of the contiguous run of lines with the largest total score (Kadane, vectorised)."""
    if len(score) == 0:
        return 0, 0
    c = np.concatenate([[0.0], np.cumsum(score)])
    run_min = np.minimum.accumulate(c[:-1])
    gain = c[1:] - run_min
    end = int(np.argmax(gain)) + 1
    start = int(np.flatnonzero(c[:end] == run_min[end - 1])[0])
    return start, end


def _copy_max(codes: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Per line, the highest `p` among the earlier lines with the same code (0 if none)."""
    n = len(codes)
    order = np.lexsort((np.arange(n), codes))
    c, v = codes[order], p[order].astype(np.float64)
    first = np.concatenate([[True], c[1:] != c[:-1]])
    lift = 2.0 * (np.cumsum(first) - 1)  # p is in [0, 1]: each code's values sit above all earlier codes'
    running = np.maximum.accumulate(v + lift) - lift
    before = np.concatenate([[0.0], running[:-1]])
    before[first] = 0.0
    out = np.empty(n)
    out[order] = before
    return out


def _shared_words(pl: PageLines, kept: np.ndarray, in_span: np.ndarray) -> list[np.ndarray]:
    """Share of a line's words (four letters or more) that the first pass's other kept lines,
    and the main span's other lines, also use. An article's lines talk about the same
    things; the teasers, menus and offers around it do not."""
    n = len(pl.text)
    line_of, ids, vocab = pl.word_table
    topical = np.fromiter((len(w) >= 4 and w.isalpha() for w in vocab), bool, len(vocab))[ids]
    if not topical.any():
        return [np.full(n, -1.0), np.full(n, -1.0), np.zeros(n)]
    v = len(vocab)
    pair = np.unique(line_of[topical] * v + ids[topical])  # each word once per line
    line, ids = pair // v, pair % v
    distinct = np.bincount(line, minlength=n).astype(np.float64)
    out = []
    for inside in (kept, in_span):
        w = inside[line].astype(np.int64)
        elsewhere = np.bincount(ids, weights=w, minlength=v)[ids] - w > 0  # leave the line itself out
        share = np.bincount(line, weights=elsewhere, minlength=n) / np.maximum(distinct, 1.0)
        out.append(np.where(distinct > 0, share, -1.0))
    return out + [np.log1p(distinct)]


def stage2_features(X: np.ndarray, p1: np.ndarray, pl: PageLines, html: bool = False) -> np.ndarray:
    """Second pass: each line sees the first pass's verdict on its neighbours, on the main
    text span and on its own copies elsewhere in the page (a block rendered twice is read once)."""
    n = len(p1)
    block = pl.block
    if n == 0:
        return np.zeros((0, X.shape[1] + len(stage2_names(html))), np.float32)
    words = np.expm1(X[:, FEATURE_NAMES.index("log_words")])
    _, inv = np.unique(block, return_inverse=True)
    block_mean = (np.bincount(inv, weights=p1) / np.bincount(inv))[inv]
    pad = np.concatenate([np.zeros(3), p1, np.zeros(3)])
    max3 = np.max(np.stack([pad[k : k + n] for k in range(7)]), axis=0)
    s, e = main_span((p1 - 0.5) * np.sqrt(words + 1))
    i = np.arange(n)
    in_span = (i >= s) & (i < e)
    dist, words_dist = _from_span(words, s, e)
    dist = np.abs(dist)
    share = words[s:e].sum() / max(words.sum(), 1.0)
    cols = [p1, block_mean, max3, in_span.astype(np.float32), np.minimum(dist, 100).astype(np.float32),
            np.full(n, share, np.float32), np.log1p(np.maximum(words_dist, 0)).astype(np.float32),
            np.full(n, np.log1p(words[s:e].sum()), np.float32)]
    windows = neighbour_means(p1.astype(np.float32)[:, None], _P_WINDOWS)
    # is the kept text one span (an article) or many (a thread's posts, a list's entries)?
    kept = p1 > 0.5
    runs = int(kept[0]) + int(np.count_nonzero(kept[1:] & ~kept[:-1]))
    kept_words = float((words * kept).sum())
    page = [np.log1p(runs), (words * (kept & ~in_span)).sum() / max(kept_words, 1.0), (words * p1).sum() / max(words.sum(), 1.0)]
    codes = pl.line_ids
    copies = [_copy_max(codes, p1), _copy_max(codes[::-1], p1[::-1])[::-1]]
    topic = _against_dense(X, p1, words) if html else _shared_words(pl, kept, in_span)
    extra = np.stack(_like_lines(X, p1, words) + [np.full(n, v) for v in page] + copies + topic, axis=1)
    return np.concatenate([X, np.stack(cols, axis=1).astype(np.float32), windows, extra.astype(np.float32)], axis=1)


PAGE_TYPES = ["article", "collection", "documentation", "forum", "listing", "product", "service"]
TYPE_NAMES = [f"type_{t}" for t in PAGE_TYPES]
TYPE_WORD_NAMES = [f"words_{t}" for t in PAGE_TYPES]  # the page-type model reads the page's words (`tokens`)
_SUMMARY_MEAN = [
    "log_words", "ends_sentence", "cap_words_r", "digit_r", "symbol_r", "punct_r", "cjk_r", "is_list_like", "indent",
    "lex_share", "lex_nav", "lex_account", "lex_legal", "lex_engage", "lex_byline", "dup_in_page", "starts_bullet",
    "title_like", "prose", "stop_r",
]
_SUMMARY_SUM = ["comment_head", "says", "ago", "date", "url", "prose"]
_PRICE_RES = (re.compile(r"[$€£¥₹]\s?\d|\d\s?(?:€|usd|eur|gbp)\b"),  # two regexes: each has a prefix to skip to
              re.compile(r"\b(?:add to (?:cart|bag|basket)|in stock|out of stock|sku|free shipping|buy now|reviews?)\b"))
CODE_STARTS = ("def ", "class ", "function ", "import ", "from ", "return ", "var ", "const ", "let ", "#include", "$ ", ">>> ")
CODE_LINE_RE = re.compile(r"[{};]\s*$|^\s*(?:" + "|".join(k.replace("$", r"\$") if k != "from " else r"from \S+ import" for k in CODE_STARTS)
                      + r")|\w\(.*\)\s*[;{]?$", re.M)
SUMMARY_NAMES = (
    ["log_lines", "log_words", "prose_share", "prose_span_share", "price", "code"]
    + [f"mean_{k}" for k in _SUMMARY_MEAN] + [f"sum_{k}" for k in _SUMMARY_SUM]
)


def _code_lines(lines: list[str]) -> int:
    """CODE_LINE_RE's matches over the page, searched only in lines that can hold one (a bracket, a
    semicolon, a keyword first); every run of other lines stays as one placeholder line, so a
    match that reaches into the next line finds the same neighbour. Four times faster."""
    parts: list[str] = []
    gap = False
    for t in lines:
        if "(" in t or "{" in t or "}" in t or ";" in t or t.startswith(CODE_STARTS):
            parts.append(t)
            gap = False
        elif not gap:
            parts.append("x")
            gap = True
    return len(CODE_LINE_RE.findall("\n".join(parts)))


def page_summary(X: np.ndarray, pl: PageLines) -> np.ndarray:
    """One vector per page, what the page-type model looks at."""
    n = len(pl)
    if n == 0:
        return np.zeros(len(SUMMARY_NAMES), np.float32)
    f = {k: i for i, k in enumerate(FEATURE_NAMES)}
    words = np.expm1(X[:, f["log_words"]])
    low = pl.lower
    head = [np.log1p(n), np.log1p(words.sum()), X[0, f["page_prose_share"]], X[0, f["prose_span_share"]],
            np.log1p(sum(len(rx.findall(low)) for rx in _PRICE_RES)), _code_lines(pl.text) / n]
    means = [float(X[:, f[k]].mean()) for k in _SUMMARY_MEAN]
    sums = [float(np.log1p(X[:, f[k]].sum())) for k in _SUMMARY_SUM]
    return np.asarray(head + means + sums, np.float32)


# DOM signals (HTML mode): the extractor's per-line group shares (tamis.extract.dom),
# their neighbourhood, and how the page as a whole uses them
# groups the extractor marks for a rule rather than for the model: a line in a closed modal
# dialog is dropped whatever the model says (`OVERLAY`)
_RULE_GROUPS = ("overlay",)
OVERLAY = [name for name, _ in DOM_GROUPS].index("overlay")  # its column in the extractor's DOM signals
_MODEL_COLS = [k for k, (name, _) in enumerate(DOM_GROUPS) if name not in _RULE_GROUPS]
_DOM_GROUPS = tuple(DOM_GROUPS[k][0] for k in _MODEL_COLS)
_DOM_COLS = {g: len(FEATURE_NAMES) + k for k, g in enumerate(_DOM_GROUPS)}  # the DOM shares' columns in the HTML model's X
_DOM_CTX = ("link", "boiler_tag", "boiler_attr", "comment", "main_tag", "main_attr", "para", "dense", "item_attr", "resi_main")
# not resi_main: a model that read the share of the page resiliparse keeps dropped the last
# paragraphs of short articles it keeps whole (tests/test_html_extract.py)
_DOM_PAGE = ("link", "main_tag", "main_attr", "para", "comment", "dense", "item_attr")
DOM_FEATURE_NAMES = (
    [f"dom_{g}" for g in _DOM_GROUPS]
    + [f"dom_{d}{w}_{g}" for w in (1, 4) for d in ("prev", "next") for g in _DOM_CTX]
    + [f"dom_page_{g}" for g in _DOM_PAGE]
    + ["dom_before_h1", "dom_h1_dist", "dom_page_has_h1"]
)


def dom_features(S: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Line features from the extractor's DOM shares `S` (rows = lines, columns = its GROUPS)."""
    n = len(S)
    if n == 0:
        return np.zeros((0, len(DOM_FEATURE_NAMES)), np.float32)
    S = S[:, _MODEL_COLS]
    cols = [_DOM_GROUPS.index(g) for g in _DOM_CTX]
    ctx = neighbour_means(S[:, cols], (1, 4))
    words = np.expm1(X[:, FEATURE_NAMES.index("log_words")]) + 1
    page = (S[:, [_DOM_GROUPS.index(g) for g in _DOM_PAGE]] * words[:, None]).sum(axis=0) / words.sum()
    # the page's own heading: what comes before it is mostly the site's furniture
    h1 = np.flatnonzero(S[:, _DOM_GROUPS.index("h1")] > 0.5)
    i = np.arange(n)
    if len(h1):
        h1_cols = [(i < h1[0]).astype(np.float32), np.clip(i - h1[0], -50, 50).astype(np.float32), np.ones(n, np.float32)]
    else:
        h1_cols = [np.zeros(n, np.float32)] * 3
    return np.concatenate([S, ctx, np.repeat(page[None, :].astype(np.float32), n, axis=0), np.stack(h1_cols, axis=1)],
                          axis=1).astype(np.float32)


def line_model_names(html: bool) -> list[str]:
    """The line models' input columns: text features, DOM features for the HTML model or the
    line's word scores (`tokens`) for the page-text one, then the page-type probabilities
    (stage 2 appends `stage2_names`). The DOM already tells the HTML model what the words
    would (wcxb-dev CV word_f1 +0.0016 / +0.0012, scrapinghub +0.0004 / -0.0025, two seeds)."""
    return FEATURE_NAMES + (DOM_FEATURE_NAMES if html else TOKEN_NAMES) + TYPE_NAMES


def line_features(pl: PageLines, dom: np.ndarray | None = None) -> np.ndarray:
    """Everything the line models see before the page type: text features, then DOM
    features when the page came as HTML (the HTML model's column order)."""
    X = page_features(pl)
    return X if dom is None else np.concatenate([X, dom_features(dom, X)], axis=1)
