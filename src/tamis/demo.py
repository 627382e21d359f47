"""`tamis demo`: the default pipeline (or a preset) over the sample corpus shipped inside the package."""

from __future__ import annotations

import os
from importlib import resources
from typing import Any

from .config import DEFAULT_STAGES, RunConfig, load_config, stages_from_names
from .errors import ConfigError
from .execute.run import run


def sample_dir() -> str:
    return str(resources.files("tamis") / "data" / "sample")


def demo_config(output: str, workers: int | None = None, preset: str | None = None) -> RunConfig:
    d = sample_dir()
    if preset:
        path = resources.files("tamis") / "presets" / f"{preset}.yaml"
        if not path.is_file():
            raise ConfigError(f"unknown preset {preset!r}")
        cfg = load_config(path)
    else:
        cfg = RunConfig(source="<demo>")
        cfg.stages = stages_from_names(",".join(DEFAULT_STAGES))
    cfg.input = [os.path.join(d, "sample.warc.gz"), os.path.join(d, "sample.wet.gz")]
    cfg.output = os.path.abspath(output)
    cfg.shard_records = 50
    if workers:
        cfg.executor.workers = workers
    return cfg


def run_demo(output: str = "demo-output", workers: int | None = None, preset: str | None = None) -> dict[str, Any]:
    return run(demo_config(output, workers, preset), overwrite=True)
