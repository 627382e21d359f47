"""Which of the names a page gives itself is its title.

A page names itself several times: the <title> ("Heading | Shop name", "Brand | Tagline"),
og:title, JSON-LD's headline, one or more <h1>s. Which of them, or which part of the
<title>, is the page's own title depends on the kind of page: an article's is its <h1>, a
shop category's often the <title> without the shop's name, a service page's the <title>
part that says what is offered while the <h1> is a slogan. A hand rule
(`htmlmeta._rule_title`) picks one; a small model ranks every candidate on where it was
found, which other places name it too, what it looks like and whether the rule picked it,
and the best-ranked one is the title. A second ranker also reads what `clean` finds (the
page's type, how likely each candidate's line is kept: `with_page`), and `clean` ranks the
candidates again with it. Trained by scripts/train_html_title.py on the WCXB-dev gold titles
(cross-validated by site) and shipped as title_model.npz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import numpy as np

from ..annotate.urls import parse_url
from ..clean.features import PAGE_TYPES
from ..clean.model import ObliviousEnsemble, load_named

MODEL_PATH = Path(__file__).with_name("title_model.npz")
# "A | B", "A - B", and the full-width bar of Chinese and Japanese titles, spaced or not ("見出し｜サイト名")
SPLIT = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|｜]\s*|\s+::\s+")
_ENDS = re.compile(r"^[\s|｜·•»/:–—-]+|[\s|｜·•»/:–—-]+$")  # a separator left at either end
_WORD = re.compile(r"[^\W_]+")
_NON_WORD = re.compile(r"\W+")
_DIGIT = re.compile(r"\d")
# what a CMS writes before the name of an archive, a thread, a search ("Collection: Sennheiser")
KIND_LABEL = re.compile(r"^(?:collection|category|categories|tag|tags|archives?|thread|topic|forum|blog|"
                         r"browse subject|subject|shop|products?|results? for)\s*:\s*(?=\S)", re.I)
# a name that says nothing of the page: an editor's default, a front page's label in the <title>
PLACEHOLDER = re.compile(r"^(?:untitled(?: document| page)?|document|(?:site )?home(?: ?page)?|index(?:\.\w+)?|"
                         r"welcome|new page|page|default|blank|no title|title|main page|start page|startseite|"
                         r"accueil|inicio|página (?:de )?inicio|首页|主页|ホーム|홈)$", re.I)
MAX_H1 = 4  # the first few <h1>s: later ones are teasers' and widgets'
MAX_CHARS = 1000  # of a <title> or og:title read for names: a longer one is stuffed with keywords

# what the page declares it is (og:type, JSON-LD @type endings): a shop's title is not an article's
_KINDS = {"og_article": ("og:article",), "og_product": ("og:product",), "og_website": ("og:website",),
          "ld_article": ("article", "posting", "report"), "ld_product": ("product",),
          "ld_list": ("collectionpage", "itemlist", "searchresultspage", "offercatalog"),
          "ld_forum": ("discussionforumposting", "qapage", "question"),
          "ld_organization": ("organization", "corporation", "softwareapplication")}
KIND_NAMES = [f"kind_{k}" for k in _KINDS]


def page_kinds(kinds: set[str]) -> list[float]:
    """`kinds`: og:type as "og:<type>" and the JSON-LD @types the page declares, lowercased."""
    return [float(any(k.endswith(e) for k in kinds for e in ends)) for ends in _KINDS.values()]


# where a candidate was found: each is a 0/1 feature, and the place's position where it has one
SOURCES = ("h1", "h1_head", "title", "title_part", "title_head", "title_tail", "declared", "declared_part",
           "declared_head", "rule")
TITLE_NAMES = [f"src_{s}" for s in SOURCES] + [
    "n_sources", "h1_index", "n_h1", "part_index", "part_from_end", "n_title_parts", "declared_part_index",
    "n_declared_parts", "declared_is_title", "is_site", "has_site", "log_chars", "n_words", "upper_r", "cap_words_r",
    "has_sep", "has_colon", "has_digit", "ends_punct", "kind_label", "in_title_r", "title_cover", "in_h1_r", "h1_cover",
    "slug_share", "slug_cover", "n_candidates", "words_rank", "title_site_last", "title_site_first",
    "path_depth", "url_root",
] + KIND_NAMES


# what `clean` knows when it ranks the candidates again (`with_page`)
PAGE_NAMES = [f"type_{t}" for t in PAGE_TYPES] + ["line_p", "line_kept", "line_from_body"]
CLEANED_NAMES = TITLE_NAMES + PAGE_NAMES
MAX_LINES = 3000  # of the page's lines looked through for a candidate
_NON_WORD_LINES = re.compile(r"[^\w\n]+")  # `key` of every line of a text in one pass


def key(s: str) -> str:
    return _NON_WORD.sub("", s.casefold())


def _words(s: str) -> set[str]:
    return {w for w in _WORD.findall(s.casefold())}


@dataclass(frozen=True)
class Names:
    """What an HTML page's markup calls it, as `key`s, for `clean` to tell its title line by:
    the title the extractor chose, and every name it gives (whole and in parts)."""

    chosen: str | None
    every: frozenset[str]


@dataclass
class Candidate:
    text: str
    sources: set[str] = field(default_factory=set)
    h1_index: int = -1
    part_index: int = -1
    part_from_end: int = -1
    declared_part_index: int = -1

    @property
    def name(self) -> str:
        """The title this candidate gives: without a CMS's label of the kind of page."""
        return KIND_LABEL.sub("", self.text)


def _parts(s: str) -> list[tuple[int, int]]:
    """(start, end) of each part of a "A | B - C" name, separators left out."""
    out, pos = [], 0
    for m in SPLIT.finditer(s):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(s):
        out.append((pos, len(s)))
    return [(a, b) for a, b in out if s[a:b].strip()]


def candidates(head: str, declared: str | None, h1s: list[str], rule: str | None) -> list[Candidate]:
    """Every name the page gives itself (the <title> `head`, og:title or the JSON-LD headline
    `declared`, the <h1>s), whole and in parts, merged when they read the same."""
    found: dict[str, Candidate] = {}

    def add(text: str, source: str, **pos: int) -> None:
        text = _ENDS.sub("", text)
        k = key(text)
        if len(k) < 2 or len(text) > 300:
            return
        c = found.setdefault(k, Candidate(text))
        c.sources.add(source)
        for name, v in pos.items():
            if getattr(c, name) < 0:
                setattr(c, name, v)

    for i, h in enumerate(h1s[:MAX_H1]):
        add(h, "h1", h1_index=i)
        if "|" in h:
            add(h.split("|")[0], "h1_head", h1_index=i)
    for name, s in (("title", head), ("declared", declared or "")):
        if not s:
            continue
        add(s, name)
        parts = _parts(s)
        if len(parts) > 1:
            for j, (a, b) in enumerate(parts):
                if name == "title":
                    add(s[a:b], "title_part", part_index=j, part_from_end=len(parts) - 1 - j)
                else:
                    add(s[a:b], "declared_part", declared_part_index=j)
            add(s[: parts[-1][0]], f"{name}_head")
            if name == "title":
                add(s[parts[1][0] :], "title_tail")
    if rule:
        add(rule, "rule")
    return list(found.values())


def features(cands: list[Candidate], head: str, declared: str | None, h1s: list[str], sites: set[str],
             url: str | None, kinds: set[str]) -> np.ndarray:
    """One row per candidate, in TITLE_NAMES order (`kinds`: see page_kinds)."""
    k = len(cands)
    title_w = _words(head)
    h1_w = _words(h1s[0]) if h1s else set()
    path = unquote(parse_url(url).path)
    page = [len([x for x in path.split("/") if x]), float(bool(url) and path.strip("/") == "")]
    page += page_kinds(kinds)
    slug = {w for w in _WORD.findall(path.casefold()) if len(w) > 1 and not w.isdigit()}
    tparts = _parts(head) if head else []
    dparts = _parts(declared) if declared else []
    site_last = float(len(tparts) > 1 and is_site(head[tparts[-1][0] : tparts[-1][1]], sites))
    site_first = float(len(tparts) > 1 and is_site(head[tparts[0][0] : tparts[0][1]], sites))
    n_words = np.asarray([len(_WORD.findall(c.text)) for c in cands], np.float32)
    rank = np.empty(k, np.float32)
    rank[np.argsort(-n_words, kind="stable")] = np.arange(k)
    rows = []
    for i, c in enumerate(cands):
        t = c.text
        ws = _WORD.findall(t)
        w = {x.casefold() for x in ws}
        ck = key(t)
        row = [float(s in c.sources) for s in SOURCES] + [
            len(c.sources), c.h1_index, len(h1s), c.part_index, c.part_from_end, len(tparts), c.declared_part_index,
            len(dparts), float(bool(declared) and key(declared) == key(head)), float(is_site(c.text, sites)),
            float(any(len(s) >= 4 and s in ck for s in sites)), np.log1p(len(t)), n_words[i],
            sum(map(str.isupper, t)) / max(sum(map(str.isalpha, t)), 1),
            sum(x[:1].isupper() for x in ws) / max(len(ws), 1), float(bool(SPLIT.search(t))),
            float(":" in t), float(bool(_DIGIT.search(t))), float(t[-1:] in ".!?"), float(bool(KIND_LABEL.match(t))),
            len(w & title_w) / max(len(w), 1), len(w & title_w) / max(len(title_w), 1),
            len(w & h1_w) / max(len(w), 1), len(w & h1_w) / max(len(h1_w), 1),
            len(w & slug) / max(len(w), 1), len(w & slug) / max(len(slug), 1), k, rank[i] / max(k - 1, 1),
            site_last, site_first, *page,
        ]
        rows.append(row)
    return np.asarray(rows, np.float32).reshape(k, len(TITLE_NAMES))


def is_site(part: str, sites: set[str]) -> bool:
    k = key(part)
    return any(k == s or (len(s) >= 4 and s in k and len(k) <= len(s) + 6) for s in sites)


@cache
def load_model(path: str | Path | None = None, cleaned: bool = False) -> ObliviousEnsemble | None:
    """`cleaned`: the ranker that also reads what `clean` found (see `with_page`)."""
    return load_named(Path(path or MODEL_PATH), "tc" if cleaned else "ti", CLEANED_NAMES if cleaned else TITLE_NAMES,
                      "scripts/train_html_title.py")


def with_page(cands: list[Candidate], X: np.ndarray, type_p: np.ndarray, lines: list[str], p: np.ndarray,
              threshold: float) -> np.ndarray:
    """The candidates' rows and what the cleaner found (PAGE_NAMES): the page-type model's
    probabilities, since which name is the title follows the kind of page (an article's
    <h1>, a service page's or a shop category's <title> part); and, for a candidate the text
    shows as a line, the keep probability `p` of its likeliest copy, whether that clears the
    page's `threshold`, and how many lines its first copy sits from the first line that does
    (a headline sits right above the body; a name shown only in a menu or a list is none).
    Titles exactly right on wcxb-dev (cross-validated, mean of six seeds): 0.816 without,
    0.821 with the types, 0.828 with both (docs/experiments.md)."""
    k = len(cands)
    out = np.empty((k, len(PAGE_NAMES)), np.float32)
    out[:, : len(PAGE_TYPES)] = np.asarray(type_p, np.float32)
    best, kept, dist = np.full(k, -1.0), np.full(k, -1.0), np.full(k, 999.0)
    n = min(len(lines), MAX_LINES)
    if k and n:
        want: dict[str, list[int]] = {}
        for j, c in enumerate(cands):
            want.setdefault(key(c.name), []).append(j)
        above = p >= threshold
        first = int(np.argmax(above)) if above.any() else len(p)
        keys = _NON_WORD_LINES.sub("", "\n".join(lines[:n]).casefold()).split("\n")
        for i, kk in enumerate(keys):
            for j in want.get(kk, ()):
                if best[j] < 0:
                    dist[j] = float(np.clip(i - first, -200, 200))
                best[j] = max(best[j], float(p[i]))
        shown = best >= 0
        kept[shown] = best[shown] >= threshold
    out[:, len(PAGE_TYPES):] = np.stack([best, kept, dist], axis=1)
    return np.hstack([X, out]).astype(np.float32)


def choose(model: ObliviousEnsemble | None, cands: list[Candidate], X: np.ndarray) -> str | None:
    """The best-ranked candidate; without a model, the rule's pick. Never a placeholder
    ("Untitled Document", "Home"): the next best then, as a wrong title is worse than none.
    They stay candidates, so the rankers see every page as they were trained on it."""
    if not cands:
        return None
    if model is None:
        order = [i for i, c in enumerate(cands) if "rule" in c.sources]
    else:
        order = np.argsort(-model.decision(X), kind="stable").tolist()
    return next((cands[i].name for i in order if not PLACEHOLDER.match(cands[i].name)), None)
