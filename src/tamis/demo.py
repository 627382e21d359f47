"""`tamis demo`: the web preset over the sample corpus shipped inside the package."""

from __future__ import annotations

import os
from importlib import resources
from typing import Any

from .config import RunConfig, load_config
from .execute.run import run


def sample_dir() -> str:
    return str(resources.files("tamis") / "data" / "sample")


def demo_config(output: str, workers: int | None = None) -> RunConfig:
    d = sample_dir()
    cfg = load_config(resources.files("tamis") / "presets" / "web.yaml")
    cfg.input = [os.path.join(d, "sample.warc.gz"), os.path.join(d, "sample.wet.gz")]
    cfg.output = os.path.abspath(output)
    cfg.shard_records = 50
    if workers:
        cfg.executor.workers = workers
    return cfg


def run_demo(output: str = "demo-output", workers: int | None = None) -> dict[str, Any]:
    return run(demo_config(output, workers), overwrite=True)
