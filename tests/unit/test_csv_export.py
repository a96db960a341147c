"""The CSV writer: formulas neutralised, identifiers kept as text, numbers kept as numbers,
non-UTF-8 file names written, and every cell read back to what it was."""

from __future__ import annotations

import csv
import io
import json

import pytest

from axocr.export.formats import (
    CSV_COLUMNS,
    csv_line,
    neutralize_cell,
    to_json_line,
    unneutralize_cell,
)
from axocr.types import ErrorRecord, ExtractedField, Fields, InvoiceResult


def _row(result: InvoiceResult, *, raw: bool = False) -> dict[str, str]:
    reader = csv.DictReader(io.StringIO(csv_line(result, raw=raw), newline=""), CSV_COLUMNS)
    return next(reader)


def _result(**fields: str) -> InvoiceResult:
    values = Fields()
    for name, value in fields.items():
        setattr(values, name, ExtractedField(value=value, confidence=0.99))
    return InvoiceResult(path="in/a.pdf", fields=values)


@pytest.mark.parametrize(
    "payload",
    [
        "=cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+1",
        "-2+3+cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        ' =HYPERLINK("http://x")',
        "＝1+1",  # full-width: Japanese Excel takes it from the IME as "="
    ],
)
def test_a_vendor_that_is_a_formula_is_written_as_text(payload: str) -> None:
    row = _row(_result(vendor=payload))
    assert row["vendor"] == "'" + payload
    assert unneutralize_cell(row["vendor"]) == payload


def test_raw_csv_writes_the_cell_as_it_is() -> None:
    assert _row(_result(vendor="=1+1"), raw=True)["vendor"] == "=1+1"


def test_a_negative_amount_stays_a_number_one_can_add_up() -> None:
    row = _row(_result(total="-12.50", subtotal="-10.50", tax="-2.00"))
    assert (row["total"], row["subtotal"], row["tax"]) == ("-12.50", "-10.50", "-2.00")
    # ...but an amount cell that is not a plain number is treated like any other text
    assert neutralize_cell("-1+cmd|' /C calc'!A0", "total").startswith("'")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("00123", "'00123"),  # leading zeros would be lost
        ("1234567890123456789", "'1234567890123456789"),  # digits after the 15th too
        ("1-2", "'1-2"),  # a date to Excel
        ("3E5", "'3E5"),  # a number in exponent form
        ("INV-0042", "INV-0042"),  # already text to a spreadsheet
        ("T1234567890123", "T1234567890123"),
        ("'quoted", "''quoted"),  # a leading quote of its own survives the round trip
    ],
)
def test_identifiers_are_kept_as_text(value: str, written: str) -> None:
    row = _row(_result(invoice_number=value, registration_number=value))
    assert row["invoice_number"] == written and row["registration_number"] == written
    assert unneutralize_cell(row["invoice_number"]) == value


def test_dates_and_flags_are_left_for_the_spreadsheet_to_read() -> None:
    row = _row(_result(invoice_date="2024-05-31"))
    assert row["invoice_date"] == "2024-05-31"
    assert row["needs_review"] in ("true", "false") and row["vendor_confidence"] == "0.000"


def test_a_file_name_that_is_not_utf8_is_written_with_escapes() -> None:
    path = b"in/caf\xe9 \xff.pdf".decode("utf-8", "surrogateescape")
    result = InvoiceResult(
        path=path, errors=[ErrorRecord(code="bad_input", message=f"cannot read ({path})")]
    )
    line = to_json_line(result)
    line.encode("utf-8")  # no lone surrogate left: any UTF-8 writer takes it
    # JSON readers get the original name back, byte for byte.
    assert json.loads(line)["path"].encode("utf-8", "surrogateescape") == b"in/caf\xe9 \xff.pdf"
    row = _row(result)
    assert row["path"] == "in/caf\\udce9 \\udcff.pdf"
    csv_line(result).encode("utf-8")


def test_a_line_break_in_a_cell_does_not_split_the_row() -> None:
    text = csv_line(InvoiceResult(path="a\rb\nc.pdf"))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 and rows[0][0] == "a\rb\nc.pdf" and text.endswith("\n")
