"""Run datatrove's Gopher, C4 and FineWeb filters on a JSONL of texts (inside datatrove's venv).

    python datatrove_filters.py docs.jsonl out.json

Each filter sees every document's original text on its own (C4 rewrites text; here its
rewrite is not passed on), so decisions can be compared filter by filter. Time is per
filter, on this process's one core.
"""

import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from datatrove.data import Document  # noqa: E402
from datatrove.pipeline.filters import (  # noqa: E402
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    texts = [json.loads(line)["text"] for line in open(src, encoding="utf-8")]
    filters = {
        "quality.gopher_repetition": GopherRepetitionFilter(),
        "quality.gopher": GopherQualityFilter(),
        "quality.c4": C4QualityFilter(filter_no_terminal_punct=False),
        "quality.fineweb": FineWebQualityFilter(),
    }
    out = {}
    for name, f in filters.items():
        f.filter(Document(text="warm up the tokenizer. " * 20, id="w"))
        decisions = []
        t = time.perf_counter()
        for i, text in enumerate(texts):
            r = f.filter(Document(text=text, id=str(i)))
            keep, why = (r, None) if isinstance(r, bool) else r
            decisions.append([bool(keep), why])
        out[name] = {"seconds": time.perf_counter() - t, "decisions": decisions}
    json.dump(out, open(dst, "w"))


if __name__ == "__main__":
    main()
