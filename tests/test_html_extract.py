"""HTML mode: DOM signals per line, the HTML line model, and metadata the page declares."""

import json

import numpy as np
import pytest
from resiliparse.extract.html2text import extract_plain_text
from selectolax.lexbor import LexborHTMLParser

import tamis
from tamis.clean.page import clean_pages
from tamis.clean.stage import Clean
from tamis.document import Document
from tamis.extract.dom import DOM_NAMES, marked_signals, text_with_signals
from tamis.extract.htmlmeta import Undecided, date_candidates, html_metadata, read_declared, read_metadata
from tamis.extract.pubdate import Found
from tamis.extract.stage import Extract

PARA = "The council voted on Tuesday to extend the scheme for another year, after a long debate about its cost. "

PAGE = f"""<html><head><title>Council extends the scheme | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Council extends the scheme</h1>
<p>{PARA * 3}</p><p>{PARA * 2} See <a href="/x">the report</a> for details.</p></article>
<div class="comments"><p>Great article, thanks!</p></div>
<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p></footer>
</body></html>"""


def _col(name: str) -> int:
    return DOM_NAMES.index(f"dom_{name}")


def test_signals_follow_the_dom_and_leave_the_plain_text_unchanged():
    text, S = text_with_signals(LexborHTMLParser(PAGE))
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    plain = [x.strip() for x in extract_plain_text(PAGE, alt_texts=False, links=False, list_bullets=False).splitlines() if x.strip()]
    assert lines == plain  # the markers are gone without a trace
    assert "\ue000" not in text
    assert S.shape == (len(lines), len(DOM_NAMES))
    row = {line: S[i] for i, line in enumerate(lines)}
    assert row["Home"][_col("link")] == 1.0 and row["Home"][_col("boiler_tag")] == 1.0 and row["Home"][_col("list")] == 1.0
    assert row["Council extends the scheme"][_col("h1")] == 1.0 and row["Council extends the scheme"][_col("main_tag")] == 1.0
    body = next(r for line, r in row.items() if line.startswith(PARA[:30]) and "report" in line)
    assert 0.0 < body[_col("link")] < 0.1  # "the report" is a small part of the line
    assert body[_col("para")] == 1.0 and body[_col("main_tag")] == 1.0 and body[_col("boiler_tag")] == 0.0
    assert row["Great article, thanks!"][_col("comment")] == 1.0
    assert row["Copyright 2024 The Daily Example. All rights reserved."][_col("boiler_tag")] == 1.0


def test_resiliparse_main_content_is_a_second_opinion_per_line():
    text, S = text_with_signals(LexborHTMLParser(PAGE))
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    main = {x.strip() for x in extract_plain_text(PAGE, main_content=True, alt_texts=False, links=False,
                                                  list_bullets=False).splitlines()}
    assert "Home" not in main and any(x.startswith(PARA[:30]) for x in main)  # the page tells the two apart
    for i, line in enumerate(lines):
        assert S[i, _col("resi_main")] == float(line in main), line


def test_a_short_article_keeps_every_paragraph():
    """Where resiliparse keeps a whole short page, that says nothing against its last lines (a
    model that read the page's share of such lines dropped the last paragraph here)."""
    paras = ["The council met on Tuesday evening and voted to widen the river path before the summer crowds arrive.",
             "Residents had asked for the change for years, citing packed weekends and the narrow bridge by the mill.",
             "Work will start in March and should take about six weeks, a spokeswoman for the council said.",
             "The plans, the costs and the objections raised at the meeting are all set out in the report the council "
             "published on its website."]
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>"
    res = tamis.clean_html(page, "https://news.example.org/2024/river-path")
    assert res["text"].split("\n\n") == paras


def test_nesting_and_unclosed_markers_stay_within_a_share():
    # group 0 opened twice and closed once, group 1 never closed: shares stay in [0, 1]
    text, S = marked_signals("\ue000a \ue000b\ue001 c\n\ue002x\n\n\ue000\nplain")
    assert text.split("\n") == ["a b c", "x", "", "plain"]
    assert S.shape == (3, len(DOM_NAMES)) and (S >= 0).all() and (S <= 1).all()
    assert S[0, 0] == 1.0 and S[1, 1] == 1.0 and S[2, 0] == 1.0  # group 0 still open at "plain"


def test_html_pages_use_the_dom_model_and_fall_back_when_lines_do_not_fit():
    text, S = text_with_signals(LexborHTMLParser(PAGE))
    with_dom, without, misfit = clean_pages([text, text, text], doms=[S, None, S[:-1]])
    assert without.text == misfit.text  # signals for other lines are ignored, not misapplied
    assert PARA.strip()[:40] in with_dom.text
    assert "Home" not in with_dom.text.splitlines()


def test_html_result_keeps_the_article_and_drops_navigation():
    res = tamis.clean_html(PAGE, "https://example.org/2024/council")
    assert res["kept"]
    assert res["text"].count("The council voted") == 5
    for junk in ("Home", "Sport", "All rights reserved"):
        assert junk not in res["text"]
    assert res["title"] == "Council extends the scheme"


@pytest.mark.parametrize(
    ("head", "body", "want"),
    [
        ("<title>Best tents of 2025 | Camp Gear</title><meta property='og:site_name' content='Camp Gear'>", "", "Best tents of 2025"),
        ("<title>| Nuts &amp; Volts Magazine</title>", "", "Nuts & Volts Magazine"),  # a CMS's empty first part
        # a heading with its own tagline: the part the <title> starts with is the name
        ("<title>Best Movers in NYC 2025 | Top 19 Companies | Supermove</title>",
         "<h1>Best Movers in NYC 2025 | Top 19 Companies</h1>", "Best Movers in NYC 2025"),
        # a documentation heading's anchor link is not part of its name
        ("<title>Working with forms | Django documentation</title>",
         "<h1>Working with forms<a class='headerlink' href='#forms'>¶</a></h1>", "Working with forms"),
        ("<title>Camp Gear | Best tents of 2025</title>", "", "Best tents of 2025"),
        ("<title>Best tents of 2025 - Camp Gear</title>", "<h1>Best tents of 2025</h1>", "Best tents of 2025"),
        ("<title>Tents | Camp Gear</title>", "<h1>Camp Gear</h1><h1>Our tents</h1>", "Our tents"),
        # a lone <h1> that is a slogan, not the page's name
        ("<title>Tent rental | Camp Gear</title>", "<h1>Sleep under the stars.</h1>", "Tent rental"),
        # spans inside a word, an icon's <title>, a button, a twice-escaped entity, mojibake
        ("<title>Tent Care - Camp Gear</title>", "<h1>Tent <span>C</span>are</h1>", "Tent Care"),
        ("<title>Pitching a tent</title>", "<h1><svg><title>Artboard</title></svg>Pitching a tent <button>Copy</button></h1>",
         "Pitching a tent"),
        ("<title>Poles &#x26;amp; pegs | Camp Gear</title>", "", "Poles & pegs"),
        ("<title>The hikerâ€™s tent</title>", "", "The hiker's tent"),
        # the <h1> that is only the title's last part names the site's section, not the page
        ("<title>Quick start — Tent Docs</title>", "<h1>Tent Docs</h1><p>x</p>", "Quick start"),
        ("<title>Open source forums / Discussion / Camp Forums</title>", "", "Open source forums"),
        # a CMS's label of the kind of page
        ("<title>Collection: Dome tents | Camp Gear</title>", "<h1>Collection: Dome tents</h1>", "Dome tents"),
        ("<title>Thread: Which tent for Iceland?</title>", "", "Which tent for Iceland?"),
        ("<title>Review: the Dome 2 tent</title>", "", "Review: the Dome 2 tent"),
        # the full-width bar of a Japanese or Chinese title, with no space around it
        ("<title>テントの選び方｜キャンプギア</title><meta property='og:site_name' content='キャンプギア'>", "",
         "テントの選び方"),
        # the logo <h1> is what the <title> adds after the declared title (ideographic spaces between)
        ("<title>テントの選び方\u3000写真1枚\u3000キャンプ情報：キャンプギア</title>"
         "<meta property='og:title' content='テントの選び方'>",
         "<h1>キャンプ情報：キャンプギア</h1><h1>テントの選び方</h1>", "テントの選び方"),
    ],
)
def test_title_is_the_pages_own_heading(head, body, want):
    meta = html_metadata(LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>"), "https://campgear.com/tents")
    assert meta["title"] == want


def test_without_the_title_model_the_hand_rule_names_the_page(monkeypatch):
    """The rule is the model's strongest input and the fallback: a lone <h1> the <title> partly names wins."""
    from tamis.extract import htmlmeta

    page = "<html><head><title>Tents for hikers | Camp Gear</title></head><body><h1>Light tents</h1></body></html>"
    monkeypatch.setattr(htmlmeta, "load_title_model", lambda: None)
    assert html_metadata(LexborHTMLParser(page), "https://campgear.com/tents")["title"] == "Light tents"


def _typed(kind: str) -> np.ndarray:
    from tamis.clean.features import PAGE_TYPES

    p = np.full(len(PAGE_TYPES), 0.02, np.float32)
    p[PAGE_TYPES.index(kind)] = 0.88
    return p


@pytest.mark.parametrize(("h1", "part"), [("Project Management", "Project Management Certificate"),
                                          ("Preparing a transition", "Preparing a transition in Debusine")])
def test_knowing_the_page_an_article_is_named_by_its_shown_h1_a_service_by_its_title(h1, part):
    """A service page's <h1> is often a slogan or a shortening, an article's its headline; an
    <h1> the text does not show (hidden, or a widget's) names no page."""
    page = f"<html><head><title>{part} | UC Extension</title></head><body><h1>{h1}</h1><p>x</p></body></html>"
    meta, u = read_metadata(LexborHTMLParser(page), "https://uce.edu/courses/one")
    assert meta["title"] == u.title  # what extract alone gives: the ranker without the page
    body = ["Home | Courses", h1, "The course covers planning, budgets and teams. " * 3, "Enrol online today. " * 5]
    p = np.array([0.05, 0.9, 0.95, 0.95])
    assert u.cleaned_title(_typed("article"), body, p, 0.5) == h1
    assert u.cleaned_title(_typed("service"), body, p, 0.5) == part
    shown = [x for x in body if x != h1]
    assert u.cleaned_title(_typed("article"), shown, np.array([0.05, 0.95, 0.95]), 0.5) == part


_SERVICE = ("Our certificate program gives working professionals the skills to lead projects of any size. Enroll "
            "online, study at your own pace, and get support from instructors with years of industry experience. ")
_NAV = "<nav><a href='/'>Home</a><a href='/courses'>Courses</a><a href='/contact'>Contact</a></nav>"


@pytest.mark.parametrize(("main", "kind", "want"), [
    (f"<p>{_SERVICE * 3}</p><h2>Why choose us</h2><ul><li>Flexible online schedule</li><li>Expert instructors</li>"
     "<li>Career support</li></ul><p><a href='/enroll'>Enroll now</a> <a href='/info'>Request information</a></p>"
     "<h2>Pricing</h2><p>Tuition starts at $2,400. Financial aid available.</p>", "service", "Project Management Certificate"),
    (f"<p>By Jane Smith, March 5, 2024</p><p>{PARA * 6}</p><p>{PARA * 5}</p>", "article", "Project Management"),
])
def test_clean_ranks_the_htmls_title_again_with_the_page_type(main, kind, want):
    """End to end with the shipped models: extract alone takes the <h1>; once the cleaner has
    read the page as a service page, the <title>'s part (see the test above)."""
    page = (f"<html><head><title>Project Management Certificate | UC Extension</title></head><body>{_NAV}<main>"
            f"<h1>Project Management</h1>{main}</main></body></html>")
    doc = Extract().process(Document(id="p", html=page, url="https://uce.edu/courses/one"))
    assert doc.meta["title"] == "Project Management"
    out = Clean().process_batch([doc])[0]
    assert (out.meta["page_type"], out.meta["title"]) == (kind, want)
    own = Extract().process(Document(id="p", html=page, url="https://uce.edu/courses/one", meta={"title": "From the crawl"}))
    assert Clean().process_batch([own])[0].meta["title"] == "From the crawl"  # a record's own title is never ranked


_LINK_POST = ("FCC chair to Europe: if you restrict US satellite providers, we will ban you here, he says, as the agency "
              "asks the public for comment on market access reciprocity for satellite operators and on what it would cost")


@pytest.mark.parametrize(("lines", "p", "want"), [
    # the headline the extractor chose, shown above the body or as its first line: the title line
    (["Menu", "Council extends the scheme", PARA * 3, PARA * 2], [0.05, 0.2, 0.95, 0.95], ("Council extends the scheme", "clean.title")),
    (["Menu", "Council extends the scheme", PARA * 3, PARA * 2], [0.05, 0.9, 0.95, 0.95], ("Council extends the scheme", "clean.title")),
    (["Menu", "Latest news from the valley and the hills", "Council extends the scheme", PARA * 3], [0.05, 0.2, 0.2, 0.95],
     ("Council extends the scheme", "clean.title")),  # not the fuller line above it
    # the headline not shown: the header rule's line, which names no page
    (["Menu", "Get the Daily Example app for the best stories", PARA * 3], [0.05, 0.9, 0.95],
     ("Get the Daily Example app for the best stories", "clean.header")),  # a banner the model kept goes
    (["Menu", "Weekly tips from our newsroom team", PARA * 3], [0.05, 0.2, 0.95],
     ("Weekly tips from our newsroom team", None)),  # dropped anyway: the model's own reason
    # a link post whose title is all it says keeps it as its text
    (["Menu", _LINK_POST, "Share", "Report"], [0.05, 0.9, 0.1, 0.1], (_LINK_POST, "kept")),
])
def test_an_html_pages_title_line_is_its_shown_headline(lines, p, want):
    """The header rule took the fullest heading-like line above the body; on an HTML page that
    is as often a banner or a section heading as the headline. The line showing the title the
    markup gave is the title line; a line the rule takes instead is the title only if it shows
    some name the markup gives the page."""
    from tamis.clean.features import page_features
    from tamis.clean.lines import split_lines
    from tamis.clean.page import clean_lines
    from tamis.extract.title import Names, key

    chosen = _LINK_POST if _LINK_POST in lines else "Council extends the scheme"
    pl = split_lines("\n\n".join(lines))
    X, p = page_features(pl), np.array(p)
    names = Names(key(chosen), frozenset({key(chosen), key("The Daily Example")}))
    res = clean_lines(pl, X, p, 0.5, spam=False, metadata=True, from_html=True, names=names)
    line, reason = want
    (why,) = [r.reason for r in res.removed if r.text == line] or ["kept"]
    assert why == reason if reason else why not in ("clean.title", "clean.header", "kept")
    assert (line in res.text) == (reason == "kept")
    # without the names (a text page), the rule's line is the title, whatever it says
    if reason == "clean.header":
        assert clean_lines(pl, X, p, 0.5, spam=False, metadata=True, from_html=True).meta.get("title") == line
    # a product's name stays in its text: part of what the page sells
    if reason == "clean.title":
        res = clean_lines(pl, X, p, 0.5, spam=False, metadata=True, from_html=True, names=names, title_in_text=True)
        kept = p[lines.index(line)] > 0.5
        assert (line in res.text) == kept and "clean.title" not in [r.reason for r in res.removed]


def test_extract_hands_clean_the_names_a_title_line_must_show():
    """End to end: a banner fuller than the headline above the body was the "title" line."""
    page = (f"<html><head><title>Council extends the scheme | The Daily Example</title></head><body>"
            f"<div class='promo'><p>Get the Daily Example app today</p></div>"
            f"<article><h1>Council extends the scheme</h1><p>{PARA * 3}</p><p>{PARA * 2}</p></article></body></html>")
    doc = Clean().process_batch([Extract().process(Document(id="p", html=page, url="https://ex.com/a"))])[0]
    why = {r.text: r.reason for r in doc.removed}
    assert why.get("Get the Daily Example app today") not in (None, "clean.title")
    assert doc.meta["title"] == "Council extends the scheme"
    # the <title>'s last part alone names the site: its logo line above the body is no title
    _, u = read_metadata(LexborHTMLParser(page), "https://ex.com/a")
    assert u.names().every == {"councilextendsthescheme", "councilextendstheschemethedailyexample"}


@pytest.mark.parametrize("head", ["Untitled Document", "Home", "index.html", "Welcome", "Startseite"])
def test_a_placeholder_is_no_title(head):
    """An editor's default or a front page's label in the <title> names no page: the ranker
    takes it over an unrelated lone <h1> (on the bench such an <h1> is mostly a blog's name),
    so the next best goes, or none."""
    body = f"<p>{PARA * 3}</p><p>{PARA * 2}</p>"
    page = f"<html><head><title>{head}</title></head><body><h1>How to grow tomatoes on a balcony</h1>{body}</body></html>"
    assert tamis.clean_html(page)["title"] == "How to grow tomatoes on a balcony"
    assert tamis.clean_html(f"<html><head><title>{head}</title></head><body>{body}</body></html>")["title"] is None
    named = page.replace(f"<title>{head}</title>", "<title>Gardening Tips</title>")
    assert tamis.clean_html(named)["title"] == "Gardening Tips"  # a name, though unrelated: the ranker's call


def test_title_candidates_are_every_name_the_page_gives_itself_whole_and_in_parts():
    from tamis.extract.title import candidates

    cands = {c.text: c for c in candidates("Best tents of 2025 - Reviews | Camp Gear", "Best tents of 2025",
                                           ["Best tents", "Camp Gear"], "Best tents")}
    assert set(cands) == {"Best tents of 2025 - Reviews | Camp Gear", "Best tents of 2025", "Reviews", "Camp Gear",
                          "Best tents of 2025 - Reviews", "Reviews | Camp Gear", "Best tents"}
    assert cands["Best tents"].sources == {"h1", "rule"}  # the same name found twice is one candidate
    assert cands["Best tents of 2025"].sources == {"title_part", "declared"}
    assert (cands["Camp Gear"].part_index, cands["Camp Gear"].part_from_end, cands["Camp Gear"].h1_index) == (2, 0, 1)
    assert [c.name for c in candidates("Collection: Dome tents", None, [], None)] == ["Dome tents"]


def test_the_title_model_ranks_by_the_features_it_was_trained_on(tmp_path):
    from tamis.extract.title import MODEL_PATH, TITLE_NAMES, load_model

    model = load_model()
    assert model is not None and model.names == TITLE_NAMES
    with np.load(MODEL_PATH) as z:
        arrays = dict(z)
    arrays["ti_names"] = np.asarray(TITLE_NAMES[::-1])
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(RuntimeError, match="train_html_title"):
        load_model(tmp_path / "old.npz")


@pytest.mark.parametrize(
    ("html", "want"),
    [
        ('<script type="application/ld+json">{"@type": ["NewsArticle"], "author": [{"@type": "Person", "name": "Ana Ruiz"}]}</script>', "Ana Ruiz"),
        ('<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Organization", "name": "Big Corp"}}</script>'
         '<span class="author-name">By Li Wei</span>', "Li Wei"),
        ('<meta name="author" content="admin"><div class="byline">Posted by: Sam Okoro</div>', "Sam Okoro"),
        ('<meta name="author" content="https://facebook.com/someone">', None),
        ('<meta name="citation_author" content="Roy, Aniruddha"><meta name="citation_author" content="Patel, Jyoti">',
         "Aniruddha Roy, Jyoti Patel"),
        ('<div class="byline">Posted by:</div>', None),
        ('<article class="message" data-author="trailfox"><p>First post</p></article>', "trailfox"),
        ("<div><h1>Mini tents</h1><p>by: Ziyi Xu, Dec 17, 2025</p></div>", "Ziyi Xu"),
        # a forum thread: who started it, named beside the title, handle digits and all
        ('<div><h1>Best tent?</h1><dl><dt>Thread starter</dt><dd>Thread starter</dd><dd>hiker42</dd></dl></div>'
         '<span class="username">lastposter</span>', "hiker42"),
        ('<div><h1>Best tent?</h1><ul><li><span>Thread starter</span>\n<a class="username">Perseus Legend</a></li>'
         '<li>Start date</li></ul></div>', "Perseus Legend"),
        ("<div><h1>Best tent?</h1><p>Started by Biology Forums, June 04, 2024, 11:23:55</p></div>", "Biology Forums"),
        ('<span class="author-name">12 March 2024</span>', None),
        ('<p class="hero__authorName">Lisa Pham</p>', "Lisa Pham"),  # class names in any case
        # a forum's user menu after the name, and a name repeated as its own tooltip
        ('<div class="username">HOSTLAR View Profile View Forum Posts Private Message</div>', "HOSTLAR"),
        ('<div class="username">MixmasterFred in Workshop Woodworking</div>', "MixmasterFred"),  # and the section
        ('<span class="author-name">Elliot Alderson – Elliot Alderson</span>', "Elliot Alderson"),
        ('<meta name="author" content="Maria &amp;amp; Katerina">', "Maria & Katerina"),  # escaped twice by the CMS
        ('<a href="/authors/upwork-staff" class="black-text">The Upwork Team</a>', "The Upwork Team"),
        # an author box is the last resort: after the byline markup and the "By ..." beside the headline
        ('<section class="author-block"><p>Authors: Julie Weisenhorn</p></section>', "Julie Weisenhorn"),
        ('<div><h1>Mini tents</h1><p>By Ziyi Xu</p></div><div class="author-box">Sam Okoro</div>', "Ziyi Xu"),
        ('<nav><a href="/">Home</a></nav><a href="/author/zach-lezberg/">Zach Lezberg</a>', "Zach Lezberg"),
        # what a template left unfilled, or a month the markup cut off a date
        ('<meta name="author" content="undefined">', None),
        ('<meta name="author" content="page.head.extra.author">', None),
        ('<span class="byline">Feb</span>', None),
        # a sentence, a breadcrumb or a UI label in a byline slot; a byline that runs on
        ('<span class="byline">Explore our full list of Integrity Network members.</span>', None),
        ('<span class="byline">Home » Services » Consulting</span>', None),
        ('<span class="byline">Category</span>', None),
        ('<div class="author">Authored by: Dr. Ehsan Jazini</div>', "Dr. Ehsan Jazini"),
        ('<div class="author">Theobald Chartran. Signing keys rotate daily</div>', "Theobald Chartran"),
        ('<div class="byline">By <span class="name"><a href="/w">Bryan Walsh</a></span> <span class="date">Tuesday, Aug. 17, '
         '2010</span></div>', "Bryan Walsh"),  # a byline that shows its date: the name in it
        ('<span class="byline">Rose Orlik, Oct. 3, 2024</span><a class="byline" href="/rose">Rose Orlik</a>', "Rose Orlik"),
        # a link to the author's page, an account box that happens to be classed "username"
        ('<a href="/author/profile/1709/rose-orlik">More from this author</a>', None),
        ('<div class="username"><span>Account</span><p>You\'re logged in as <span>Account</span></p>'
         '<a href="#">Edit Profile</a><a href="#">Logout</a></div>', None),
        ('<span class="username">Hi, My Account</span>', None),
        # phpBB's first post: the date after a "»" refuses the line, the handle's link is the author
        ('<p class="author">by <a href="/memberlist.php?u=2">breadhead</a> » Mon Mar 04, 2024 9:12 am</p>', "breadhead"),
        # a list of people ends with the outlet: the people are the authors
        ('<meta property="og:site_name" content="CNN"><script type="application/ld+json">{"@type": "NewsArticle", '
         '"author": {"@type": "Person", "name": "Dana A. Ford, James S.A. Corey, and Tom Watkins, CNN"}}</script>',
         "Dana A. Ford, James S.A. Corey, Tom Watkins"),
        ('<meta name="author" content="Jane Doe, John Roe, Reuters">', "Jane Doe, John Roe"),
        ('<meta name="author" content="Doe, Jane">', "Doe, Jane"),  # one comma may be "Last, First"
        # a handle of letters and a number (Stack Exchange's default) is a name; a date or a count is none
        ('<span class="username">user3080392</span>', "user3080392"),
        ('<span class="username">2024-01-05</span>', None),
        ('<span class="username">12,345 posts</span>', None),
    ],
)
def test_author_is_a_named_person_not_a_role_or_url(html, want):
    assert html_metadata(LexborHTMLParser(f"<html><head>{html}</head><body><p>x</p></body></html>")).get("author") == want


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ('<div class="staff__wrap"><div class="text__author">Shauna Mitchell</div></div>', "Shauna Mitchell"),
        # a comment form's field, a reply's author, a dealer badge: none is the page's author
        ('<form><p class="comment-form-author"><label>Your Name</label></p></form>', None),
        ('<ol><li class="comment"><span class="comment-author">Lance Smith</span></li></ol>', None),
        ('<span class="authorized-dealer">Authorized Dealer</span>', None),
        ('<div class="authoring-information__author"> By Jason Bates </div>', "Jason Bates"),
        # a face and a name: the byline after an avatar, not a commenter's
        ('<p>Dec 26, 2025 <img src="https://2.gravatar.com/avatar/e5f6" class="avatar"/> Mahua Das in '
         '<a href="/blog/pm">Project Management</a></p>', "Mahua Das"),
        ('<ol><li class="comment"><img class="avatar" src="/a.png"/> Sam Lee</li></ol>', None),
        # an author block holding the name and the date
        ('<div class="resource-author-details"><p>Luke Kim</p><small>December 10, 2025</small></div>', "Luke Kim"),
    ],
)
def test_a_short_name_in_an_author_classed_element_is_the_last_resort(body, want):
    page = f"<html><body><main><h1>Mini tents</h1><p>{PARA}</p>{body}</main></body></html>"
    assert html_metadata(LexborHTMLParser(page)).get("author") == want


@pytest.mark.parametrize(
    ("box", "want"),
    [
        ("<h3>Written by Cassidy Horton</h3><p>Cassidy Horton is a finance writer.</p>", "Cassidy Horton"),
        ("<div><strong>Contributors:</strong>\n  Janet Loughrey</div>", "Janet Loughrey"),
        ("<h2>Article by</h2><div>Matias Heikkilä</div>", "Matias Heikkilä"),
        ("<p>Authorization Forms</p><p>Author pages are listed below.</p>", None),
        # a longer label, blank lines of markup before the name
        ("<div>Article written by:</div>\n\t\n\n\t\t\n<div>\n\t\tDoris Munoz-Mantilla, MD</div>", "Doris Munoz-Mantilla"),
        ("<h3>Written by</h3><p>Our Product Research Team</p>", None),  # no one's name
    ],
)
def test_a_name_under_an_author_label_anywhere_is_the_last_resort(box, want):
    page = f"<html><body><main><h1>Mini tents</h1><p>{PARA * 3}</p></main><aside>{box}</aside></body></html>"
    assert html_metadata(LexborHTMLParser(page)).get("author") == want


@pytest.mark.parametrize(
    ("header", "want"),
    [
        ("<p>Andrew Gerrand</p><p>4 August 2010</p>", "Andrew Gerrand"),  # the line above the date
        ("<p>2025-12-17</p><span>·</span><p>Trond Teigen</p>", "Trond Teigen"),  # below it, past a separator
        ("<p>Aaron Ricadela | Senior Writer | July 2, 2025</p>", "Aaron Ricadela"),  # on the date's own line
        # categories listed beside the date, and a sentence, are no byline
        ("<p>December 18, 2025</p><a>Nonessential Thoughts</a>,<a>Technology</a>", None),
        ("<p>4 August 2010</p><p>Go has the usual mechanisms for control flow.</p>", None),
    ],
)
def test_a_name_beside_the_date_under_the_headline_is_a_byline(header, want):
    page = f"<html><body><article><h1>Defer, Panic, and Recover</h1>{header}<p>{PARA}</p></article></body></html>"
    assert html_metadata(LexborHTMLParser(page)).get("author") == want


@pytest.mark.parametrize(
    ("post", "want"),
    [
        ('<div class="PostUser"><h3 class="PostUser-name">antonjw</h3></div>', "antonjw"),
        ('<span class="user"><a data-username="Need2KnowLion" class="name"><b>Need2KnowLion</b></a></span>', "Need2KnowLion"),
        ('<button class="user-name-toggle">Open My Menu</button>', None),
    ],
)
def test_a_threads_first_poster_is_named_by_the_forums_user_markup(post, want):
    page = f"<html><body><h1>Types of threads</h1><div>{post}<p>{PARA}</p></div></body></html>"
    assert html_metadata(LexborHTMLParser(page)).get("author") == want


def test_a_threads_starter_is_its_page_level_microdata_author_not_a_later_poster():
    starter = ('<div class="hidden"><div itemprop="author" itemscope itemtype="https://schema.org/Person">'
               '<span class="username" itemprop="name">JosephF</span></div></div>')
    posts = "".join(f'<article class="message" data-author="{u}"><div class="bbWrapper">{PARA}</div></article>'
                    for u in ("eljaycanuck", "wolfmw"))
    page = f"<html><body><h1>Replacement projector</h1>{{}}{posts}</body></html>"
    assert html_metadata(LexborHTMLParser(page.format(starter))).get("author") == "JosephF"
    # microdata inside a post names that post's author: the thread's comes from elsewhere
    reply = '<li class="reply"><span itemprop="author">Babylon Timer</span></li>'
    assert html_metadata(LexborHTMLParser(page.format(reply))).get("author") == "eljaycanuck"


@pytest.mark.parametrize(
    ("html", "want"),
    [
        # a personal site: its owner's byline is the author, though it is also the site's name
        ("<div><h1>Freelance design</h1><p>Written By</p><p>Paige Brunton</p></div>", "Paige Brunton"),
        ('<meta name="author" content="Paige Brunton">', "Paige Brunton"),
        # an organisation only JSON-LD names, and that is the site itself, is not an author
        ('<script type="application/ld+json">{"@type": "BlogPosting", "author": {"@type": "Organization", '
         '"name": "Paige Brunton"}}</script>', None),
    ],
)
def test_a_site_named_in_its_own_byline_is_the_author(html, want):
    tree = LexborHTMLParser(f"<html><head><meta property='og:site_name' content='Paige Brunton'></head><body>{html}</body></html>")
    assert html_metadata(tree, "https://www.paigebrunton.com/blog/freelance").get("author") == want


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("<div><h1>Mini tents</h1><div><span>Ana Ruiz</span> - <span>June 12, 2025</span></div><p>Text.</p></div>",
         "2025-06-12"),
        # the only date the page shows, even an "Updated" one, is the one readers take (the
        # WCXB gold does); the hand rule alone skips it (below)
        ("<div><h1>Mini tents</h1><p>Updated on June 12, 2025</p></div>", "2025-06-12"),
        # a date far from the headline (a comment's) is not the page's
        ("<div><h1>Mini tents</h1>" + "<p>" + "Long text. " * 100 + "</p><p>Reply from Sam, June 12, 2025</p></div>", None),
    ],
)
def test_a_date_written_next_to_the_headline_is_the_pages(body, want):
    assert html_metadata(LexborHTMLParser(f"<html><body>{body}</body></html>")).get("date") == want


def test_without_the_date_model_the_hand_rule_skips_updated_dates(monkeypatch):
    from tamis.extract import pubdate

    monkeypatch.setattr(pubdate, "load_model", lambda: None)
    page = "<html><body><div><h1>Mini tents</h1><p>Updated on June 12, 2025</p></div></body></html>"
    assert "date" not in html_metadata(LexborHTMLParser(page))
    page = page.replace("<p>Updated", "<p>March 3, 2025</p><p>Updated")
    assert html_metadata(LexborHTMLParser(page))["date"] == "2025-03-03"


def test_a_day_found_in_several_places_is_one_candidate_in_its_fullest_form():
    from tamis.extract.pubdate import Day, Found, days

    (day,) = days([Found("2024-03-05", "heading"), Found("2024-03-05T10:00:00", "meta_modified"),
                   Found("2024-03-05", "meta"), Found("not a date", "meta")])
    assert isinstance(day, Day) and day.iso == "2024-03-05T10:00:00" and day.source == "meta"
    assert day.sources == {"heading", "meta_modified", "meta"}


def test_the_date_model_refuses_a_file_trained_on_other_features(tmp_path):
    from tamis.extract.pubdate import DATE_NAMES, MODEL_PATH, load_model

    assert load_model().names == DATE_NAMES
    with np.load(MODEL_PATH) as z:
        arrays = dict(z)
    arrays["pd_names"] = np.asarray(DATE_NAMES[1:] + DATE_NAMES[:1])
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(RuntimeError, match="train_html_date"):
        load_model(tmp_path / "old.npz")


@pytest.mark.parametrize(
    "url, head, want",
    [
        ("https://blog.example.org/2016/02/09/what-tutoring-is/", "", "2016-02-09"),
        ("https://blog.example.org/2016/2/9/what-tutoring-is", "", "2016-02-09"),
        # a month that cannot be one, and a year-only archive path: no date
        ("https://blog.example.org/2016/13/09/what-tutoring-is/", "", None),
        ("https://blog.example.org/2016/what-tutoring-is/", "", None),
        # a date the page declares wins over its permalink's
        ("https://blog.example.org/2016/02/09/x/", '<meta property="article:published_time" content="2016-02-10">',
         "2016-02-10"),
        ("https://blog.example.org/2016/02/09/x/", '<meta property="article:published_time" content="2016-03-12T10:00:00Z">',
         "2016-03-12T10:00:00Z"),
        # ... unless it is a timestamp one day off: UTC past midnight, where the permalink has the local day
        ("https://blog.example.org/2016/02/09/x/", '<meta property="article:published_time" content="2016-02-10T02:41:00+00:00">',
         "2016-02-09"),
    ],
)
def test_a_permalinks_date_is_the_last_resort(url, head, want):
    html = f"<html><head>{head}</head><body><h1>What tutoring is</h1><p>Text.</p></body></html>"
    assert html_metadata(LexborHTMLParser(html), url).get("date") == want


def _run(html: str, **clean) -> Document:
    ex, cl = Extract(), Clean(**clean)
    return cl.process_batch([ex.process(Document(id="p", html=html))])[0]


@pytest.mark.parametrize(("refuted", "want"), [(None, "2024-03-05"), (["2024-03-05"], None), (["2023-01-01"], "2024-03-05")])
def test_a_day_the_date_model_refused_is_not_taken_from_the_text(refuted, want):
    text = ("Home | News | Sport\nCouncil extends the scheme\nBy Jane Smith | March 5, 2024\n"
            + "\n".join([PARA * 3] * 5) + "\nContact us | Privacy")
    doc = Document(id="p", text=text, undecided=Undecided(refuted_days=refuted))
    out = Clean(dated_types=()).process_batch([doc])[0]
    assert out.meta.get("date") == want and out.undecided is None


def test_the_date_model_refuses_the_days_it_scores_low_on_pages_it_leaves_undated():
    from tamis.extract import pubdate

    model = pubdate.load_model()
    found = [Found("2024-03-05", "heading", index=0, offset=40.0), Found("2023-01-02", "body", index=3, offset=2800.0),
             Found("2019-06-01", "body", index=4, offset=2900.0)]
    cands = pubdate.days(found)
    X = pubdate.features(cands, False, False, set())
    p = model.predict_proba(X)
    assert pubdate.refuted(model, cands, X) == [c.day for c, q in zip(cands, p) if q < pubdate.REFUTED_P]
    assert pubdate.refuted(None, cands, X) == []
    # what the extractor hands on: the days, off the page's metadata
    page = f"<html><body><article><h1>Council extends the scheme</h1><p>{PARA * 10}</p></article></body></html>"
    doc = Extract().process(Document(id="p", html=page))
    assert "date_refuted" not in doc.meta and doc.undecided.refuted_days is not None


def test_declared_date_wins_over_a_date_in_the_text():
    article = (
        '<html><head><meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body>'
        f"<article><h1>Council extends the scheme</h1><p>Updated 2024-06-01</p><p>{PARA * 4}</p></article></body></html>"
    )
    doc = _run(article, dated_types=())
    assert doc.meta["date"] == "2024-03-05T10:00:00Z"
    assert doc.meta["date_source"] == "meta"


@pytest.mark.parametrize(
    ("head", "body", "url", "want"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-05"}</script>', "", None,
         "json-ld"),
        ("", '<article><h1>Council extends the scheme</h1><time datetime="2024-03-05">March 5</time></article>', None,
         "time"),
        ("", "<div><h1>Council extends the scheme</h1><p>March 5, 2024</p></div>", None, "heading"),
        ("", "<div><h1>Council extends the scheme</h1></div>", "https://news.example/2024/03/05/council", "url"),
    ],
)
def test_each_date_says_where_it_was_found(head, body, url, want):
    meta = html_metadata(LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>"), url)
    assert meta["date"].startswith("2024-03-05") and meta["date_source"] == want



_SCRIPT = "<script>" + "var x = 1;" * 2000 + "</script>"


@pytest.mark.parametrize(
    "body",
    [
        # the first <h1> is a search box's; the one the <title> names is the headline
        f"<header><h1>Search</h1></header>{_SCRIPT}<main><h1>Council extends the scheme</h1><p>March 5, 2024</p></main>",
        # no <h1> at all: the title's first part, where the text shows it, is the headline
        f"{_SCRIPT}<main><div>Council extends the scheme</div><p>March 5, 2024</p></main>",
    ],
)
def test_the_headline_a_date_is_written_by_is_the_one_the_title_names_scripts_aside(body):
    page = f"<html><head><title>Council extends the scheme | Daily</title></head><body>{body}<p>Text.</p></body></html>"
    meta = html_metadata(LexborHTMLParser(page))
    assert meta["date"] == "2024-03-05" and meta["date_source"] == "heading"


def test_a_logo_h1_that_names_the_site_is_not_the_headline_dates_and_bylines_are_read_by():
    page = ('<html><head><title>Best trails for biking | Houstonia Magazine</title>'
            '<meta property="og:site_name" content="Houstonia Magazine"></head><body>'
            f'<header><div><h1>Houstonia Magazine</h1></div></header>{_SCRIPT}'
            '<main><div><h1>Best trails for biking</h1><p>Cyclists have it better.</p>'
            '<p><span>By <a href="/producers/dan">Dan Renfrow</a></span> <span>April 12, 2024</span></p></div></main>'
            f'<p>{PARA}</p></body></html>')
    meta = html_metadata(LexborHTMLParser(page))
    assert (meta.get("author"), meta.get("date")) == ("Dan Renfrow", "2024-04-12")


def test_a_publication_date_under_a_meta_key_of_its_own_is_a_candidate():
    head = ('<meta name="published-date" content="2021-02-16"><meta name="modified-date" content="2024-07-30">'
            '<meta property="og:article&#x3A;published_time" content="2021-02-16T10:00:00+00:00">'
            '<meta name="event-date" content="2030-01-01">')
    tree = LexborHTMLParser(f"<html><head>{head}</head><body><h1>Tides</h1></body></html>")
    found = date_candidates(tree, read_declared(tree), front=False)
    assert sorted((f.iso, f.source) for f in found) == [("2021-02-16", "meta_other"), ("2021-02-16T10:00:00+00:00", "meta_other")]


@pytest.mark.parametrize(
    ("article", "source", "kept"),
    [
        (0.3, "meta", True),  # a declared date on a page the type model doubts is an article
        (0.1, "meta", False),  # ... unless it is sure it is none
        (0.3, "text", False),  # a date read in the text needs the type itself
        (0.3, "thread", False),  # so does a labelled one: a course page's "Start date" is no thread's
    ],
)
def test_a_declared_date_outlasts_a_doubtful_page_type(article, source, kept):
    from tamis.clean.features import PAGE_TYPES

    type_p = np.zeros(len(PAGE_TYPES))
    type_p[PAGE_TYPES.index("article")] = article
    type_p[PAGE_TYPES.index("service")] = 1.0 - article
    meta = {"page_type": "service", "date_source": source, "author_source": source}
    assert Clean().off_type("date", meta, type_p) is not kept
    assert Clean().off_type("author", meta, type_p) is not kept  # an author <meta> declares, likewise
    # a byline found in the markup needs the page type itself
    assert Clean().off_type("author", {"page_type": "service", "author_source": "markup"}, type_p)


def test_pages_of_undated_types_keep_their_date_aside():
    page = '<html><head><meta property="article:published_time" content="2019-08-21T10:17:44Z"></head><body>' + (
        f"<article><h1>Trail tent 2</h1><p>{PARA * 4}</p></article></body></html>"
    )
    kept = _run(page, dated_types=())
    assert kept.meta["date"].startswith("2019-08-21")
    moved = _run(page, dated_types=("no-such-type",))
    assert "date" not in moved.meta and moved.meta["date_undated_type"].startswith("2019-08-21")


def test_dates_and_authors_are_gated_by_page_type_each_on_its_own():
    page = ('<html><head><meta property="article:published_time" content="2019-08-21T10:17:44Z">'
            '<meta name="author" content="Ana Ruiz"></head><body>'
            f"<article><h1>Trail tent 2</h1><p>{PARA * 4}</p></article></body></html>")
    doc = _run(page, dated_types=("no-such-type",), authored_types=())
    assert "date" not in doc.meta and doc.meta["author"] == "Ana Ruiz"
    doc = _run(page, dated_types=(), authored_types=("no-such-type",))
    assert doc.meta["date"].startswith("2019-08-21") and doc.meta["author_undated_type"] == "Ana Ruiz"


MD_PAGE = """<html><body><main><h1>Using the frobnicator</h1><p>It turns widgets into reports.</p>
<h2>Installing it</h2><pre>pip install frobnicator
    frob --version</pre>
<ul><li>Works on Linux.</li><li>Needs Python 3.11.</li></ul>
<p>- a paragraph that starts with a dash.</p><p># not a heading either</p></main></body></html>"""


def test_markdown_marks_up_what_the_dom_says():
    from tamis.clean.lines import split_lines
    from tamis.clean.markdown import assemble_markdown

    text, S = text_with_signals(LexborHTMLParser(MD_PAGE))
    pl = split_lines(text)
    md = assemble_markdown(pl, np.ones(len(pl), bool), S)
    assert md.splitlines() == [
        "# Using the frobnicator", "", "It turns widgets into reports.", "", "## Installing it", "",
        "```", "pip install frobnicator", "    frob --version", "```", "",
        "- Works on Linux.", "- Needs Python 3.11.", "", "\\- a paragraph that starts with a dash.", "",
        "\\# not a heading either",
    ]


CODE_PAGE = """<html><head><title>Summing positives - Docs</title></head><body><nav><a href="/">Home</a></nav>
<main><h1>Summing positives</h1><p>A loop repeats a block of code for every item of a sequence; here is one
in Python, with a condition inside it that skips the negative numbers.</p>
<pre><code>def total(xs):
    s = 0
    for x in xs:
        if x &gt; 0:
            s += x

    return s</code></pre>
<p>The function adds the positive numbers only and returns their sum once the loop has finished.</p>
</main></body></html>"""


def test_plain_text_keeps_the_indentation_of_code_and_of_nothing_else():
    text = tamis.clean_html(CODE_PAGE, "https://docs.example.org/loops")["text"].splitlines()
    program = ["def total(xs):", "    s = 0", "    for x in xs:", "        if x > 0:", "            s += x", "",
               "    return s"]
    assert text[text.index("def total(xs):") :][:7] == program
    assert all(x == x.lstrip() for x in text if not x.startswith("    "))
    md = tamis.clean_html(CODE_PAGE, "https://docs.example.org/loops", output="markdown")["text"]
    assert "\n".join(["```", *program, "```"]) in md  # the blank line stays inside the fence


def test_only_pre_blocks_that_read_as_programs_are_kept_whole():
    from tamis.clean.code import programs
    from tamis.clean.lines import split_lines

    program = ["fn main() {", "    let n = 3;", "    if n < 5 {", "        println!(\"small\");", "    }", "}"]
    message = ["On Monday Bob wrote:", "> Should we cut the branch this week?", "I think we should wait two days.",
               "The parser fix touches the tokenizer, and the packagers asked us to avoid a change.", "Ana"]
    pl = split_lines("\n".join(["Intro paragraph."] + program + ["Between them."] + message))
    code = np.array([False] + [True] * len(program) + [False] + [True] * len(message))
    assert programs(pl, code).tolist() == [False] + [True] * len(program) + [False] * (1 + len(message))


def test_a_headings_permalink_glyph_does_not_reach_the_text():
    from tamis.clean.lines import without_permalink

    assert without_permalink("4.1. if Statements¶") == "4.1. if Statements"
    assert without_permalink("Ansible playbooks \uf0c1") == "Ansible playbooks"
    assert without_permalink("Learning C#") == "Learning C#"  # "#" may be the heading's own
    assert without_permalink("See ¶ 12 of the contract.") == "See ¶ 12 of the contract."
    page = ("<html><body><main><h1>Loops<a class=headerlink href='#loops'>¶</a></h1>"
            f"<p>{PARA}</p><h2>Nested loops<a class=headerlink href='#nested'>¶</a></h2><p>{PARA} Again.</p>"
            "</main></body></html>")
    for output in ("text", "markdown"):
        text = tamis.clean_html(page, "https://docs.example.org/loops", output=output)["text"]
        assert "Nested loops" in text and "¶" not in text


@pytest.mark.parametrize("glyph", ["#", "§", "¶"])
def test_a_headings_anchor_link_goes_whatever_its_glyph_and_a_heading_with_code_stays_a_heading(glyph):
    page = (f"<html><body><main><h1>Readline<span><a class=mark href='#readline'>{glyph}</a></span></h1>"
            f"<p>{PARA}</p><h2>Class: <code>Interface</code><a class=mark href='#interface'>{glyph}</a></h2>"
            f"<p>{PARA} Again.</p><h2>Learning C#</h2><p>{PARA} Once more.</p></main></body></html>")
    res = tamis.clean_html(page, "https://docs.example.org/readline")
    text = res["text"].splitlines()
    assert res["title"] == "Readline" and "Class: Interface" in text and "Learning C#" in text
    md = tamis.clean_html(page, "https://docs.example.org/readline", output="markdown")["text"].splitlines()
    assert "## Class: Interface" in md and "```" not in md


@pytest.mark.parametrize("block", [
    "<div class=sphinxsidebar role=navigation>",  # Sphinx's sidebar
    "<details role=navigation id=toc open>",  # Node.js's table of contents
])
def test_linked_identifiers_in_a_navigation_block_are_ruled_out_and_code_elsewhere_is_not(block):
    from tamis.clean.page import ruled_out

    page = (f"<html><body>{block}<ul>"
            "<li><a href='#accumulate'><code>accumulate()</code></a></li><li><a href='#chain'><code>chain()</code></a></li>"
            f"<li><a href='/recipes'>Recipes</a></li></ul></{block[1:block.index(' ')]}>"
            f"<main><p>{PARA}</p><pre>accumulate([1, 2, 3])</pre><p><a href='#chain'><code>chain()</code></a></p></main>"
            "</body></html>")
    text, S = text_with_signals(LexborHTMLParser(page))
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    p, overlay = ruled_out(S, np.full(len(lines), 0.8))
    out = dict(zip(lines[:3], p[:3])) | {"body": p[3], "pre": p[4], "linked in body": p[5]}
    assert out == {"accumulate()": 0.0, "chain()": 0.0, "Recipes": 0.8, "body": 0.8, "pre": 0.8, "linked in body": 0.8}
    assert overlay is None


def test_adjacent_code_elements_in_a_pre_are_separate_lines():
    page = ("<html><body><pre><code class=mjs>import fs from 'node:fs';</code><code class=cjs>"
            "const fs = require('node:fs');</code></pre><pre><code>a = 1\n</code><code>b = 2</code></pre></body></html>")
    text, _ = text_with_signals(LexborHTMLParser(page))
    assert [x for x in text.splitlines() if x.strip()] == [
        "import fs from 'node:fs';", "const fs = require('node:fs');", "a = 1", "b = 2"]


def test_a_code_block_is_kept_or_dropped_whole_by_the_share_of_its_characters_kept():
    from tamis.clean.code import whole_code_blocks
    from tamis.clean.lines import split_lines

    pl = split_lines("Intro prose line.\nfn main() {\n    let x = 5;\n}\nMiddle prose.\n```\nlet y = 6;\n```\nEnd.")
    code = np.array([0, 1, 1, 1, 0, 1, 1, 1, 0], bool)
    keep = np.array([1, 1, 1, 0, 0, 1, 0, 0, 1], bool)
    out = whole_code_blocks(pl, keep, code)
    assert out.tolist() == [1, 1, 1, 1, 0, 0, 0, 0, 1]  # first block filled ("}"), second dropped (3 of 16 chars)
    assert whole_code_blocks(pl, keep, np.zeros(9, bool)).tolist() == keep.tolist()


def test_markdown_writes_data_tables_as_pipe_tables_and_layout_tables_as_prose():
    from tamis.clean.lines import split_lines
    from tamis.clean.markdown import assemble_markdown

    page = ("<html><body><p>Prices by fruit.</p><table><tr><th>Fruit</th><th>Price</th><th>Change</th></tr>"
            "<tr><td>Apples | red</td><td>1.20</td><td>+5%</td></tr><tr><td>Pears</td><td>1.50</td><td></td></tr>"
            "<tr><td colspan=3>Total 2.70</td></tr></table><p>After the table.</p>"
            "<table><tr><td>A layout table holds this paragraph.</td></tr><tr><td>And this one.</td></tr></table>"
            "</body></html>")
    text, S = text_with_signals(LexborHTMLParser(page))
    pl = split_lines(text)
    md = assemble_markdown(pl, np.ones(len(pl), bool), S).splitlines()
    table = ["| Fruit | Price | Change |", "|---|---|---|", "| Apples \\| red | 1.20 | +5% |", "| Pears | 1.50 |  |",
             "| Total 2.70 |  |  |"]
    start = md.index(table[0])
    assert md[start : start + len(table)] == table
    assert md[start - 1] == "" and md[start + len(table)] == ""  # a table is a block of its own
    assert "After the table." in md
    assert "A layout table holds this paragraph." in md and not any(x.startswith("| A layout") for x in md)


def test_markdown_links_only_when_asked_resolved_against_the_pages_url():
    body = ("<p>The <a href='/report'>market report</a> lists what traders charged, as "
            "<a href='https://ex.org/a (b)'>the [data] shows</a>, and why prices changed as they did this year.</p>"
            "<p><a href='/x'>- a linked opening</a> of a paragraph that goes on long enough to be one of the body's.</p>"
            "<p>Back to <a href='#top'>the top</a> or <a href='mailto:a@b.c'>write to us</a>, which are no pages.</p>"
            "<p style='display:none'><a href='/hidden'>The report</a></p>"
            "<p>The report's <a href='/annex'>annex</a> has the figures by month, variety and market, for every week.</p>")
    page = f"<html><body><article><h1>Fruit prices</h1>{body}</article></body></html>"
    url = "https://news.example.org/2024/prices"
    md = tamis.clean_html(page, url, output="markdown", links=True)["text"]
    assert "The [market report](https://news.example.org/report) lists" in md
    assert "[the \\[data\\] shows](https://ex.org/a%20%28b%29)" in md
    assert "[- a linked opening](https://news.example.org/x) of a paragraph" in md  # a link, not an escaped dash
    assert "Back to the top or write to us" in md  # anchors and mail addresses are no pages
    assert "[annex](https://news.example.org/annex)" in md and "/hidden" not in md
    assert "](" not in tamis.clean_html(page, url, output="markdown")["text"]
    assert "](" not in tamis.clean_html(page, url, links=True)["text"]  # plain text stays plain


def test_an_in_page_anchor_keeps_its_place_among_the_links():
    """A table of contents links "#mondly"; the body's own "Mondly" link must stay in the body."""
    page = ("<html><body><article><h1>Language apps</h1><ul><li><a href='#mondly'>1. Mondly, the motivator</a></li>"
            "<li><a href='#busuu'>2. Busuu, the community</a></li></ul>"
            "<p>We can only recommend <a href='/guides/mondly'>Mondly</a> highly, even if there are still some hiccups "
            "here and there in the lessons, and the content keeps improving every month.</p></article></body></html>")
    md = tamis.clean_html(page, "https://example.org/apps", output="markdown", links=True)["text"]
    assert "recommend [Mondly](https://example.org/guides/mondly) highly" in md
    assert "- 1\\. Mondly, the motivator" in md  # no link, and no ordered list inside the bullet


def test_markdown_output_through_the_stage_and_text_pages_stay_text():
    page = MD_PAGE.replace("It turns widgets into reports.", PARA * 3)
    md = _run(page, output="markdown").text
    assert "## Installing it" in md and "```" in md
    plain = _run(page).text
    assert "## " not in plain and "```" not in plain
    text_page = Clean(output="markdown").process_batch([Document(id="t", text="Installing it\n\n" + PARA * 3)])[0]
    assert "#" not in text_page.text
    with pytest.raises(ValueError):
        Clean(output="html")


def test_a_page_too_large_for_a_dom_is_rendered_piecewise():
    blocks = "".join(f"<div><h2>Part {i}</h2><p>{PARA}</p></div>" for i in range(40))
    page = f"<html><head><title>Long page | Site</title></head><body>{blocks}</body></html>"
    doc = Extract(max_dom_chars=2000).process(Document(id="big", html=page))
    whole = Extract().process(Document(id="big", html=page))
    assert doc.meta["extract_piecewise"] and doc.dom is None and whole.dom is not None
    assert doc.meta["title"] == whole.meta["title"] == "Long page"
    words = [w for w in doc.text.split() if w]
    assert words == whole.text.split()  # same words in the same order, only line breaks may differ


@pytest.mark.slow
def test_extracting_a_50mb_page_stays_under_500mb(tmp_path):
    import subprocess
    import sys

    block = f'<div class="post"><h2>Section</h2><p>{PARA}<a href="/x">a link</a></p><ul><li><a href="/a">One</a></li></ul></div>\n'
    page = tmp_path / "big.html"
    page.write_text("<html><body>" + block * (50_000_000 // len(block) + 1) + "</body></html>")
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) pytest process that spawned us
    code = (
        "from tamis.cleaning import clean_html; "
        f"r = clean_html(open({str(page)!r}).read()); "
        "assert r['kept'] or r['reason'], r; "
        "hwm = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')); "
        "print(r['kept'], r.get('reason'), hwm)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    kept, reason, rss_kb = r.stdout.split()
    assert int(rss_kb) / 1024 < 500, r.stdout


def test_a_page_drawn_by_script_is_read_from_its_noscript():
    app = f'<html><body><div id="app"></div><noscript><main><h1>Thread</h1><p>{PARA * 6}</p></main></noscript></body></html>'
    text, _ = text_with_signals(LexborHTMLParser(app))
    assert PARA.strip() in text
    normal = f'<html><body><p>{PARA * 3}</p><noscript><p>{"Please enable JavaScript to use every feature. " * 20}</p></noscript></body></html>'
    text, _ = text_with_signals(LexborHTMLParser(normal))
    assert PARA.strip() in text and "enable JavaScript" not in text


def test_a_jsonld_authors_reference_is_followed_to_the_person_it_names():
    ld = ('{"@context": "https://schema.org", "@graph": [{"@type": "Article", "headline": "Tides",'
          ' "author": {"@id": "https://kff.example/#/schema/person/538"}},'
          ' {"@type": "Person", "@id": "https://kff.example/#/schema/person/538", "name": "Nirmita Panchal"}]}')
    page = (f'<html><head><script type="application/ld+json">{ld}</script></head>'
            '<body><h1>Tides</h1><span class="username">kffnirmitap</span></body></html>')
    assert html_metadata(LexborHTMLParser(page)).get("author") == "Nirmita Panchal"


def test_jsonld_the_webpage_wraps_names_the_date_and_author():
    ld = ('{"@type": "WebPage", "mainEntity": {"@type": "DiscussionForumPosting", "datePublished": "2024-01-10T17:47:16+00:00",'
          ' "author": {"@type": "Person", "name": "shutterbug"}}}')
    tree = LexborHTMLParser(f'<html><head><script type="application/ld+json">{ld}</script></head><body></body></html>')
    assert date_candidates(tree, read_declared(tree), front=False) == [Found("2024-01-10T17:47:16+00:00", "json-ld")]
    meta = html_metadata(LexborHTMLParser(tree.html))
    assert (meta.get("date"), meta.get("author")) == ("2024-01-10T17:47:16+00:00", "shutterbug")
    # (whether a later post's <time> outweighs it is the date model's call, a close one)


def test_a_webpages_own_publish_date_is_not_the_pages_date():
    ld = '{"@type": "WebPage", "datePublished": "2019-03-02T10:00:00+00:00"}'
    meta = html_metadata(LexborHTMLParser(f'<html><head><script type="application/ld+json">{ld}</script></head>'
                                          '<body><h1>Our services</h1><p>We fix roofs.</p></body></html>'))
    assert "date" not in meta


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ('<article><h1>Tents</h1><time datetime="2025-06-12">June 12</time><p>Text.</p></article>', "2025-06-12"),
        # a listing's entries, a review, a footer's "last updated": none of them dates the page
        ('<ul><li class="entry"><a href="/a">A story</a> <time datetime="2025-06-12">June 12</time></li></ul>', None),
        ('<section class="product-reviews"><div class="review"><time datetime="2025-06-12">June 12</time></div></section>',
         None),
        ('<h1>Docs</h1><p>Text.</p><footer><span class="last-updated"><time datetime="2025-06-12">June 12</time></span></footer>',
         None),
        # an embedded social post quotes its own time
        ('<h1>Tents</h1><p>29.01.2019</p><p>' + "Text. " * 200 + '</p><blockquote class="instagram-media"><div><p>'
         '<a href="https://x.test/p/1">A post</a> by Someone on <time datetime="2018-03-12T19:30:12+00:00">Mar 12, 2018'
         '</time></p></div></blockquote>', "2019-01-29"),
    ],
)
def test_a_time_element_dates_the_page_only_outside_teasers_and_replies(body, want):
    assert html_metadata(LexborHTMLParser(f"<html><body>{body}</body></html>")).get("date", "")[:10] == (want or "")


def test_a_shops_declared_product_is_kept_in_the_metadata():
    ld = ('{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Shoe Shop"}, '
          '{"@type": "Product", "name": "Wool Runner", "brand": {"@type": "Brand", "name": "Allbirds"}, "sku": "WR-1", '
          '"description": "<p>Soft &amp; machine washable.</p>", "offers": [{"@type": "Offer", "price": 110.0, '
          '"priceCurrency": "USD", "availability": "https://schema.org/InStock"}], '
          '"aggregateRating": {"ratingValue": 4.5, "reviewCount": 1200}, '
          '"additionalProperty": [{"@type": "PropertyValue", "name": "Material", "value": "Merino wool"}, '
          '{"name": "Specs", "value": [{"@type": "PropertyValue", "name": "Weight", "value": 250}]}]}]}')
    page = f'<html><head><script type="application/ld+json">{ld}</script></head><body><h1>Wool Runner</h1></body></html>'
    got = html_metadata(LexborHTMLParser(page))["product"]
    assert got == {"name": "Wool Runner", "brand": "Allbirds", "sku": "WR-1", "description": "Soft & machine washable.",
                   "price": "110.0", "currency": "USD", "availability": "InStock", "rating": "4.5", "reviews": "1200",
                   "specs": {"Material": "Merino wool", "Weight": "250"}}
    r = tamis.clean_html(page.replace("</h1>", "</h1><p>" + PARA * 3 + "</p>"))
    assert r["meta"]["product"]["name"] == "Wool Runner"
    article = page.replace('"Product"', '"Article"')
    assert "product" not in html_metadata(LexborHTMLParser(article))


def test_a_product_description_only_the_json_ld_holds_joins_the_text():
    desc = ("Our lightest runner, knitted from merino wool that breathes in summer and warms in winter; "
            "the sole is sugarcane foam and the laces are recycled bottles.")
    ld = json.dumps({"@type": "Product", "name": "Wool Runner", "description": desc,
                     "offers": {"@type": "Offer", "price": "110", "priceCurrency": "USD"}})
    head = f'<html><head><script type="application/ld+json">{ld}</script></head><body><main><h1>Wool Runner</h1>'
    shell = head + "<p>$110</p><button>Add to cart</button></main></body></html>"
    r = tamis.clean_html(shell, "https://shop.example.com/products/wool-runner")
    assert r["kept"] and r["text"].endswith(desc) and r["meta"]["text_declared"] == "product.description"
    # shown on the page: not added twice
    shown = head + f"<p>{desc}</p><p>{PARA * 2}</p><p>$110</p></main></body></html>"
    r = tamis.clean_html(shown, "https://shop.example.com/products/wool-runner")
    assert r["text"].count("merino wool") == 1 and "text_declared" not in r["meta"]
    # and only when asked
    doc = Clean(declared_text=False).process_batch([Extract().process(Document(id="p", html=shell))])[0]
    assert "merino" not in doc.text


def test_a_sites_front_page_takes_no_date_or_byline_from_its_latest_post():
    teaser = ('<div class="post"><h2>Our new release</h2><time datetime="2026-03-06">March 6</time>'
              '<a href="/author/phoebe/">Phoebe Sajor</a></div>')
    page = f"<html><body><h1>The Blog</h1>{teaser}</body></html>"
    front = html_metadata(LexborHTMLParser(page), "https://blog.example.org/")
    assert "date" not in front and "author" not in front
    post = html_metadata(LexborHTMLParser(page), "https://blog.example.org/?p=123")  # a post by its id
    assert post["date"] == "2026-03-06" and post["author"] == "Phoebe Sajor"
    declared = page.replace("<body>", '<head><meta property="article:published_time" content="2026-01-05"></head><body>')
    assert html_metadata(LexborHTMLParser(declared), "https://blog.example.org/")["date"] == "2026-01-05"
    body = "\n\n".join(f"Paragraph {i} of the post explains what changed in the release and why it took so long "
                       f"to ship, with notes for anyone upgrading from the version before." for i in range(1, 6))
    (res,) = clean_pages([f"The Blog\n\nOur new release\n\nMarch 6, 2026\n\nBy Phoebe Sajor\n\n{body}\n"],
                         urls=["https://blog.example.org/"])
    assert "date" not in res.meta and res.meta["date_front_page"] == "2026-03-06"


def test_a_thread_is_dated_by_its_first_post_not_a_later_edit():
    # Q&A markup: the edit's stamp comes first in the page, the question's own date after it
    html = ('<html><body><div itemscope itemtype="https://schema.org/Question"><h1>Why is except: pass bad?</h1>'
            '<div class="edited">edited <span itemprop="datePublished" content="2018-05-21T20:37:55">May 21, 2018</span></div>'
            '<div>asked <time itemprop="dateCreated" datetime="2014-02-04 13:02:51Z">Feb 4, 2014</time></div>'
            '<div class="answer">answered <time itemprop="dateCreated" datetime="2014-02-04 13:27:40Z">x</time></div>'
            '</div></body></html>')
    assert html_metadata(LexborHTMLParser(html), "https://qa.example.org/questions/1/why").get("date") == "2014-02-04T13:02:51Z"


def test_a_keyword_stuffed_title_is_read_only_as_far_as_a_title_goes():
    from tamis.extract.htmlmeta import read_declared, title_candidates

    stuffed = " | ".join(f"cheap tents {i}" for i in range(50_000))
    page = f"<html><head><title>{stuffed}</title></head><body><h1>Dome tents</h1><p>Text.</p></body></html>"
    tree = LexborHTMLParser(page)
    cands, X = title_candidates(tree, read_declared(tree), None)
    assert len(cands) < 200 and len(X) == len(cands)  # not one candidate per part of a 1 MB <title>
    assert html_metadata(tree)["title"] == "Dome tents"


def _page_of_kind(ld_type: str, og: str, extra: str) -> str:
    return (f'<html><head><script type="application/ld+json">{{"@type": "{ld_type}"}}</script>'
            f'<meta property="og:type" content="{og}"></head><body><main><h1>Trail runner</h1>'
            f"<p>{PARA}</p><p>{PARA}</p>{extra}</main></body></html>")


def test_page_kind_reads_what_the_markup_and_url_say_the_page_is():
    from tamis.extract.pagekind import KIND_NAMES, page_kind

    shop = dict(zip(KIND_NAMES, page_kind(LexborHTMLParser(_page_of_kind("Product", "product", '<button class="add-to-cart">Add</button>')),
                                          "https://shop.example.com/products/trail-runner")))
    blog = dict(zip(KIND_NAMES, page_kind(LexborHTMLParser(_page_of_kind("BlogPosting", "article", "")),
                                          "https://example.com/blog/2024/05/trail-runner")))
    assert shop["ld_product"] == shop["og_product"] == shop["url_product"] == shop["cart"] == 1.0
    assert shop["ld_article"] == shop["url_article"] == 0.0
    assert blog["ld_article"] == blog["og_article"] == blog["url_article"] == 1.0 and blog["cart"] == 0.0
    assert page_kind(LexborHTMLParser('<script type="application/ld+json">{"@type": [</script>'), None).sum() == 0.0


def test_the_html_page_type_model_weighs_what_the_markup_says_the_page_is():
    """The same text: declared a product it is more likely one than declared a blog post."""
    from tamis.clean.features import PAGE_TYPES

    def product_p(html: str, url: str) -> float:
        doc = Extract().process(Document(id="k", html=html, url=url))
        (page,) = clean_pages([doc.text], doms=[doc.dom], urls=[url], kinds=[doc.kind])
        return float(page.type_p[PAGE_TYPES.index("product")])

    shop = product_p(_page_of_kind("Product", "product", '<button class="add-to-cart">Add</button>'),
                     "https://shop.example.com/products/trail-runner")
    blog = product_p(_page_of_kind("BlogPosting", "article", ""), "https://example.com/blog/2024/05/trail-runner")
    assert shop > blog + 0.1


def _section_page(head: str = "", above: str = "", body_top: str = "") -> str:
    return (f"<html><head><title>Council extends the scheme | The Daily Example</title>"
            f'<meta property="og:site_name" content="The Daily Example">{head}</head><body>'
            f'<header><a href="/">Home</a> <a href="/contact">Contact</a></header>{body_top}'
            f"<article>{above}<h1>Council extends the scheme</h1><p>{PARA * 4}</p></article></body></html>")


def _ld(obj: str) -> str:
    return f'<script type="application/ld+json">{obj}</script>'


@pytest.mark.parametrize("head,body_top,want", [
    (_ld('{"@type": "NewsArticle", "headline": "x", "articleSection": ["politics", "world"]}'), "", "Politics"),
    ('<meta property="article:section" content="Local News">', "", "Local News"),
    ('<meta property="article:section" content="Uncategorized">', "", None),  # a placeholder
    ('<meta property="article:section" content="The Daily Example">', "", None),  # the site's own name
    # a trail's last crumb is the page itself; its first, the site's root
    (_ld('{"@type": "BreadcrumbList", "itemListElement": ['
         '{"@type": "ListItem", "position": 1, "item": {"@id": "https://ex.com/", "name": "Home"}},'
         '{"@type": "ListItem", "position": 2, "item": {"@id": "https://ex.com/city", "name": "City Hall"}},'
         '{"@type": "ListItem", "position": 3, "name": "Council extends the scheme"}]}'), "", "City Hall"),
    ("", '<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/transport">Transport</a></li>'
         '<li><a href="/transport/scheme">Council extends the scheme</a></li></ol>', "Transport"),
    ("", '<ol class="breadcrumb"><li><a href="/">Home</a></li></ol>', None),  # only the root
    # the last crumb links to the page itself, under a shorter name
    ("", '<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/transport/">Transport</a></li>'
         '<li><a href="/transport/scheme">Scheme extended</a></li></ol>', "Transport"),
    # a whole menu under a breadcrumb's name is no trail
    ("", '<nav class="breadcrumbs-menu">' + "".join(f'<a href="/s{i}">Section {chr(65 + i)}</a>' for i in range(20))
         + "</nav>", None),
    # a docs theme ends its trail with a link to another site
    ("", '<ul class="breadcrumbs"><li><a href="/">Home</a></li><li><a href="/guide/">User Guide</a></li>'
         '<li><a href="https://github.com/ex/docs/edit/main/x.rst">Revise on GitHub</a></li></ul>', "User Guide"),
])
def test_an_html_pages_category_is_the_section_its_markup_declares(head, body_top, want):
    out = tamis.clean_html(_section_page(head=head, body_top=body_top), url="https://ex.com/transport/scheme")
    assert out["category"] == want


def test_the_link_above_an_html_headline_is_no_category():
    # a header's last menu entry sits above the headline as often as a section does
    for label in ("Contact Us", "Transport"):
        out = tamis.clean_html(_section_page(above=f'<a href="/x">{label}</a>'))
        assert out["category"] is None
        assert out["title"] == "Council extends the scheme"


def test_a_section_label_beside_the_date_is_not_the_author():
    page = _section_page(head='<meta property="article:section" content="North Korea">',
                         above="").replace(
        "</h1>", '</h1><div>North Korea</div><div>09:31 August 20, 2019</div>')
    out = tamis.clean_html(page)
    assert out["category"] == "North Korea"
    assert out["author"] != "North Korea"


@pytest.mark.parametrize("declared,want", [
    ("2023-11-07T02:00:00.000-05:00", "2023-11-07T02:00:00-05:00"),
    ("2023-11-07T07:00:00.000Z", "2023-11-07T07:00:00Z"),
    ("2023-11-07T16:00+0900", "2023-11-07T16:00:00+09:00"),
    ("2023-11-07 12:30", "2023-11-07T12:30:00"),  # no zone given: none invented
    ("2023-11-07", "2023-11-07"),
])
def test_a_declared_timestamp_keeps_its_utc_offset(declared, want):
    html = f'<html><head><meta property="article:published_time" content="{declared}"></head><body><h1>A</h1></body></html>'
    assert html_metadata(LexborHTMLParser(html)).get("date") == want


def _book(chapters: int, paragraphs: int) -> str:
    nav = "".join(f"<li><a href='/ch{i}'>Chapter {i}</a></li>" for i in range(chapters))
    body = "".join(
        f"<h1>Chapter {i}: the part about topic number {i}</h1>"
        + "".join(f"<p>Paragraph {j} of chapter {i} explains at some length how the river path was widened, "
                  f"who paid for it, and what the council decided next about "
                  + (f"<a href='/bridges/{i}'>the bridge</a>.</p>" if j == 1 else "the bridge.</p>") for j in range(paragraphs))
        for i in range(chapters))
    return (f"<html><head><title>The River Book</title></head><body><nav><ul>{nav}</ul></nav>"
            f"<main>{body}</main><footer><a href='/privacy'>Privacy</a> | <a href='/terms'>Terms</a></footer></body></html>")


def test_a_book_on_one_page_is_judged_chapter_by_chapter():
    from tamis.clean.chapters import LONG_PAGE, chapters
    from tamis.clean.lines import split_lines

    html = _book(40, 80)  # 3,200+ lines: longer than any page the models learned from
    text, S = text_with_signals(LexborHTMLParser(html))
    pl = split_lines(text)
    assert len(pl) > LONG_PAGE
    spans = chapters(pl, S)
    assert len(spans) == 40 and spans[0][0] == 0 and spans[-1][1] == len(pl)  # the header goes with chapter 0
    assert all(pl.text[a].startswith("Chapter ") and ": the part about" in pl.text[a] for a, _ in spans[1:])
    res = tamis.clean_html(html, "https://books.example.org/river/print.html")
    kept = res["text"].splitlines()
    assert res["meta"]["chapters"] == 40
    assert "Paragraph 79 of chapter 39 explains at some length how the river path was widened, who paid for it, " \
           "and what the council decided next about the bridge." in kept
    assert sum(f"Chapter {i}: the part about topic number {i}" in kept for i in range(1, 40)) >= 38
    assert "Privacy | Terms" not in kept and not any(k.strip() == f"Chapter {i}" for k in kept for i in range(40))  # nav
    raw = text.split("\n")
    assert all(raw[r["line"]].strip() == r["text"] for r in res["removed"])  # removed lines point into the page
    # a page of ordinary length, or a long one with few <h1>s, is judged whole
    assert len(chapters(split_lines(text_with_signals(LexborHTMLParser(_book(5, 80)))[0]), S[:0])) == 1
    few = _book(3, 1100)
    text3, S3 = text_with_signals(LexborHTMLParser(few))
    assert len(chapters(split_lines(text3), S3)) == 1
    # Markdown links are matched over the whole page, then written chapter by chapter
    md = tamis.clean_html(html, "https://books.example.org/river/print.html", output="markdown", links=True)["text"]
    assert "about [the bridge](https://books.example.org/bridges/39)." in md
    assert md.count("](https://books.example.org/bridges/") == 40


@pytest.mark.parametrize(("head", "body", "want"), [
    ('<meta http-equiv="refresh" content="0; URL=ch20.html">', "<p>Redirecting to <a href='ch20.html'>ch20.html</a>.</p>",
     ("extract.redirect", "https://docs.example.org/book/ch20.html")),
    ("<meta http-equiv='Refresh' content=\"2;url='/moved'\">", "<p>This page has moved. Click here if nothing happens.</p>",
     ("extract.redirect", "https://docs.example.org/moved")),
    ('<noscript><meta http-equiv="refresh" content="0; url=/nojs"></noscript>', f"<p>{PARA}</p>", None),
    ('<meta http-equiv="refresh" content="300">', f"<p>{PARA}</p>", None),  # a live page reloading itself
    ('<meta http-equiv="refresh" content="600; url=/next">', f"<p>{PARA}</p>", None),
    ('<meta http-equiv="refresh" content="0; url=/elsewhere">', f"<p>{PARA * 3}</p><p>{PARA * 2}</p>", None),
])
def test_a_soft_redirect_is_rejected_with_its_target(head, body, want):
    """A stub whose refresh sends the reader elsewhere at once is no page: rejected, saying
    where it points; a page that reloads itself, or holds an article besides, stays."""
    page = f"<html><head><title>Redirecting...</title>{head}</head><body>{body}</body></html>"
    doc = Extract().process(Document(id="r", html=page, url="https://docs.example.org/book/ch19.html"))
    got = (doc.rejection.reason, doc.rejection.value) if doc.rejection else None
    assert got == want
    if "/elsewhere" in head:
        assert doc.meta["redirect_to"] == "https://docs.example.org/elsewhere"  # said, though kept


_STORY = ("The council voted on Tuesday to extend the river path scheme for another year, after a long debate "
          "about its cost and about who should pay for the repairs to the old stone bridges. ")


@pytest.mark.parametrize(("title", "paras", "want"), [
    ("Page not found | Mill Gazette", 1, "clean.error_page"),
    ("Seite nicht gefunden", 1, "clean.error_page"),
    ("Error 404", 1, "clean.error_page"),
    ("Page not found", 12, None),  # a long page is no stub, whatever its title
    ("Why a good 404 page matters | Mill Gazette", 1, None),  # a story about error pages
    ("Treasure not found after decades of searching", 1, None),
    ("Council extends the river path scheme", 1, None),
])
def test_a_soft_error_page_is_rejected(title, paras, want):
    """A server's "not found" page sent with status 200 is kept by a crawl as a page; its
    title says what it is, and it has little text besides menus and teasers."""
    page = (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
            f"<main><h1>{title.split(' | ')[0]}</h1>" + "".join(f"<p>{_STORY} ({k})</p>" for k in range(paras)) +
            "<ul><li><a href='/a'>Mill district walkers return as the river path reopens</a></li></ul></main></body></html>")
    res = tamis.clean_html(page, url="https://millgazette.example/news/some-page")
    assert (None if res["kept"] else res["reason"]) == want


@pytest.mark.parametrize(("head", "want"), [
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rates rise", "isAccessibleForFree": false}</script>', True),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rates rise", "isAccessibleForFree": "False"}</script>', True),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rates rise", "isAccessibleForFree": "true"}</script>', None),
    ('<meta property="article:content_tier" content="locked">', True),
    ('<meta property="article:content_tier" content="free">', None),
])
def test_a_page_that_declares_itself_not_free_says_so(head, want):
    """Publishers mark paywalled articles for search engines; a corpus may hold only their
    teaser, or text it may not reuse."""
    assert html_metadata(LexborHTMLParser(f"<html><head>{head}</head><body><p>{PARA}</p></body></html>")).get("paywalled") == want


@pytest.mark.parametrize(("head", "header", "want"), [
    ('<meta name="robots" content="index, follow, max-image-preview:large">', None, None),
    ('<meta name="robots" content="noai, noimageai">', None, ["noai", "noimageai"]),
    ('<meta name="googlebot" content="NOINDEX">', None, ["noindex"]),
    ("", "googlebot: noarchive", ["noarchive"]),  # the server's X-Robots-Tag header
    ('<meta name="robots" content="noai">', "noindex", ["noai", "noindex"]),
])
def test_what_a_page_asks_of_crawlers_is_kept(head, header, want):
    """A corpus built for models may honour a page's "noai" or "noindex": the restricting
    directives of its robots <meta> and its X-Robots-Tag header go to meta.robots."""
    meta = {"x_robots_tag": header} if header else {}
    doc = Extract().process(Document(id="r", html=f"<html><head>{head}</head><body><p>{PARA}</p></body></html>", meta=meta))
    assert doc.meta.get("robots") == want
    tdm = Extract().process(Document(id="t", html=f'<html><head><meta name="tdm-reservation" content="1"></head><body><p>{PARA}</p></body></html>'))
    assert tdm.meta["tdm_reservation"] is True


_WALL = ("We and our 842 partners store and/or access information on a device, such as cookies, and process personal "
         "data, such as unique identifiers, for personalised advertising and content measurement.",
         "With your permission we and our partners may use precise geolocation data. You may click to consent to our "
         "and our partners' processing, or change your preferences before consenting.",
         "Some processing of your personal data may not require your consent, but you have a right to object. Your "
         "preferences will apply to this website only.")


@pytest.mark.parametrize(("paras", "want"), [
    (list(_WALL), "clean.consent_wall"),
    ([_STORY + f"({k})" for k in range(3)] + [_WALL[0]], None),  # a story under a banner the model kept
    ([_WALL[k % 3] + f" ({k})" for k in range(20)], None),  # 400 words and more: a page about consent, not a wall
])
def test_a_consent_wall_shown_instead_of_the_page_is_rejected(paras, want):
    """Crawls of sites that ask visitors for consent first keep the wall: prose, so the line
    model keeps it; as a whole it says nothing but consent."""
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = f"<html><head><title>Before you continue</title></head><body><div class='consent'>{body}</div></body></html>"
    res = tamis.clean_html(html, url="https://news.example/2024/03/story")
    assert (None if res["kept"] else res["reason"]) == want
    text = tamis.clean_text("\n\n".join(paras))
    assert (None if text["kept"] else text["reason"]) == want


def test_a_questions_asker_beats_the_editor_card_the_markup_shows_first():
    """Stack Exchange prints the last editor's card before the asker's; the "asked" line names
    the thread's author (and its date) where the markup's first username does not."""
    para = ("I have a push button wired to a microcontroller input with a pull-up resistor, and every press "
            "registers as several presses because the contacts bounce for a few milliseconds. {}")
    card = ('<div class="user-info"><div class="user-action-time">{} <span>{}</span></div>'
            '<div class="user-details"><a class="username" href="/users/{}">{}</a></div></div>')
    html = ("<html><head><title>How do I debounce a push button? - Electrical Engineering Stack Exchange</title></head>"
            "<body><nav><a href='/'>Home</a> <a href='/questions'>Questions</a></nav><main>"
            "<h1>How do I debounce a push button?</h1><div class='question'>"
            + "".join(f"<p>{para.format(i)}</p>" for i in ("First.", "Second.", "Third."))
            + card.format("edited", "Mar 31, 2019 at 10:57", 1, "Elliot Alderson")
            + card.format("asked", "Mar 26, 2019 at 16:18", 2, "user3080392")
            + "</div><h2>2 Answers</h2><div class='answer'><p>" + para.format("An answer.") + "</p>"
            + card.format("answered", "Mar 27, 2019 at 9:00", 3, "Someone Else") + "</div></main></body></html>")
    res = tamis.clean_html(html, url="https://electronics.stackexchange.com/questions/1/how-do-i-debounce")
    assert (res["author"], res["meta"]["author_source"]) == ("user3080392", "thread")
    assert res["date"] == "2019-03-26T16:18:00"
