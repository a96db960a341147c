"""Many documents: expand inputs, run in worker processes, stream results, resume."""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from axocr.api import extract_with_config, file_sha256
from axocr.config import Config
from axocr.types import ErrorRecord, InvoiceResult


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Files, folders (recursively) and glob patterns, in a stable order, without duplicates."""
    seen: set[Path] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in items:
        p = Path(item)
        if p.is_dir():
            for sub in sorted(p.rglob("*")):
                if sub.is_file() and not any(part.startswith(".") for part in sub.parts):
                    add(sub)
        elif p.exists():
            add(p)
        else:
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                # A path that does not exist still gets a record, so nothing is silently lost.
                add(p)
            for m in matches:
                if Path(m).is_file():
                    add(Path(m))
    return out


def done_hashes(output: Path) -> set[str]:
    """Content hashes already in a JSON-lines output (for --resume)."""
    hashes: set[str] = set()
    if not output.exists():
        return hashes
    with output.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by a killed run is redone
            sha = record.get("sha256") if isinstance(record, dict) else None
            if sha:
                hashes.add(sha)
    return hashes


def _process_one(path: str, config: Config) -> InvoiceResult:
    try:
        sha = file_sha256(path)
    except OSError:
        sha = None
    try:
        result = extract_with_config(path, config)
    except Exception as exc:
        result = InvoiceResult(
            path=path,
            status="failed",
            errors=[ErrorRecord(code="internal", message=f"{type(exc).__name__}: {exc}")],
            review_reasons=["internal"],
        )
    result.sha256 = sha
    return result


_worker_config: Config | None = None


def _init_worker(config: Config) -> None:
    global _worker_config
    _worker_config = config


def _worker_run(path: str) -> InvoiceResult:
    assert _worker_config is not None  # set by the pool initializer
    return _process_one(path, _worker_config)


@dataclass
class BatchSummary:
    total: int = 0
    skipped: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def run_batch(
    paths: list[Path],
    config: Config,
    *,
    jobs: int = 1,
    skip_hashes: set[str] | None = None,
    on_result: Callable[[InvoiceResult], None] | None = None,
) -> Iterator[InvoiceResult]:
    """Yield one result per path as each finishes (order of completion with jobs > 1)."""
    todo: list[str] = []
    for p in paths:
        if skip_hashes:
            try:
                if file_sha256(p) in skip_hashes:
                    continue
            except OSError:
                pass
        todo.append(str(p))
    if jobs <= 1:
        for path in todo:
            yield _process_one(path, config)
        return
    threads = max(1, (os.cpu_count() or 1) // jobs)
    worker_config = config.model_copy(
        update={"read": config.read.model_copy(update={"ocr_threads": threads})}
    )
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(worker_config,)
    ) as pool:
        yield from pool.map(_worker_run, todo)
