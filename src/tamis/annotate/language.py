"""Language identification with CLD2 (pycld2): offline, in its wheel, ~microseconds a line.

CLD2 also reports which byte spans are in which language, which is what per-line
language needs on mixed pages (an English article with a Chinese link farm).
"""

from __future__ import annotations

import re

import pycld2

_CLEAN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CODE_FIX = {"zh-Hant": "zh", "iw": "he", "jw": "jv", "in": "id"}


def _cld2(text: str, hint: str | None = None) -> tuple[bool, tuple] | None:
    text = _CLEAN.sub(" ", text)
    if not text.strip():
        return None
    try:
        kwargs = {"hintLanguage": hint} if hint else {}
        reliable, _, details = pycld2.detect(text, bestEffort=True, **kwargs)
    except pycld2.error:
        return None
    return reliable, details


def _code(code: str) -> str:
    return _CODE_FIX.get(code, code.split("-")[0])


def _main(found: tuple[bool, tuple] | None) -> tuple[str | None, float]:
    if found is None:
        return None, 0.0
    reliable, details = found
    _, code, percent, _ = details[0]
    if code in ("un", "xxx"):
        return None, 0.0
    return _code(code), round(percent / 100.0 * (1.0 if reliable else 0.6), 3)


def _shares(found: tuple[bool, tuple] | None) -> dict[str, float]:
    if found is None:
        return {}
    return {_code(code): round(percent / 100.0, 3) for _, code, percent, _ in found[1]
            if code not in ("un", "xxx") and percent > 0}


def detect_language(text: str, hint: str | None = None) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1) of the main language, or (None, 0) when unknown."""
    return _main(_cld2(text, hint))


def identify(text: str) -> tuple[str | None, float, dict[str, float]]:
    """Main language, its confidence and every language's share, from one CLD2 pass."""
    found = _cld2(text)
    return *_main(found), _shares(found)
