"""Benchmark accuracy never drops more than one document below today's, field by field.

Each suite runs the benchmark (axocr/bench, the same runner and scoring as benchmarks/run.py)
on one dev dataset and compares each field's correct count with today's figure from
docs/benchmarks.md. The floor is today's count minus one document: one document's worth of
noise is allowed (an OCR score moving across a threshold on another CPU), two are a
regression to explain (and, if accepted, a floor to lower here in the same commit).

The born-digital suites read text layers and run in seconds, so they run everywhere, CI
included. The scanned datasets would OCR 340 pages (minutes of CPU), so they run only when an
OCR cache is given: ``AXOCR_OCR_CACHE=/work/ocr-cache pytest -m slow tests/golden`` (the
benchmark's ``cache_dir``). Without it they skip, by design. The cache is keyed by file content
and reading options, not by the OCR code: after a change to OCR, fill a fresh cache folder
(``benchmarks/run.py ... -o cache_dir=NEW``) before trusting these figures.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

from axocr.bench import run_benchmark
from axocr.bench.scoring import accuracy
from tests.conftest import dataset_dir
from tests.golden.golden import OCR_CACHE_ENV


@dataclass(frozen=True)
class Suite:
    dataset: str
    kinds: tuple[str, ...]  # () for every document of the dataset
    # field -> (correct, labelled) today; the floor is correct - 1 of the same labelled count
    today: dict[str, tuple[int, int]]
    ocr: bool  # reads scans: runs only with an OCR cache

    @property
    def id(self) -> str:
        return self.dataset + (f"-{'-'.join(self.kinds)}" if self.kinds else "")


# Today: docs/benchmarks.md, "Second wave, merged" (session 7, the cached full benchmark); the
# born-digital part of invoice2data from the same run's records (its 7 PDFs; the 4 PNG renders
# are scans). vendor_soft is the rapidfuzz >= 90 vendor figure.
SUITES = (
    Suite(
        "zugferd",
        (),
        {
            "vendor": (13, 13),
            "vendor_soft": (13, 13),
            "total": (12, 13),
            "currency": (13, 13),
            "date": (13, 13),
            "invoice_number": (13, 13),
        },
        ocr=False,
    ),
    Suite(
        "invoice2data",
        ("born-digital-pdf",),
        {
            "vendor": (7, 7),
            "vendor_soft": (7, 7),
            "total": (6, 6),
            "currency": (7, 7),
            "date": (7, 7),
            "invoice_number": (7, 7),
        },
        ocr=False,
    ),
    Suite(
        "invoice2data",
        (),
        {
            "vendor": (11, 11),
            "vendor_soft": (11, 11),
            "total": (9, 9),
            "currency": (11, 11),
            "date": (11, 11),
            "invoice_number": (11, 11),
        },
        ocr=True,
    ),
    Suite(
        "jomb",
        (),
        {
            "vendor": (19, 20),
            "vendor_soft": (19, 20),
            "total": (20, 20),
            "currency": (20, 20),
            "date": (20, 20),
            "registration_number": (8, 8),
        },
        ocr=True,
    ),
    Suite(
        "sroie",
        (),
        {
            "vendor": (187, 200),
            "vendor_soft": (193, 200),
            "total": (189, 199),
            "currency": (199, 200),
            "date": (197, 200),
        },
        ocr=True,
    ),
    # Kept apart for measuring generalisation: only its totals are looked at, here as there.
    Suite(
        "sroie-val",
        (),
        {
            "vendor": (78, 100),
            "vendor_soft": (85, 100),
            "total": (93, 100),
            "currency": (99, 100),
            "date": (97, 100),
        },
        ocr=True,
    ),
)


def _param(suite: Suite) -> Any:
    marks = [pytest.mark.slow, pytest.mark.dataset]
    if suite.ocr:
        marks.append(pytest.mark.may_skip)  # skips without an OCR cache, by design
    return pytest.param(suite, id=suite.id, marks=marks)


def floor_failures(suite: Suite, got: dict[str, tuple[int, int]]) -> list[str]:
    """What falls below the floor, or no longer compares (another set of documents)."""
    problems = []
    for name, (correct, labelled) in suite.today.items():
        now, count = got.get(name, (0, 0))
        if count != labelled:
            problems.append(f"{name}: {count} labelled documents, the floor is set on {labelled}")
        elif now < correct - 1:
            problems.append(
                f"{name}: {now}/{count} correct, today {correct}/{labelled}, floor {correct - 1}"
            )
    unchecked = set(got) - set(suite.today)
    if unchecked:
        problems.append(f"fields with no floor: {sorted(unchecked)}")
    return problems


@pytest.mark.parametrize("suite", [_param(s) for s in SUITES])
def test_benchmark_accuracy_stays_within_one_document_of_today(suite: Suite) -> None:
    cache = os.environ.get(OCR_CACHE_ENV)
    if suite.ocr and not cache:
        pytest.skip(f"reads scans: set {OCR_CACHE_ENV} to an OCR cache folder to run it")
    directory = dataset_dir(suite.dataset)
    options = {"cache_dir": cache} if cache else {}
    report = run_benchmark([directory], options=options, progress=False, kinds=suite.kinds)
    table = accuracy(report.axocr.scored_documents())
    got = {name: (t.correct, t.total) for name, t in table.fields.items()}
    problems = floor_failures(suite, got)
    assert not problems, f"{suite.id} below its floor:\n" + "\n".join(problems)


def test_a_second_document_lost_falls_below_the_floor() -> None:
    suite = SUITES[0]
    today = {name: counts for name, counts in suite.today.items()}
    assert floor_failures(suite, today) == []
    assert floor_failures(suite, {**today, "total": (11, 13)}) == []
    assert floor_failures(suite, {**today, "total": (10, 13)}) == [
        "total: 10/13 correct, today 12/13, floor 11"
    ]
    assert floor_failures(suite, {**today, "vendor": (13, 14)}) != []
    assert floor_failures(suite, {k: v for k, v in today.items() if k != "date"}) != []
