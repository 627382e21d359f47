"""Coverage-guided fuzzing of the HTML extractor (atheris): bytes -> decode -> extract -> clean.

    make fuzz                       # both targets, FUZZ_SECONDS each (default 600)
    python fuzz/fuzz_html.py fuzz/corpus/html -max_total_time=600 -artifact_prefix=fuzz/crashes/html-

A crash input goes into fuzz/regressions/ and tests/test_fuzz_regressions.py replays it.
"""

import sys

import atheris

# not the numba kernels: atheris rewrites their bytecode with coverage calls numba cannot compile
with atheris.instrument_imports(include=["tamis"], exclude=["tamis.clean.model"]):
    import tamis.clean.stage  # noqa: F401
    import tamis.extract.stage  # noqa: F401
    import tamis.read.decode  # noqa: F401

from checks import check_html  # noqa: E402

if __name__ == "__main__":
    atheris.Setup(sys.argv, check_html)
    atheris.Fuzz()
