"""One document: what a batch worker does with a path, and the record of one it could not read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from axocr.api import extract_all_with_config, file_sha256
from axocr.config import Config
from axocr.types import ErrorRecord, InvoiceResult


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
