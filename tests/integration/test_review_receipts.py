"""Review rules that know receipts, prices with tax included and any printed rate: right
answers of these kinds are not sent to a person, wrong ones still are."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

import axocr
from axocr.synth.canvas import IPAEX_GOTHIC_PATHS, find_font
from axocr.types import ExtractedField, Fields, InvoiceResult
from axocr.validate.rules import check_tax_rate, looks_like_receipt, printed_rates


def _receipt_pdf(path: Path, lines: list[tuple[str, str]], *, japanese: bool = False) -> Path:
    """A narrow till slip: a label on the left, an amount on the right of each line."""
    pdf = FPDF(unit="mm", format=(80, 200))
    pdf.add_page()
    if japanese:
        font = find_font(IPAEX_GOTHIC_PATHS)
        if font is None:
            pytest.skip("the IPAex Gothic font is not installed (fonts-ipaexfont)")
        pdf.add_font("gothic", "", str(font))
        pdf.set_font("gothic", size=10)
    else:
        pdf.set_font("helvetica", size=10)
    for i, (left, right) in enumerate(lines):
        pdf.set_xy(5, 10 + 6 * i)
        pdf.cell(40, 5, left)
        if right:
            pdf.set_xy(45, 10 + 6 * i)
            pdf.cell(30, 5, right, align="R")
    pdf.output(str(path))
    return path


def _findings(result: InvoiceResult, name: str) -> dict[str, bool]:
    return {f.code: f.ok for f in result.fields.get(name).findings}


def test_a_japanese_tax_included_receipt_is_not_sent_to_review(tmp_path: Path) -> None:
    lines = [
        ("ベーカリー 青空", ""),
        ("領収書", ""),
        ("2026年6月11日 10:15", ""),
        ("食パン", "¥540"),
        ("クロワッサン", "¥540"),
        ("小計", "¥1,080"),
        ("合計", "¥1,080"),
        ("（内消費税等 8%", "¥80）"),
        ("お預り", "¥2,000"),
        ("お釣り", "¥920"),
    ]
    result = axocr.extract(_receipt_pdf(tmp_path / "ja.pdf", lines, japanese=True))
    fields = result.fields
    assert (fields.total.value, fields.subtotal.value, fields.tax.value) == ("1080", "1080", "80")
    assert _findings(result, "tax") == {"tax_mismatch": True}
    assert "tax:tax_mismatch" not in result.review_reasons
    assert "invoice_number:missing" not in result.review_reasons
    assert fields.invoice_number.findings[0].code == "receipt"


def test_a_us_sales_tax_rate_with_three_decimals_is_checked_not_refused(tmp_path: Path) -> None:
    lines = [
        ("Joe's Deli Inc.", ""),
        ("123 Main St, New York NY", ""),
        ("Date: 06/11/2026", ""),
        ("Turkey Club", "$60.00"),
        ("Soup", "$40.00"),
        ("Subtotal", "$100.00"),
        ("Sales Tax 8.875%", "$8.88"),
        ("Total", "$108.88"),
        ("Cash", "$120.00"),
        ("Change", "$11.12"),
    ]
    result = axocr.extract(_receipt_pdf(tmp_path / "us.pdf", lines))
    assert (result.fields.subtotal.value, result.fields.tax.value) == ("100.00", "8.88")
    assert _findings(result, "tax") == {"tax_mismatch": True}
    assert not [r for r in result.review_reasons if r.startswith(("tax:", "invoice_number:"))]


def test_an_invoice_without_a_number_is_still_sent_to_review(tmp_path: Path) -> None:
    lines = [
        ("Acme Widgets Ltd", ""),
        ("INVOICE", ""),
        ("Date: 11 June 2026", ""),
        ("Widgets", "100.00"),
        ("Subtotal", "100.00"),
        ("VAT 20%", "20.00"),
        ("Total due", "GBP 120.00"),
    ]
    result = axocr.extract(_receipt_pdf(tmp_path / "inv.pdf", lines))
    assert "invoice_number:missing" in result.review_reasons
    assert result.fields.invoice_number.needs_review


def _fields(currency: str, **values: str) -> Fields:
    fields = Fields(currency=ExtractedField(value=currency))
    for name, value in values.items():
        setattr(fields, name, ExtractedField(value=value))
    return fields


@pytest.mark.parametrize(
    ("currency", "values", "text", "ok"),
    [
        # 内税: the subtotal equals the total, the tax is 8% of what is left without it
        ("JPY", {"total": "1080", "subtotal": "1080", "tax": "80"}, "合計 (内税)", True),
        ("JPY", {"total": "1080", "subtotal": "1080", "tax": "95"}, "合計 (内税)", False),
        # items at 8% and at 10%: the included tax lies between the two rates' shares
        ("JPY", {"total": "2160", "tax": "180"}, "税込 8%対象 10%対象", True),
        # "incl. VAT" with no subtotal
        ("EUR", {"total": "119.00", "tax": "19.00"}, "Total incl. VAT", True),
        # a printed US rate with three decimals, and a tax that matches no rate
        ("USD", {"total": "108.88", "subtotal": "100.00", "tax": "8.88"}, "Tax 8.875%", True),
        ("USD", {"total": "109.37", "subtotal": "100.00", "tax": "9.37"}, "Tax 8.875%", False),
        ("USD", {"total": "108.88", "subtotal": "100.00", "tax": "8.88"}, "Tax", False),
    ],
)
def test_tax_rate_rule(currency: str, values: dict[str, str], text: str, ok: bool) -> None:
    findings = check_tax_rate(_fields(currency, **values), text)
    assert [f.ok for f in findings] == [ok], findings


def test_printed_rates_are_read_with_up_to_four_decimals() -> None:
    assert printed_rates("Sales tax 8.875% / VAT 5,5 % / 消費税 10％ / 2024%") == {
        8.875,
        5.5,
        10,
    }


@pytest.mark.parametrize(
    ("text", "receipt"),
    [
        ("SHOP\nRECEIPT\nTotal 10.00", True),
        ("店名\n領収書\n合計 ¥1,000", True),
        ("SHOP SDN BHD\nTAX INVOICE\nTOTAL 10.00\nCASH 20.00\nCHANGE 10.00", True),
        ("お預り ¥2,000\nお釣り ¥920", True),
        ("ローソン\n合計 ¥540", True),  # no invoice title at all
        ("ACME LTD\nINVOICE\nTotal due 120.00\n2% cash discount within 10 days", False),
        ("Rechnung Nr. 5\nGesamtbetrag 119,00 EUR", False),
        ("請求書\n合計 ¥1,000", False),
    ],
)
def test_a_receipt_is_told_from_an_invoice_by_the_page(text: str, receipt: bool) -> None:
    assert (looks_like_receipt(text) is not None) == receipt
