"""Stop words per language, for Gopher's "is this prose?" rule.

English is Gopher's own list. Elsewhere: the commonest function words of the language;
matched case-sensitively like the reference implementation, so sentence-initial capitals
do not count. Scripts without spaces are matched per character (their words here are
characters).
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        "en": "the be to of and that have with",
        "de": "der die das und ist zu den mit nicht von",
        "fr": "le la les de et est un une que des",
        "es": "el la de que y en los se las por",
        "it": "il la di che e non per un una del",
        "pt": "o a de que e do da em um para",
        "nl": "de het een en van is dat op te niet",
        "sv": "och att det som en på är av för med",
        "da": "og at det som en på er af for med",
        "no": "og at det som en på er av for med",
        "pl": "i w nie na się z że do to jest",
        "cs": "a v se na je že to s z do",
        "ru": "и в не на что с по это как он",
        "uk": "і в не на що з та це як до",
        "tr": "ve bir bu da de için ile çok ne",
        "id": "yang dan di ini itu dengan untuk dari tidak dalam",
        "vi": "và của có là được cho không những người trong",
        "zh": "的 了 是 在 和 有 我 不 这 也",
        "ja": "の に は を た が で て と し",
        "ko": "이 그 수 것 등 및 더 를 은 는",
        "ar": "في من على أن إلى عن مع هذا التي الذي",
        "hi": "के है में की और को से का एक पर",
    }.items()
}
