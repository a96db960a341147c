"""Every validation rule, holding on a real extracted document and firing when a value is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

import axocr
from axocr.types import Fields
from axocr.validate.rules import run_rules
from tests.conftest import FIXTURES

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def ja_fields() -> tuple[Fields, str]:
    path = FIXTURES / "synth" / "files" / "ja_standard_001.pdf"
    result = axocr.extract(path)
    doc = axocr.read_document(path)
    return result.fields, doc.text


def _codes(fields: Fields, text: str) -> dict[str, bool]:
    return {f.code: f.ok for f in run_rules(fields, text, TODAY)}


def _with(fields: Fields, **values: str | None) -> Fields:
    copy = fields.model_copy(deep=True)
    for name, value in values.items():
        copy.get(name).value = value
    return copy


def test_all_rules_hold_on_the_extracted_japanese_invoice(ja_fields: tuple[Fields, str]) -> None:
    fields, text = ja_fields
    codes = _codes(fields, text)
    # Printed: 税抜合計 ¥379,890 + 消費税 ¥37,346 (10%) + ¥514 (8%) = 合計金額 ¥417,750,
    # 請求日 2025-01-10, 支払期限 2025-02-28, 登録番号 T7301170638349, ¥ amounts.
    for code in (
        "total_mismatch",
        "tax_mismatch",
        "date_implausible",
        "due_before_issue",
        "invoice_number_suspicious",
        "check_digit_invalid",
        "currency_inconsistent",
    ):
        assert codes.get(code) is True, (code, codes)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"total": "417760"}, "total_mismatch"),  # 10 yen off; one minor unit is tolerated
        ({"tax": "50000", "total": "429890"}, "tax_mismatch"),
        ({"invoice_date": "1985-01-10"}, "date_implausible"),
        ({"invoice_date": "2029-01-10"}, "date_implausible"),
        ({"due_date": "2024-12-31"}, "due_before_issue"),
        ({"invoice_number": "03-1234-5678"}, "invoice_number_suspicious"),
        ({"invoice_number": "2025/01/10"}, "invoice_number_suspicious"),
        ({"registration_number": "T7301170638348"}, "check_digit_invalid"),
        ({"currency": "EUR"}, "currency_inconsistent"),
    ],
)
def test_each_rule_fires_on_a_wrong_value(
    ja_fields: tuple[Fields, str], change: dict[str, str], code: str
) -> None:
    fields, text = ja_fields
    assert _codes(_with(fields, **change), text)[code] is False


def test_a_correct_invoice_has_no_rule_based_review_reasons() -> None:
    result = axocr.extract(FIXTURES / "synth" / "files" / "en_classic_001.pdf")
    assert not any(
        r.split(":")[1] in ("total_mismatch", "tax_mismatch", "date_implausible")
        for r in result.review_reasons
    )
