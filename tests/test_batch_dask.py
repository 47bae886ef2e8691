"""The cluster path: the Dask engine writes exactly what the local engine writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.engines.dask_engine import run_dask
from extractor.engines.local import run_local
from extractor.engines.tasks import file_tasks, partitions
from extractor.engines.work import WorkSettings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_dask_local_cluster_equals_local_engine(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    (tmp_path / "empty.txt").write_bytes(b"")
    inputs = [str(p) for p in sorted((ROOT / "corpus" / "dev").glob("b-*"))[:6]]
    inputs += [str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")]
    settings = WorkSettings()

    def lines(results) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
        records: list[str] = []
        errors: list[str] = []
        for result in results:
            records += result.record_lines
            errors += result.error_lines
        return records, errors

    local = lines(run_local(partitions(file_tasks(inputs, settings.load), 3), settings, workers=1))
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        clustered = lines(run_dask(partitions(file_tasks(inputs, settings.load), 3), settings,
                                   client=client))
        used = {w["id"] for w in client.scheduler_info()["workers"].values()}
    assert len(local[0]) == 6 and len(local[1]) == 2
    assert clustered == local
    assert len(used) == 2


@pytest.mark.slow
def test_cli_engine_dask_starts_a_local_cluster(tmp_path: Path) -> None:
    from extractor.runner import RunConfig, execute

    config = RunConfig()
    config.sources.inputs = [str(ROOT / "seeds")]
    config.output.path = str(tmp_path / "r.jsonl")
    config.output.errors = str(tmp_path / "e.jsonl")
    config.run.engine = "dask"
    config.run.workers = 1
    config.run.progress = False
    summary = execute(config)
    assert summary.records == 1 and summary.reconciled
