"""Worker processes that the parent can kill and replace, one task at a time each.

A batch of thousands of files from the outside world must not crash, hang or lose a result,
so each document runs in a worker process that the parent can kill and replace::

    parent ──(one duplex Pipe per worker)──► worker 1: engine created once, one document at a time
           ├──────────────────────────────► worker 2 ...
           └─ tracks which document each worker holds and since when; kills a worker that is
              over the time (or memory) limit, or notices one that died, records the document
              as ``timeout`` / ``too_large`` / ``crashed``, and starts a fresh worker.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: it cannot stop one running task,
and one worker that dies (segfault, OOM kill) breaks the whole pool. Why a pipe per worker
rather than a shared ``multiprocessing.Queue``: a process killed while it holds a shared
queue's lock can corrupt that queue for every other worker; a killed worker's own pipe just
closes.

What a worker does with a task is a :class:`Job`: set up once per worker, run one task, and
say what the record is of a task whose worker died or was stopped. The batch's job
(:class:`~axocr.batch.job.ExtractJob`) reads a document into an
:class:`~axocr.types.InvoiceResult`; the benchmark's (``axocr.bench.runner``) also scores it.
Every task gets exactly one record, yielded in the order the tasks finish.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Protocol, TypeVar, cast, overload

from axocr.batch.job import ExtractJob, Task
from axocr.batch.stats import BatchStats
from axocr.config import Config
from axocr.memory import proc_status_kb
from axocr.types import ErrorRecord, InvoiceResult

# How often the parent wakes to check deadlines and memory while every worker is busy.
_TICK_S = 0.2
# A worker asked to stop (or killed) gets this long to go before we stop waiting for it.
_JOIN_S = 5.0

T = TypeVar("T")
R = TypeVar("R")
T_contra = TypeVar("T_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)


class Job(Protocol[T_contra, R_co]):
    """What a worker runs. It is pickled into each worker, so it must be a module-level class
    (or function) whose fields pickle; a task and its record are pickled through the pipe."""

    def setup(self) -> None:
        """In the worker, once, before its first task (thread limits, warming an engine)."""

    def __call__(self, task: T_contra) -> R_co:
        """In the worker: one task. A task's own failure belongs in its record, not raised."""

    def label(self, task: T_contra) -> str:
        """In the parent: the task's name in :meth:`WorkerPool.busy_pids` (a path)."""

    def lost(self, task: T_contra, error: ErrorRecord, held_s: float | None) -> R_co:
        """The record of a task that got no answer: its worker died (``crashed``), was stopped
        (``timeout``, ``too_large``, with ``held_s``, how long it had held the task), or could
        not send the answer (``internal``)."""


def _peak_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _exit_with_parent(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)


def _worker_main(conn: Connection, job: Job[T, R]) -> None:
    """A worker: run tasks from its pipe until told to stop or the parent goes away."""
    # Ctrl-C reaches the whole process group; only the parent decides what to do with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = mp.parent_process()
    if parent is not None and parent.sentinel is not None:
        # A parent killed with SIGKILL cannot stop us: without this, a worker stuck on a
        # document would outlive the batch forever (EOF on the pipe is seen only between
        # documents).
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()
    job.setup()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent died or closed the pipe
        if task is None:
            return
        try:
            result = job(task)
        except Exception as exc:  # a job that raises must cost its task, not the worker
            error = ErrorRecord(code="internal", message=f"{type(exc).__name__}: {exc}")
            result = job.lost(task, error, None)
        try:
            conn.send((result, _peak_rss_kb()))
        except (OSError, ValueError):
            return
        except Exception as exc:  # a result that does not pickle must not kill the worker
            error = ErrorRecord(code="internal", message=f"cannot send the result: {exc}")
            conn.send((job.lost(task, error, None), 0))


@dataclass
class _Slot(Generic[T]):
    process: BaseProcess
    conn: Connection
    task: T | None = None
    started: float = 0.0
    done: int = 0
    peak_kb: int = 0


def _default_start_method() -> str:
    # forkserver: workers are forked from a clean single-threaded server that has already
    # imported axocr, so a replacement starts in milliseconds and inherits none of the
    # parent's threads (tqdm, Dask, the caller's own) the way a plain fork would.
    if sys.platform.startswith("linux"):
        return "forkserver"
    return "spawn"


class WorkerPool(Generic[T, R]):
    """Worker processes that the parent can kill and replace one at a time.

    ``WorkerPool(config, jobs)`` reads documents (``(path, sha256)`` tasks) with that config;
    ``WorkerPool(job, jobs)`` runs any :class:`Job`. Each worker creates its OCR engine on
    first use and keeps it (the registry caches one per process), so the cost of loading
    models is paid once per worker, not per document. Tasks must not be ``None``.
    """

    @overload
    def __init__(
        self: WorkerPool[Task, InvoiceResult],
        job: Config,
        jobs: int = 1,
        *,
        timeout_s: float | None = None,
        memory_limit_mb: float | None = None,
        max_tasks_per_worker: int | None = None,
        start_method: str | None = None,
        stats: BatchStats | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        job: Job[T, R],
        jobs: int = 1,
        *,
        timeout_s: float | None = None,
        memory_limit_mb: float | None = None,
        max_tasks_per_worker: int | None = None,
        start_method: str | None = None,
        stats: BatchStats | None = None,
    ) -> None: ...

    def __init__(
        self,
        job: Job[T, R] | Config,
        jobs: int = 1,
        *,
        timeout_s: float | None = None,
        memory_limit_mb: float | None = None,
        max_tasks_per_worker: int | None = None,
        start_method: str | None = None,
        stats: BatchStats | None = None,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        if timeout_s is not None and timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        if memory_limit_mb is not None and memory_limit_mb <= 0:
            raise ValueError("memory_limit_mb must be positive")
        # A config alone means the batch's own job: read each document with it.
        self.job = cast("Job[T, R]", ExtractJob(job) if isinstance(job, Config) else job)
        self.jobs = jobs
        self.timeout_s = timeout_s
        self.memory_limit_kb = int(memory_limit_mb * 1024) if memory_limit_mb else None
        self.max_tasks_per_worker = max_tasks_per_worker
        self.stats = stats if stats is not None else BatchStats()
        method = start_method or _default_start_method()
        self._ctx: Any = mp.get_context(method)
        if method == "forkserver":
            # Only takes effect when this process starts its fork server (the first time).
            self._ctx.set_forkserver_preload(["axocr.batch"])
        self._slots: list[_Slot[T]] = []
        self._closed = False

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def worker_pids(self) -> list[int]:
        return [s.process.pid for s in self._slots if s.process.pid is not None]

    def busy_pids(self) -> dict[str, int]:
        """Which worker holds which task (its label, e.g. the path -> pid), to watch or kill it."""
        return {
            self.job.label(s.task): s.process.pid
            for s in self._slots
            if s.task is not None and s.process.pid is not None
        }

    def _start(self) -> _Slot[T]:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main, args=(child_end, self.job), name="axocr-worker", daemon=True
        )
        process.start()
        # Our copy of the child's end must go, or a dead worker's pipe would never read EOF.
        child_end.close()
        self.stats.workers_started += 1
        return _Slot(process=process, conn=parent_end)

    def _stop(self, slot: _Slot[T], *, kill: bool) -> None:
        pid = slot.process.pid
        if pid is not None:
            hwm = proc_status_kb(pid, "VmHWM")
            if hwm:
                slot.peak_kb = max(slot.peak_kb, hwm)
        self._note_peak(slot)
        if kill:
            slot.process.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                slot.conn.send(None)
        slot.process.join(_JOIN_S)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join(_JOIN_S)
        slot.conn.close()
        with contextlib.suppress(ValueError):
            slot.process.close()

    def _replace(self, index: int, *, kill: bool) -> None:
        self._stop(self._slots[index], kill=kill)
        self._slots[index] = self._start()

    def _note_peak(self, slot: _Slot[T]) -> None:
        self.stats.peak_worker_rss_mb = max(self.stats.peak_worker_rss_mb, slot.peak_kb / 1024)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for slot in self._slots:
            # A worker busy on a document would make us wait for it; kill that one.
            self._stop(slot, kill=slot.task is not None)
        self._slots.clear()

    def run(self, tasks: Iterable[T]) -> Generator[R, None, None]:
        """Run the tasks; yield one record per task as each one finishes."""
        if self._closed:
            raise RuntimeError("the pool is closed")
        pending = iter(tasks)
        exhausted = False
        try:
            while True:
                # Hand out work to idle workers; the task stream is read lazily, so hashing
                # for --resume overlaps with extraction instead of delaying the first result.
                while not exhausted and (
                    len(self._slots) < self.jobs or any(s.task is None for s in self._slots)
                ):
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    index = next((i for i, s in enumerate(self._slots) if s.task is None), None)
                    if index is None:
                        self._slots.append(self._start())
                        index = len(self._slots) - 1
                    elif not self._slots[index].process.is_alive():
                        # Died between documents: the next document must not be blamed for it.
                        self._replace(index, kill=True)
                    self._dispatch(self._slots[index], task)
                busy = [i for i, s in enumerate(self._slots) if s.task is not None]
                if not busy:
                    return
                handles: list[Any] = []
                for i in busy:
                    handles += [self._slots[i].conn, self._slots[i].process.sentinel]
                limited = self.timeout_s is not None or self.memory_limit_kb is not None
                ready = set(wait(handles, timeout=_TICK_S if limited else 1.0))
                for i in busy:
                    slot = self._slots[i]
                    if slot.conn in ready or slot.process.sentinel in ready:
                        yield self._collect(i)
                yield from self._enforce_limits()
        finally:
            self.close()

    def _dispatch(self, slot: _Slot[T], task: T) -> None:
        slot.task = task
        slot.started = time.monotonic()
        # If the worker is already gone, its sentinel reports it and we record a crash.
        with contextlib.suppress(OSError, ValueError):
            slot.conn.send(task)

    def _collect(self, index: int) -> R:
        slot = self._slots[index]
        task = slot.task
        assert task is not None  # only busy slots are collected
        message: Any = None
        try:
            if slot.conn.poll():
                message = slot.conn.recv()
        except Exception:  # EOF or a message cut off by the worker's death
            message = None
        if isinstance(message, tuple) and len(message) == 2:
            result, peak_kb = message
            slot.task = None
            slot.done += 1
            slot.peak_kb = max(slot.peak_kb, int(peak_kb))
            self._note_peak(slot)
            if self._should_recycle(slot):
                self._replace(index, kill=False)
            return cast(R, result)
        # No result: the worker died while holding this task.
        slot.process.join(_JOIN_S)
        code = slot.process.exitcode
        slot.task = None
        self._replace(index, kill=True)
        self.stats.workers_killed += 1
        return self.job.lost(task, ErrorRecord(code="crashed", message=_death_message(code)), None)

    def _should_recycle(self, slot: _Slot[T]) -> bool:
        if self.max_tasks_per_worker and slot.done >= self.max_tasks_per_worker:
            return True
        if self.memory_limit_kb and slot.process.pid is not None:
            # A worker that keeps most of the limit after a document (fragmentation, caches)
            # would fail the next large one for no fault of that document: start it afresh.
            rss = proc_status_kb(slot.process.pid, "VmRSS")
            return rss is not None and rss > 0.7 * self.memory_limit_kb
        return False

    def _enforce_limits(self) -> Iterator[R]:
        now = time.monotonic()
        for index, slot in enumerate(self._slots):
            task = slot.task
            if task is None or slot.process.pid is None:
                continue
            error = self._over_limit(slot, now)
            if error is not None:
                slot.task = None
                self._replace(index, kill=True)
                self.stats.workers_killed += 1
                yield self.job.lost(task, error, now - slot.started)

    def _over_limit(self, slot: _Slot[T], now: float) -> ErrorRecord | None:
        """Why a busy worker must be stopped now, or None."""
        if self.timeout_s is not None and now - slot.started > self.timeout_s:
            return ErrorRecord(
                code="timeout",
                message=f"over the time limit of {self.timeout_s:g} s per document: stopped",
            )
        if self.memory_limit_kb is not None and slot.process.pid is not None:
            rss = proc_status_kb(slot.process.pid, "VmRSS")
            if rss is not None and rss > self.memory_limit_kb:
                return ErrorRecord(
                    code="too_large",
                    message=f"the worker used {rss // 1024} MB reading it, over the limit of "
                    f"{self.memory_limit_kb // 1024} MB: stopped",
                )
        return None


def _death_message(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (killed from outside: out of memory?)" if name == "SIGKILL" else ""
        return f"the worker process died with {name} while reading this document{hint}"
    return f"the worker process exited (code {exitcode}) while reading this document"
