"""The fitted confidence model and the review verdict it gives, on invoices rendered here and
read by the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from fpdf import FPDF

import axocr
from axocr.config import ExtractConfig
from axocr.validate.review import (
    CALIBRATION_FILE,
    FEATURE_SIGNS,
    FEATURES,
    confidence_from_features,
)

MAIN_FIELDS = ("vendor", "total", "currency", "invoice_date", "invoice_number")

HEAD = [
    (20.0, "Initech Services Ltd"),
    (27.0, "12 Harbour Road, Bristol BS1 4DJ"),
    (40.0, "Invoice No: INV-2024-0042"),
    (46.0, "Invoice Date: 03 May 2024"),
    (60.0, "Consulting, 8 hours        1,000.00"),
]


def _invoice(path: Path, tail: list[tuple[float, str]]) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_page()
    for y, text in HEAD + tail:
        pdf.set_font("helvetica", size=14 if y < 25 else 10)
        pdf.text(20, y, text)
    pdf.output(str(path))
    return path


def test_the_calibration_file_loads_with_a_model_per_field_and_the_default_threshold() -> None:
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    for field in MAIN_FIELDS:
        assert set(data["weights"][field]) == set(FEATURES), field
    # The threshold calibrate.py chose is the one a user gets by default.
    assert data["threshold"] == ExtractConfig().review_threshold
    assert data["leave_one_source_out"]["precision"] >= data["target_precision"]
    # The loaded weights are the fitted ones, not the hand-set prior.
    features = {k: 0.0 for k in FEATURES} | {"bias": 1.0}
    expected = 1 / (1 + 2.718281828459045 ** -data["weights"]["total"]["bias"])
    assert abs(confidence_from_features("total", features) - expected) < 1e-3


def test_no_fitted_weight_points_against_what_its_evidence_means() -> None:
    weights = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["weights"]
    for field, w in weights.items():
        for name, value in w.items():
            assert FEATURE_SIGNS[name] * value >= 0 or FEATURE_SIGNS[name] == 0, (field, name)


def test_a_total_confirmed_by_arithmetic_and_a_label_is_accepted(tmp_path: Path) -> None:
    tail = [(80.0, "Subtotal: 1,000.00"), (86.0, "VAT 20%: 200.00"), (92.0, "Total: GBP 1,200.00")]
    result = axocr.extract(_invoice(tmp_path / "a.pdf", tail), keep_candidates=True)
    total = result.fields.total
    assert total.value == "1200.00"
    assert result.confidence_features is not None
    evidence = result.confidence_features["total"]
    assert evidence["labelled"] == evidence["rule_passed"] == evidence["corroborated"] == 1.0
    assert total.confidence >= ExtractConfig().review_threshold
    assert not total.needs_review


def test_a_total_with_a_close_runner_up_is_sent_to_a_person(tmp_path: Path) -> None:
    # Two labelled totals that disagree, and no arithmetic to tell which one is payable.
    tail = [(80.0, "Total: GBP 1,200.00"), (86.0, "Total: GBP 1,020.00")]
    result = axocr.extract(_invoice(tmp_path / "b.pdf", tail), keep_candidates=True)
    confirmed_tail = [(80.0, "Subtotal: 1,000.00"), (86.0, "VAT 20%: 200.00")]
    confirmed_tail.append((92.0, "Total: GBP 1,200.00"))
    confirmed = axocr.extract(_invoice(tmp_path / "a.pdf", confirmed_tail))
    total = result.fields.total
    assert total.value in ("1200.00", "1020.00")
    assert result.confidence_features is not None
    evidence = result.confidence_features["total"]
    assert evidence["margin"] < 0.2
    assert evidence["rivals"] > 0
    assert evidence["rule_passed"] == 0.0
    assert total.confidence < confirmed.fields.total.confidence
    assert total.needs_review
    assert "total:contested" in result.review_reasons
