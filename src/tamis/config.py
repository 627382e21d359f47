"""Pipeline files: YAML in, a validated `RunConfig` out.

Errors name the file, the line and the key, and suggest the closest valid key, because a
typo in a threshold that is silently ignored costs a user a whole corpus run.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .stage import Stage, registry, stage_params

DEFAULT_STAGES = ["extract", "clean", "dedup.exact", "dedup.near"]


@dataclass
class ExecutorConfig:
    kind: str = "local"
    workers: int = 0  # 0: all cores
    address: str = "auto"


@dataclass
class Limits:
    max_record_bytes: int = 64 << 20
    max_decompressed_bytes: int = 4 << 30  # per input file


@dataclass
class ReportConfig:
    enabled: bool = True
    sample: int = 200


@dataclass
class RunConfig:
    input: list[str] = field(default_factory=list)
    output: str = ""
    format: str = "auto"
    output_format: str = "jsonl.zst"
    shard_records: int = 1000
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)
    limits: Limits = field(default_factory=Limits)
    report: ReportConfig = field(default_factory=ReportConfig)
    stages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    source: str = "<defaults>"

    def build_stages(self) -> list[Stage]:
        reg = registry()
        return [reg[name](**params) for name, params in self.stages]

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["stages"] = [{name: params} for name, params in self.stages]
        return d


FORMATS = {"auto", "warc", "wet", "jsonl", "parquet", "html", "text"}
OUTPUT_FORMATS = {"jsonl.zst", "parquet"}
EXECUTORS = {"local", "ray"}


class _Located:
    """A value parsed from YAML that remembers its line, for error messages."""

    def __init__(self, source: str):
        self.source = source
        self.lines: dict[int, int] = {}

    def where(self, obj: Any) -> str:
        line = self.lines.get(id(obj))
        return f"{self.source} line {line}" if line else self.source


_SCALARS = yaml.SafeLoader("")  # only its scalar constructors are used


def _construct(node: yaml.Node, loc: _Located) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for k, v in node.value:
            key = _construct(k, loc)
            if key in out:
                raise ConfigError(f"{loc.source} line {k.start_mark.line + 1}: duplicate key {key!r}")
            out[key] = _construct(v, loc)
            loc.lines[id(out[key])] = v.start_mark.line + 1
            loc.lines.setdefault(("key", id(out), key), k.start_mark.line + 1)  # type: ignore[arg-type]
        loc.lines[id(out)] = node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = [_construct(v, loc) for v in node.value]
        for item, v in zip(seq, node.value):
            loc.lines.setdefault(id(item), v.start_mark.line + 1)
        loc.lines[id(seq)] = node.start_mark.line + 1
        return seq
    return _SCALARS.construct_object(node, deep=True)


def _key_line(loc: _Located, mapping: dict, key: str) -> str:
    line = loc.lines.get(("key", id(mapping), key))  # type: ignore[call-overload]
    return f"{loc.source} line {line}" if line else loc.where(mapping)


def _unknown(loc: _Located, mapping: dict, key: str, valid: list[str], what: str) -> ConfigError:
    hint = difflib.get_close_matches(key, valid, n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    return ConfigError(
        f"{_key_line(loc, mapping, key)}: unknown key {key!r} in {what}{suggestion}; valid keys: {', '.join(sorted(valid))}"
    )


def _coerce(value: Any, tp: Any, where: str, key: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _coerce(value, args[0], where, key)
    if origin is list:
        (inner,) = typing.get_args(tp) or (Any,)
        if isinstance(value, (str, int, float)):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"{where}: {key} must be a list, got {type(value).__name__}")
        return [_coerce(v, inner, where, key) for v in value]
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: {key} must be a mapping, got {type(value).__name__}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: {key} must be an integer, got {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: {key} must be a number, got {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be a string, got {value!r}")
        return str(value)
    return value


def _fill(cls: type, data: Any, loc: _Located, what: str) -> Any:
    if data is None:
        return cls()
    if not isinstance(data, dict):
        raise ConfigError(f"{loc.where(data)}: {what} must be a mapping")
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in data.items():
        if key not in fields:
            raise _unknown(loc, data, key, sorted(fields), what)
        kwargs[key] = _coerce(value, hints[key], _key_line(loc, data, key), f"{what}.{key}")
    return cls(**kwargs)


def validate_stage(name: str, params: Any, loc: _Located | None = None, holder: Any = None) -> tuple[str, dict]:
    loc = loc or _Located("<stages>")
    reg = registry()
    if name not in reg:
        hint = difflib.get_close_matches(name, list(reg), n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        where = loc.where(holder) if holder is not None else loc.source
        raise ConfigError(f"{where}: unknown stage {name!r}{suggestion}; stages: {', '.join(sorted(reg))}")
    params = params or {}
    if not isinstance(params, dict):
        raise ConfigError(f"{loc.where(holder)}: options of stage {name!r} must be a mapping")
    fields = stage_params(reg[name])
    hints = typing.get_type_hints(reg[name])
    out = {}
    for key, value in params.items():
        if key not in fields:
            raise _unknown(loc, params, key, list(fields), f"stage {name!r}")
        out[key] = _coerce(value, hints[key], _key_line(loc, params, key), f"{name}.{key}")
    try:
        reg[name](**out)
    except (ValueError, TypeError) as e:
        raise ConfigError(f"{loc.where(params)}: stage {name!r}: {e}") from None
    return name, out


def _stages(value: Any, loc: _Located) -> list[tuple[str, dict]]:
    if not isinstance(value, list):
        raise ConfigError(f"{loc.where(value)}: stages must be a list")
    out = []
    for item in value:
        if isinstance(item, str):
            out.append(validate_stage(item, {}, loc, item))
        elif isinstance(item, dict) and len(item) == 1:
            (name, params), = item.items()
            out.append(validate_stage(name, params, loc, item))
        else:
            raise ConfigError(f"{loc.where(item)}: each stage is a name or a one-key mapping `name: {{options}}`")
    return out


def parse_config(text: str, source: str = "<string>", base_dir: Path | None = None) -> RunConfig:
    loc = _Located(source)
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"{source}: not valid YAML: {e}") from None
    data = _construct(node, loc) if node is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a pipeline file is a mapping (input:, output:, stages:, ...)")
    top = {f.name for f in dataclasses.fields(RunConfig)} - {"source"}
    for key in data:
        if key not in top:
            raise _unknown(loc, data, key, sorted(top), "the pipeline file")
    cfg = RunConfig(source=source)
    base = base_dir or Path.cwd()

    def resolve(p: str) -> str:
        p = os.path.expanduser(str(p))
        return p if p == "-" or os.path.isabs(p) else str(base / p)

    if "input" in data:
        cfg.input = [resolve(p) for p in _coerce(data["input"], list[str], _key_line(loc, data, "input"), "input")]
    if "output" in data:
        cfg.output = resolve(_coerce(data["output"], str, _key_line(loc, data, "output"), "output"))
    for key in ("format", "output_format"):
        if key in data:
            setattr(cfg, key, _coerce(data[key], str, _key_line(loc, data, key), key))
    if "shard_records" in data:
        cfg.shard_records = _coerce(data["shard_records"], int, _key_line(loc, data, "shard_records"), "shard_records")
    if "executor" in data:
        cfg.executor = _fill(ExecutorConfig, data["executor"], loc, "executor")
    if "limits" in data:
        cfg.limits = _fill(Limits, data["limits"], loc, "limits")
    if "report" in data:
        cfg.report = _fill(ReportConfig, data["report"], loc, "report")
    cfg.stages = _stages(data.get("stages", DEFAULT_STAGES), loc)
    check(cfg, loc, data)
    return cfg


def check(cfg: RunConfig, loc: _Located | None = None, data: dict | None = None) -> None:
    def where(key: str) -> str:
        return _key_line(loc, data, key) if loc is not None and data is not None else "config"

    if cfg.format not in FORMATS:
        raise ConfigError(f"{where('format')}: format must be one of {sorted(FORMATS)}, got {cfg.format!r}")
    if cfg.output_format not in OUTPUT_FORMATS:
        raise ConfigError(
            f"{where('output_format')}: output_format must be one of {sorted(OUTPUT_FORMATS)}, got {cfg.output_format!r}"
        )
    if cfg.executor.kind not in EXECUTORS:
        raise ConfigError(f"{where('executor')}: executor.kind must be one of {sorted(EXECUTORS)}, got {cfg.executor.kind!r}")
    if cfg.executor.workers < 0:
        raise ConfigError(f"{where('executor')}: executor.workers must be >= 0 (0 = all cores)")
    if cfg.shard_records < 1:
        raise ConfigError(f"{where('shard_records')}: shard_records must be >= 1")


def load_config(path: str | Path) -> RunConfig:
    p = Path(path)
    hint = "; to read several inputs, repeat --input (--input a.warc.gz --input b.wet.gz)"
    if not p.name.endswith((".yaml", ".yml")) and any(x in p.name for x in (".warc", ".wet", ".jsonl", ".parquet", ".gz", ".zst")):
        raise ConfigError(f"{path} looks like input data, not a pipeline file{hint}")
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read pipeline file {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not a pipeline file (not UTF-8 text){hint}") from None
    return parse_config(text, str(p), p.parent.resolve())


def stages_from_names(names: str) -> list[tuple[str, dict]]:
    """`--stages dedup.exact,dedup.near`: each stage with its defaults."""
    return [validate_stage(n.strip(), {}) for n in names.split(",") if n.strip()]
