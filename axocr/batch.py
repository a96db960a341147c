"""Many documents: expand inputs, run them in worker processes, stream results, resume.

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

Every input gets exactly one :class:`~axocr.types.InvoiceResult`, yielded in the order the
documents finish (or in input order, on request).
"""

from __future__ import annotations

import contextlib
import glob
import json
import multiprocessing as mp
import os
import re
import signal
import stat
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from axocr.api import extract_all_with_config
from axocr.config import Config
from axocr.document.load import file_sha256
from axocr.export.formats import escape_surrogates, unneutralize_cell
from axocr.memory import proc_status_kb, release_memory
from axocr.types import ErrorRecord, InvoiceResult

__all__ = [
    "BatchStats",
    "WorkerPool",
    "available_cores",
    "done_paths",
    "expand_inputs",
    "extract_on_dask",
    "input_key",
    "repair_tail",
    "run_batch",
    "worker_config",
]

# How often the parent wakes to check deadlines and memory while every worker is busy.
_TICK_S = 0.2
# A worker asked to stop (or killed) gets this long to go before we stop waiting for it.
_JOIN_S = 5.0


# --- inputs and resume --------------------------------------------------------------------


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Files, folders (recursively) and glob patterns, in a stable order, without duplicates.

    Every item named gets at least one path back, so that it gets a record instead of
    vanishing silently: a name that matches nothing, a dangling or looping link, a folder
    with no documents in it (the folder itself: its record says so). Inside folders, hidden
    files and folders (``.DS_Store``, ``.git``) are left out, and everything else that is not
    a folder is kept, FIFOs and devices too: they are never opened, and their record says
    what they are. Names are ``str`` decoded as the OS does (undecodable bytes as surrogate
    escapes, :func:`os.fsdecode`), so a file whose name is not UTF-8 is still found and read.
    """
    seen: set[str] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        key = input_key(str(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    def add_named(p: Path) -> None:
        if _is_dir(p):
            found = list(_walk(p))
            for sub in found:
                add(sub)
            if not found:
                add(p)  # an empty folder gets its own record
        else:
            add(p)

    for item in items:
        item = os.fsdecode(item)
        if os.path.lexists(item):
            add_named(Path(item))
            continue
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            add(Path(item))
        for m in matches:
            add_named(Path(m))
    return out


def _is_dir(p: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(p).st_mode)
    except (OSError, ValueError):  # dangling or looping link, NUL byte
        return False


def _walk(root: Path) -> Iterator[Path]:
    """Everything but folders under root, sorted by name at each level, links to folders
    followed once (a link back to a parent is not followed round and round)."""
    visited: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            st = os.stat(folder)
        except OSError:
            return
        if (st.st_dev, st.st_ino) in visited:
            return
        visited.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            sub = folder / entry.name
            if _is_dir(sub):
                yield from walk(sub)
            else:
                yield sub

    yield from walk(root)


_SURROGATE_ESCAPE = re.compile(r"\\u(d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def input_key(path: str) -> str:
    """What identifies an input across runs (``--resume``) and within one (duplicates): its
    real path, as written in a record (undecodable name bytes as ``\\udcXX`` text)."""
    path = _SURROGATE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), path)
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = os.path.abspath(path)
    return escape_surrogates(real)


def done_paths(output: Path) -> set[str]:
    """The inputs already in an output file (JSON lines or CSV), by :func:`input_key`, for
    ``--resume``.

    Keyed by path, not by content: a file with the same bytes as a finished one under another
    name still gets its own record. A line cut short by a killed run does not parse, or lacks
    its last column, and is simply redone.
    """
    done: set[str] = set()
    if not output.exists():
        return done
    if output.suffix.lower() == ".csv" or _looks_like_csv(output):
        import csv

        with output.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                path = unneutralize_cell(row.get("path") or "")
                # A truncated last row has too few columns: its last cell (sha256) is then
                # missing, or cut short.
                sha = row.get("sha256")
                if path and sha is not None and len(sha) in (0, 64):
                    done.add(input_key(path))
        return done
    with output.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            found = record.get("path") if isinstance(record, dict) else None
            if isinstance(found, str) and found:
                done.add(input_key(found))
    return done


def _looks_like_csv(output: Path) -> bool:
    with output.open("rb") as fh:
        head = fh.read(64)
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"path,")


def repair_tail(output: Path) -> None:
    """Cut a last line left unfinished by a killed run, so that appending starts clean.

    Without this, the first record of a resumed run would be glued to the broken line and
    both would be unreadable.
    """
    if not output.exists():
        return
    with output.open("rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        # Walk back in blocks to the last newline; everything after it is the broken line.
        pos = size
        keep = 0
        while pos > 0:
            step = min(1 << 16, pos)
            pos -= step
            fh.seek(pos)
            block = fh.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                keep = pos + nl + 1
                break
        fh.truncate(keep)


# --- configuration per worker ---------------------------------------------------------------


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


# --- one document ---------------------------------------------------------------------------


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


def _peak_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _exit_with_parent(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)


def _worker_main(conn: Connection, config: Config) -> None:
    """A worker: read documents from its pipe until told to stop or the parent goes away."""
    # Ctrl-C reaches the whole process group; only the parent decides what to do with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = mp.parent_process()
    if parent is not None and parent.sentinel is not None:
        # A parent killed with SIGKILL cannot stop us: without this, a worker stuck on a
        # document would outlive the batch forever (EOF on the pipe is seen only between
        # documents).
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()
    if config.read.ocr_threads:
        limit_opencv_threads(config.read.ocr_threads)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent died or closed the pipe
        if task is None:
            return
        path, sha = task
        result = _process_one(path, sha, config)
        release_memory()
        try:
            conn.send((result, _peak_rss_kb()))
        except (OSError, ValueError):
            return
        except Exception as exc:  # a result that does not pickle must not kill the worker
            conn.send((_failed(path, sha, "internal", f"cannot send the result: {exc}"), 0))


# --- the pool -------------------------------------------------------------------------------


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


@dataclass
class _Slot:
    process: BaseProcess
    conn: Connection
    task: tuple[str, str | None] | None = None
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


class WorkerPool:
    """Worker processes that the parent can kill and replace one at a time.

    Each worker creates its OCR engine on first use and keeps it (the registry caches one
    per process), so the cost of loading models is paid once per worker, not per document.
    """

    def __init__(
        self,
        config: Config,
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
        self.config = config
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
        self._slots: list[_Slot] = []
        self._closed = False

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def worker_pids(self) -> list[int]:
        return [s.process.pid for s in self._slots if s.process.pid is not None]

    def busy_pids(self) -> dict[str, int]:
        """Which worker holds which document (path -> pid), e.g. to watch or kill it."""
        return {
            s.task[0]: s.process.pid
            for s in self._slots
            if s.task is not None and s.process.pid is not None
        }

    def _start(self) -> _Slot:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main, args=(child_end, self.config), name="axocr-worker", daemon=True
        )
        process.start()
        # Our copy of the child's end must go, or a dead worker's pipe would never read EOF.
        child_end.close()
        self.stats.workers_started += 1
        return _Slot(process=process, conn=parent_end)

    def _stop(self, slot: _Slot, *, kill: bool) -> None:
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

    def _note_peak(self, slot: _Slot) -> None:
        self.stats.peak_worker_rss_mb = max(self.stats.peak_worker_rss_mb, slot.peak_kb / 1024)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for slot in self._slots:
            # A worker busy on a document would make us wait for it; kill that one.
            self._stop(slot, kill=slot.task is not None)
        self._slots.clear()

    def run(self, tasks: Iterable[tuple[str, str | None]]) -> Generator[InvoiceResult, None, None]:
        """Run ``(path, sha256)`` tasks; yield one result per task as each one finishes."""
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

    def _dispatch(self, slot: _Slot, task: tuple[str, str | None]) -> None:
        slot.task = task
        slot.started = time.monotonic()
        # If the worker is already gone, its sentinel reports it and we record a crash.
        with contextlib.suppress(OSError, ValueError):
            slot.conn.send(task)

    def _collect(self, index: int) -> InvoiceResult:
        slot = self._slots[index]
        assert slot.task is not None  # only busy slots are collected
        path, sha = slot.task
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
            return result  # type: ignore[no-any-return]
        # No result: the worker died while holding this document.
        slot.process.join(_JOIN_S)
        code = slot.process.exitcode
        slot.task = None
        self._replace(index, kill=True)
        self.stats.workers_killed += 1
        return _failed(path, sha, "crashed", _death_message(code))

    def _should_recycle(self, slot: _Slot) -> bool:
        if self.max_tasks_per_worker and slot.done >= self.max_tasks_per_worker:
            return True
        if self.memory_limit_kb and slot.process.pid is not None:
            # A worker that keeps most of the limit after a document (fragmentation, caches)
            # would fail the next large one for no fault of that document: start it afresh.
            rss = proc_status_kb(slot.process.pid, "VmRSS")
            return rss is not None and rss > 0.7 * self.memory_limit_kb
        return False

    def _enforce_limits(self) -> Iterator[InvoiceResult]:
        now = time.monotonic()
        for index, slot in enumerate(self._slots):
            if slot.task is None or slot.process.pid is None:
                continue
            path, sha = slot.task
            record: InvoiceResult | None = None
            if self.timeout_s is not None and now - slot.started > self.timeout_s:
                record = _failed(
                    path,
                    sha,
                    "timeout",
                    f"over the time limit of {self.timeout_s:g} s per document: stopped",
                )
            elif self.memory_limit_kb is not None:
                rss = proc_status_kb(slot.process.pid, "VmRSS")
                if rss is not None and rss > self.memory_limit_kb:
                    record = _failed(
                        path,
                        sha,
                        "too_large",
                        f"the worker used {rss // 1024} MB reading it, over the limit of "
                        f"{self.memory_limit_kb // 1024} MB: stopped",
                    )
            if record is not None:
                record.timings_ms["total"] = round((now - slot.started) * 1000, 2)
                slot.task = None
                self._replace(index, kill=True)
                self.stats.workers_killed += 1
                yield record


def _death_message(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (killed from outside: out of memory?)" if name == "SIGKILL" else ""
        return f"the worker process died with {name} while reading this document{hint}"
    return f"the worker process exited (code {exitcode}) while reading this document"


# --- the batch ------------------------------------------------------------------------------


def _tasks(
    paths: Iterable[Path],
    skip_paths: set[str] | None,
    on_skip: Callable[[Path], None] | None,
    order: dict[str, list[int]],
) -> Iterator[tuple[str, str | None]]:
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


# --- beyond one machine -------------------------------------------------------------------


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
