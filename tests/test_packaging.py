"""A wheel holds what the code loads at run time: the shipped models, presets and samples."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_of_the_package_is_declared_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["tamis"]
    pkg = ROOT / "src" / "tamis"
    files = [p.relative_to(pkg).as_posix() for p in pkg.rglob("*")
             if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert any(f.endswith(".npz") for f in files)
    missing = [f for f in files if not any(fnmatch(f, g) for g in globs)]
    assert not missing, f"not in [tool.setuptools.package-data], so not in a wheel: {missing}"
