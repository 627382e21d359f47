"""Pages a crawl keeps that are no page of the site: a "Page not found" a server sent with
status 200, a consent wall shown instead of the article. Either may keep some lines through
the cleaner (an apology and a list of the latest stories; a wall's paragraphs of prose), so
they are told by what they say, as whole documents, and only when they say little else:
an article about HTTP 404 or about cookie consent has a story around its words."""

from __future__ import annotations

import re

MAX_WORDS = 200  # an error page's
WALL_WORDS = 400  # a consent wall's: several paragraphs of legal prose
ERROR_TITLE = re.compile(
    r"^\W*(?:(?:http\s*)?error\s*)?40[34]\b|^\W*not found\W*$"
    r"|\b(?:page|file|content|document|resource)s? (?:was not|were not|not|could not be|couldn't be|cannot be|can't be) found\b"
    r"|seite nicht gefunden|page introuvable|p[aá]gina no encontrada|pagina non trovata|pagina niet gevonden"
    r"|p[aá]gina n[aã]o encontrada|找不到|页面不存在|ページが見つかりません|페이지를 찾을 수 없", re.I)
# what a consent banner says, in the lexicons' languages; a line with two of these is one of its
CONSENT = re.compile(
    r"cookie|consent|personal data|partners|privacy|preferences|gdpr|legitimate interest|tracking technolog"
    r"|personalis|personaliz|datenschutz|einwillig|zustimm|consentement|données personnelles|consentimiento"
    r"|datos personales|consenso|dati personali|toestemming|persoonsgegevens", re.I)


def error_title(title: str | None, text: str) -> bool:
    """Whether a page titled `title` whose kept text is `text` is an error page."""
    return bool(title and ERROR_TITLE.search(title)) and len(text.split()) < MAX_WORDS


def consent_wall(text: str) -> bool:
    """Whether at least half the words of a short kept text are in lines that speak of consent."""
    if len(text.split(None, WALL_WORDS - 1)) >= WALL_WORDS:
        return False  # told without reading a long page line by line
    lines = [line for line in text.split("\n") if line.strip()]
    words = sum(len(line.split()) for line in lines)
    consent = sum(len(line.split()) for line in lines if len({m.group(0).lower() for m in CONSENT.finditer(line)}) >= 2)
    return words > 0 and consent * 2 >= words
