"""Review reasons in words, built from the data of the rules' findings."""

from __future__ import annotations

import datetime as dt

from axocr.types import ExtractedField, Fields, Finding, InvoiceResult
from axocr.validate.explain import finding_sentence, reasons_by_field
from axocr.validate.rules import check_arithmetic, check_dates, check_registration


def _fields(**values: str) -> Fields:
    fields = Fields()
    for name, value in values.items():
        setattr(fields, name, ExtractedField(value=value))
    return fields


def test_a_total_that_is_not_the_sum_is_explained_with_the_numbers() -> None:
    (finding,) = check_arithmetic(_fields(total="112.64", subtotal="106.10", tax="6.36"))
    assert not finding.ok
    assert finding_sentence(finding) == (
        "total 112.64 does not equal subtotal 106.10 + tax 6.36 (= 112.46)"
    )


def test_dates_in_the_wrong_order_are_explained() -> None:
    fields = _fields(invoice_date="2025-03-24", due_date="2025-02-01")
    due = [
        f for f in check_dates(fields, today=dt.date(2025, 4, 1)) if f.code == "due_before_issue"
    ]
    assert finding_sentence(due[0]) == "due date 2025-02-01 is before the invoice date 2025-03-24"


def test_a_bad_check_digit_names_the_number() -> None:
    (finding,) = check_registration(_fields(registration_number="T1234567890124"))
    assert not finding.ok
    assert finding_sentence(finding) == "registration number T1234567890124 has a wrong check digit"


def test_a_finding_without_data_falls_back_to_its_message() -> None:
    old = Finding(code="tax_mismatch", field="tax", ok=False, message="tax 5 on base 50 is odd")
    assert finding_sentence(old) == "tax: tax 5 on base 50 is odd"


def test_reasons_by_field_covers_missing_low_confidence_and_document_reasons() -> None:
    result = InvoiceResult(
        review_reasons=["total:missing", "vendor:low_confidence", "no_fields"],
    )
    result.fields.vendor = ExtractedField(value="Acme", confidence=0.42, needs_review=True)
    words = reasons_by_field(result)
    assert words["total"] == ["no total was found"]
    assert words["vendor"] == [
        "vendor Acme was read with confidence 42.0%, below the review threshold"
    ]
    assert words["document"][0].startswith("this does not look like an invoice")
    # an optional field that is simply absent is nothing to explain
    assert "registration_number" not in words


def test_results_written_before_page_info_and_finding_data_still_load() -> None:
    old = {
        "path": "a.pdf",
        "status": "ok",
        "fields": {
            "total": {
                "value": "10.00",
                "findings": [{"code": "total_mismatch", "field": "total", "ok": True}],
            }
        },
    }
    result = InvoiceResult.model_validate(old)
    assert result.page_info == []
    assert result.fields.total.findings[0].data == {}


def test_a_name_read_two_ways_and_a_shops_sign_are_explained() -> None:
    result = InvoiceResult(review_reasons=["vendor:read_otherwise"])
    result.fields.vendor = ExtractedField(value="若集物産株式会社", needs_review=True)
    assert reasons_by_field(result)["vendor"] == [
        "vendor 若集物産株式会社: the page prints the name again, spelled otherwise there; one "
        "of the two is misread"
    ]
    result = InvoiceResult(review_reasons=["vendor:not_the_operator"])
    result.fields.vendor = ExtractedField(value="SINAR EXPRESS", needs_review=True)
    assert reasons_by_field(result)["vendor"] == [
        "vendor SINAR EXPRESS is not the company the page names as the shop's operator"
    ]


def test_an_amount_read_from_digits_that_spaces_part_is_explained() -> None:
    result = InvoiceResult(review_reasons=["total:split_digits"])
    result.fields.total = ExtractedField(value="51", needs_review=True)
    assert reasons_by_field(result)["total"] == [
        "total 51 was read from digits that spaces part, as OCR reads a worn print: which of "
        "them make the amount, and where its point was, is a guess"
    ]


def test_a_date_with_a_doubtful_character_is_explained() -> None:
    result = InvoiceResult(review_reasons=["invoice_date:doubtful_character"])
    result.fields.invoice_date = ExtractedField(value="2018-04-28", needs_review=True)
    assert reasons_by_field(result)["invoice_date"] == [
        "invoice date 2018-04-28 has a character OCR was less than 60% sure of: a digit read as "
        "its look-alike still makes a plausible date"
    ]
