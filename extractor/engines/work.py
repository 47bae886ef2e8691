"""The per-partition work, the same for every engine: tasks in, finished JSON lines out.

A task is a small picklable dict saying what one input is:

    {"kind": "file", "key": K, "path": P, "id": I, "fingerprint": F}   a file to load
    {"kind": "jsonl", "key": None, "line": L, "source": S, "default_id": I}
    {"kind": "document", "key": K, "document": {...}}                  already loaded
    {"kind": "error", "key": K, "error": {...}}                        failed upstream
    {"kind": "skip", "key": K, "reason": R}                            done before

`process_partition` loads, runs the pipeline, validates and serializes each one inside
the worker (the pipeline is loaded once per process), so only short strings cross the
process boundary, and returns one `Outcome` per document in input order.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from extractor.batch import StageTimes, extract_document, set_stage_timer, stage_timer
from extractor.engines.chunks import DEFAULT_CHUNK_CHARS
from extractor.ingest.files import LoadSettings, jsonl_line_document, load_path
from extractor.nlp.extensions import forget_zone_lexemes
from extractor.records import Document, ErrorEntry, Record

Task = dict[str, Any]
OutcomeKind = Literal["record", "error", "skipped"]


@dataclass(frozen=True)
class WorkSettings:
    """What a worker needs to know; picklable, shipped with every partition."""

    load: LoadSettings = field(default_factory=LoadSettings)
    chunk_chars: int = DEFAULT_CHUNK_CHARS
    timeout_seconds: float = 60.0  # per document, load to JSON line; 0 disables
    models: str | None = None
    state_path: str | None = None  # incremental: skip known hashes before the pipeline
    timing: bool = False  # collect the stage split (benchmark)


@dataclass(slots=True)
class Outcome:
    """One document's result: a finished JSON line, or why it was skipped."""

    kind: OutcomeKind
    key: str
    line: str = ""  # the JSON line, newline included ("" when skipped)
    words: int = 0
    content_hash: str | None = None
    path: str | None = None  # the input file, with its fingerprint, for incremental state
    fingerprint: str | None = None
    reason: str | None = None  # why skipped: "resume", "unchanged"


@dataclass
class PartitionResult:
    outcomes: list[Outcome]
    stage_seconds: dict[str, float] = field(default_factory=dict)
    worker_pid: int = 0
    worker_max_rss_kb: int = 0

    @property
    def record_lines(self) -> list[str]:
        return [o.line for o in self.outcomes if o.kind == "record"]

    @property
    def error_lines(self) -> list[str]:
        return [o.line for o in self.outcomes if o.kind == "error"]


class EmptyInput(Exception):
    """A loader produced no document and no error for an input."""


class DocumentTimeout(Exception):
    """A document took longer than the per-document time cap."""


ALARM_REPEAT_SECONDS = 0.5


def _on_alarm(signum: int, frame: object) -> None:
    raise DocumentTimeout("processing took longer than the per-document time cap")


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in this block after `seconds` (main thread only, else no cap).

    Dask runs tasks in worker threads, where signals cannot be used; there the engine's
    result timeout is the only guard.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    # The alarm repeats until the block ends: an exception raised while the interpreter
    # runs a finalizer or a gc callback is printed and dropped, and a single alarm would be
    # lost with it.
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def task_key(item: Record | ErrorEntry | Document) -> str:
    if getattr(item, "id", None):
        return f"id:{item.id}"
    return f"source:{getattr(item, 'source', None)}"


_state_reader: Any = None


def _known_hash(settings: WorkSettings, content_hash: str | None) -> bool:
    global _state_reader
    if not settings.state_path or content_hash is None:
        return False
    if _state_reader is None:
        from extractor.state import StateReader

        try:
            _state_reader = StateReader(settings.state_path)
        except Exception:  # no such file on this worker: the parent checks anyway
            _state_reader = False
    return bool(_state_reader) and _state_reader.known_hash(content_hash)


def _error_outcome(error: ErrorEntry, task: Task) -> Outcome:
    return Outcome("error", task_key(error), error.model_dump_json() + "\n",
                   path=task.get("path"), fingerprint=task.get("fingerprint"))


def _loaded(task: Task, settings: WorkSettings) -> list[Document | ErrorEntry]:
    kind = task["kind"]
    if kind == "file":
        return list(load_path(Path(task["path"]), task["id"], settings.load))
    if kind == "jsonl":
        return [jsonl_line_document(task["line"], task["source"], task["default_id"])]
    if kind == "document":
        return [Document.model_validate(task["document"])]
    if kind == "error":
        return [ErrorEntry.model_validate(task["error"])]
    raise ValueError(f"unknown task kind {kind!r}")


def _source_of(task: Task) -> str:
    return str(task.get("path") or task.get("source") or task.get("key") or "?")


def _failure(task: Task, stage: str, exc: BaseException) -> ErrorEntry:
    doc_id = task.get("id") or (task.get("document") or {}).get("id")
    message = (str(exc).splitlines() or [type(exc).__name__])[0][:500]
    return ErrorEntry(id=doc_id, source=_source_of(task), stage=stage,  # type: ignore[arg-type]
                      error_type=type(exc).__name__, message=message or type(exc).__name__)


def _extracted(item: Document, task: Task, settings: WorkSettings, nlp: Any) -> Outcome:
    if _known_hash(settings, item.content_hash):
        return Outcome("skipped", task_key(item), content_hash=item.content_hash,
                       path=task.get("path"), fingerprint=task.get("fingerprint"),
                       reason="unchanged")
    result = extract_document(item, nlp, max_chunk_chars=settings.chunk_chars)
    timer = stage_timer()
    started = time.perf_counter()
    line = result.model_dump_json() + "\n"
    if timer:
        timer.add("serialize", time.perf_counter() - started)
    if isinstance(result, ErrorEntry):
        return Outcome("error", task_key(result), line, content_hash=item.content_hash,
                       path=task.get("path"), fingerprint=task.get("fingerprint"))
    return Outcome("record", task_key(result), line, words=len(item.text.split()),
                   content_hash=item.content_hash, path=task.get("path"),
                   fingerprint=task.get("fingerprint"))


def process_task(task: Task, settings: WorkSettings, nlp: Any) -> list[Outcome]:
    """Every outcome of one task; never raises for a bad document."""
    if task["kind"] == "skip":
        return [Outcome("skipped", task["key"], reason=task.get("reason"),
                        path=task.get("path"), fingerprint=task.get("fingerprint"))]
    timer = stage_timer()
    outcomes: list[Outcome] = []
    items: list[Document | ErrorEntry] | None = None
    stage = "load"
    try:
        with deadline(settings.timeout_seconds):
            started = time.perf_counter()
            items = _loaded(task, settings)
            if not items:  # a loader that yields nothing must not lose the input
                raise EmptyInput("the file holds no document")
            if timer:
                timer.add("load", time.perf_counter() - started)
            stage = "extract"
            for item in items:
                if isinstance(item, ErrorEntry):
                    outcomes.append(_error_outcome(item, task))
                else:
                    outcomes.append(_extracted(item, task, settings, nlp))
    except Exception as exc:
        # A timeout, or a failure the loaders and the pipeline did not expect: the
        # document's error entry; outcomes already finished for this task are kept. A
        # timer firing after the last document was done is no failure at all.
        if items is None or len(outcomes) < len(items):
            outcomes.append(_error_outcome(_failure(task, stage, exc), task))
    return outcomes


def _pipeline(settings: WorkSettings) -> Any:
    from extractor.nlp.pipeline import load_pipeline

    return load_pipeline(settings.models)


def init_worker(settings: WorkSettings) -> None:
    """Process-pool initializer: build the pipeline once, before the first partition."""
    # Ctrl-C goes to the whole process group; the parent decides, workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pipeline(settings)


def max_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# Documents each process handles before it starts using memory zones (see process_partition).
WARM_UP_DOCUMENTS = 1000
_documents_warming = WARM_UP_DOCUMENTS


def process_partition(tasks: list[Task], settings: WorkSettings | None = None) -> PartitionResult:
    """The outcomes of a partition of tasks, in order: the unit of work of every engine."""
    settings = settings or WorkSettings()
    nlp = _pipeline(settings)
    timer = StageTimes() if settings.timing else None
    previous = set_stage_timer(timer)
    global _documents_warming
    try:
        # Strings and lexemes spaCy adds to the shared vocab for a partition's words are
        # evicted at its end (no Doc outlives `process_task`), so memory stays flat over a
        # long run instead of growing with every new number, name and typo. spaCy does not
        # fill its tokenizer cache inside a memory zone, so the first documents of each
        # process run outside one, to fill it with the common words.
        if _documents_warming > 0:
            _documents_warming -= len(tasks)
            outcomes = [outcome for task in tasks for outcome in process_task(task, settings, nlp)]
        else:
            try:
                with nlp.memory_zone():
                    outcomes = [outcome for task in tasks for outcome in process_task(task, settings, nlp)]
            finally:
                forget_zone_lexemes(nlp.vocab)  # the token table's copies of the freed lexemes
    finally:
        set_stage_timer(previous)
    return PartitionResult(outcomes, dict(timer.seconds) if timer else {},
                           worker_pid=os.getpid(), worker_max_rss_kb=max_rss_kb())


def crashed_outcome(task: Task, reason: str) -> Outcome:
    """The outcome of a task whose worker died or hung (the engine could not get a result)."""
    error = ErrorEntry(id=task.get("id"), source=_source_of(task), stage="extract",
                       error_type="WorkerCrashed", message=reason)
    return _error_outcome(error, task)
