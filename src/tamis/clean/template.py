"""Lines a page's template engine left unrendered.

A page saved before its scripts ran shows the placeholders of Vue, Angular, Handlebars or
Jinja where a price, a post's error message or a menu item would go
("{{priceAnchor.priceWrapper.info.totalPrice}}", "{% if person %}"). A line made of nothing
else says nothing to a reader, whatever the line model makes of it (on wcxb-dev it kept 28 of
62 such lines outside code, none of them in the gold). In code (a template language's
documentation) they are the content and stay.
"""

from __future__ import annotations

import re

import numpy as np

_PLACEHOLDERS = re.compile(r"^\s*(?:(?:\{\{.*?\}\}|\{%.*?%\})[\s,.:;/|()$€£-]*)+$")


def unrendered(lines: list[str]) -> np.ndarray:
    """Whether each line is template placeholders only (and the punctuation between them)."""
    return np.fromiter((("{{" in t or "{%" in t) and _PLACEHOLDERS.match(t) is not None for t in lines), bool, len(lines))
