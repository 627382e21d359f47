"""Naming what kind of furniture a dropped line is, so a person can read why it went.

The model only says "not the article"; these rules say which part of the page the line
most likely was, from the same features the model used.
"""

from __future__ import annotations

import numpy as np

from .features import FEATURE_NAMES

_F = {name: i for i, name in enumerate(FEATURE_NAMES)}


def reasons_for(X: np.ndarray, dropped: np.ndarray, span: tuple[int, int]) -> list[str]:
    """A `clean.*` reason for each dropped line (indexes in `dropped`)."""
    out = []
    s, e = span
    for i in dropped:
        x = X[i]
        words = float(np.expm1(x[_F["log_words"]]))
        after = i >= e
        if x[_F["copyright"]] > 0 or (x[_F["lex_legal"]] > 0 and (after or x[_F["rel_pos"]] > 0.7)):
            out.append("clean.footer")
        elif x[_F["lex_share"]] > 0 and words <= 8:
            out.append("clean.share")
        elif x[_F["after_comment_head"]] > 0 and after and (x[_F["says"]] > 0 or x[_F["ago"]] > 0 or words > 8):
            out.append("clean.comments")
        elif x[_F["lex_account"]] > 0 and words <= 8:
            out.append("clean.account")
        elif words <= 8 and (x[_F["indent"]] > 0 or x[_F["is_list_like"]] > 0 or x[_F["lex_nav"]] > 0 or x[_F["cap_words_r"]] >= 0.5):
            out.append("clean.navigation")
        elif x[_F["lex_engage"]] > 0 and words <= 12:
            out.append("clean.related")
        elif x[_F["dup_in_page"]] > 0:
            out.append("clean.repeated")
        else:
            out.append("clean.boilerplate")
    return out
