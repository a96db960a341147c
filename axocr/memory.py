"""Handing freed memory back to the system, so one large page does not stay resident.

Pages differ in size, so onnxruntime's buffers for one page rarely fit the next; glibc keeps
the freed ones in its heap and a worker's resident memory grew by 500 MB over 30 receipts (to
1.1 GB). ``malloc_trim`` returns them. It is not free: the next page faults the memory in
again, and trimming after every OCR'd document cost 8% of batch throughput (SROIE, 60
receipts, 2 workers, twice: 1.06 / 1.11 pages/s trimming above 700 MB, 0.98 / 1.02 above
300 MB). So a worker trims after a document only once it holds over ``TRIM_ABOVE_MB``, and
the reader trims before a page too large for what a worker usually holds
(``LARGE_PAGE_PIXELS``): one 11.8 MP PNG read by a worker that kept 700 MB took it to 1,041 MB.
"""

from __future__ import annotations

import os

TRIM_ABOVE_MB = 700
LARGE_PAGE_PIXELS = 6_000_000


def proc_status_kb(pid: int, key: str) -> int | None:
    """A ``/proc/<pid>/status`` memory figure in KiB (Linux), or None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def release_memory(above_mb: float = TRIM_ABOVE_MB) -> None:
    """Give freed heap memory back to the system (glibc only) when resident memory is over
    ``above_mb``; 0 always trims."""
    if above_mb > 0:
        rss_kb = proc_status_kb(os.getpid(), "VmRSS")
        if rss_kb is None or rss_kb < above_mb * 1024:
            return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to do
