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
