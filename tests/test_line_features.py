"""The line features the models depend on mean what their names say."""

import numpy as np

from tamis.clean.features import (
    DENSE_NAMES,
    DOM_FEATURE_NAMES,
    FEATURE_NAMES,
    STAGE2_NAMES,
    TOPIC_NAMES,
    line_features,
    stage2_features,
)
from tamis.clean.lines import split_lines
from tamis.extract.dom import html_text_and_signals


def _col(X: np.ndarray, name: str, names: list[str] = FEATURE_NAMES) -> np.ndarray:
    return X[:, names.index(name)]


def test_only_later_copies_of_a_line_are_marked_as_repeats():
    text = "Soft wool\nKeeps you warm in winter.\n\nOther text here\n\nSoft wool\nKeeps you warm in winter."
    pl = split_lines(text)
    X = line_features(pl)
    assert _col(X, "dup_before").tolist() == [0, 0, 0, 1, 1]
    assert _col(X, "dup_in_page").tolist() == [1, 1, 0, 1, 1]
    # the second block is nothing but repeats, the first nothing new to it
    assert _col(X, "block_dup_r").tolist() == [0, 0, 0, 1, 1]


def test_lines_before_the_pages_heading_are_marked():
    html = ("<html><body><nav><a href='/'>Home</a></nav><p>Sale ends soon</p>"
            "<h1>The heading</h1><p>First paragraph of the story.</p><p>Second one.</p></body></html>")
    text, S = html_text_and_signals(html)
    pl = split_lines(text)
    X = line_features(pl, S)
    names = FEATURE_NAMES + DOM_FEATURE_NAMES
    h = pl.text.index("The heading")
    before = _col(X, "dom_before_h1", names)
    assert before[:h].all() and not before[h:].any()
    assert _col(X, "dom_h1_dist", names).tolist() == [i - h for i in range(len(pl))]
    assert _col(X, "dom_page_has_h1", names).all()
    X2 = line_features(*(lambda t, s: (split_lines(t), s))(*html_text_and_signals(html.replace("h1>", "h2>"))))
    assert not _col(X2, "dom_page_has_h1", names).any() and not _col(X2, "dom_before_h1", names).any()


def test_stage_two_sees_what_became_of_lines_of_the_same_shape():
    reply = "I tried that one too and the battery lasted two full days."
    text = "\n\n".join(["Home", "Forums", reply, "Joined", reply.replace("tried", "bought"), "Posts", "Share",
                         "Log in", "Terms", reply.replace("battery", "screen")])
    pl = split_lines(text)
    X = line_features(pl)
    p1 = np.asarray([0.0, 0.0, 0.9, 0.1, 0.8, 0.1, 0.0, 0.0, 0.0, 0.05])
    X2 = stage2_features(X, p1, pl)
    names = FEATURE_NAMES + STAGE2_NAMES
    like = _col(X2, "p1_like_lines", names)
    # the last reply, far below the span the first pass kept, looks like the two replies it kept
    assert like[-1] > 0.8 and like[0] < 0.2
    assert _col(X2, "p1_runs", names)[0] == np.float32(np.log1p(2))


def test_stage_two_sees_the_first_passs_verdict_on_a_lines_copies():
    text = "Soft wool\n\nMenu\n\nSoft wool\n\nShop\n\nsoft wool  \n\nMenu"
    pl = split_lines(text)
    p1 = np.asarray([0.9, 0.1, 0.3, 0.2, 0.4, 0.0])
    X2 = stage2_features(line_features(pl), p1, pl)
    names = FEATURE_NAMES + STAGE2_NAMES
    # copies match whatever their case and surrounding spaces; a line alone has none
    assert _col(X2, "p1_copy_before", names).tolist() == [0, 0, np.float32(0.9), 0, np.float32(0.9), np.float32(0.1)]
    assert _col(X2, "p1_copy_after", names).tolist() == [np.float32(0.4), 0, np.float32(0.4), 0, 0, 0]


def test_stage_two_sees_which_lines_share_the_kept_texts_words():
    text = ("Volcano erupts near the coastal village\n"
            "The volcano began erupting at dawn, and the village was evacuated.\n"
            "Lava from the volcano reached the coastal road by noon.\n"
            "Win a holiday cruise today!\n"
            "12 34\n")
    pl = split_lines(text)
    p1 = np.asarray([0.2, 0.9, 0.9, 0.6, 0.1])
    X2 = stage2_features(line_features(pl), p1, pl)
    names = FEATURE_NAMES + STAGE2_NAMES + TOPIC_NAMES
    kept = _col(X2, "shared_words_kept", names)
    # the heading shares volcano, coastal, village with the kept lines; the offer shares nothing,
    # and its own words do not count for it; a line without words has no share
    assert np.allclose(kept, [3 / 5, 1 / 6, 1 / 7, 0, -1])
    assert _col(X2, "log_distinct_words", names)[4] == 0


def test_html_stage_two_weighs_each_line_against_the_densest_paragraph_block():
    para = "The council voted on Tuesday to extend the housing scheme for another five years, officials said."
    teaser = '<div class="item"><a href="/x"><h4>Other story</h4><p>A blurb about another story that ran this week.</p></a></div>'
    html = (f"<html><body><nav><a href='/'>Home</a></nav><h1>Scheme extended</h1><div>{''.join(f'<p>{para}</p>' for _ in range(3))}"
            f"</div><aside>{teaser * 3}</aside></body></html>")
    text, S = html_text_and_signals(html)
    pl = split_lines(text)
    X = np.concatenate([line_features(pl, S), np.zeros((len(pl), 7), np.float32)], axis=1)  # + page-type columns
    p1 = np.where(np.asarray([t == para for t in pl.text]), 0.9, 0.6)
    X2 = stage2_features(X, p1, pl, html=True)
    names = FEATURE_NAMES + DOM_FEATURE_NAMES + ["t"] * 7 + STAGE2_NAMES + DENSE_NAMES
    body = [i for i, t in enumerate(pl.text) if t == para]
    blurbs = [i for i, t in enumerate(pl.text) if t.startswith("A blurb")]
    dist = _col(X2, "dense_dist", names)
    assert (dist[body] == 0).all() and dist[0] < 0 and (dist[blurbs] > 0).all()
    assert np.allclose(_col(X2, "dense_p1", names), 0.9)
    link_gap = _col(X2, "link_gap", names)
    assert (link_gap[body] == 0).all() and (link_gap[blurbs] == 1).all()
    # the body's lines are all shaped like the dense block; a linked blurb is shaped like none of it
    shape = _col(X2, "dom_shape_in_dense", names)
    assert np.allclose(shape[body], 1) and (shape[blurbs] == 0).all()
    kept = _col(X2, "dense_kept_share", names)[0]
    assert 0 < kept < 1


def test_a_model_trained_on_other_features_is_refused(monkeypatch, tmp_path):
    """The trees read columns by position: a model from another feature set must not run."""
    import shutil

    import pytest

    from tamis.clean import page
    from tamis.clean.model import MODEL_PATH

    wrong = tmp_path / "line_model_html.npz"
    shutil.copy(MODEL_PATH, wrong)  # the text model where the HTML model belongs
    monkeypatch.setattr(page, "HTML_MODEL_PATH", wrong)
    page._models.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="retrain"):
            page._models(True)
        assert page._models(False)  # the text model fits the text features
    finally:
        page._models.cache_clear()


def _row(**values):
    x = np.zeros(len(FEATURE_NAMES), np.float32)
    x[FEATURE_NAMES.index("log_words")] = np.log1p(values.pop("words", 3))
    for k, v in values.items():
        x[FEATURE_NAMES.index(k)] = v
    return x


def test_a_dropped_line_is_named_by_the_first_rule_that_holds():
    from tamis.clean.reasons import reasons_for

    rows = [
        _row(copyright=1, lex_share=1),  # footer before share
        _row(lex_share=1),
        _row(lex_share=1, words=20),  # a long line naming a network is no share button
        _row(lex_legal=1, rel_pos=0.2),  # legal words high on the page, above the body's end: no footer
        _row(after_comment_head=1, says=1, words=5),  # comment-like, but not below the body
        _row(lex_nav=1),
        _row(lex_engage=1, words=10),
        _row(dup_in_page=2, words=30),
        _row(words=30),
        _row(after_comment_head=1, says=1, words=5),  # below the body: a comment
        _row(lex_legal=1, rel_pos=0.9),  # a consent banner, whatever else it looks like
    ]
    texts = ["line"] * 10 + ["Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten."]
    X = np.stack(rows)
    dropped = np.asarray([9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10])  # any order
    got = reasons_for(X, dropped, (0, 9), texts)
    assert got == ["clean.comments", "clean.footer", "clean.share", "clean.boilerplate", "clean.boilerplate",
                   "clean.boilerplate", "clean.navigation", "clean.related", "clean.repeated", "clean.boilerplate",
                   "clean.cookies"]


def test_the_code_count_reads_only_lines_that_can_hold_code_yet_counts_as_the_whole_page():
    from tamis.clean.features import CODE_LINE_RE, _code_lines

    pages = [
        ["Intro text", "name &= name.len()", "? more", ";", "}", "def f(x):", "Plain line", "return x"],
        ["call(a, b)", ";", "const y = 2;", "Let it be", "from os import path", "from here on"],
        ["No code at all.", "Still none"],
    ]
    for lines in pages:
        assert _code_lines(lines) == len(CODE_LINE_RE.findall("\n".join(lines)))
    assert _code_lines(pages[0]) > 0 and _code_lines(pages[2]) == 0


def test_words_led_by_a_lookbehind_match_as_the_plain_word_boundary_forms():
    import re

    from tamis.clean.features import _MISC_RES, _SAYS_RE

    text = ("reply\nsays\nhe said:\nx said :  \nunsaid\nreplying\n说\n他说\nat 10:30 am\nchat 10:30\num 9.15\n"
            "may 5, 2020\ndismay 5, 2020\nsept. 3, 2021\nsep 3 2021\nreply")
    mon = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    plain = [
        (re.compile(r"\b(?:says|said|wrote|replied|schreibt|écrit|dice|disse|说)\s*:?\s*$|^reply$|^antworten$|^répondre$"
                    r"|^responder$", re.M), _SAYS_RE),
        (re.compile(r"\b" + mon + r"[a-z]*\.? \d{1,2},? \d{4}"), _MISC_RES["date"][1]),
        (re.compile(r"(?<![a-z])(?:at|um|à)\s+\d{1,2}[:.]\d{2}\s*(?:am|pm)?\b"), _MISC_RES["ago"][1]),
    ]
    for want, got in plain:
        spans = [m.span() for m in want.finditer(text)]
        assert spans and spans == [m.span() for m in got.finditer(text)]
