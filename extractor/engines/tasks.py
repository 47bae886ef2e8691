"""Inputs to a lazy stream of tasks, and tasks to partitions.

Discovery happens here, in the parent (cheap: names and stats); reading and parsing
happen in the workers. A JSON Lines file is streamed line by line into one task per
line, so a file of a million documents spreads over all workers and is never held whole.
Ids are chosen exactly as `iter_documents` chooses them, so `extract` and `run` agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

from extractor.engines.work import Task
from extractor.errors import DocumentError
from extractor.ingest.files import (
    JSONL_SUFFIXES,
    LoadSettings,
    _IdAllocator,
    discover,
    document_stem,
    iter_jsonl_lines,
    supported_suffix,
)
from extractor.records import Document, ErrorEntry
from extractor.state import file_fingerprint


def error_task(error: ErrorEntry) -> Task:
    key = f"id:{error.id}" if error.id else f"source:{error.source}"
    return {"kind": "error", "key": key, "error": error.model_dump()}


def document_task(document: Document) -> Task:
    return {"kind": "document", "key": f"id:{document.id}", "document": document.model_dump()}


def _jsonl_tasks(path: Path, doc_id: str, settings: LoadSettings) -> Iterator[Task]:
    try:
        for line_number, line in iter_jsonl_lines(path, settings):
            yield {"kind": "jsonl", "key": None, "line": line,
                   "source": f"{path}:{line_number}", "default_id": f"{doc_id}-{line_number}"}
    except DocumentError as exc:
        yield error_task(ErrorEntry(id=doc_id, source=str(path), stage=exc.stage,  # type: ignore[arg-type]
                                    error_type=type(exc).__name__, message=str(exc)))


def file_tasks(inputs: Sequence[str], settings: LoadSettings) -> Iterator[Task]:
    """One task per file (or per JSON line), in the order `iter_documents` loads them."""
    ids = _IdAllocator()
    seen: set[Path] = set()
    for item in discover(inputs, settings):
        if isinstance(item, ErrorEntry):
            yield error_task(item)
            continue
        resolved = item.resolve()
        if resolved in seen:
            continue  # named twice (a folder and a pattern over it): load it once
        seen.add(resolved)
        doc_id = ids.allocate(document_stem(item), item)
        if supported_suffix(item) in JSONL_SUFFIXES:
            yield from _jsonl_tasks(item, doc_id, settings)
        else:
            yield {"kind": "file", "key": f"id:{doc_id}", "path": str(item), "id": doc_id,
                   "fingerprint": file_fingerprint(item)}


def crawl_tasks(items: Iterable[Document | ErrorEntry]) -> Iterator[Task]:
    for item in items:
        yield error_task(item) if isinstance(item, ErrorEntry) else document_task(item)


def skip_done(
    tasks: Iterable[Task],
    is_done: Callable[[Task], str | None],
) -> Iterator[Task]:
    """Tasks, with those `is_done` names a reason for replaced by skip tasks (counted, not run)."""
    for task in tasks:
        reason = is_done(task) if task["key"] is not None else None
        if reason is None:
            yield task
        else:
            yield {"kind": "skip", "key": task["key"], "reason": reason,
                   "path": task.get("path"), "fingerprint": task.get("fingerprint")}


def partitions(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    """Tasks in lists of `size` (the last may be shorter), lazily."""
    iterator = iter(tasks)
    while batch := list(islice(iterator, size)):
        yield batch
