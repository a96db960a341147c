"""The fixture documents, their labels, and golden snapshots of what axocr makes of them.

A snapshot is the whole `InvoiceResult` of one fixture as JSON, with what legitimately varies
between runs and machines left out (timings, the absolute path) and floats rounded to what a
person would call a change. It records what the code did when it was last accepted, not what
is true: the labels are the truth, and `test_fixture_truth.py` holds the results to them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from axocr.types import InvoiceResult
from tests.conftest import FIXTURES, ROOT

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE_ENV = "AXOCR_UPDATE_GOLDEN"
# An OCR cache folder (the benchmark's cache_dir) for the golden tests: reads come from it when
# set. For quick local runs of a change to extraction or validation; CI reads afresh, and after
# a change to reading or OCR, unset it (the cache key does not know the OCR code).
OCR_CACHE_ENV = "AXOCR_OCR_CACHE"

# Files in fixtures/ that are not documents to read.
NOT_DOCUMENTS = {"labels.jsonl", "README.md", "vendors.csv"}

# Options a fixture needs to be read at all (its README says so).
OPTIONS: dict[str, dict[str, Any]] = {"special/encrypted.pdf": {"password": "secret"}}

# Keys that change from run to run or machine to machine without the code changing.
VARYING = ("timings_ms",)

# Decimals kept per float key. Confidences to 0.01: the OCR engine's scores move in the third
# decimal between CPUs (onnxruntime picks kernels by instruction set), which is no regression.
# Boxes to 0.001 of the page (0.6 mm on A4). Skew to 0.1 degree.
DECIMALS = {"confidence": 2, "bbox": 3, "skew_degrees": 1, "match_score": 1}
DEFAULT_DECIMALS = 3


@dataclass(frozen=True)
class FixtureDoc:
    """One labelled fixture document: `rel` is its path under fixtures/ (``special/x.pdf``)."""

    rel: str
    label: dict[str, Any] = field(hash=False, compare=False)

    @property
    def path(self) -> Path:
        return FIXTURES / self.rel

    @property
    def options(self) -> dict[str, Any]:
        return OPTIONS.get(self.rel, {})

    @property
    def snapshot(self) -> Path:
        return SNAPSHOTS / f"{self.rel}.json"

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.label["fields"])

    @property
    def param(self) -> Any:
        """A pytest parameter named by its path; the scans (OCR, ~4 s of CPU each) are `slow`."""
        marks = [] if self.label["kind"] == "born-digital-pdf" else [pytest.mark.slow]
        return pytest.param(self, id=self.rel, marks=marks)


def fixture_docs() -> list[FixtureDoc]:
    """Every labelled document under fixtures/, in label order (fixture sets are committed)."""
    docs: list[FixtureDoc] = []
    for labels in sorted(FIXTURES.glob("*/labels.jsonl")):
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                rel = (labels.parent / label["path"]).relative_to(FIXTURES).as_posix()
                docs.append(FixtureDoc(rel, label))
    return docs


def document_files() -> set[str]:
    """Every file under fixtures/ that is a document (what a label should exist for)."""
    return {
        p.relative_to(FIXTURES).as_posix()
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.name not in NOT_DOCUMENTS
    }


# --- snapshots --------------------------------------------------------------------------------


def _tidy(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        # Empty values are left out, so a field another change adds with an empty default does
        # not rewrite every snapshot; a value that appears or goes away still shows.
        return {k: _tidy(v, k) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_tidy(v, key) for v in value]
    if isinstance(value, float):
        return round(value, DECIMALS.get(key, DEFAULT_DECIMALS))
    return value


def snapshot_of(result: InvoiceResult) -> dict[str, Any]:
    """The result as a snapshot: JSON types, paths relative to the repository, no timings."""
    data = result.model_dump(mode="json", exclude=set(VARYING))
    if data.get("path"):
        data["path"] = Path(data["path"]).resolve().relative_to(ROOT).as_posix()
    tidy: dict[str, Any] = _tidy(data)
    return tidy


# A list of numbers on one line: a box reads as one value, and changes as one diff line.
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_NUMBER_LIST = re.compile(rf"\[\s+({_NUMBER}(?:,\s+{_NUMBER})*)\s+\]")


def dumps(snapshot: dict[str, Any]) -> str:
    text = json.dumps(snapshot, ensure_ascii=False, indent=2)
    one_line = _NUMBER_LIST.sub(lambda m: f"[{', '.join(re.findall(_NUMBER, m[1]))}]", text)
    return one_line + "\n"


def update_requested(option: bool) -> bool:
    return option or os.environ.get(UPDATE_ENV, "") not in ("", "0")


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"fields.total.value": "4500", "review_reasons[0]": "total:low_confidence", ...}``"""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else k))
        return out
    if isinstance(value, list) and value:
        out = {}
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def diff_lines(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """One line per changed leaf: ``path: old -> new``, ``+ path: new``, ``- path: old``."""
    old, new = flatten(expected), flatten(got)
    lines: list[str] = []
    for key in [*new, *(k for k in old if k not in new)]:
        if key not in new:
            lines.append(f"- {key}: {json.dumps(old[key], ensure_ascii=False)}")
        elif key not in old:
            lines.append(f"+ {key}: {json.dumps(new[key], ensure_ascii=False)}")
        elif old[key] != new[key]:
            before = json.dumps(old[key], ensure_ascii=False)
            lines.append(f"  {key}: {before} -> {json.dumps(new[key], ensure_ascii=False)}")
    return lines
