"""Every input the fuzzers ever crashed on (fuzz/regressions/<target>-<name>) must now pass."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
sys.path.insert(0, str(FUZZ))

from checks import check_html, check_warc  # noqa: E402

CASES = sorted((FUZZ / "regressions").iterdir())


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_fuzz_regression(path):
    check = {"warc": check_warc, "html": check_html}[path.name.split("-", 1)[0]]
    check(path.read_bytes())
