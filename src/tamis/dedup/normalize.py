"""The text two documents must share to count as the same document.

Case, Unicode compatibility forms (full-width letters, ligatures), punctuation and runs of
whitespace differ between copies of one story on different sites; none of them makes the
text a different document.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE = re.compile(r"\s+", re.UNICODE)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
