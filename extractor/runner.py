"""`extractor run`: the whole job from a TOML config file.

Without a config, the bundled seed and corpus are processed into `out/`. Every setting
has a documented default (see `RunConfig` and README "Configuration").
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from extractor.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class RunConfig:
    """Settings of a run; a TOML file sets any of them (top-level keys)."""

    inputs: list[str] = field(default_factory=lambda: [str(PROJECT_ROOT / "seeds"),
                                                       str(PROJECT_ROOT / "corpus")])
    output: str = "out/records.jsonl"
    errors: str = "out/errors.jsonl"
    models: str | None = None

    @classmethod
    def from_toml(cls, path: str | Path) -> RunConfig:
        try:
            data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown settings in {path}: {', '.join(unknown)}")
        return cls(**data)


def run(config: RunConfig) -> int:
    from extractor.batch import BatchSummary, extract_documents
    from extractor.ingest.files import iter_documents
    from extractor.nlp.pipeline import load_pipeline
    from extractor.output import JsonlWriter
    from extractor.records import ErrorEntry

    started = time.perf_counter()
    nlp = load_pipeline(config.models)
    summary = BatchSummary()
    with JsonlWriter(config.output) as records, JsonlWriter(config.errors) as errors:
        for item in extract_documents(iter_documents(config.inputs), nlp):
            summary.documents_in += 1
            summary.count(item)
            (errors if isinstance(item, ErrorEntry) else records).write(item)
    print(f"{summary.documents_in} documents in: " + summary.line(time.perf_counter() - started)
          + f"; records in {config.output}, errors in {config.errors}", file=sys.stderr)
    return 1 if summary.errors else 0


def cmd_run(args: argparse.Namespace) -> int:
    try:
        config = RunConfig.from_toml(args.config) if args.config else RunConfig()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.inputs:
        config.inputs = list(args.inputs)
    if args.output:
        config.output = args.output
    if args.errors:
        config.errors = args.errors
    return run(config)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="run the whole job from a config file",
                                   description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--config", default=None, help="TOML config file (default: built-in)")
    parser.add_argument("--input", dest="inputs", action="append", help="override inputs")
    parser.add_argument("-o", "--output", default=None, help="override the records file")
    parser.add_argument("--errors", default=None, help="override the errors file")
    parser.set_defaults(func=cmd_run)
