"""The batch: one result per input, from worker processes (or this one), in the order they
finish or in input order."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path

from axocr.batch.inputs import input_key
from axocr.batch.job import Task, _process_one, _regular_file_sha256
from axocr.batch.pool import WorkerPool
from axocr.batch.stats import BatchStats
from axocr.batch.workers import worker_config
from axocr.config import Config
from axocr.types import InvoiceResult


def _tasks(
    paths: Iterable[Path],
    skip_paths: set[str] | None,
    on_skip: Callable[[Path], None] | None,
    order: dict[str, list[int]],
) -> Iterator[Task]:
    index = 0
    for p in paths:
        path = str(p)
        if skip_paths and input_key(path) in skip_paths:
            if on_skip is not None:
                on_skip(p)
            continue
        order.setdefault(path, []).append(index)
        index += 1
        # Hashed as it is handed out (not up front), so the first result comes at once.
        yield path, _regular_file_sha256(p)


def _in_order(
    results: Iterator[InvoiceResult], order: dict[str, list[int]]
) -> Iterator[InvoiceResult]:
    """Results in the order of their tasks: each is held back until those before it are done."""
    held: dict[int, InvoiceResult] = {}
    following = 0
    for result in results:
        indices = order.get(result.path or "")
        if not indices:  # not one of ours (cannot happen): better out of order than lost
            yield result
            continue
        held[indices.pop(0)] = result
        while following in held:
            yield held.pop(following)
            following += 1
    for index in sorted(held):  # only if a task vanished, which the pool never lets happen
        yield held[index]


def run_batch(
    paths: list[Path],
    config: Config,
    *,
    jobs: int = 1,
    skip_paths: set[str] | None = None,
    on_result: Callable[[InvoiceResult], None] | None = None,
    on_skip: Callable[[Path], None] | None = None,
    timeout_s: float | None = None,
    memory_limit_mb: float | None = None,
    max_tasks_per_worker: int | None = None,
    isolate: bool = True,
    ordered: bool = False,
    stats: BatchStats | None = None,
) -> Generator[InvoiceResult, None, None]:
    """Yield one result per path, minus those in ``skip_paths`` (:func:`input_key` values, e.g.
    from :func:`done_paths`), in the order they finish, or in the order of ``paths`` with
    ``ordered`` (a result then waits for those before it).

    ``timeout_s`` defaults to ``config.extract.timeout_s``. With ``isolate`` (the default)
    documents run in worker processes even for ``jobs=1``, so that a time limit can be
    enforced and a crash costs only its own document; ``isolate=False`` with ``jobs=1`` runs
    in this process (no time limit), which is handy for debugging.
    """
    stats = stats if stats is not None else BatchStats()
    t0 = time.perf_counter()
    if timeout_s is None:
        timeout_s = config.extract.timeout_s

    def skipped(p: Path) -> None:
        stats.skipped += 1
        if on_skip is not None:
            on_skip(p)

    order: dict[str, list[int]] = {}
    tasks = _tasks(paths, skip_paths, skipped, order)
    results: Iterator[InvoiceResult]
    if not isolate and jobs <= 1:
        if timeout_s is not None or memory_limit_mb is not None:
            raise ValueError("time and memory limits need worker processes (isolate=True)")
        results = (_process_one(path, sha, config) for path, sha in tasks)
    else:
        pool = WorkerPool(
            worker_config(config, jobs),
            jobs,
            timeout_s=timeout_s,
            memory_limit_mb=memory_limit_mb,
            max_tasks_per_worker=max_tasks_per_worker,
            stats=stats,
        )
        results = pool.run(tasks)
    source = results
    if ordered:
        results = _in_order(results, order)
    try:
        for document in results:
            stats.add(document)
            stats.elapsed_s = time.perf_counter() - t0
            for result in document.invoices():
                if on_result is not None:
                    on_result(result)
                yield result
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()  # stops the workers when the caller leaves early (Ctrl-C, break)
        stats.elapsed_s = time.perf_counter() - t0
