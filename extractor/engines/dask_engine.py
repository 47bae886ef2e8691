"""The cluster engine: the same partitions and `process_partition`, on Dask workers.

`run_dask` submits partitions to a `dask.distributed` cluster (an existing scheduler,
or a `LocalCluster` it starts) with at most `window` in flight, and yields results in
input order, so the parent writes exactly what the local engine writes. Each Dask
worker process builds the pipeline once (it is cached per process).

Workers load input files themselves: with a remote scheduler the input paths must be
visible to the workers (a shared file system), like the state file for incremental runs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from extractor.engines.local import hard_timeout, isolate
from extractor.engines.work import PartitionResult, Task, WorkSettings, process_partition


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def run_dask(
    partitions: Iterable[list[Task]],
    settings: WorkSettings,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    window: int | None = None,
    client: Any = None,
) -> Iterator[PartitionResult]:
    """PartitionResults in input order, computed on a Dask cluster."""
    own_client, cluster = (None, None) if client is not None else _client(scheduler, workers)
    client = client or own_client
    window = window or max(2, 3 * len(client.scheduler_info().get("workers", {})) or workers)
    pending: deque[tuple[list[Task], Any]] = deque()
    source = iter(partitions)

    def submit(tasks: list[Task]) -> Any:
        # pure=False: two equal partitions (reruns) must both run.
        return client.submit(process_partition, tasks, settings, pure=False)

    def run_one(task: Task) -> PartitionResult:
        return submit([task]).result(timeout=hard_timeout([task], settings))

    def fill() -> None:
        while len(pending) < window:
            tasks = next(source, None)
            if tasks is None:
                return
            pending.append((tasks, submit(tasks)))

    try:
        fill()
        while pending:
            tasks, future = pending.popleft()
            try:
                result = future.result(timeout=hard_timeout(tasks, settings))
            except Exception as exc:  # KilledWorker, a timeout, a lost connection
                future.cancel()
                result = isolate(tasks, run_one, f"the Dask task failed: {type(exc).__name__}")
            yield result
            fill()
    finally:
        for _, future in pending:
            future.cancel()
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()
