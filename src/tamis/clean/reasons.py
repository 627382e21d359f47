"""Naming what kind of furniture a dropped line is, so a person can read why it went.

The model only says "not the article"; these rules say which part of the page the line
most likely was, from the same features the model used.
"""

from __future__ import annotations

import re

import numpy as np

from .features import FEATURE_NAMES

_F = {name: i for i, name in enumerate(FEATURE_NAMES)}


# a consent banner or its buttons: "cookie" (the word in most languages) beside what such a
# banner says; a teaser for cookie recipes is not one
_COOKIE = re.compile(r"cookie|クッキー|쿠키", re.I)
_CONSENT = re.compile(
    r"\b(?:accept|agree|consent|privacy|polic|setting|preference|brows|experience|use[sd]?\b|manage|necessary|"
    r"akzeptier|zustimm|einwillig|datenschutz|einstellung|verwende|consentement|utilis|utiliz|confidentialit|"
    r"paramètre|acept|consentimiento|usamos|privacidad|configura|accett|consenso|gebruik|akkoord|toestemming|"
    r"instelling|aceit|polític)", re.I)
_REASONS = ["clean.cookies", "clean.footer", "clean.share", "clean.comments", "clean.account", "clean.navigation", "clean.related",
            "clean.repeated"]


def reasons_for(X: np.ndarray, dropped: np.ndarray, span: tuple[int, int], texts: list[str]) -> list[str]:
    """A `clean.*` reason for each dropped line (indexes in `dropped`, `texts` the page's
    lines); the first rule that holds names it."""
    if not len(dropped):
        return []

    def x(name: str) -> np.ndarray:
        return X[dropped, _F[name]]

    words = np.expm1(x("log_words"))
    after = dropped >= span[1]
    short = words <= 8
    rules = [
        np.fromiter((bool(_COOKIE.search(texts[i]) and _CONSENT.search(texts[i])) for i in dropped.tolist()), bool,
                    len(dropped)),
        (x("copyright") > 0) | ((x("lex_legal") > 0) & (after | (x("rel_pos") > 0.7))),
        (x("lex_share") > 0) & short,
        (x("after_comment_head") > 0) & after & ((x("says") > 0) | (x("ago") > 0) | (words > 8)),
        (x("lex_account") > 0) & short,
        short & ((x("indent") > 0) | (x("is_list_like") > 0) | (x("lex_nav") > 0) | (x("cap_words_r") >= 0.5)),
        (x("lex_engage") > 0) & (words <= 12),
        x("dup_in_page") > 0,
    ]
    return np.select(rules, _REASONS, "clean.boilerplate").tolist()
