"""One document: what a batch worker does with a path, and the record of one it could not read."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from axocr.api import extract_all_with_config
from axocr.batch.workers import limit_opencv_threads
from axocr.config import Config
from axocr.document.load import file_sha256
from axocr.memory import release_memory
from axocr.types import ErrorRecord, InvoiceResult

# A document to read: its path and, when already known, its content hash.
Task = tuple[str, str | None]


@dataclass(frozen=True)
class ExtractJob:
    """The batch's job in a :class:`~axocr.batch.pool.WorkerPool`: a ``(path, sha256)`` task
    → one :class:`~axocr.types.InvoiceResult` (the first of a file's invoices, carrying the
    rest)."""

    config: Config

    def setup(self) -> None:
        if self.config.read.ocr_threads:
            limit_opencv_threads(self.config.read.ocr_threads)

    def __call__(self, task: Task) -> InvoiceResult:
        path, sha = task
        result = _process_one(path, sha, self.config)
        release_memory()
        return result

    def label(self, task: Task) -> str:
        return task[0]

    def lost(self, task: Task, error: ErrorRecord, held_s: float | None) -> InvoiceResult:
        path, sha = task
        record = _failed(path, sha, error.code, error.message)
        if held_s is not None:
            record.timings_ms["total"] = round(held_s * 1000, 2)
        return record


def _failed(path: str, sha: str | None, code: str, message: str) -> InvoiceResult:
    return InvoiceResult(
        path=path,
        sha256=sha,
        status="failed",
        errors=[ErrorRecord(code=code, message=message)],
        review_reasons=[code],
    )


def _process_one(path: str, sha: str | None, config: Config) -> InvoiceResult:
    try:
        # A file holding several invoices gives one result each; the first carries the rest
        # (see InvoiceResult.invoices) so that one document is still one message.
        first, *more = extract_all_with_config(path, config)
    except Exception as exc:  # a bug must cost one document, not the batch
        first, more = _failed(path, sha, "internal", f"{type(exc).__name__}: {exc}"), []
    for result in (first, *more):
        result.sha256 = sha if sha is not None else _regular_file_sha256(path)
    first.carry_invoices(more)
    return first


def _regular_file_sha256(path: str | Path) -> str | None:
    """The content hash, or None for what cannot or must not be read."""
    try:
        # Only regular files: opening a FIFO or a device would block forever.
        if stat.S_ISREG(os.stat(path).st_mode):
            return file_sha256(path)
    except OSError:
        pass  # the extraction reports why the file cannot be read
    return None
