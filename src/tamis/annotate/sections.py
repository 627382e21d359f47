"""Whether a short label can be the section a page is filed under ("Politics", "Workouts").

Where a section label sits, just above the headline or at a breadcrumb's end, pages also put
their header's last menu entry, a button, a language switch or a placeholder the CMS filled
in. A wrong section is worse than none, so a label passes only when it reads as a name.
"""

from __future__ import annotations

import re

# a call to act, a page of the site's own, a social network: what a menu's or a button's label says
_ACTION = re.compile(
    r"^(?:search|share|tweet|email|e-mail|print|copy|save|follow|subscribe|sign|log|register|join|donate|give|apply|"
    r"contact|call|talk|get|start|try|learn|explore|discover|view|see|read|watch|listen|download|install|buy|shop|"
    r"order|book|schedule|request|refer|return|back|go|continue|close|cancel|toggle|open|skip|load|loading|select|"
    r"add|make|become|sponsor|find|edit|ads?|my|your|our|cart|account|menu|updated|advertise|advertisement|jobs|careers|about|"
    r"faqs?|help|support|newsletters?|table of contents|contents|facebook|twitter|x|linkedin|instagram|youtube|"
    r"pinterest|tiktok|whatsapp|reddit|telegram)\b",
    re.I,
)
# what a CMS declares when it files a page under no section, or under its tags
_PLACEHOLDER = re.compile(r"^(?:uncategori[sz]ed|tags?|all|home|home ?page|front ?page|main|none|null|default|page|index)$",
                          re.I)
# menu entries the text flattening glued together: "LoginGet Started", "HolidaysRecipes"
_GLUED = re.compile(r"[a-z]{3}[A-Z]")


def section_name(label: str, max_words: int = 6) -> str | None:
    """`label` as a section's name, or None for what only stands where one would."""
    v = " ".join(label.split()).strip()
    words = v.split()
    if (not (1 <= len(words) <= max_words) or len(v) > 60 or len(v) < 2 or "/" in v or "@" in v
            or any(ch.isdigit() for ch in v) or v.endswith((".", ":", "!", "?", "…", ">")) or v.startswith("<")
            or _ACTION.match(v) or _PLACEHOLDER.match(v) or _GLUED.search(v) or re.search(r"\.[a-z]{2,}$", v)):
        return None
    if v.islower():
        v = v[0].upper() + v[1:]  # a slug: "politics"
    return v
