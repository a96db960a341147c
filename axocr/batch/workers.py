"""Configuration per worker: each worker's share of the cores."""

from __future__ import annotations

import contextlib
import os

from axocr.config import Config


def available_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the whole machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def limit_opencv_threads(threads: int) -> None:
    """OpenCV also starts a thread per core by default; keep it to a worker's share."""
    with contextlib.suppress(Exception):
        import cv2

        cv2.setNumThreads(threads)


def threads_per_worker(jobs: int) -> int:
    """Each of ``jobs`` workers' share of the cores (at least one)."""
    return max(1, available_cores() // max(1, jobs))


def worker_config(config: Config, jobs: int) -> Config:
    """The config for one of ``jobs`` workers: split the cores between their OCR engines.

    onnxruntime otherwise starts one thread per core in every worker, and N workers on a
    2-core machine then fight over the cores and run slower than one.
    """
    if config.read.ocr_threads:
        return config  # the user chose explicitly
    threads = threads_per_worker(jobs)
    return config.model_copy(
        update={"read": config.read.model_copy(update={"ocr_threads": threads})}
    )
