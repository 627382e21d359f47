"""The learned word scores: furniture words low, words of many sites' content high, one
site's habits pulled to the base rate."""

import numpy as np

from tamis.clean.lines import split_lines
from tamis.clean.tokens import TOKEN_NAMES, fit_scores, fit_type_scores, line_tokens, page_type_words, token_features


def _page(lines: list[tuple[str, int]]):
    pl = split_lines("\n".join(t for t, _ in lines))
    return pl, np.asarray([y for _, y in lines])


def _score(scores: np.ndarray, word: str) -> float:
    pl = split_lines(word)
    _, bucket = line_tokens(pl)
    return float(scores[bucket[0]])


def _sites(n: int, extra: list[tuple[str, int]] = ()) -> list:
    pages = []
    for i in range(n):
        pl, y = _page([("Warenkorb anzeigen", 0), (f"Story number {i} tells of harbours and weather.", 1), *extra])
        pages.append((f"site{i}.example", pl, y))
    return pages


def test_a_word_seen_in_furniture_on_many_sites_scores_below_one_seen_in_content():
    scores = fit_scores(_sites(12), smoothing=2.0)
    assert _score(scores, "warenkorb") < 0 < _score(scores, "harbours")


def test_a_word_one_site_repeats_weighs_less_than_the_same_word_on_many_sites():
    one_site = [("site0.example", *_page([("Glorbex deals", 0)] * 40 + [("A long story about the sea.", 1)]))]
    many = [(f"s{i}.example", *_page([("Glorbex deals", 0), ("A long story about the sea.", 1)])) for i in range(40)]
    assert abs(_score(fit_scores(one_site + _sites(3)), "glorbex")) < abs(_score(fit_scores(many + _sites(3)), "glorbex"))


def test_lines_without_words_read_the_base_rate_and_columns_match_the_names():
    pl = split_lines("Warenkorb anzeigen\n* * *\nStory about harbours.")
    scores = fit_scores(_sites(12))
    F = token_features(pl, scores.astype(np.float32))
    assert F.shape == (3, len(TOKEN_NAMES))
    assert F[1, :3].tolist() == [0, 0, 0]
    mean = F[:, TOKEN_NAMES.index("tok_mean")]
    assert mean[0] < 0 < mean[2]
    assert F[1, TOKEN_NAMES.index("tok_prev1")] == mean[0] and F[1, TOKEN_NAMES.index("tok_next1")] == mean[2]


def test_words_many_shops_use_make_a_page_read_as_a_shop():
    shops = [(f"shop{i}.example", split_lines(f"Add to basket\nFree delivery\nWidget {i}"), 1) for i in range(10)]
    news = [(f"news{i}.example", split_lines(f"Minister resigns\nThe minister said {i} things."), 0) for i in range(10)]
    scores = fit_type_scores(shops + news, types=2).astype(np.float32)
    shop_page = page_type_words(split_lines("Sprocket\nAdd to basket"), scores)
    news_page = page_type_words(split_lines("Minister visits\nThe minister said."), scores)
    assert shop_page[1] > shop_page[0] and news_page[0] > news_page[1]
    assert page_type_words(split_lines(""), scores).tolist() == [0.0, 0.0]
