"""bench/speed.py --breakdown times tamis's steps by patching them where they are called;
a step renamed in the code must be renamed there too, or the breakdown stops with a traceback."""

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_breakdown_steps_exist():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        speed = importlib.import_module("speed")
    finally:
        sys.path.remove(str(ROOT / "bench"))
    missing = [f"{mod}.{name}" for mod, names in speed._STEPS.items()
               for name in names if not callable(getattr(importlib.import_module(mod), name, None))]
    assert not missing, f"bench/speed.py's _STEPS names what the code no longer has: {missing}"
