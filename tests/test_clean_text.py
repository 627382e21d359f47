"""The page-text cleaner: the seed page, reasons, metadata, spam, and bad input."""

import json
import subprocess
import sys

import numpy as np
import pytest

import tamis
from conftest import DATA
from tamis.clean.page import clean_pages


@pytest.fixture(scope="module")
def expected():
    return json.loads((DATA / "expected.json").read_text())


@pytest.fixture(scope="module")
def seed_result():
    r = subprocess.run([sys.executable, "-m", "tamis.cli", "clean", "--json", str(DATA / "page.txt")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.splitlines()
    return json.loads(line)


def test_seed_paragraphs(seed_result, expected):
    paras = [p for p in seed_result["text"].split("\n\n") if p.strip()]
    assert paras == expected["paragraphs"]


def test_seed_junk_gone(seed_result, expected):
    for junk in expected["must_not_contain"]:
        assert junk not in seed_result["text"], junk


def test_seed_metadata(seed_result, expected):
    for key in ("title", "date", "source", "author", "category", "language"):
        assert seed_result[key] == expected[key], key


def test_seed_spam_line_removed_as_spam(seed_result, expected):
    spam = [r for r in seed_result["removed"] if r["text"].startswith(expected["spam_line_prefix"])]
    assert spam and all(r["reason"] == "clean.spam" for r in spam)
    assert seed_result["meta"]["spam_injected"] is True
    assert "zh" in seed_result["meta"]["spam_languages"]


def test_every_dropped_line_has_a_reason(seed_text):
    res = tamis.clean_text(seed_text)
    kept = set(res["text"].splitlines())
    nonblank = [line.strip() for line in seed_text.splitlines() if line.strip()]
    removed = [r["text"] for r in res["removed"]]
    assert sorted(removed + [x for x in nonblank if x in kept]) == sorted(nonblank)
    assert all(r["reason"].startswith("clean.") for r in res["removed"])


def test_spam_rule_is_not_about_the_seed_words():
    """A different link farm (Cyrillic under a German article) is found by shape and script."""
    body = "\n\n".join(
        f"Dies ist der {i}. Absatz eines deutschen Artikels über die Stadtentwicklung, der ausführlich erklärt, "
        f"warum die neuen Pläne für den Verkehr und das Wohnen im Zentrum umstritten sind." for i in range(1, 7)
    )
    farm = " | ".join(["Москва", "Казань", "Тверь", "Омск", "Пермь", "Самара", "Уфа", "Тула", "Сочи", "Курск", "Орёл"])
    page = f"Startseite\nPolitik\n\nStreit um die Stadtplanung\n\n{body}\n\nImpressum | Datenschutz\n{farm}\n"
    (res,) = clean_pages([page])
    spam = [r for r in res.removed if r.reason == "clean.spam"]
    assert [r.text for r in spam] == [farm]
    assert res.meta["spam_injected"] and res.meta["language"] == "de"


def test_a_chinese_article_is_not_spam():
    para = "国家统计局今天发布的数据显示，今年前三季度国内生产总值同比增长，经济运行总体平稳，就业和物价形势保持稳定，市场预期持续改善。"
    page = "首页 | 新闻 | 财经\n\n经济运行总体平稳\n\n" + "\n\n".join(para for _ in range(5))
    (res,) = clean_pages([page])
    assert not res.meta.get("spam_injected")
    assert res.meta["language"] == "zh" and para in res.text


def test_a_run_of_foreign_links_is_spam_and_a_short_banner_is_not():
    body = "\n\n".join(f"Paragraph {i} of an English article explains at length why the council moved the market "
                       "to the square by the river, and what the traders said about it." for i in range(1, 7))
    links = ["北京赛车开奖直播网站", "澳门葡京娱乐城官网入口", "时时彩计划软件免费下载", "真人百家乐在线游戏平台",
             "体育彩票足球竞猜官网", "网上赌博平台排行榜前十", "六合彩开奖结果查询记录"]
    (res,) = clean_pages([f"Market moves to the river\n\n{body}\n\nContact us\n" + "\n".join(links)])
    assert {r.text for r in res.removed if r.reason == "clean.spam"} == set(links) and res.meta["spam_injected"]
    banner = ["Избери друга държава или регион, за да видиш специфично съдържание.", "Друга държава или регион",
              "Продължи към избраната страна"]
    (res,) = clean_pages([f"Market moves to the river\n\n{body}\n\n" + "\n".join(banner)])
    assert not res.meta.get("spam_injected")


def test_repetition_that_is_not_keyword_stuffing():
    from tamis.clean.scripts import SCRIPTS, line_script_counts
    from tamis.clean.spam import find_spam

    row = "\t\t".join(["Screen Type", "MIP", "MIP", "AMOLED", "AMOLED", "AMOLED", "MIP", "MIP", "AMOLED", "MIP",
                        "AMOLED", "MIP", "MIP", "AMOLED"])
    blurb = " ".join(["A former shipping clerk walks from Lisbon to Riga in one winter, and this book follows him "
                      "through ferries, border towns, cheap rooms and the kitchens of strangers who fed him. "
                      "Reviewers praised its patience with small scenes: a bus driver's argument, a dog that "
                      "walked beside him for a week, the letters he never posted to his brother."] * 12)
    stuffed = "cheap flights cheap hotels cheap flights cheap hotels cheap flights cheap hotels cheap deals"
    farm = "新泰市/江城/杂多县/泗洪县/姚安县/潜山县/昂仁县/韶关市/阿坝县/太白县/新竹/江城"
    texts = [row, blurb, stuffed, farm]
    found = find_spam(texts, line_script_counts(texts), SCRIPTS.index("latin"), np.zeros(4))
    assert [(v.line, v.rule) for v in found] == [(2, "keyword_stuffing"), (3, "link_list")]
    # on a Chinese page, a pointer to Latin URLs and paths: their slashes separate no items
    see_also = ['参见 http://www.netfilter.org/documentation/ 上的文档(或在 "/usr/share/doc/iptables/html/" 中)']
    assert not find_spam(see_also, line_script_counts(see_also), SCRIPTS.index("cjk"), np.zeros(1))


def test_a_chinese_manual_quoting_commands_in_a_table_is_not_spam():
    prose = "<p>系统管理员应当粗略地了解系统的启动和配置方式。尽管准确的细节在安装的软件包及对应的文档中，但这些知识对我们大多数人来说都是必须掌握的。</p>"
    rows = "".join(f"<tr><td>列出单元</td><td>systemctl list-units --type=service --state={s}</td></tr>"
                   for s in ("running", "failed", "exited", "dead", "active", "inactive", "waiting"))
    page = f"<html><body><main><h1>系统初始化</h1>{prose * 3}<table>{rows}</table>{prose}</main></body></html>"
    res = tamis.clean_html(page, "https://manual.example.org/ch03.zh-cn.html")
    assert not res["meta"].get("spam_injected") and res["meta"]["script"] == "cjk"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t\n  ", "x" * 10_000_000, "\x00\x01\x02 control \x07 chars\x1b[0m", "Ã©tÃ© cafÃ© crÃ¨me brÃ»lÃ©e " * 20],
    ids=["empty", "whitespace", "10MB-one-line", "control", "mojibake"],
)
def test_bad_input_gives_result_or_reason(text):
    res = tamis.clean_text(text)
    assert res["kept"] or res["reason"].startswith("clean.")
    json.dumps(res)
    if "Ã©" in text and res["kept"]:
        assert "été café crème brûlée" in res["text"]


def test_invisible_direction_marks_go_and_joiners_stay():
    from tamis.clean.page import normalise

    assert normalise("\u202aGeoffrey Hinton\u202c \u2067عربي\u2069") == "Geoffrey Hinton عربي"
    assert normalise("می\u200cخواهم 👩\u200d💻") == "می\u200cخواهم 👩\u200d💻"
    page = "<html><head><title>\u202aGeoffrey Hinton\u202c - Google Scholar</title></head><body><h1>\u202aGeoffrey Hinton\u202c</h1></body></html>"
    assert tamis.clean_html(page, "https://scholar.example.com/citations")["title"] == "Geoffrey Hinton"


def test_title_model_picks_the_headline_of_a_text_page():
    """Menu entries, a section name and a teaser heading sit around the headline too."""
    body = "\n\n".join(
        f"Paragraph {i} of the report explains how the city council decided to widen the river path, "
        f"what it will cost the residents and when the works on the northern bank are due to begin." for i in range(1, 6)
    )
    page = ("Home\nNews\nSport\nWeather\n\nLocal news\n\nCouncil votes to widen the river path\n\n"
            f"By Ana Ruiz\n\n{body}\n\nMost read\n\nStorm closes the harbour for a week\n")
    url = "https://news.example.org/local/council-votes-to-widen-the-river-path"
    (res,) = clean_pages([page], urls=[url])
    assert res.meta["title"] == "Council votes to widen the river path"
    assert "Council votes" not in res.text
    # the model is what chose it: without one the rule may differ, but a title model is shipped
    from tamis.clean.model import MODEL_PATH, load_title_model

    assert load_title_model(MODEL_PATH) is not None


def test_the_threshold_is_lower_only_where_the_page_is_surely_no_article():
    from tamis.clean.features import PAGE_TYPES
    from tamis.clean.page import page_threshold
    from tamis.clean.stage import Clean

    article = np.eye(len(PAGE_TYPES))[PAGE_TYPES.index("article")]
    shop = np.eye(len(PAGE_TYPES))[PAGE_TYPES.index("product")]
    assert page_threshold(0.5, article, 0.15) == 0.5
    assert page_threshold(0.5, shop, 0.15) == pytest.approx(0.35)
    assert page_threshold(0.5, (article + shop) / 2, 0.15) == pytest.approx(0.425)
    with pytest.raises(ValueError):
        Clean(threshold=0.3, type_slack=0.3)


def _lines_of(words: list[int]) -> np.ndarray:
    from tamis.clean.features import FEATURE_NAMES

    X = np.zeros((len(words), len(FEATURE_NAMES)), np.float32)
    X[:, FEATURE_NAMES.index("log_words")] = np.log1p(words)
    return X


def test_each_page_keeps_its_lines_up_to_where_expected_precision_plus_recall_peaks():
    from tamis.clean.features import PAGE_TYPES
    from tamis.clean.page import SHARPEN, expected_gain_threshold, sharpen_weights

    w = sharpen_weights(SHARPEN)
    article = np.eye(len(PAGE_TYPES))[PAGE_TYPES.index("article")]
    listing = np.eye(len(PAGE_TYPES))[PAGE_TYPES.index("listing")]
    # a listing: forty doubtful entries and a menu; a fixed 0.5 would keep nothing
    p = np.array([0.4] * 40 + [0.03] * 10)
    th = expected_gain_threshold(p, _lines_of([12] * 40 + [1] * 10), listing, w)
    assert 0.03 < th <= 0.4
    # a sure article body beside a few doubtful teasers: the teasers go
    p = np.array([0.95] * 20 + [0.4] * 5)
    th = expected_gain_threshold(p, _lines_of([30] * 20 + [15] * 5), article, w)
    assert 0.4 < th <= 0.95
    # the same doubtful lines weigh more on a page that is no article
    p = np.array([0.9] * 10 + [0.45] * 10)
    X = _lines_of([20] * 20)
    assert expected_gain_threshold(p, X, listing, w) <= 0.45 < expected_gain_threshold(p, X, article, w)
    # nothing near content: nothing kept
    assert expected_gain_threshold(np.array([0.01, 0.02, 0.04]), _lines_of([5, 5, 5]), listing, w) > 0.04


def test_a_higher_recall_weight_keeps_more_doubtful_lines():
    from tamis.clean.features import PAGE_TYPES
    from tamis.clean.page import expected_gain_threshold, sharpen_weights
    from tamis.clean.stage import Clean

    listing = np.eye(len(PAGE_TYPES))[PAGE_TYPES.index("listing")]
    w = sharpen_weights({})
    # sure entries, then a run of doubtful ones and a run of unlikely ones
    p = np.array([0.9] * 10 + [0.5] * 10 + [0.2] * 10)
    X = _lines_of([10] * 30)
    low, mid, high = (expected_gain_threshold(p, X, listing, w, r) for r in (0.2, 1.0, 4.0))
    assert low == 0.9 and mid == 0.5 and high == 0.2
    for bad in (0, -1.0, "1", True, 11):
        with pytest.raises(ValueError, match="recall_weight"):
            Clean(recall_weight=bad)


def test_a_negative_sharpening_keeps_more_doubtful_lines_on_pages_of_that_type():
    from tamis.clean.features import PAGE_TYPES
    from tamis.clean.page import expected_gain_threshold, sharpen_weights
    from tamis.clean.stage import Clean

    collection = np.eye(len(PAGE_TYPES))[PAGE_TYPES.index("collection")]
    listing = np.eye(len(PAGE_TYPES))[PAGE_TYPES.index("listing")]
    # a shop's category page: a few sure lines, many items the model doubts
    p = np.array([0.9] * 5 + [0.3] * 30 + [0.02] * 10)
    X = _lines_of([20] * 5 + [8] * 30 + [2] * 10)
    flat = sharpen_weights({"collection": -0.5})
    assert expected_gain_threshold(p, X, collection, sharpen_weights({})) > 0.3 >= expected_gain_threshold(p, X, collection, flat)
    assert expected_gain_threshold(p, X, listing, flat) > 0.3  # other types untouched
    with pytest.raises(ValueError, match="unknown page types"):
        Clean(sharpen={"blog": 0.5})
    for bad in (-1.0, "abc"):
        with pytest.raises(ValueError, match="above -1"):
            Clean(sharpen={"collection": bad})


def test_a_long_line_said_twice_is_kept_once():
    from tamis.clean.features import line_features
    from tamis.clean.lines import split_lines
    from tamis.clean.page import clean_lines, normalise

    post = "I replaced the fan last week and the noise is gone, but the case still runs warm under load."
    short = "Add to cart"
    text = "\n\n".join([post, short, "Great to hear, did you also clean the dust filter at the front?",
                         short, post, post.upper()])
    pl = split_lines(normalise(text))
    X = line_features(pl)
    page = clean_lines(pl, X, np.full(len(pl), 0.9), 0.5, spam=False, metadata=False)
    assert page.text.count(post) == 1 and page.text.lower().count(post.lower()) == 1
    assert page.text.count(short) == 2  # short lines repeat for their own reasons
    repeats = [d for d in page.removed if d.reason == "clean.repeated"]
    assert len(repeats) == 2 and all(d.text.lower() == post.lower() for d in repeats)


def test_a_short_line_right_after_its_own_copy_is_kept_once_unless_code():
    from tamis.clean.features import line_features
    from tamis.clean.lines import split_lines
    from tamis.clean.page import clean_lines, normalise

    slide = "Colorful design that lets you shine"
    body = "Step into a world of fun creative possibilities with a bright, immersive screen and a slim metal body."
    text = "\n".join([slide, slide, slide, body, "Add to cart", "£19", "Add to cart", "```", "}", "}", "```"])
    pl = split_lines(normalise(text))
    page = clean_lines(pl, line_features(pl), np.full(len(pl), 0.9), 0.5, spam=False, metadata=False)
    assert page.text.count(slide) == 1 and page.text.count("Add to cart") == 2
    assert [d.text for d in page.removed if d.reason == "clean.repeated"] == [slide, slide]
    # a program's lines repeat on purpose
    import tamis

    prose = "".join(f"<p>{body} Part {i} of the review covers the battery and the speakers.</p>" for i in range(6))
    res = tamis.clean_html(f"<html><body><main><h1>Loops</h1>{prose}<pre><code>for i in range(3):\n"
                           "    total += i\n    total += i\nprint(total)</code></pre>{prose}</main></body></html>")
    assert res["text"].count("total += i") == 2


def test_no_break_spaces_are_written_as_plain_spaces():
    import tamis

    para = "Julian Seward was the original founder, designer and author of the framework and its tools. "
    body = "".join(f"<p>{(para + str(i)).replace(' ', '&nbsp;')}</p><p>{para}Part&#8239;{i}.</p>" for i in range(6))
    for res in (tamis.clean_html(f"<html><body><main><h1>Authors</h1>{body}</main></body></html>"),
                tamis.clean_html(f"<html><body><main><h1>Authors</h1>{body}</main></body></html>", output="markdown")):
        assert "Julian Seward was the original founder" in res["text"] and "Part 5." in res["text"]
        assert not {"\u00a0", "\u202f"} & set(res["text"])


def test_a_fixed_threshold_still_decides_when_given():
    from tamis.clean.stage import Clean
    from tamis.cleaning import clean_text
    from tamis.document import Document

    page = (DATA / "page.txt").read_text()
    assert Clean().threshold is None
    strict = Clean(threshold=0.99).process_batch([Document(id="s", text=page)])[0]
    default = Clean().process_batch([Document(id="s", text=page)])[0]
    assert len(strict.text) < len(default.text)
    assert clean_text(page)["text"] == default.text
    assert 0.99 - Clean.type_slack <= strict.meta["keep_threshold"] <= 0.99  # lowered on pages unlike articles


def test_the_page_threshold_is_recorded_and_explains_each_removed_line(seed_result):
    th = seed_result["meta"]["keep_threshold"]
    assert 0.05 <= th < 1.0
    by_model = [r for r in seed_result["removed"] if r["reason"] not in ("clean.spam", "clean.title", "clean.category",
                                                                        "clean.metadata_line")]
    assert by_model
    assert all(1.0 - r["score"] < th + 1e-6 for r in by_model)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("Recently by Jeffrey ZeldmanNovember 3, 2025", "Jeffrey Zeldman"),  # flattened text glues name and date
        ("Written by Kathryn GiuffridaMar 4", "Kathryn Giuffrida"),
        ("By Maya Mayfield", "Maya Mayfield"),
        ("Editor : Wang Fan ECNS App Download", "Wang Fan"),
        ("Thread starter sean_g", "sean_g"),  # a forum handle, as the forum writes it
        ("BySarah July 30, 2019", "Sarah"),  # a month before a day number begins the date
        ("By June Carter", "June Carter"),  # a month-named person stays whole
        ("By Korin MillerPublished: Jan 29, 2025", "Korin Miller"),  # a label glued to the name
        ("by Jacob Trussell—10 min read", "Jacob Trussell"),
        ("Read more posts by Joe Kindness", "Joe Kindness"),  # an author box
        ("By Michael Russell Follow", "Michael Russell"),  # the button after the name
        ("By Thomas More", "Thomas More"),
        ("Types of Mobile Apps by Technology", None),  # "by" inside a heading is no byline
        ("Shop by Brand", None),
        ("Photo by Tomson Highway", None),  # who took the picture did not write the page
        ("More by This Author", None),
        ("Home & Garden / DIY Hotels & Hospitality", None),  # "di" (Italian "by") only as a word of its own
        ("By Dr. Vahid Osman - Mar 27, 2024", "Dr. Vahid Osman"),  # a title's period ends no name
        ("By Dr.", None),  # a title alone names nobody
        ("Written By December 3, 2025", None),  # a date where the name would be
        ("By Prof. Ada Byron", "Prof. Ada Byron"),
        ("Get started by signing up today", None),  # "started by" after a word is prose
        ("By Sean Martin Sean Martin", "Sean Martin"),  # the name's link and its text, run together
        ("By Mary Ann Mary", "Mary Ann Mary"),
        ("ByKathy Owen   Updated on", "Kathy Owen"),  # a date's label after the name, the date cut out
        ("By Daniel Burstein Senior Director", "Daniel Burstein"),  # the author's role after the name
        ("Medically reviewed by Jo-ann Caballes", None),  # a reviewer is not the writer
        ("Edited by Keri Stooksbury", None),
        ("By Meg JamesStaff Writer", "Meg James"),  # the role glued to the name
        ("By AnthonyJanuary 4, 2026", "Anthony"),  # the date glued to a one-word name
        ("By Event Type", None),  # a filter menu's "Shop" on the line above
    ],
)
def test_byline_name_stops_where_the_byline_does(line, want):
    from tamis.annotate.bylines import find_author

    found = find_author(line)
    assert (found[0] if found else None) == want


def test_a_text_pages_date_comes_from_its_text_before_its_permalink():
    body = "\n\n".join(
        f"Paragraph {i} of the report explains how the city council decided to widen the river path, "
        f"what it will cost the residents and when the works on the northern bank are due to begin." for i in range(1, 6)
    )
    undated = f"Council votes to widen the river path\n\n{body}\n"
    dated = f"Council votes to widen the river path\n\nMarch 3, 2021\n\n{body}\n"
    url = "https://news.example.org/2021/03/02/council-votes"
    a, b, c = clean_pages([undated, dated, undated], urls=[url, url, "https://news.example.org/local/council-votes"])
    assert (a.meta["date"], a.meta["date_source"]) == ("2021-03-02", "url")
    assert (b.meta["date"], b.meta["date_source"]) == ("2021-03-03", "text")
    assert "date" not in c.meta and "date_source" not in c.meta


def test_a_byline_label_on_its_own_line_names_the_next_line():
    body = "\n\n".join(
        f"Paragraph {i} of the report explains how the city council decided to widen the river path, "
        f"what it will cost the residents and when the works on the northern bank are due to begin." for i in range(1, 6)
    )
    page = f"Council votes to widen the river path\n\nWritten By\nStephen Jesudunsin\n\n{body}\n"
    (res,) = clean_pages([page])
    assert res.meta["author"] == "Stephen Jesudunsin"
    assert "Jesudunsin" not in res.text


@pytest.mark.parametrize(
    ("far", "want"),
    [
        (["By Hlín Eyjólfsdóttir"], "Hlín Eyjólfsdóttir"),
        (["Thread starter lulug30"], "lulug30"),  # a handle is a thread starter's name
        (["By Hlín Eyjólfsdóttir", "By Ramon Berenguer"], None),  # two bylines: a teaser list
        (["By Marketing"], None),  # one word is a menu's label more often than a name
        (["© 2025 by Kouzina Food Tech"], None),  # a copyright holder
    ],
)
def test_a_lone_byline_far_above_the_body_names_the_author(far, want):
    from tamis.clean.metadata import extract_header

    filler = [f"Menu entry {i}" for i in range(25)]  # a table of contents between byline and body
    texts = ["Site name", "How we picked the best kettles", *far, *filler, *[f"Body paragraph {i}." for i in range(6)]]
    keep = [False] * (len(texts) - 6) + [True] * 6
    info = extract_header(texts, keep, len(texts) - 6, len(texts) - 1)
    assert info.meta.get("author") == want


@pytest.mark.parametrize(
    ("header", "want"),
    [
        (["Andrew Gerrand", "4 August 2010"], "Andrew Gerrand"),
        (["Dec. 19, 2025 · Niko Matsakis on behalf of the Vision Doc group"], "Niko Matsakis"),
        (["No Comments", "4 August 2010"], None),  # a label, not a name
        (["4 August 2010", "Expert Reviewed"], None),
        (["Kitchen Gear", ",", "Home Appliances", "4 August 2010"], None),  # categories
        (["Tom Talbot October 14, 2025"], "Tom Talbot"),  # the name runs into the date on its line
        (["Kristian Larsen July 13, 2025 — 7 minutes read"], "Kristian Larsen"),
        (["Written By December 3, 2025"], None),  # a label, not a name, and no lead for the next line
        (["Released Wednesday", "March 5, 2025"], None),  # a release note's weekday
        (["LEONARDO GARCIA", "Sep 26, 2022"], "LEONARDO GARCIA"),  # set in capitals
        (["BREAKING NEWS", "Sep 26, 2022"], None),
        (["Mike Marshall, Shipping Expert", "•", "Friday, December 19, 2025"], "Mike Marshall"),  # name, role
        (["Kitchen Gear, Home Appliances", "4 August 2010"], None),  # no role after the comma
        (["Guides", "Emmanuel John", "210412", "Dec 18, 2025"], "Emmanuel John"),  # past a count of views
        # a name alone under the headline, when a role, a reading time or a date follows it
        (["Tuhin Bhatt", "", "Co-founder of Intelivita", "Last updated on June 19, 2025"], "Tuhin Bhatt"),
        (["Trevor Jackins", "9 min read"], "Trevor Jackins"),
        (["Brinda Gulati", "", "Content Editor"], "Brinda Gulati"),
        (["Key Takeaways", "Start with the budget."], None),  # a heading: nothing after it says byline
        (["Submit Your Book", "March 3, 2025"], None),  # a button
        (["Full Service Equipment Repair", "Lead times: 3 days"], None),  # a slogan's four words
        (["Linc Admin", "Posted March 3, 2025"], None),  # a handle and a role
        (["By Mr_Enigmatic", "May 22, 2024 in New Builds and Planning"], "Mr_Enigmatic"),  # a member's handle
        (["December 19, 2025", "by ibby"], "ibby"),
        (["By default", "Settings stay as they were."], None),  # no date beside it
    ],
)
def test_a_name_beside_the_date_or_under_the_title_is_the_author(header, want):
    from tamis.clean.metadata import extract_header

    body = [f"Body paragraph {i}." for i in range(6)]
    texts = ["Site name", "How we picked the best kettles", *header, *body]
    keep = [False] * (len(texts) - 6) + [True] * 6
    info = extract_header(texts, keep, len(texts) - 6, len(texts) - 1, title_line=1)
    assert info.meta.get("author") == want


def test_without_a_title_the_likeliest_headline_still_places_the_date():
    """A table of contents between the byline and the body puts the date out of the header span;
    the title model's likeliest headline, too unsure to be given as the title, still says where
    to look."""
    from tamis.clean.metadata import extract_header

    toc = [f"{i}. Section heading number {i}" for i in range(1, 16)]
    body = [f"Body paragraph {i} with enough words to read as the start of the article." for i in range(6)]
    texts = ["Menu", "How machine learning shapes shops", "Chirag Bhardwaj", "November 14, 2025", "Contents", *toc, *body]
    keep = [False] * (len(texts) - 6) + [True] * 6
    first, last = len(texts) - 6, len(texts) - 1
    assert "date" not in extract_header(texts, keep, first, last, title_line=None).meta
    info = extract_header(texts, keep, first, last, title_line=None, anchor=1)
    assert info.meta.get("date") == "2025-11-14"
    assert info.meta.get("author") == "Chirag Bhardwaj"  # the name on the line above the date
    assert info.title_line is None and "title" not in info.meta


@pytest.mark.parametrize(
    ("poster", "want"),
    [
        (["JosephF", "J"], "JosephF"),  # a handle, then its letter avatar
        (["xJewishNinjax", "X"], "xJewishNinjax"),
        (["JosephF", "K"], None),  # another letter: no avatar of this name
    ],
)
def test_a_letter_avatar_under_a_handle_names_the_first_poster(poster, want):
    from tamis.clean.metadata import extract_header

    texts = ["Forums", "Digital Projectors", "Replacement projector recommendations", *poster,
             "I have a quite old projector in my basement home theater that has been a wonderful projector for years.",
             *[f"Reply {i} with enough words to be read as a post of the thread." for i in range(5)]]
    first = len(texts) - 6
    keep = [False] * first + [True] * 6
    assert extract_header(texts, keep, first, len(texts) - 1, title_line=2).meta.get("author") == want


def test_an_author_box_below_the_body_names_the_author_of_a_text_page_only():
    from tamis.clean.metadata import extract_header

    body = [f"Body paragraph {i}." for i in range(6)]
    texts = ["How we picked the best kettles", *body, *[f"Related link {i}" for i in range(8)], "Written by Ana Ruiz"]
    keep = [False] + [True] * 6 + [False] * 9
    assert extract_header(texts, keep, 1, 6).meta.get("author") == "Ana Ruiz"
    assert "author" not in extract_header(texts, keep, 1, 6, below_body=False).meta  # HTML reads its author box


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("March 3, 2021", "2021-03-03"),
        ("Updated on March 3, 2021", "2021-03-03"),  # the gold takes a shown update date as often as not
        ("ijsbol commented Mar 3, 2021", None),  # a comment's date
        ("Reviewed in Germany on 3 March 2021", None),  # a review's
        ("Founded: Mar 3, 2021", None),
        ("Fernando (verified owner) – March 3, 2021", None),
        ("Joined: Wed Mar 3, 2021 9:28 am", None),  # a member's, with the weekday phpBB puts first
        ("edited Mar 3, 2021 at 21:50", None),  # a Q&A thread's last edit
        ("answered Mar 3, 2021 at 1:01", None),  # an answer's
        ("1.9K views 11 replies last post by\xa0 ggery \xa0 Mar 3, 2021", None),  # a thread's last reply's
        ("March 3, 2021Updated on: October 28, 2024", "2021-03-03"),  # the year glued to the next label
        ("BySarah March 3, 2021January 18, 2023", "2021-03-03"),  # and the next date to the year
    ],
)
def test_a_header_date_is_the_pages_unless_it_dates_something_else(line, want):
    body = "\n\n".join(
        f"Paragraph {i} of the report explains how the city council decided to widen the river path, "
        f"what it will cost the residents and when the works on the northern bank are due to begin." for i in range(1, 6)
    )
    (res,) = clean_pages([f"Council votes to widen the river path\n\n{line}\n\n{body}\n"])
    assert res.meta.get("date") == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("asked Feb 11, 2011 at 23:49", "2011-02-11T23:49:00"),  # Stack Exchange, under the question
        ("Start date Jul 18, 2024", "2024-07-18"),  # XenForo
        ("Post by changingtimes » Sat Feb 24, 2024 12:41 pm", "2024-02-24T12:41:00"),  # phpBB's first post
        ("Posted on Jul 18, 2024", None),  # that far down, a review's or a teaser's
        ("Sale start date 2024-07-18", None),  # a table's row, not a label opening the line
    ],
)
def test_a_threads_labelled_date_below_the_header_is_the_pages(line, want):
    from tamis.clean.metadata import extract_header

    profile = ["Member", "Posts: 524", "Joined: Mon Jul 24, 2017 9:28 am"]
    question = [f"Body paragraph {i} of the first post." for i in range(20)]
    replies = ["edited Nov 9, 2020 at 19:28", "answered Nov 9, 2020 at 19:30", "Reply paragraph."]
    texts = ["Catering for forty people: how should I prepare?", *profile, *question, line, *replies]
    keep = [False] * 4 + [True] * 20 + [False] * 3 + [True]
    info = extract_header(texts, keep, 4, len(texts) - 1, title_line=0)
    assert info.meta.get("date") == want


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (["asked Feb 11, 2011 at 23:49", "KumikoGoingCrAzY", "15911 silver badge66 bronze badges"], "KumikoGoingCrAzY"),
        (["asked Feb 11, 2011 at 23:49", "1,65511 gold badge1414 silver badges"], None),  # no name: a count
        (["Post by changingtimes » Sat Feb 24, 2024 12:41 pm"], "changingtimes"),
        (["Thread starter SamuelMIz", "Start date Jun 14, 2025"], "SamuelMIz"),
        (["Get started by signing up today"], None),  # no label opening the line
        (["30th March 2025, 16:26 #1 | Link", "microfast", "Registered User"], "microfast"),  # vBulletin's first post
        (["#1 2025-11-01 15:14:37", "chunix64", "Member"], "chunix64"),  # FluxBB's
        (["#1 · Jan 3, 2024", "Hello all,"], None),  # a post's first words are no poster
        (["#12 · Jan 3, 2024", "JosephF"], None),  # a later post's
    ],
)
def test_a_threads_author_is_named_where_its_engine_prints_it(lines, want):
    from tamis.clean.metadata import extract_header

    question = [f"Body paragraph {i} of the first post." for i in range(20)]
    texts = ["Catering for forty people: how should I prepare?", "Member", *question, *lines, "Reply paragraph."]
    keep = [False] * 2 + [True] * 20 + [False] * len(lines) + [True]
    assert extract_header(texts, keep, 2, len(texts) - 1, title_line=0).meta.get("author") == want


@pytest.mark.parametrize(("kept", "want"), [(False, "chunix64"), (True, None)])
def test_the_line_under_a_posts_header_names_its_poster_only_as_furniture(kept, want):
    """A handle is furniture the line model drops; a short first line of the post it keeps."""
    from tamis.clean.metadata import extract_header

    texts = ["Pacman keeps failing", "#1 2025-11-01 15:14:37", "chunix64",
             *[f"Body paragraph {i} of the first post." for i in range(8)]]
    keep = [False, False, kept] + [True] * 8
    assert extract_header(texts, keep, 3, len(texts) - 1, title_line=0).meta.get("author") == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Dec 12, 2025", "2025-12-12"),  # the headline's date, far above where the body starts
        ("By Dr. Vahid Osman - Mar 27, 2024", "2024-03-27"),
        ("6.3K views 23 replies 14 participants last post by\xa0 ggery \xa0 Sep 26, 2024", None),  # the last reply's
        ("Updated: December 04, 2025", None),  # away from the header an update stamp is none
    ],
)
def test_the_date_beside_the_headline_is_read_wherever_the_body_starts(line, want):
    from tamis.clean.metadata import extract_header

    menu = [f"Menu entry {i}" for i in range(20)]  # a hero image's caption, a table of contents
    texts = ["Site name", "How we picked the best kettles", line, *menu, *[f"Body paragraph {i}." for i in range(6)]]
    keep = [False] * (3 + len(menu)) + [True] * 6
    first = 3 + len(menu)
    assert extract_header(texts, keep, first, len(texts) - 1, title_line=1).meta.get("date") == want


def test_a_threads_labelled_date_beats_a_date_its_header_shows_unlabelled():
    """XenForo prints the starter's join date under the title before the thread's own "Start date"."""
    from tamis.clean.metadata import extract_header

    texts = ["Fragrance budget or limit for 2024?", "Feb 8, 2017", "Start date Dec 30, 2023",
             *[f"Body paragraph {i} of the first post." for i in range(8)]]
    keep = [False] * 3 + [True] * 8
    assert extract_header(texts, keep, 3, len(texts) - 1, title_line=0).meta.get("date") == "2023-12-30"


@pytest.mark.parametrize(
    ("stamp", "want"),
    [
        ("Last updated 2026-03-05 UTC.", None),  # a documentation site's build stamp
        ("This page was last modified on Dec 5, 2025 by MDN contributors.", None),
        ("First listed on Newegg July 26, 2021", None),
        ("Posted on April 13, 2023", "2023-04-13"),  # a byline at the article's end
    ],
)
def test_a_date_below_the_body_is_the_pages_unless_it_stamps_a_change(stamp, want):
    from tamis.clean.metadata import extract_header

    texts = ["How we picked the best kettles", *[f"Body paragraph {i}." for i in range(6)], stamp]
    keep = [False] + [True] * 6 + [False]
    assert extract_header(texts, keep, 1, 6, title_line=0).meta.get("date") == want


def test_a_paragraph_the_page_repeats_is_not_taken_for_its_title():
    """Its later copies go as `clean.repeated`; as the title the first would go too, and the
    paragraph with it."""
    from tamis.clean.features import page_features
    from tamis.clean.lines import split_lines
    from tamis.clean.page import clean_lines

    para = "The committee met on Tuesday and agreed that the new rules would take effect next spring for all members."
    pl = split_lines(f"Short headline here\n\n{para}\n\nAnother paragraph of the story that says something else.\n\n{para}")
    X = page_features(pl)
    p = np.full(len(pl), 0.9)
    first = pl.text.index(para)
    res = clean_lines(pl, X, p, 0.5, spam=False, metadata=True, title_line=first)
    assert res.meta.get("title") != para and para in res.text
    assert [r.reason for r in res.removed if r.text == para] == ["clean.repeated"]
    # a line that is said once stays a possible title
    res = clean_lines(pl, X, p, 0.5, spam=False, metadata=True, title_line=0)
    assert res.meta["title"] == "Short headline here"


def test_page_text_lines_that_read_as_code():
    from tamis.clean.code import text_code_lines
    from tamis.clean.lines import split_lines

    pl = split_lines("Create a project and type the following:\nfn main() {\n    let x = 3;\n    if x < 5 {\n"
                     "        println!(\"small\");\n    }\n}\n$ cargo run\nThe program prints small, as you expected it to.\n"
                     "Home | News (12) | Contact")
    assert text_code_lines(pl).tolist() == [False, True, True, True, True, True, True, True, False, False]


def test_an_index_of_signatures_in_page_text_is_no_program():
    from tamis.clean.code import code_and_programs
    from tamis.clean.lines import split_lines

    pl = split_lines("Contents\n  rl.close()\n  rl.pause()\n    readline.cursorTo(stream, x[, y][, callback])\n"
                     "Example\nrl.on('line', (line) => {\n  console.log(line);\n});\nrl.close()")
    code, programs = code_and_programs(pl, None)
    assert code.tolist() == programs.tolist() == [False] * 5 + [True] * 4


def test_text_and_names_come_out_in_one_unicode_form():
    """A page typed on a Mac sends "é" as "e" + U+0301: the same word must be the same bytes for
    tokenizers and for exact dedup, in the text and in the title."""
    import unicodedata

    body = "Le café de la rue Saint-Honoré sert une crème brûlée réputée depuis des décennies. " * 4
    nfd = unicodedata.normalize("NFD", f"<html><head><title>Crème brûlée à Paris</title></head><body><h1>Crème brûlée "
                                       f"à Paris</h1><p>{body}</p></body></html>")
    assert not unicodedata.is_normalized("NFC", nfd)
    res = tamis.clean_html(nfd)
    assert res["title"] == "Crème brûlée à Paris" and "café de la rue Saint-Honoré" in res["text"]
    res = tamis.clean_text(unicodedata.normalize("NFD", f"Crème brûlée\n\n{body}"))
    assert "crème brûlée réputée" in res["text"]
