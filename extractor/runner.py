"""`extractor run`: the whole job from a TOML config file.

Without a config, the bundled seed and corpus are processed into `out/`. Every setting
has a documented default (the dataclasses below; `extractor.example.toml` lists them
all). Inputs stream through in partitions on N worker processes (or a Dask cluster),
output keeps input order, and every input ends as exactly one record or error entry;
the final summary checks that.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tomllib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from itertools import chain
from pathlib import Path
from typing import Any

from extractor.engines.chunks import DEFAULT_CHUNK_CHARS
from extractor.errors import ConfigError
from extractor.ingest.files import LoadSettings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
_LOAD_DEFAULTS = LoadSettings()


@dataclass
class SourcesConfig:
    """[sources]: where documents come from (relative paths are from the working directory)."""

    inputs: list[str] = field(default_factory=lambda: [str(PROJECT_ROOT / "seeds"),
                                                       str(PROJECT_ROOT / "corpus")])
    crawl_seeds: list[str] = field(default_factory=list)  # URLs; needs the crawler
    exclude: list[str] = field(default_factory=lambda: list(_LOAD_DEFAULTS.exclude))


@dataclass
class OutputConfig:
    """[output]: where records, error entries and state go."""

    path: str = "out/records.jsonl"  # a file, "-" for stdout, or a directory when sharded
    sharded: bool = False  # write path/part-00000.jsonl, part-00001.jsonl, ...
    shard_lines: int = 10_000
    errors: str = "out/errors.jsonl"
    state: str = "out/state.sqlite"  # incremental runs only
    fsync: bool = False  # fsync after every batch (survives power loss, slower)


@dataclass
class RunSettings:
    """[run]: how the work is done."""

    workers: int = 0  # 0 = number of cores
    engine: str = "local"  # "local" (process pool) or "dask"
    scheduler: str | None = None  # Dask scheduler address; none = a local cluster
    batch_size: int = 8  # documents per partition handed to a worker
    resume: bool = False  # skip what the output and errors files already hold; append
    incremental: bool = False  # skip documents whose content was processed before; append
    models: str | None = None  # folder of pipeline assets (default: models/)
    progress: bool = True


@dataclass
class LimitsConfig:
    """[limits]: caps that turn hostile input into error entries."""

    max_file_bytes: int = _LOAD_DEFAULTS.max_file_bytes
    max_decompressed_bytes: int = _LOAD_DEFAULTS.max_decompressed_bytes
    max_pdf_pages: int = _LOAD_DEFAULTS.max_pdf_pages
    max_document_chars: int = _LOAD_DEFAULTS.max_document_chars
    chunk_chars: int = DEFAULT_CHUNK_CHARS  # longer texts are processed in chunks
    timeout_seconds: float = 60.0  # per document; 0 = no cap


SECTIONS: dict[str, type] = {"sources": SourcesConfig, "output": OutputConfig,
                             "run": RunSettings, "limits": LimitsConfig}


@dataclass
class RunConfig:
    """Settings of a run; a TOML file sets any of them, section by section."""

    sources: SourcesConfig = field(default_factory=SourcesConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    run: RunSettings = field(default_factory=RunSettings)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    crawl: dict[str, Any] = field(default_factory=dict)  # CrawlSettings fields

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "config") -> RunConfig:
        unknown = sorted(set(data) - set(SECTIONS) - {"crawl"})
        if unknown:
            raise ConfigError(f"unknown sections in {origin}: {', '.join(unknown)}")
        sections: dict[str, Any] = {}
        for name, kind in SECTIONS.items():
            values = data.get(name, {})
            if not isinstance(values, dict):
                raise ConfigError(f"[{name}] in {origin} must be a table")
            known = {f.name for f in fields(kind)}
            bad = sorted(set(values) - known)
            if bad:
                raise ConfigError(f"unknown settings in [{name}] of {origin}: {', '.join(bad)}")
            try:
                sections[name] = kind(**values)
            except TypeError as exc:
                raise ConfigError(f"[{name}] in {origin}: {exc}") from exc
        crawl = data.get("crawl", {})
        if not isinstance(crawl, dict):
            raise ConfigError(f"[crawl] in {origin} must be a table")
        config = cls(**sections, crawl=dict(crawl))
        config.check()
        return config

    @classmethod
    def from_toml(cls, path: str | Path) -> RunConfig:
        try:
            data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
        return cls.from_dict(data, str(path))

    def check(self) -> None:
        if self.run.engine not in ("local", "dask"):
            raise ConfigError(f"engine must be 'local' or 'dask', not {self.run.engine!r}")
        if self.run.workers < 0 or self.run.batch_size < 1 or self.output.shard_lines < 1:
            raise ConfigError("workers must be >= 0, batch_size and shard_lines >= 1")
        if self.limits.chunk_chars < 1000:
            raise ConfigError("chunk_chars must be at least 1000")
        if self.output.sharded and self.output.path in ("", "-"):
            raise ConfigError("sharded output needs a directory path")

    def load_settings(self) -> LoadSettings:
        return LoadSettings(max_file_bytes=self.limits.max_file_bytes,
                            max_decompressed_bytes=self.limits.max_decompressed_bytes,
                            max_pdf_pages=self.limits.max_pdf_pages,
                            max_document_chars=self.limits.max_document_chars,
                            exclude=tuple(self.sources.exclude))


@dataclass
class RunSummary:
    """Counts of a run; `reconciled` checks that no input went missing."""

    tasks: int = 0  # inputs handed to the engine (files, JSON lines, crawled pages)
    documents_in: int = 0  # outcomes: one per document (a file may hold several)
    records: int = 0
    errors: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    words: int = 0
    records_written: int = 0
    errors_written: int = 0
    lost_tasks: int = 0  # tasks that came back without any outcome (must stay 0)
    worker_peak_kb: dict[int, int] = field(default_factory=dict)  # pid -> peak RSS
    errors_by_stage: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def reconciled(self) -> bool:
        return (self.documents_in == self.records + self.errors + self.skipped_total
                and self.records == self.records_written and self.errors == self.errors_written
                and self.lost_tasks == 0 and self.documents_in >= self.tasks)

    def lines(self) -> list[str]:
        rate = self.words / self.seconds if self.seconds > 0 else 0.0
        docs_rate = (self.documents_in - self.skipped_total) / self.seconds if self.seconds else 0.0
        skipped = ", ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items()))
        stages = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_stage.items()))
        check = "reconciled" if self.reconciled else "NOT RECONCILED"
        return [
            f"documents in: {self.documents_in:,} = {self.records:,} records + {self.errors:,} "
            f"errors + {self.skipped_total:,} skipped" + (f" ({skipped})" if skipped else "")
            + f" [{check}: {self.records_written:,} record lines and {self.errors_written:,} "
            f"error lines written]",
            f"{self.seconds:.1f} s, {docs_rate:,.1f} documents/s, {rate:,.0f} words/s"
            + (f"; errors by stage: {stages}" if stages else ""),
        ]


def _crawl_items(config: RunConfig) -> Iterable[Any]:
    """Crawled documents, or a clear error when seeds are given but no crawler exists."""
    if not config.sources.crawl_seeds:
        return ()
    try:
        from extractor.ingest.crawl.crawler import crawl_sync
        from extractor.ingest.crawl.settings import CrawlSettings
    except ImportError as exc:
        raise ConfigError("crawl_seeds are set but the crawler is not configured "
                          f"(extractor.ingest.crawl: {exc})") from exc
    try:
        settings = CrawlSettings(**config.crawl)
    except TypeError as exc:
        raise ConfigError(f"[crawl]: {exc}") from exc
    return crawl_sync(config.sources.crawl_seeds, settings)


def _engine(config: RunConfig, work: Any, parts: Iterable[list[dict[str, Any]]]) -> Iterator[Any]:
    from extractor.engines.local import default_workers, run_local

    workers = config.run.workers or default_workers()
    if config.run.engine == "dask":
        from extractor.engines.dask_engine import run_dask

        return run_dask(parts, work, scheduler=config.run.scheduler, workers=workers)
    return run_local(parts, work, workers=workers)


class _Tracked:
    """Partitions on their way to the engine, remembered until their result is back."""

    def __init__(self, parts: Iterable[list[dict[str, Any]]]) -> None:
        self._parts = parts
        self.sizes: deque[int] = deque()

    def __iter__(self) -> Iterator[list[dict[str, Any]]]:
        for part in self._parts:
            self.sizes.append(len(part))
            yield part


def execute(config: RunConfig, *, timing: bool = False,
            stage_seconds: dict[str, float] | None = None) -> RunSummary:
    """Run the job; returns the counts. Raises ConfigError for bad settings."""
    from extractor.engines.tasks import crawl_tasks, file_tasks, partitions, skip_done
    from extractor.engines.work import WorkSettings
    from extractor.output import open_sink
    from extractor.progress import Progress
    from extractor.state import ResumeKeys, StateStore, output_files

    started = time.perf_counter()
    out = config.output
    append = config.run.resume or config.run.incremental
    resume = (ResumeKeys.scan([*output_files(out.path, out.sharded), Path(out.errors)])
              if config.run.resume and out.path != "-" else ResumeKeys())
    state = StateStore(out.state) if config.run.incremental else None
    work = WorkSettings(load=config.load_settings(), chunk_chars=config.limits.chunk_chars,
                        timeout_seconds=config.limits.timeout_seconds, models=config.run.models,
                        state_path=out.state if state else None, timing=timing)

    def is_done(task: dict[str, Any]) -> str | None:
        if resume.take(task["key"]):
            return "resume"
        if state and task.get("path") and state.file_unchanged(task["path"], task.get("fingerprint")):
            return "unchanged"
        return None

    summary = RunSummary()
    tasks = skip_done(chain(file_tasks(config.sources.inputs, work.load),
                            crawl_tasks(_crawl_items(config))), is_done)
    tracked = _Tracked(partitions(tasks, config.run.batch_size))
    progress = Progress(enabled=config.run.progress)
    records = open_sink(out.path, sharded=out.sharded, shard_lines=out.shard_lines,
                        append=append, fsync=out.fsync)
    errors = open_sink(out.errors, append=append, fsync=out.fsync)
    try:
        for result in _engine(config, work, tracked):
            size = tracked.sizes.popleft()
            summary.tasks += size
            summary.lost_tasks += max(0, size - len(result.outcomes))
            if result.worker_pid:
                summary.worker_peak_kb[result.worker_pid] = result.worker_max_rss_kb
            record_lines, error_lines = _sort_outcomes(result.outcomes, summary, resume, state)
            records.write_lines(record_lines)
            errors.write_lines(error_lines)
            if state:
                state.commit()  # after the lines are written: a crash redoes, never drops
            if stage_seconds is not None:
                for stage, seconds in result.stage_seconds.items():
                    stage_seconds[stage] = stage_seconds.get(stage, 0.0) + seconds
            progress.update(summary.documents_in, summary.records, summary.errors,
                            summary.skipped_total, summary.words)
    finally:
        summary.records_written, summary.errors_written = records.count, errors.count
        records.close()
        errors.close()
        if state:
            state.close()
        progress.finish()
    summary.seconds = time.perf_counter() - started
    return summary


def _sort_outcomes(outcomes: list[Any], summary: RunSummary, resume: Any,
                   state: Any) -> tuple[list[str], list[str]]:
    """Count each outcome and pick the lines to write (resume and incremental drop some)."""
    import json

    record_lines: list[str] = []
    error_lines: list[str] = []
    for outcome in outcomes:
        summary.documents_in += 1
        reason = outcome.reason if outcome.kind == "skipped" else None
        if reason is None and resume.take(outcome.key):
            reason = "resume"
        if reason is None and state and outcome.content_hash and state.known_hash(outcome.content_hash):
            reason = "unchanged"  # seen in an earlier run, or earlier in this one
        if reason is not None:
            summary.skipped[reason] = summary.skipped.get(reason, 0) + 1
            continue
        if outcome.kind == "record":
            summary.records += 1
            summary.words += outcome.words
            record_lines.append(outcome.line)
        else:
            summary.errors += 1
            stage = json.loads(outcome.line).get("stage", "?")
            summary.errors_by_stage[stage] = summary.errors_by_stage.get(stage, 0) + 1
            error_lines.append(outcome.line)
        if state:
            if outcome.content_hash:
                state.mark_document(outcome.content_hash, outcome.key, outcome.kind)
            if outcome.path and outcome.fingerprint:
                state.mark_file(outcome.path, outcome.fingerprint)
    return record_lines, error_lines


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run(config: RunConfig) -> int:
    """Run and print the summary; exit status 0 clean, 1 with error entries, 3 not reconciled."""
    summary = execute(config)
    for line in summary.lines():
        print(line, file=sys.stderr)
    own, children = peak_rss_mb()
    print(f"records in {config.output.path}, errors in {config.output.errors}; peak memory "
          f"{own:,.0f} MB (parent), {children:,.0f} MB (largest worker)", file=sys.stderr)
    if not summary.reconciled:
        print("error: the counts do not reconcile: some input has no record or error entry",
              file=sys.stderr)
        return 3
    return 1 if summary.errors else 0


def config_from_args(args: argparse.Namespace) -> RunConfig:
    config = RunConfig.from_toml(args.config) if args.config else RunConfig()
    if args.inputs:
        config.sources.inputs = list(args.inputs)
    overrides: dict[tuple[str, str], Any] = {
        ("output", "path"): args.output, ("output", "errors"): args.errors,
        ("output", "state"): args.state, ("run", "workers"): args.workers,
        ("run", "engine"): args.engine, ("run", "scheduler"): args.scheduler,
        ("run", "batch_size"): args.batch_size, ("run", "models"): args.models,
        ("limits", "timeout_seconds"): args.timeout, ("limits", "chunk_chars"): args.chunk_chars,
    }
    for (section, name), value in overrides.items():
        if value is not None:
            setattr(getattr(config, section), name, value)
    if args.sharded:
        config.output.sharded = True
    if args.resume:
        config.run.resume = True
    if args.incremental:
        config.run.incremental = True
    if args.no_progress:
        config.run.progress = False
    config.check()
    return config


def cmd_run(args: argparse.Namespace) -> int:
    try:
        return run(config_from_args(args))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run", help="run the whole job from a config file",
        description="Run the whole job (sources -> records and error entries) from a TOML "
        "config; flags override the file. See extractor.example.toml for every setting.")
    parser.add_argument("--config", default=None, help="TOML config file (default: built-in)")
    parser.add_argument("--input", dest="inputs", action="append",
                        help="input file, folder or glob (repeatable; replaces [sources] inputs)")
    parser.add_argument("-o", "--output", default=None, help="records file (or shard directory)")
    parser.add_argument("--sharded", action="store_true", help="write OUTPUT/part-NNNNN.jsonl")
    parser.add_argument("--errors", default=None, help="error entries file")
    parser.add_argument("--state", default=None, help="incremental state file (SQLite)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (0 = cores)")
    parser.add_argument("--engine", choices=("local", "dask"), default=None)
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address (tcp://...)")
    parser.add_argument("--batch-size", type=int, default=None, help="documents per partition")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per document (0: none)")
    parser.add_argument("--chunk-chars", type=int, default=None,
                        help="texts longer than this are processed in chunks")
    parser.add_argument("--models", default=None, help="folder of pipeline assets")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run: skip what is written, append")
    parser.add_argument("--incremental", action="store_true",
                        help="skip documents processed by earlier runs (state file), append")
    parser.add_argument("--no-progress", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=cmd_run)
