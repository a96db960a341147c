"""Shared test helpers: where the fixtures and the shared datasets are."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DATASETS = Path(os.environ.get("AXOCR_DATASETS", ROOT.parent / "shared" / "datasets"))


def pytest_addoption(parser: pytest.Parser) -> None:
    # Golden snapshots (tests/golden/snapshots) are rewritten only when asked for, never by a
    # plain run: a changed result must fail until someone has looked at it (docs/testing.md).
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden InvoiceResult snapshots from today's results "
        "(same as AXOCR_UPDATE_GOLDEN=1)",
    )


def dataset_dir(name: str) -> Path:
    path = DATASETS / name
    if not (path / "labels.jsonl").exists():
        pytest.skip(f"dataset {name} not found at {path}")
    return path


def dataset_labels(name: str) -> list[dict[str, Any]]:
    path = dataset_dir(name)
    with (path / "labels.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def fixture_labels(name: str = "synth") -> list[dict[str, Any]]:
    path = FIXTURES / name / "labels.jsonl"
    if not path.exists():
        pytest.skip(f"fixtures {path} not generated")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- strict mode -------------------------------------------------------------------------------
# CI sets AXOCR_STRICT=1: there the fonts, Tesseract, poppler and the datasets are installed by
# scripts/setup.sh and shared/, so a skip for any of them means a broken set-up that would hide
# untested code. Skips that are part of a test's design carry the `may_skip` marker; the
# optional PaddleOCR engine cannot share the main environment (its opencv-contrib clashes with
# opencv-python-headless) and is proven in a second environment by .ci/run.
# AXOCR_STRICT=all, in that second environment, allows no skip at all.
STRICT = os.environ.get("AXOCR_STRICT", "") in ("1", "all")
_OPTIONAL_ELSEWHERE: tuple[str, ...] = (
    () if os.environ.get("AXOCR_STRICT") == "all" else ("paddle",)
)


def _skip_reason(longrepr: object) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _strict_failure(reason: str) -> bool:
    return STRICT and not any(word in reason.lower() for word in _OPTIONAL_ELSEWHERE)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or item.get_closest_marker("may_skip") is not None:
        return
    reason = _skip_reason(report.longrepr)
    if _strict_failure(reason):
        report.outcome = "failed"
        report.longrepr = f"strict mode (AXOCR_STRICT=1) does not allow this skip: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Any:
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        reason = _skip_reason(report.longrepr)
        if _strict_failure(reason):
            report.outcome = "failed"
            report.longrepr = f"strict mode (AXOCR_STRICT=1) does not allow this skip: {reason}"


# --- unit tests are pure -----------------------------------------------------------------------
# tests/unit reads no document and runs no OCR engine; end-to-end cases belong in
# tests/integration. A unit test that tries either fails with a clear message, so the split
# cannot erode unnoticed.
_UNIT = ROOT / "tests" / "unit"


def _refuse(what: str) -> Any:
    def refused(*_args: object, **_kwargs: object) -> Any:
        raise AssertionError(f"a unit test {what}: move it to tests/integration")

    return refused


@pytest.fixture(autouse=True)
def _unit_tests_read_nothing(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if _UNIT not in Path(request.node.path).parents:
        return
    import axocr.ocr.registry
    import axocr.pipeline.read

    monkeypatch.setattr(axocr.pipeline.read, "_read_pdf", _refuse("read a PDF"))
    monkeypatch.setattr(axocr.pipeline.read, "_read_image", _refuse("read an image"))
    monkeypatch.setattr(axocr.ocr.registry, "get_engine", _refuse("loaded an OCR engine"))
