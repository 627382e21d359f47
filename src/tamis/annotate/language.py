"""Language identification with CLD2 (pycld2): offline, in its wheel, ~microseconds a line.

CLD2 also reports which byte spans are in which language, which is what per-line
language needs on mixed pages (an English article with a Chinese link farm).
"""

from __future__ import annotations

import re

import pycld2

_CLEAN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CODE_FIX = {"zh-Hant": "zh", "iw": "he", "jw": "jv", "in": "id"}


def detect_language(text: str, hint: str | None = None) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1) of the main language, or (None, 0) when unknown."""
    text = _CLEAN.sub(" ", text)
    if not text.strip():
        return None, 0.0
    try:
        kwargs = {"hintLanguage": hint} if hint else {}
        reliable, _, details = pycld2.detect(text, bestEffort=True, **kwargs)
    except pycld2.error:
        return None, 0.0
    name, code, percent, score = details[0]
    if code in ("un", "xxx"):
        return None, 0.0
    conf = percent / 100.0 * (1.0 if reliable else 0.6)
    return _CODE_FIX.get(code, code.split("-")[0]), round(conf, 3)


def language_shares(text: str) -> dict[str, float]:
    """Share of the text in each language CLD2 finds (up to three), e.g. {"en": 0.9, "zh": 0.1}."""
    text = _CLEAN.sub(" ", text)
    if not text.strip():
        return {}
    try:
        _, _, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return {}
    out = {}
    for _, code, percent, _ in details:
        if code not in ("un", "xxx") and percent > 0:
            out[_CODE_FIX.get(code, code.split("-")[0])] = round(percent / 100.0, 3)
    return out
