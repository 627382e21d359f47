"""Peers that cannot share tamis's environment get their own venv under bench/.venvs/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ensure_venv(name: str, packages: list[str]) -> Path:
    """Python of a venv holding `packages` (created and installed on first use, from PyPI)."""
    d = ROOT / "bench" / ".venvs" / name
    py = d / "bin" / "python"
    stamp = d / ".installed"
    want = "\n".join(packages)
    if not (stamp.exists() and stamp.read_text() == want):
        print(f"setting up {d} with {' '.join(packages)} (once)", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(d)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *packages], check=True)
        stamp.write_text(want)
    return py
