"""Coverage-guided fuzzing of the WARC reader (atheris): planning shards and reading records.

    make fuzz                       # both targets, FUZZ_SECONDS each (default 600)
    python fuzz/fuzz_warc.py fuzz/corpus/warc -max_total_time=600 -artifact_prefix=fuzz/crashes/warc-

A crash input goes into fuzz/regressions/ and tests/test_fuzz_regressions.py replays it.
"""

import sys

import atheris

with atheris.instrument_imports(include=["tamis"]):
    import tamis.read.source  # noqa: F401
    import tamis.read.warc  # noqa: F401

from checks import check_warc  # noqa: E402

if __name__ == "__main__":
    atheris.Setup(sys.argv, check_warc)
    atheris.Fuzz()
