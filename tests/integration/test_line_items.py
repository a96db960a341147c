"""Invoice lines read from real PDFs: generated in the test (the generator's own truth is the
expected value) and, where the shared datasets are present, the zugferd e-invoices whose lines
come from their embedded XML."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest

from axocr import extract
from axocr.bench.line_scoring import score_lines
from axocr.synth.canvas import japanese_font_available
from axocr.synth.lines import LinesLanguage, generate_lines_document
from tests.conftest import dataset_dir, dataset_labels


def _extract(tmp_path: Path, pdf: bytes, name: str = "doc.pdf") -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(pdf)
    return extract(path).model_dump(mode="json")


@pytest.mark.parametrize("language", ["en", "de", "fr", "nl"])
def test_every_line_of_a_generated_invoice_is_read_with_its_numbers(
    tmp_path: Path, language: str
) -> None:
    doc = generate_lines_document(random.Random(5), "t", cast(LinesLanguage, language), n_lines=7)
    result = _extract(tmp_path, doc.pdf)
    score = score_lines(result["line_items"], doc.line_items)
    assert score.matched == len(doc.line_items) == len(result["line_items"])
    assert all(all(v) for v in score.values.values())


def test_a_table_running_over_three_pages_keeps_every_line_once_and_skips_carried_forward(
    tmp_path: Path,
) -> None:
    doc = generate_lines_document(random.Random(11), "t", "en", n_lines=60)
    assert doc.pages >= 2
    result = _extract(tmp_path, doc.pdf)
    got = [(li["description"], li["amount"]) for li in result["line_items"]]
    want = [(li["description"], li["amount"]) for li in doc.line_items]
    assert len(got) == 60
    assert [Decimal(a) for _, a in got] == [Decimal(a) for _, a in want]
    assert {li["page"] for li in result["line_items"]} == set(range(doc.pages))
    sums = [f for f in result["line_item_findings"] if f["code"] == "lines_sum"]
    assert sums and sums[0]["ok"]


@pytest.mark.skipif(not japanese_font_available(), reason="IPAex fonts not installed")
def test_japanese_lines_carry_their_rate_and_the_reduced_rate_mark_is_not_in_the_name(
    tmp_path: Path,
) -> None:
    doc = generate_lines_document(random.Random(3), "t", "ja", n_lines=6)
    result = _extract(tmp_path, doc.pdf)
    score = score_lines(result["line_items"], doc.line_items)
    assert score.matched == 6
    assert all("※" not in li["description"] for li in result["line_items"])
    rates = {li["tax_rate"] for li in result["line_items"]}
    assert rates <= {"10", "8"}


def test_a_line_that_does_not_multiply_out_is_flagged_and_loses_confidence(
    tmp_path: Path,
) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    rows = [
        ("Description", "Qty", "Unit price", "Amount"),
        ("Blue widgets", "3", "10.00", "30.00"),
        ("Red widgets", "2", "5.00", "12.00"),
    ]
    for i, row in enumerate(rows):
        for x, text in zip((20, 110, 140, 175), row, strict=True):
            pdf.text(x, 40 + 8 * i, text)
    pdf.text(140, 70, "Total")
    pdf.text(175, 70, "42.00")
    result = _extract(tmp_path, bytes(pdf.output()))
    lines = result["line_items"]
    assert [li["amount"] for li in lines] == ["30.00", "12.00"]
    verdicts = [[f["ok"] for f in li["findings"] if f["code"] == "line_arithmetic"] for li in lines]
    assert verdicts == [[True], [False]]
    assert lines[1]["confidence"] < lines[0]["confidence"]


@pytest.mark.dataset
def test_zugferd_lines_match_the_embedded_xml() -> None:
    root = dataset_dir("zugferd")
    labelled = [r for r in dataset_labels("zugferd") if r.get("line_items")]
    matched = total = 0
    for rec in labelled:
        result = extract(root / rec["path"]).model_dump(mode="json")
        score = score_lines(result["line_items"], rec["line_items"])
        matched += score.matched
        total += len(rec["line_items"])
    assert total >= 20
    assert matched / total >= 0.95
