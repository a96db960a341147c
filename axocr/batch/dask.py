"""Beyond one machine: documents as tasks on a Dask cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from axocr.batch.job import _process_one
from axocr.config import Config
from axocr.types import InvoiceResult


def extract_on_dask(
    client: Any, paths: Iterable[str | Path], config: Config | None = None
) -> Iterator[InvoiceResult]:
    """Run documents as tasks on a Dask cluster; yield results as they finish.

    ``client`` is a ``distributed.Client``. The paths must be readable by the workers (a
    shared file system or object-store mount). Each Dask worker process caches its own OCR
    engine, like a local worker. Time limits are not enforced here: Dask cannot kill a
    running task, so run ``axocr extract --timeout`` on each machine if you need them.
    """
    import distributed

    as_completed: Callable[[list[Any]], Iterable[Any]] = distributed.as_completed
    config = config or Config()
    items = [str(p) for p in paths]
    futures = client.map(_process_one, items, [None] * len(items), config=config, pure=False)
    for future in as_completed(futures):
        yield from future.result().invoices()  # a file holding several invoices gives each
