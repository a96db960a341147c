"""Extraction with warm OCR engines, off the server's event loop.

Loading the OCR models costs about a second; a server pays it once, at start-up, not on the
first request. With one worker the documents run on one thread of the server process (the
engine is cached per process by the registry); with more, each worker process loads its own
engines when it starts and keeps them::

    request ─► event loop ─► executor ─► extract_with_config(bytes)   (thread, or process N)

One thread for one worker, not a thread per request: onnxruntime already spreads one page
over the cores, and two pages at once on the same engine would only take turns.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import multiprocessing as mp
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from axocr.api import extract_with_config
from axocr.batch import limit_opencv_threads, worker_config
from axocr.config import Config, ReadConfig
from axocr.pipeline.read import read_document
from axocr.types import Document, ErrorRecord, InvoiceResult


def _warm_page() -> bytes:
    """A small invoice-like picture: one extraction of it loads every model a scan needs."""
    image = np.full((420, 700, 3), 255, dtype=np.uint8)
    for row, text in enumerate(("INVOICE No. 1001", "Date 2024-05-31", "Total 112.46 EUR")):
        cv2.putText(image, text, (30, 90 + row * 110), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    ok, buf = cv2.imencode(".png", image)
    return buf.tobytes() if ok else b""


def warm_up(config: Config) -> None:
    """Load the OCR engine (and the orientation models) of this process."""
    if config.read.ocr_threads:
        limit_opencv_threads(config.read.ocr_threads)
    extract_with_config(_warm_page(), config)


def _extract(data: bytes, config: Config) -> InvoiceResult:
    try:
        return extract_with_config(data, config)
    except Exception as exc:  # a bug costs one request, not the worker
        return InvoiceResult(
            status="failed",
            errors=[ErrorRecord(code="internal", message=f"{type(exc).__name__}: {exc}")],
            review_reasons=["internal"],
        )


def _read(path: str, config: ReadConfig) -> Document:
    return read_document(Path(path), config)


class Extractor:
    """Runs extractions (and document reads for the workbench) on warm engines."""

    def __init__(self, config: Config, workers: int = 1) -> None:
        self.workers = workers
        self.config = worker_config(config, workers)
        self._executor: cf.Executor = self._new_executor()
        self._lock = threading.Lock()
        self.warm: cf.Future[Any] | None = None

    def _new_executor(self) -> cf.Executor:
        if self.workers == 1:
            return cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="axocr-extract")
        # forkserver: workers forked from a clean process that imported axocr, as in batch.
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["axocr.serve.engines"])
        return cf.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=ctx,
            initializer=warm_up,
            initargs=(self.config,),
        )

    def start(self) -> None:
        """Warm the engines now (returns at once; requests queue behind the warm-up)."""
        if self.workers == 1:
            self.warm = self._executor.submit(warm_up, self.config)
        else:
            # A no-op per worker makes the pool start them all, each warming in its initializer.
            futures = [self._executor.submit(int) for _ in range(self.workers)]
            self.warm = futures[-1]

    def request_config(self, config: Config) -> Config:
        """A request's config, with this server's split of threads between workers."""
        return config.model_copy(
            update={
                "read": config.read.model_copy(update={"ocr_threads": self.config.read.ocr_threads})
            }
        )

    async def extract(self, data: bytes, config: Config) -> InvoiceResult:
        try:
            result = await self._run(_extract, data, self.request_config(config))
        except BrokenProcessPool:
            return InvoiceResult(
                status="failed",
                errors=[
                    ErrorRecord(
                        code="crashed",
                        message="the worker process died while reading this document",
                    )
                ],
                review_reasons=["crashed"],
            )
        assert isinstance(result, InvoiceResult)  # what _extract returns
        return result

    async def read(self, path: Path, config: ReadConfig) -> Document:
        threads = self.config.read.ocr_threads
        result = await self._run(
            _read, str(path), config.model_copy(update={"ocr_threads": threads})
        )
        assert isinstance(result, Document)  # what _read returns
        return result

    async def _run(self, fn: Any, *args: Any) -> object:
        loop = asyncio.get_running_loop()
        executor = self._executor
        try:
            return await loop.run_in_executor(executor, fn, *args)
        except BrokenProcessPool:
            # A worker died (segfault, OOM kill): this request fails, the next gets new ones.
            with self._lock:
                if self._executor is executor:
                    self._executor = self._new_executor()
            raise

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
