"""Cleaning one page of visible text: every line kept or dropped with a reason.

The order of decisions: the line model proposes (keep probability per line), injected spam
is removed whatever the model said, the header (title, section, date/byline lines) is
moved into metadata, and every other dropped line gets a reason from `reasons`.
Pages are processed in batches so the tree ensemble runs once over many pages' lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from ..annotate.language import detect_language
from ..annotate.urls import site_root, url_date
from ..extract.dom import DOM_NAMES
from ..extract.pagekind import KIND_NAMES
from ..extract.title import Names, key
from .chapters import chapters, heading_as_chapter, merged_meta, part_lines
from .code import code_and_programs, whole_code_blocks
from .features import (
    FEATURE_NAMES,
    OVERLAY,
    PAGE_TYPES,
    SUMMARY_NAMES,
    TYPE_WORD_NAMES,
    line_features,
    line_model_names,
    main_span,
    page_summary,
    stage2_features,
    stage2_names,
)
from .lines import PageLines, split_lines, without_permalink
from .markdown import assemble_markdown, links_by_part
from .metadata import NO_CHOICE, extract_header, shown_name
from .model import HTML_MODEL_PATH, MODEL_PATH, ObliviousEnsemble, load_models, load_title_model, load_token_scores
from .reasons import reasons_for
from .scripts import SCRIPTS, TEXT_PER_LETTER, dominant, dominant_all, line_script_counts
from .spam import find_spam
from .template import unrendered
from .title import MIN_P as TITLE_MIN_P
from .title import TITLE_NAMES, likeliest_title
from .tokens import page_type_words, token_features

_LOG_WORDS = FEATURE_NAMES.index("log_words")
# control characters, zero-width space, byte-order mark, and the invisible direction marks,
# embeddings and isolates ("\u202aGeoffrey Hinton\u202c"); not the joiners (U+200C/D), which
# Persian, Indic scripts and emoji need
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MOJIBAKE_HINT = re.compile("[ÃÂâ][\u0080-\u00bf\u2018-\u201e\u20ac\u2122]|Ã.|â€")


@dataclass
class LineDecision:
    line: int  # index in the page's raw lines
    text: str
    reason: str
    score: float


@dataclass
class CleanedPage:
    text: str
    meta: dict = field(default_factory=dict)
    removed: list[LineDecision] = field(default_factory=list)
    type_p: np.ndarray | None = None  # page-type probabilities, PAGE_TYPES order
    code: list[str] | None = None  # kept lines of the page's code blocks, for dedup.lines
    # (lines, keep probabilities, threshold) of the page, its first part when judged in chapters:
    # what the stage's title ranker reads (extract/title.with_page)
    seen: tuple[list[str], np.ndarray, float] | None = None


def normalise(text: str) -> str:
    """Control characters out; mojibake (UTF-8 read as cp1252) repaired when it is clearly there."""
    text = _CONTROL.sub("", text)
    head = text[:100_000]
    if ("Ã" in head or "Â" in head or "â" in head) and _MOJIBAKE_HINT.search(head):
        import ftfy

        text = ftfy.fix_text(text, normalization="NFC")
    return text


def type_model_names(html: bool) -> list[str]:
    """What the page-type model reads: the page summary, on HTML pages what the HTML says the
    page is (`extract/pagekind.py`), and what the page's words say (`tokens`)."""
    return list(SUMMARY_NAMES) + (list(KIND_NAMES) if html else []) + TYPE_WORD_NAMES


def type_inputs(X: np.ndarray, pl: PageLines, kind: np.ndarray | None, html: bool,
                words: np.ndarray | None = None) -> np.ndarray:
    """One row for the page-type model; an HTML page whose kind signals are unknown (its
    text came with DOM signals but from outside the extractor) reads as one without any.
    `words`: the page's `page_type_words` (None: appended later, by the trainer)."""
    parts = [page_summary(X, pl)]
    if html:
        parts.append(kind if kind is not None else np.zeros(len(KIND_NAMES), np.float32))
    if words is not None:
        parts.append(words)
    return np.concatenate(parts).astype(np.float32)


@cache
def _models(html: bool) -> tuple[ObliviousEnsemble, ObliviousEnsemble, ObliviousEnsemble]:
    """The shipped models, refused when they were trained on other features than this code
    builds: the trees would read the wrong columns and quietly keep the wrong lines."""
    path = HTML_MODEL_PATH if html else MODEL_PATH
    types, s1, s2 = load_models(path)
    lines = line_model_names(html)
    if types.names != type_model_names(html) or s1.names != lines or s2.names != lines + stage2_names(html):
        raise RuntimeError(f"{path.name} was trained on other features than this code builds; retrain it: "
                           f"python scripts/train_line_model.py --mode {'html' if html else 'text'}")
    return types, s1, s2


@cache
def _title_model() -> ObliviousEnsemble | None:
    model = load_title_model(MODEL_PATH)
    if model is not None and model.names != list(TITLE_NAMES):
        raise RuntimeError(f"the title model in {MODEL_PATH.name} was trained on other features; retrain it: "
                           "python scripts/train_line_model.py --mode text")
    return model


def _predict(pages: list[PageLines], doms: list[np.ndarray] | None,
             kinds: list[np.ndarray | None]) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    html = doms is not None
    types, s1, s2 = _models(html)
    scores, type_scores = load_token_scores(HTML_MODEL_PATH if html else MODEL_PATH)
    if html:
        base = [line_features(pl, d) for pl, d in zip(pages, doms or [])]
    else:
        base = [np.concatenate([line_features(pl), token_features(pl, scores)], axis=1) for pl in pages]
    rows = [type_inputs(f, pl, k, html, page_type_words(pl, type_scores)) for f, pl, k in zip(base, pages, kinds)]
    type_p = types.predict_proba(np.stack(rows))
    feats = [np.concatenate([f, np.repeat(t[None, :], len(f), axis=0)], axis=1).astype(np.float32)
             for f, t in zip(base, type_p)]
    sizes = [len(f) for f in feats]
    if not sum(sizes):
        return feats, [np.zeros(0) for _ in pages], type_p
    cuts = np.cumsum(sizes)[:-1]
    p1 = np.split(s1.predict_proba(np.concatenate(feats)), cuts)
    x2 = [stage2_features(f, p, pl, doms is not None) for f, p, pl in zip(feats, p1, pages)]
    p2 = np.split(s2.predict_proba(np.concatenate(x2)), cuts)
    return feats, p2, type_p


def predict(pages: list[PageLines], doms: list[np.ndarray | None],
            kinds: list[np.ndarray | None] | None = None) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """(features, keep probability) per page and page-type probabilities; each model runs once a batch.

    Pages with DOM signals (one row per line) go to the HTML model, the rest to the
    page-text model.
    """
    n = len(pages)
    with_dom = [d is not None for d in doms]
    feats: list[np.ndarray] = [np.zeros(0)] * n
    probs: list[np.ndarray] = [np.zeros(0)] * n
    type_p = np.zeros((n, len(PAGE_TYPES)))
    for html in (False, True):
        sel = [i for i in range(n) if with_dom[i] == html]
        if not sel:
            continue
        f, p, t = _predict([pages[i] for i in sel], [doms[i] for i in sel] if html else None,  # type: ignore[index,misc]
                           [kinds[i] if kinds else None for i in sel])
        for j, i in enumerate(sel):
            feats[i], probs[i], type_p[i] = f[j], p[j], t[j]
    return feats, probs, type_p


def assemble(pl: PageLines, keep: np.ndarray, code: np.ndarray | None = None) -> str:
    """Kept lines, a blank line between blocks (paragraphs), single newlines inside one.
    Lines of `code` keep their indentation: without it Python, YAML or a Makefile is not
    the same program."""
    out: list[str] = []
    last_block = None
    for i in np.flatnonzero(keep):
        b = pl.block[i]
        if out and b != last_block:
            out.append("")
        out.append(without_permalink(pl.raw[pl.idx[i]].rstrip() if code is not None and code[i] else pl.text[i]))
        last_block = b
    return "\n".join(out)


# no-break spaces as plain ones in the text written out: 570 of wcxb-dev's 1,497 outputs held
# some (DocBook puts one between every word of a literal layout); a tokenizer reads U+00A0 as
# another character, and no metric or reader tells them apart. The lines the model read keep them.
NO_BREAK = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})
_REPEAT_WORDS = 10  # a line this long said twice word for word is one text shown twice


def repeated_lines(pl: PageLines, X: np.ndarray, keep: np.ndarray, code: np.ndarray | None = None) -> np.ndarray:
    """Kept lines that repeat an earlier kept line of `_REPEAT_WORDS` words or more: a block
    the page renders for phone and desktop, a forum post quoted in a reply. The text holds
    them once; the metrics, like a reader, count every repeated word. Shorter lines repeat
    for their own reasons (a listing's "Add to cart", a table's cells) and stay, unless one
    follows its own copy among the kept lines outside `code` (a carousel's slides each
    showing the same heading: wcxb-dev word_f1 +0.0003, scrapinghub unchanged)."""
    words = np.rint(np.expm1(X[:, _LOG_WORDS]))
    long = np.flatnonzero(keep & (words >= _REPEAT_WORDS))
    first = np.zeros(len(long), bool)
    first[np.unique(pl.line_ids[long], return_index=True)[1]] = True
    prose = np.flatnonzero(keep & ~code) if code is not None else np.flatnonzero(keep)
    again = prose[1:][(pl.line_ids[prose[1:]] == pl.line_ids[prose[:-1]]) & (words[prose[1:]] >= 2)]
    return np.union1d(long[~first], again).astype(np.int64)


def clean_lines(pl: PageLines, X: np.ndarray, p: np.ndarray, threshold: float, spam: bool, metadata: bool,
                dom: np.ndarray | None = None, title_model: ObliviousEnsemble | None = None,
                url: str | None = None, title_line: int | None = NO_CHOICE,
                links: list[tuple[str, str | None]] | None = None, from_html: bool = False,
                overlay: np.ndarray | None = None, markdown: bool = False,
                guess_section: bool = True, names: Names | None = None,
                title_in_text: bool = False) -> CleanedPage:
    """`X`: the line model's input (page-type probabilities last); `dom`: DOM signals of these
    lines (code blocks stay whole and keep their indentation; with `markdown`, the kept lines
    are written as Markdown, and `links`, the page's (anchor text, URL) in document order, as
    Markdown links); `title_model`: picks the title line (else a rule does), helped by the
    page's `url`; `title_line`: a choice made elsewhere
    (the cross-validated one of bench/quality.py); `from_html`: the lines were rendered from
    HTML, whose own metadata reads the author box below the article; `overlay`: lines the
    extractor found in a closed modal dialog, dropped whatever their probability;
    `guess_section`: the line above the title may name the page's section (`guesses_section`);
    `names`: what an HTML page's markup calls it: the line nearest above the body that shows
    the title it chose is the title line (`shown_name`), and a heading line the header rule
    takes instead that shows no name at all is not the title (`clean.header`); `title_in_text`:
    the title line stays in the text (a product's name is part of what the page sells)."""
    n = len(pl)
    reason: dict[int, str] = {}
    if overlay is not None:
        p = np.where(overlay, 0.0, p)
        reason.update((i, "extract.overlay") for i in np.flatnonzero(overlay).tolist())
    keep = p >= threshold
    if n and not keep.any() and p.max() > 0.05:
        # nothing sure enough: keep the page's most article-like run rather than return nothing
        words = np.expm1(X[:, _LOG_WORDS]) + 1
        s, e = main_span((p - 0.6 * p.max()) * np.sqrt(words))
        keep[s:e] = p[s:e] >= 0.6 * p.max()
    code, program = code_and_programs(pl, dom)
    keep = whole_code_blocks(pl, keep, program)
    placeholders = np.flatnonzero(unrendered(pl.text) & ~code)
    keep[placeholders] = False
    reason.update((i, "clean.template") for i in placeholders.tolist() if i not in reason)
    repeats = repeated_lines(pl, X, keep, code)
    for i in repeats.tolist():
        keep[i] = False
        reason[i] = "clean.repeated"
    meta: dict = {}
    counts = line_script_counts(pl.text)
    weights = counts[:, 1:].sum(axis=1) * np.where(keep, 1.0, 0.05)
    body_script, _ = dominant((counts * weights[:, None]).sum(axis=0) * TEXT_PER_LETTER) if n else (0, 0.0)
    if spam and n:
        verdicts = find_spam(pl.text, counts, body_script, p, exempt=None if dom is None else spam_exempt(dom))
        for v in verdicts:
            keep[v.line] = False
            reason[v.line] = "clean.spam"
        if verdicts:
            meta["spam_injected"] = True
            langs = sorted({lang for v in verdicts if (lang := detect_language(pl.text[v.line])[0])})
            meta["spam_languages"] = langs
    kept_idx = np.flatnonzero(keep)
    if metadata and len(kept_idx):
        choice, anchor = title_line, None
        if title_model is not None and choice == NO_CHOICE:
            choice, score = likeliest_title(title_model, pl.text, X, p, int(kept_idx[0]), url)
            if score < TITLE_MIN_P:  # no title, but still where the headline likeliest stands
                choice, anchor = None, choice
        if choice == NO_CHOICE and names is not None and names.chosen:
            choice = shown_name(pl.text, names.chosen, int(kept_idx[0]))
            if len(kept_idx) == 1 and choice == kept_idx[0]:
                choice = NO_CHOICE  # the page's only line: the header rule judges it (a link post's long title stays)
        if choice not in (None, NO_CHOICE) and pl.line_ids[choice] in pl.line_ids[repeats]:
            choice = None  # a paragraph the page repeats: as the title, none of its copies would stay
        header = extract_header(pl.text, keep.tolist(), int(kept_idx[0]), int(kept_idx[-1]), choice,
                                below_body=not from_html, guess_section=guess_section, anchor=anchor)
        head, why = header.title_line, "clean.title"
        if head is not None and names is not None and names.every and key(pl.text[head]) not in names.every:
            # the fullest heading-like line above the body is as often an app banner, a promotion
            # or a section heading: one the model kept goes (as before), one it dropped keeps its reason
            header.meta.pop("title", None)
            head, why = (head if keep[head] else None), "clean.header"
        elif title_in_text:
            head = None
        meta.update(header.meta)
        for i, r in ([(head, why), (header.category_line, "clean.category")]
                     + [(j, "clean.metadata_line") for j in header.metadata_lines]):
            if i is not None and i not in reason:
                keep[i] = False
                reason[i] = r
    dropped = [i for i in np.flatnonzero(~keep).tolist() if i not in reason]
    s, e = (int(kept_idx[0]), int(kept_idx[-1]) + 1) if len(kept_idx) else (0, 0)
    for i, why in zip(dropped, reasons_for(X, np.asarray(dropped, np.int64), (s, e), pl.text)):
        reason[i] = why
    raw, doubt = pl.idx.tolist(), (1.0 - p).tolist()
    removed = [LineDecision(raw[i], pl.text[i], reason[i], doubt[i]) for i in sorted(reason)]
    if dom is not None and markdown:
        text = assemble_markdown(pl, keep, dom, links)
    else:
        text = assemble(pl, keep, code)
    text = text.translate(NO_BREAK)
    if text:
        lang, score = detect_language(text)
        if lang:
            meta["language"] = lang
            meta["language_score"] = score
    sids, _ = dominant_all(counts)
    foreign = np.flatnonzero((sids != 0) & (sids != body_script) & (counts[:, 1:].sum(axis=1) >= 10)).tolist()
    if foreign:
        line_langs: dict[str, int] = {}
        for i in foreign[:50]:
            lang, _ = detect_language(pl.text[i])
            if lang:
                line_langs[lang] = line_langs.get(lang, 0) + 1
        if line_langs:
            meta["line_languages"] = line_langs
    meta["script"] = SCRIPTS[body_script]
    return CleanedPage(text, meta, removed, code=sorted({pl.text[i] for i in np.flatnonzero(keep & program)}) or None)


_ARTICLE = PAGE_TYPES.index("article")
_CODE, _LINK, _TABLE = (DOM_NAMES.index(f"dom_{g}") for g in ("code", "link", "table"))
_SURE = 0.5  # a keep probability the model stands by, whatever the page's threshold


def overlay_lines(dom: np.ndarray | None, p: np.ndarray) -> np.ndarray | None:
    """Lines the extractor found in a closed modal dialog, or None. Crawls save overlays closed
    (privacy policies, seller cards, sign-up offers, a copy of the story to republish). A page
    drawn inside a dialog (a lightbox view of a post) keeps them: outside the dialog the line
    model (keep probabilities `p`) finds nothing it is sure of. The dialogs' share of the
    page's words is no test: the bench pages holding most of their words in dialogs were shops
    and forums whose policy or sign-in dialogs outweigh the page, no gold word inside (9)."""
    if dom is None or not len(dom):
        return None
    overlay = dom[:, OVERLAY] >= 0.5
    if not overlay.any() or not (p[~overlay] >= _SURE).any():
        return None
    return overlay


_BOILER_TAG = DOM_NAMES.index("dom_boiler_tag")


def spam_exempt(dom: np.ndarray) -> np.ndarray:
    """Lines inside code or a table: commands and settings in Latin script on a page in
    another are what such a page quotes, not what someone injected into it."""
    return (dom[:, _CODE] >= 0.5) | (dom[:, _TABLE] >= 0.5)


def nav_identifiers(dom: np.ndarray) -> np.ndarray:
    """Lines that are a linked identifier (`accumulate()`, `Promise.all()`, `type: ClusterIP`)
    in a block tagged as navigation (<nav>, role=navigation): a documentation site's index of
    its API, a page's table of contents. The line model, which learned that code on
    documentation pages is content, kept Sphinx's and rustdoc's sidebars and Node.js's
    contents on pages outside the bench; on the bench (41 lines on 14 pages) dropping them
    moves no figure. Not on class names alone: MDN's and Django's lists of a class's members
    in the body carry "sidebar"-like names (111 lines on 12 wcxb-dev documentation pages)."""
    return (dom[:, _BOILER_TAG] >= 0.5) & (dom[:, _LINK] >= 0.9) & (dom[:, _CODE] >= 0.5)


def ruled_out(dom: np.ndarray | None, p: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Keep probabilities with the lines the extractor's signals rule out set to 0 (before the
    page's threshold is chosen among the lines it may keep), and the overlay lines, whose
    reason is `extract.overlay`."""
    overlay = overlay_lines(dom, p)
    if overlay is not None:
        p = np.where(overlay, 0.0, p)
    if dom is not None and len(dom):
        p = np.where(nav_identifiers(dom), 0.0, p)
    return p, overlay


def guesses_section(dom: np.ndarray | None, type_p: np.ndarray) -> bool:
    """Whether the line above the title may name the page's section: on a page read as an
    article, from its text only. HTML declares its section (`declared_section`) or gets
    none: above its headline stands the header's last menu entry ("Contact", "Get Started")
    as often as a section (`bench/metadata.py` checks the guess against what the markup
    declares)."""
    return dom is None and bool(type_p[_ARTICLE] >= 0.5)


def page_threshold(threshold: float, type_p: np.ndarray, type_slack: float) -> float:
    """A fixed keep threshold for one page, lower the surer the type model is that it is no article."""
    return threshold - type_slack * (1.0 - float(type_p[_ARTICLE]))


_FLOOR = 0.05  # below this a line is never kept, whatever the page


#: the default exponents of `expected_gain_threshold` by page type (`Clean.sharpen`)
SHARPEN = {"article": 0.5, "collection": -0.3}
#: what a unit of expected recall is worth against one of expected precision (`Clean.recall_weight`)
RECALL_WEIGHT = 0.9


def sharpen_weights(sharpen: dict[str, float]) -> np.ndarray:
    """A {page type: a} mapping as one weight per model page type (0 for types not named);
    the one check of a mapping, for the stage's config and for `clean_pages` callers alike."""
    unknown = set(sharpen) - set(PAGE_TYPES)
    if unknown:
        raise ValueError(f"sharpen: unknown page types {sorted(unknown)}; known: {PAGE_TYPES}")
    for t, a in sharpen.items():
        if isinstance(a, bool) or not isinstance(a, (int, float)) or not -1.0 < a <= 5.0:
            raise ValueError(f"sharpen: {t}: {a!r}; each value must be a number above -1 (the exponent stays "
                             "positive) and at most 5")
    return np.asarray([float(sharpen.get(t, 0.0)) for t in PAGE_TYPES])


def check_recall_weight(w: object) -> float:
    if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0.0 < w <= 10.0:
        raise ValueError(f"recall_weight: {w!r}; must be a number above 0 and at most 10")
    return float(w)


def expected_gain_threshold(p: np.ndarray, X: np.ndarray, type_p: np.ndarray, sharpen: np.ndarray,
                            recall_weight: float = RECALL_WEIGHT) -> float:
    """The page's own keep threshold: its lines are kept most likely first, up to where the
    expected word precision plus `recall_weight` times the expected word recall of the
    page peaks, reading each line's probability as the chance its words are content.

    A fixed threshold keeps a line at 0.5 whatever the rest of the page holds; what a
    doubtful line is worth depends on the whole page: on a page whose content is many
    doubtful short lines (a listing, a spec sheet) keeping them pays, next to a sure article
    body it does not. Probabilities are raised to 1 + sum of `sharpen`[t] x P(t) over the
    page types t: sharpened the surer the page is an article, where leaving out a doubtful
    line costs little recall; flattened on a collection (a shop's category page), whose
    item lines the model rates lower than the gold keeps them.

    Precision plus recall rather than the page's expected F1, which this replaced: the
    harmonic mean gives up a page's recall to save its precision where the model is unsure
    of the whole page, and scored lower on both bench sets. Each of 5 host folds chose the
    weight from 0.6-1.1 on the other four (both sets, both modes): 0.9 in four, 0.8 in one.
    Nested, against expected F1: scrapinghub F1 0.9187 -> 0.9228 (page text), 0.9687 ->
    0.9701 (HTML); wcxb-dev word_f1 0.8369 -> 0.8379, 0.8722 -> 0.8743."""
    if not len(p):
        return 0.5
    words = np.expm1(X[:, _LOG_WORDS]) + 1
    q = np.clip(p, 0.0, 1.0) ** (1.0 + float(sharpen @ type_p))
    order = np.argsort(-p, kind="stable")
    kept_content = np.cumsum(q[order] * words[order])
    gain = kept_content / np.cumsum(words[order]) + recall_weight * kept_content / max(float((q * words).sum()), 1e-9)
    return max(float(p[order[int(np.argmax(gain))]]), _FLOOR)


def keep_threshold(p: np.ndarray, X: np.ndarray, type_p: np.ndarray, threshold: float | None, type_slack: float,
                   sharpen: np.ndarray, recall_weight: float = RECALL_WEIGHT) -> float:
    """The threshold `clean` keeps a page's lines at: the page's expected-gain one when
    `threshold` is None, else the fixed one lowered by `type_slack` on pages unlike articles.
    The cleaner, its trainer and bench/quality.py all decide through this."""
    if threshold is None:
        return expected_gain_threshold(p, X, type_p, sharpen, recall_weight)
    return page_threshold(threshold, type_p, type_slack) if len(p) else threshold


def title_in_text(type_p: np.ndarray) -> bool:
    """Whether a page of these type probabilities keeps its title line in its text: a product's
    name is part of what the page sells (the gold holds it on a third of wcxb-dev's product
    pages, an article's headline on 4% of articles)."""
    return PAGE_TYPES[int(np.argmax(type_p))] == "product"


def clean_pages(texts: list[str], threshold: float | None = None, spam: bool = True, metadata: bool = True,
                doms: list[np.ndarray | None] | None = None, markdown: bool = False,
                type_slack: float = 0.15, urls: list[str | None] | None = None,
                links: list[list[tuple[str, str | None]] | None] | None = None,
                sharpen: dict[str, float] | None = None, kinds: list[np.ndarray | None] | None = None,
                recall_weight: float = RECALL_WEIGHT,
                names: list[Names | None] | None = None) -> list[CleanedPage]:
    """`doms`: the extractor's DOM signals per page (None for pages that came as text);
    `urls`: where the pages came from (their slug helps find a text page's title);
    `links`: each page's links from the extractor, written as Markdown links when `markdown`;
    `kinds`: what each HTML page's markup says it is (`extract.pagekind.page_kind`);
    `names`: what each HTML page's markup calls it (`clean_lines`);
    `markdown`: write pages that have them as Markdown; `threshold`: None gives each page
    the threshold where its expected precision + `recall_weight` x recall peaks
    (`expected_gain_threshold`, with `sharpen`, {page type: a}, default `SHARPEN`); a number is one fixed threshold,
    `type_slack` lower on a page the type model is sure is not an article."""
    doms = doms or [None] * len(texts)
    weights = sharpen_weights(SHARPEN if sharpen is None else sharpen)
    recall_weight = check_recall_weight(recall_weight)
    # text from the extractor with DOM signals was normalised there, with the signals
    pages = [split_lines(t if d is not None else normalise(t)) for t, d in zip(texts, doms)]
    # signals that no longer fit the lines (a stage between `extract` and `clean` rewrote
    # the text) are dropped: the page-text model is the honest fallback
    doms = [d if d is not None and len(d) == len(pl) else None for d, pl in zip(doms, pages)]
    urls = urls or [None] * len(pages)
    links = links or [None] * len(pages)
    names = names or [None] * len(pages)
    # a book on one page is judged chapter by chapter (clean/chapters.py); a part is a page or a chapter
    owner: list[int] = []
    parts: list[PageLines] = []
    part_doms: list[np.ndarray | None] = []
    offsets: list[int] = []
    part_links: list[list[tuple[str, str | None]] | None] = []
    for k, (pl, dom) in enumerate(zip(pages, doms)):
        spans = chapters(pl, dom)
        by_part = links_by_part(pl, dom, links[k], spans) if markdown and links[k] and len(spans) > 1 \
            else [links[k]] * len(spans)  # only HTML pages have chapters
        for (a, b), lk in zip(spans, by_part):
            sub, start = (pl, 0) if len(spans) == 1 else part_lines(pl, a, b)
            owner.append(k)
            parts.append(sub)
            part_doms.append(None if dom is None else dom[a:b])
            offsets.append(start)
            part_links.append(lk)
    feats, probs, type_p = predict(parts, part_doms, [kinds[k] if kinds else None for k in owner])
    title_model = _title_model()
    cleaned: list[list[tuple[CleanedPage, int, np.ndarray, int]]] = [[] for _ in pages]
    for k, pl, X, p, tp, dom, start, lk in zip(owner, parts, feats, probs, type_p, part_doms, offsets, part_links):
        first = not cleaned[k]
        p, overlay = ruled_out(dom, p)
        if not first:
            p = heading_as_chapter(p)
        th = keep_threshold(p, X, tp, threshold, type_slack, weights, recall_weight)
        # pages from HTML get their title from its markup; the title model is for text pages.
        # A chapter after the first has no header to read.
        part = clean_lines(pl, X, p, th, spam, metadata and first, dom, None if dom is not None else title_model,
                           urls[k], links=lk, from_html=dom is not None, overlay=overlay,
                           markdown=markdown, guess_section=guesses_section(dom, tp), names=names[k],
                           title_in_text=dom is not None and title_in_text(tp))
        if len(pl):
            part.meta["keep_threshold"] = round(th, 4)  # a line's keep probability is 1 - its removal score
        if first:
            part.seen = (pl.text, p, th)
        cleaned[k].append((part, start, tp, len(pl)))
    out = []
    for pl, url, done in zip(pages, urls, cleaned):
        page, _, tp, _ = done[0]
        if len(done) > 1:
            text = "\n\n".join(c.text for c, _, _, _ in done if c.text)
            page = CleanedPage(text, merged_meta([c.meta for c, _, _, _ in done], text),
                               [LineDecision(r.line + start, r.text, r.reason, r.score) for c, start, _, _ in done
                                for r in c.removed],
                               code=sorted({x for c, _, _, _ in done for x in c.code or []}) or None,
                               seen=page.seen)
            tp = np.average([t for _, _, t, _ in done], axis=0, weights=[max(n, 1) for _, _, _, n in done])
        if "author" in page.meta:
            page.meta.setdefault("author_source", "text")  # or "thread": a forum engine's label
        if "date" in page.meta:
            page.meta.setdefault("date_source", "text")
        elif metadata and (d := url_date(url)):
            page.meta["date"], page.meta["date_source"] = d, "url"  # a permalink's date when the text shows none
        if metadata and site_root(url):
            for k in ("date", "author"):  # a front page's header dates and names its latest post
                if k in page.meta:
                    page.meta[f"{k}_front_page"] = page.meta.pop(k)
                    page.meta.pop(f"{k}_source", None)
        if len(pl):
            k = int(np.argmax(tp))
            page.meta["page_type"] = PAGE_TYPES[k]
            page.meta["page_type_score"] = round(float(tp[k]), 3)
            page.type_p = tp
        out.append(page)
    return out
