"""What can name a page's section: a label reads as a name, not as a button or a menu entry."""

import pytest

from tamis.annotate.sections import section_name


@pytest.mark.parametrize("label,want", [
    ("Politics", "Politics"),
    ("politics", "Politics"),  # a slug
    ("Life and Culture", "Life and Culture"),
    ("M&A Tracker", "M&A Tracker"),
    ("Get Started", None),
    ("Contact Us", None),
    ("Search SlashGear", None),
    ("Tweet", None),
    ("Ad Feedback", None),
    ("Adventure", "Adventure"),
    ("LinkedIn", None),
    ("LoginGet Started", None),  # menu entries glued by the flattening
    ("HolidaysRecipes", None),
    ("Uncategorized", None),
    ("gizmodo.com", None),
    ("Valorar:", None),
    ("< Back to blog", None),
    ("+1 202 871 3303", None),
    ("An entire sentence that runs on far too long to be a label", None),
])
def test_a_section_is_a_short_name_not_a_call_to_act(label, want):
    assert section_name(label) == want
