"""The benchmark: run axocr (and baselines) on labelled datasets, score, report.

``run_benchmark`` runs and scores, ``write_reports`` writes benchmark.md, benchmark.json and
failures.md; the scoring rules live in :mod:`axocr.bench.scoring`. Shared by
``benchmarks/run.py`` and the ``axocr bench`` command.
"""

from axocr.bench.report import render_failures, render_markdown, report_to_dict, write_reports
from axocr.bench.runner import (
    BenchmarkReport,
    DatasetDoc,
    DatasetError,
    DocumentRecord,
    SystemRun,
    load_dataset,
    run_benchmark,
)
from axocr.bench.scoring import FieldScore, Prediction, score_document

__all__ = [
    "BenchmarkReport",
    "DatasetDoc",
    "DatasetError",
    "DocumentRecord",
    "FieldScore",
    "Prediction",
    "SystemRun",
    "load_dataset",
    "render_failures",
    "render_markdown",
    "report_to_dict",
    "run_benchmark",
    "score_document",
    "write_reports",
]
