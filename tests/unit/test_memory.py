"""Freed heap memory goes back to the system when asked (Linux, glibc)."""

from __future__ import annotations

import os
import sys

import pytest

from axocr.memory import proc_status_kb, release_memory

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc and glibc malloc_trim are Linux's"
)


def _rss_mb() -> float:
    kb = proc_status_kb(os.getpid(), "VmRSS")
    assert kb is not None
    return kb / 1024


def test_release_memory_hands_freed_heap_back() -> None:
    # 1 KB blocks come from malloc's heap (not mmap), where freed memory stays resident.
    blocks = [bytearray(1000) for _ in range(200_000)]
    blocks[-1][0] = 1
    held = _rss_mb()
    del blocks
    freed_but_resident = _rss_mb()
    release_memory(0)
    trimmed = _rss_mb()
    assert freed_but_resident > held - 100  # glibc kept most of the 200 MB
    assert trimmed < freed_but_resident - 100


def test_release_memory_below_its_threshold_does_nothing() -> None:
    blocks = [bytearray(1000) for _ in range(100_000)]
    del blocks
    before = _rss_mb()
    release_memory(above_mb=before + 10_000)
    assert _rss_mb() > before - 20
