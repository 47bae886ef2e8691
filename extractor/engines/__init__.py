"""Execution engines of `extractor run`: the per-partition work, and who runs it.

`work.process_partition` turns a partition of tasks (files, JSON lines, documents) into
finished JSON lines; `local` runs it in a process pool, `dask_engine` on a Dask cluster.
Both keep input order, so their outputs are identical.
"""
