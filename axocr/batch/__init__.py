"""Many documents: expand inputs, run them in worker processes, stream results, resume.

``inputs``
    files, folders and globs → paths; :func:`input_key`, what identifies an input
``resume``
    :func:`done_paths` already in an output file, :func:`repair_tail` of a killed run
``workers``
    each worker's share of the cores (:func:`worker_config`)
``job``
    one document in a worker: a path → one :class:`~axocr.types.InvoiceResult`
``pool``
    :class:`WorkerPool`: worker processes with time and memory limits, killed and replaced
``run``
    :func:`run_batch`: the batch, streamed, in finishing or input order
``dask``
    :func:`extract_on_dask`: the same documents as tasks on a Dask cluster
"""

from __future__ import annotations

from axocr.batch.dask import extract_on_dask
from axocr.batch.inputs import expand_inputs, input_key
from axocr.batch.pool import WorkerPool
from axocr.batch.resume import done_paths, repair_tail
from axocr.batch.run import run_batch
from axocr.batch.stats import BatchStats
from axocr.batch.workers import (
    available_cores,
    limit_opencv_threads,
    threads_per_worker,
    worker_config,
)

__all__ = [
    "BatchStats",
    "WorkerPool",
    "available_cores",
    "done_paths",
    "expand_inputs",
    "extract_on_dask",
    "input_key",
    "limit_opencv_threads",
    "repair_tail",
    "run_batch",
    "threads_per_worker",
    "worker_config",
]
