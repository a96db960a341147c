"""What happened in a batch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from axocr.types import InvoiceResult


@dataclass
class BatchStats:
    """What happened in a batch, for progress output and reports."""

    total: int = 0
    skipped: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_error: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    workers_started: int = 0
    workers_killed: int = 0
    peak_worker_rss_mb: float = 0.0
    elapsed_s: float = 0.0

    def add(self, result: InvoiceResult) -> None:
        self.total += 1
        self.pages += result.pages
        self.by_status[result.status] += 1
        for error in result.errors:
            self.by_error[error.code] += 1

    @property
    def failed(self) -> int:
        return self.by_status.get("failed", 0)
