"""Soft error pages: a "Page not found" a server sent with status 200, which a crawl keeps as a
page (with the site's menus and a list of its latest stories, which the cleaner may keep).
Told by the page's title, in the languages of the lexicons, and by having little text: an
article about HTTP 404 has a story under its headline."""

from __future__ import annotations

import re

MAX_WORDS = 200
ERROR_TITLE = re.compile(
    r"^\W*(?:(?:http\s*)?error\s*)?40[34]\b|^\W*not found\W*$"
    r"|\b(?:page|file|content|document|resource)s? (?:was not|were not|not|could not be|couldn't be|cannot be|can't be) found\b"
    r"|seite nicht gefunden|page introuvable|p[aá]gina no encontrada|pagina non trovata|pagina niet gevonden"
    r"|p[aá]gina n[aã]o encontrada|找不到|页面不存在|ページが見つかりません|페이지를 찾을 수 없", re.I)


def error_title(title: str | None, text: str) -> bool:
    """Whether a page titled `title` whose kept text is `text` is an error page."""
    return bool(title and ERROR_TITLE.search(title)) and len(text.split()) < MAX_WORDS
