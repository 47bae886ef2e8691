"""The local engine: partitions through a process pool, results back in input order.

Up to `window` partitions are in flight; results are taken in submission order, so the
output order is the input order whatever the number of workers, and memory stays flat
(nothing runs ahead of the window). With one worker, partitions run in this process.

A worker that dies (a crash in native code, the OOM killer) or hangs past the hard
timeout breaks only its documents: the pool is rebuilt, the partitions in flight are
resubmitted, and the broken one is rerun one task at a time so the document at fault
ends as a `WorkerCrashed` error entry and its neighbours as records.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from extractor.engines.work import (
    PartitionResult,
    Task,
    WorkSettings,
    crashed_outcome,
    init_worker,
    process_partition,
)

# Slack on top of the per-document cap before the parent gives up on a partition.
HARD_TIMEOUT_SLACK = 60.0


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def hard_timeout(tasks: list[Task], settings: WorkSettings) -> float | None:
    if settings.timeout_seconds <= 0:
        return None
    return settings.timeout_seconds * max(1, len(tasks)) + HARD_TIMEOUT_SLACK


def _context() -> multiprocessing.context.BaseContext:
    # fork is fastest (modules already imported), but is unsafe once threads exist.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Pool:
    """A ProcessPoolExecutor that can be torn down and rebuilt after a worker fault."""

    def __init__(self, workers: int, settings: WorkSettings) -> None:
        self.workers = workers
        self.settings = settings
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=_context(),
                                   initializer=init_worker, initargs=(self.settings,))

    def submit(self, tasks: list[Task]) -> Future[PartitionResult]:
        return self._executor.submit(process_partition, tasks, self.settings)

    def rebuild(self) -> None:
        processes = list(getattr(self._executor, "_processes", {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # a hung worker would otherwise live on
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(timeout=5)
        self._executor = self._new()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def isolate(tasks: list[Task], run_one: Callable[[Task], PartitionResult], reason: str) -> PartitionResult:
    """A partition rerun task by task; a task whose run fails again becomes an error."""
    outcomes = []
    stage_seconds: dict[str, float] = {}
    for task in tasks:
        try:
            result = run_one(task)
        except Exception as exc:
            outcomes.append(crashed_outcome(task, f"{reason} ({type(exc).__name__})"))
            continue
        outcomes.extend(result.outcomes)
        for stage, seconds in result.stage_seconds.items():
            stage_seconds[stage] = stage_seconds.get(stage, 0.0) + seconds
    return PartitionResult(outcomes, stage_seconds)


def _run_in_process(partitions: Iterable[list[Task]], settings: WorkSettings) -> Iterator[PartitionResult]:
    from extractor.engines.work import _pipeline

    _pipeline(settings)
    for tasks in partitions:
        yield process_partition(tasks, settings)


def run_local(
    partitions: Iterable[list[Task]],
    settings: WorkSettings,
    workers: int = 1,
    window: int | None = None,
) -> Iterator[PartitionResult]:
    """PartitionResults in input order, computed by `workers` processes."""
    if workers <= 1:
        yield from _run_in_process(partitions, settings)
        return
    window = window or workers * 3
    pool = _Pool(workers, settings)
    pending: deque[tuple[list[Task], Future[PartitionResult]]] = deque()
    source = iter(partitions)

    def fill() -> None:
        while len(pending) < window:
            tasks = next(source, None)
            if tasks is None:
                return
            pending.append((tasks, pool.submit(tasks)))

    def run_one(task: Task) -> PartitionResult:
        future = pool.submit([task])
        try:
            return future.result(timeout=hard_timeout([task], settings))
        except (BrokenProcessPool, FutureTimeout):
            pool.rebuild()
            raise

    try:
        fill()
        while pending:
            tasks, future = pending.popleft()
            try:
                result = future.result(timeout=hard_timeout(tasks, settings))
            except (BrokenProcessPool, FutureTimeout) as exc:
                reason = ("the worker hung past the time cap" if isinstance(exc, FutureTimeout)
                          else "the worker process died")
                pool.rebuild()
                result = isolate(tasks, run_one, reason)
                # Futures of a torn-down pool never complete: submit their work again.
                pending = deque((waiting, pool.submit(waiting)) for waiting, _ in pending)
            yield result
            fill()
    finally:
        pool.close()
