"""Run axocr (and, optionally, baselines) over labelled dataset folders and score the results.

Each system runs in its own pass over the documents, so its wall time and pages per second are
its own. With ``jobs > 1`` a pass runs in the batch's :class:`~axocr.batch.WorkerPool` (the
one ``axocr extract --jobs`` uses), with :class:`_BenchJob` as what each worker does; each
worker loads the OCR engine once when it starts (the engine registry keeps one per process),
so model loading is reported as ``warmup_ms`` instead of landing on whichever document came
first.

A document that raises becomes a ``crashed`` record with every labelled field missing. A worker
that dies outright (out of memory, a crash in native code) costs only the document it held:
the pool records that one as crashed and starts a fresh worker for the rest.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from axocr.batch import WorkerPool, limit_opencv_threads, threads_per_worker
from axocr.bench.baselines import baseline_availability, get_baseline
from axocr.bench.line_scoring import LineScore, score_lines
from axocr.bench.scoring import (
    SCORED_LABELS,
    FieldScore,
    Prediction,
    ScoredDocument,
    predictions_from_result,
    score_document,
)
from axocr.memory import release_memory
from axocr.types import ErrorRecord, InvoiceResult

ExtractFn = Callable[..., InvoiceResult]
AXOCR = "axocr"


class DatasetError(ValueError):
    """A dataset folder or its labels.jsonl cannot be read (a setup problem, not a document's)."""


@dataclass(frozen=True)
class DatasetDoc:
    doc_id: str
    dataset: str
    path: Path
    language: str
    kind: str
    labels: Mapping[str, Any]
    # the labelled invoice lines, where the dataset labels them (None: not labelled)
    line_items: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class _Task:
    system: str
    doc: DatasetDoc


@dataclass
class _Outcome:
    """What a worker sends back for one document (everything must pickle)."""

    system: str
    doc_id: str
    status: str
    elapsed_ms: float
    pid: int
    maxrss_kb: int
    warmup_ms: float | None = None
    error: str | None = None
    error_detail: str | None = None
    pages: int = 0
    routes: list[str] = field(default_factory=list)
    detected_language: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    predictions: dict[str, Prediction] | None = None
    result: dict[str, Any] | None = None


@dataclass
class DocumentRecord:
    """One document as run by one system, with its field verdicts."""

    system: str
    doc_id: str
    dataset: str
    language: str
    kind: str
    path: str
    status: str  # ok / partial / failed (axocr's own verdict), crashed, skipped
    elapsed_ms: float
    scores: list[FieldScore]
    pages: int = 0
    routes: list[str] = field(default_factory=list)
    detected_language: str | None = None
    error: str | None = None
    error_detail: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    worker: int = 0
    # The worker's peak resident memory once this document was done: the document after
    # which it jumps is the one that needed the memory.
    worker_peak_rss_mb: float = 0.0
    result: dict[str, Any] | None = None
    lines: LineScore | None = None  # where the dataset labels the invoice lines

    @property
    def route_group(self) -> str:
        """The page route shared by every page, ``mixed`` when they differ, ``none`` if unknown."""
        distinct = set(self.routes)
        if not distinct:
            return "none"
        return distinct.pop() if len(distinct) == 1 else "mixed"

    def scored(self, fields: Iterable[str] | None = None) -> ScoredDocument:
        keep = set(fields) if fields is not None else None
        scores = [s for s in self.scores if keep is None or s.field in keep]
        return ScoredDocument(self.doc_id, self.dataset, self.language, scores)


@dataclass
class SystemRun:
    """One system's pass over the documents."""

    name: str
    description: str
    available: bool = True
    note: str = ""
    fields: tuple[str, ...] = SCORED_LABELS  # label keys it attempts
    records: list[DocumentRecord] = field(default_factory=list)
    wall_s: float = 0.0
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)
    warmup_ms: dict[int, float] = field(default_factory=dict)

    @property
    def scored_records(self) -> list[DocumentRecord]:
        """Records that count: everything but documents the system does not handle."""
        return [r for r in self.records if r.status != "skipped"]

    def scored_documents(self, fields: Iterable[str] | None = None) -> list[ScoredDocument]:
        field_list = list(fields) if fields is not None else None
        return [r.scored(field_list) for r in self.scored_records]


@dataclass
class BenchmarkReport:
    datasets: list[str]
    options: dict[str, Any]
    jobs: int
    limit: int | None
    started_at: str
    systems: dict[str, SystemRun]
    kinds: tuple[str, ...] = ()
    peak_rss_mb_main: float = 0.0
    peak_rss_mb_children: float = 0.0
    python: str = field(default_factory=lambda: sys.version.split()[0])
    cpu_count: int = field(default_factory=lambda: os.cpu_count() or 1)

    @property
    def axocr(self) -> SystemRun:
        return self.systems[AXOCR]


# --- datasets -------------------------------------------------------------------------------


def load_dataset(directory: str | Path, limit: int | None = None) -> list[DatasetDoc]:
    """The documents of one dataset folder (``labels.jsonl`` + files), the first ``limit`` only."""
    root = Path(directory)
    labels_path = root / "labels.jsonl"
    if not labels_path.is_file():
        raise DatasetError(f"{labels_path} not found")
    docs: list[DatasetDoc] = []
    with labels_path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                doc = DatasetDoc(
                    doc_id=str(row["id"]),
                    dataset=root.name,
                    path=root / row["path"],
                    language=str(row.get("language") or "unknown"),
                    kind=str(row.get("kind") or "unknown"),
                    labels=dict(row.get("fields") or {}),
                    line_items=row.get("line_items")
                    if isinstance(row.get("line_items"), list)
                    else None,
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise DatasetError(f"{labels_path}:{lineno}: bad label line: {exc}") from exc
            docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
    return docs


# --- worker side ----------------------------------------------------------------------------

# Set once per process by _init_worker: the extraction function, its options, warm-up time.
_WORKER: dict[str, Any] = {}


def _default_extract() -> ExtractFn:
    from axocr.api import extract

    return extract


def _warm_up(options: Mapping[str, Any]) -> None:
    """Load the OCR engine now, so its loading time is not charged to the first document."""
    from axocr.config import Config
    from axocr.ocr.registry import get_engine

    engine = get_engine(Config.from_options(**options).read)
    # One tiny inference as well: onnxruntime sets up its sessions on the first call. The image
    # carries text so that recognition runs too (and RapidOCR does not warn about a blank page).
    import cv2
    import numpy as np

    image = np.full((64, 320, 3), 255, dtype=np.uint8)
    cv2.putText(image, "Total 123.45", (8, 44), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    engine.recognize(image)


def _init_worker(extract_fn: ExtractFn | None, options: dict[str, Any], warm: bool) -> None:
    _WORKER["extract"] = extract_fn if extract_fn is not None else _default_extract()
    _WORKER["options"] = options
    _WORKER["warmup_ms"] = None
    threads = options.get("ocr_threads")
    if threads:
        limit_opencv_threads(int(threads))
    if warm:
        start = time.perf_counter()
        # An unusable engine is reported on each document instead, as a crash with its cause.
        with contextlib.suppress(Exception):
            _warm_up(options)
        _WORKER["warmup_ms"] = (time.perf_counter() - start) * 1000


def _maxrss_kb() -> int:
    # Linux reports ru_maxrss in kilobytes.
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _run_task(task: _Task) -> _Outcome:
    """Run one system on one document. Never raises for a document's own failure."""
    doc = task.doc
    start = time.perf_counter()
    out = _Outcome(task.system, doc.doc_id, "ok", 0.0, os.getpid(), 0, _WORKER.get("warmup_ms"))
    try:
        if task.system == AXOCR:
            result = _WORKER["extract"](doc.path, **_WORKER["options"])
            if not isinstance(result, InvoiceResult):
                raise TypeError(f"extract returned {type(result).__name__}, not InvoiceResult")
            out.status = result.status
            out.pages = result.pages
            out.routes = list(result.routes)
            out.detected_language = result.language
            out.timings_ms = dict(result.timings_ms)
            out.predictions = predictions_from_result(result)
            out.result = result.model_dump(mode="json", exclude={"candidates"})
            if result.errors:
                out.error = "; ".join(f"{e.code}: {e.message}" for e in result.errors)
        else:
            baseline = get_baseline(task.system)
            if not baseline.applies_to(doc.path):
                out.status = "skipped"
            else:
                values = baseline.predict(doc.path, doc.language)
                out.predictions = {k: Prediction(v) for k, v in values.items()}
    except Exception as exc:
        out.status = "crashed"
        out.error = f"{type(exc).__name__}: {exc}"
        out.error_detail = traceback.format_exc(limit=8)
    out.elapsed_ms = (time.perf_counter() - start) * 1000
    release_memory()  # as `axocr extract` workers do, after the clock
    out.maxrss_kb = _maxrss_kb()
    return out


def _crashed(task: _Task, message: str) -> _Outcome:
    return _Outcome(task.system, task.doc.doc_id, "crashed", 0.0, 0, 0, error=message)


@dataclass(frozen=True)
class _BenchJob:
    """One system on one document, as a :class:`~axocr.batch.pool.Job`: run in the pool's
    workers, or in this process with ``jobs=1``. ``extract_fn`` must pickle (a module-level
    function of an importable module) when there are workers."""

    extract_fn: ExtractFn | None
    options: dict[str, Any]
    warm: bool

    def setup(self) -> None:
        _init_worker(self.extract_fn, self.options, self.warm)

    def __call__(self, task: _Task) -> _Outcome:
        return _run_task(task)

    def label(self, task: _Task) -> str:
        return str(task.doc.path)

    def lost(self, task: _Task, error: ErrorRecord, held_s: float | None) -> _Outcome:
        if error.code == "crashed":
            return _crashed(task, f"worker process died: {error.message}")
        return _crashed(task, f"{error.code}: {error.message}")


# --- parent side ----------------------------------------------------------------------------

OnDone = Callable[[_Outcome], None]


def _run_parallel(tasks: Sequence[_Task], jobs: int, job: _BenchJob, on_done: OnDone) -> None:
    with WorkerPool(job, jobs) as pool:
        for outcome in pool.run(tasks):
            on_done(outcome)


def _run_serial(tasks: Sequence[_Task], job: _BenchJob, on_done: OnDone) -> None:
    job.setup()
    for task in tasks:
        on_done(job(task))


def _record(doc: DatasetDoc, out: _Outcome) -> DocumentRecord:
    scores = [] if out.status == "skipped" else score_document(doc.labels, out.predictions)
    return DocumentRecord(
        system=out.system,
        doc_id=doc.doc_id,
        dataset=doc.dataset,
        language=doc.language,
        kind=doc.kind,
        path=str(doc.path),
        status=out.status,
        elapsed_ms=out.elapsed_ms,
        scores=scores,
        pages=out.pages,
        routes=out.routes,
        detected_language=out.detected_language,
        error=out.error,
        error_detail=out.error_detail,
        timings_ms=out.timings_ms,
        worker=out.pid,
        worker_peak_rss_mb=round(out.maxrss_kb / 1024, 1),
        result=out.result,
        lines=_line_score(doc, out),
    )


def _line_score(doc: DatasetDoc, out: _Outcome) -> LineScore | None:
    if doc.line_items is None or out.system != AXOCR or out.status == "skipped":
        return None
    predicted = (out.result or {}).get("line_items") or []
    return score_lines(predicted, doc.line_items)


def _run_system(
    name: str,
    docs: Sequence[DatasetDoc],
    *,
    extract_fn: ExtractFn | None,
    options: dict[str, Any],
    jobs: int,
    progress: bool,
    run: SystemRun,
) -> None:
    from tqdm import tqdm

    by_id = {d.doc_id: d for d in docs}
    tasks = [_Task(name, d) for d in docs]
    own = name == AXOCR and extract_fn is None
    if own and jobs > 1 and "ocr_threads" not in options:
        # As in `axocr extract --jobs N`: split the cores between the workers' engines, or
        # N onnxruntime thread pools fight over them and the batch runs slower than one.
        options = {**options, "ocr_threads": threads_per_worker(jobs)}
    # Only axocr with the real extractor has an engine worth loading ahead of time.
    job = _BenchJob(extract_fn, options, own)
    bar = tqdm(total=len(tasks), desc=name, unit="doc", file=sys.stderr, disable=not progress)
    outcomes: dict[str, _Outcome] = {}

    def on_done(out: _Outcome) -> None:
        outcomes[out.doc_id] = out
        if out.pid:
            mb = out.maxrss_kb / 1024
            run.worker_peak_rss_mb[out.pid] = max(run.worker_peak_rss_mb.get(out.pid, 0.0), mb)
            if out.warmup_ms is not None:
                run.warmup_ms[out.pid] = out.warmup_ms
        bar.update(1)

    start = time.perf_counter()
    try:
        if jobs > 1 and len(tasks) > 1:
            _run_parallel(tasks, jobs, job, on_done)
        else:
            _run_serial(tasks, job, on_done)
    finally:
        bar.close()
    run.wall_s = time.perf_counter() - start
    # Keep dataset order in the report, whatever order the pool finished in.
    run.records = [_record(by_id[t.doc.doc_id], outcomes[t.doc.doc_id]) for t in tasks]


def _unique_ids(docs: Sequence[DatasetDoc]) -> None:
    seen: set[str] = set()
    for d in docs:
        if d.doc_id in seen:
            raise DatasetError(f"document id {d.doc_id!r} appears twice")
        seen.add(d.doc_id)


def run_benchmark(
    dataset_dirs: Sequence[str | Path],
    *,
    extract_fn: ExtractFn | None = None,
    engine: str | None = None,
    limit: int | None = None,
    jobs: int = 1,
    options: Mapping[str, Any] | None = None,
    progress: bool = True,
    baselines: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> BenchmarkReport:
    """Extract every labelled document of ``dataset_dirs`` and score it.

    ``extract_fn(path, **options)`` defaults to ``axocr.api.extract``; with ``jobs > 1`` it must
    be a module-level function (worker processes receive it by pickling). ``engine`` is
    passed as the ``engine`` option. ``limit`` keeps the first N documents of *each* dataset, so
    a quick run still touches every kind of input. ``baselines`` names systems from
    :mod:`axocr.bench.baselines` to run on the same documents; one that is not installed gets a
    note instead of records. ``kinds`` keeps only documents of those kinds (``scanned-image``,
    ``born-digital-pdf``...), e.g. to time the scans alone.
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    opts = dict(options or {})
    if engine is not None:
        opts["engine"] = engine
    if extract_fn is None:
        try:
            _default_extract()
        except ImportError as exc:  # a setup problem: say so once, not once per document
            raise RuntimeError(f"axocr.api.extract cannot be imported: {exc}") from exc

    docs: list[DatasetDoc] = []
    for directory in dataset_dirs:
        docs.extend(load_dataset(directory, limit))
    if kinds:
        docs = [d for d in docs if d.kind in kinds]
        if not docs:
            raise DatasetError(f"no documents of kind {', '.join(kinds)}")
    _unique_ids(docs)

    report = BenchmarkReport(
        datasets=[Path(d).name for d in dataset_dirs],
        options=opts,
        jobs=jobs,
        limit=limit,
        started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        systems={},
        kinds=tuple(kinds),
    )
    names = [AXOCR, *(b for b in baselines if b != AXOCR)]
    for name in names:
        if name == AXOCR:
            run = SystemRun(AXOCR, "axocr " + ", ".join(f"{k}={v}" for k, v in opts.items()))
        else:
            baseline = get_baseline(name)  # an unknown name is the caller's mistake: raise
            available, reason = baseline_availability(name)
            run = SystemRun(name, baseline.description, available, reason, baseline.fields)
        report.systems[name] = run
        if run.available:
            _run_system(
                name,
                docs,
                extract_fn=extract_fn,
                options=opts,
                jobs=jobs,
                progress=progress,
                run=run,
            )

    report.peak_rss_mb_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.peak_rss_mb_children = _peak_rss_mb_children(report)
    return report


def _peak_rss_mb_children(report: BenchmarkReport) -> float:
    """The largest worker process's peak memory (0 when every document ran in this process).

    ``RUSAGE_CHILDREN`` alone misses the pool's workers: they are children of its fork server,
    not of this process. Each worker reports its own peak after every document instead.
    """
    own = os.getpid()  # with jobs=1 the documents run here, and this is not a child
    workers = [
        mb
        for run in report.systems.values()
        for pid, mb in run.worker_peak_rss_mb.items()
        if pid != own
    ]
    return max([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, *workers])
