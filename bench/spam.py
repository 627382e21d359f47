"""False spam: how much gold article text the spam rule removes on the bench pages.

    python bench/spam.py [--shared ../shared]

For every page, the 4-gram shingles of lines removed as `clean.spam` that are also in the
gold text, over all gold shingles (the issue's bar: < 0.5%). Also counts pages marked
`spam_injected`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from metric import shingles  # noqa: E402
from quality import load  # noqa: E402
from tamis.clean.page import clean_pages  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sets", default="scrapinghub,wcxb")
    a = ap.parse_args()
    for name in a.sets.split(","):
        pages = load(Path(a.shared), name, None)
        gold_total = removed_gold = marked = spam_lines = 0
        for i in range(0, len(pages), 64):
            batch = pages[i : i + 64]
            for p, res in zip(batch, clean_pages([x["page_text"] for x in batch])):
                g = shingles(p["gold_text"])
                gold_total += sum(g.values())
                spam = "\n".join(r.text for r in res.removed if r.reason == "clean.spam")
                spam_lines += sum(1 for r in res.removed if r.reason == "clean.spam")
                removed_gold += sum((shingles(spam) & g).values()) if spam else 0
                marked += bool(res.meta.get("spam_injected"))
        print(f"{name}: {len(pages)} pages, {marked} marked spam_injected, {spam_lines} spam lines, "
              f"gold shingles removed as spam: {removed_gold} of {gold_total} ({removed_gold / max(gold_total, 1):.3%})")


if __name__ == "__main__":
    main()
