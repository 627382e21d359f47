"""Peers that cannot share tamis's environment get their own venv under bench/.venvs/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: datatrove with what its Gopher filters (spacy), its model cache naming (fsspec http) and its
#: trafilatura<1.12 (lxml.html.clean, a separate package since lxml 5.2) need
DATATROVE = ["datatrove[io,processing]==0.10.1", "spacy", "aiohttp", "requests", "lxml_html_clean"]


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
