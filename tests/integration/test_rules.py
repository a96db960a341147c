"""Every validation rule, holding on a real extracted document and firing when a value is wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import axocr
from axocr.types import Fields, Provenance
from axocr.validate.explain import finding_sentence, reasons_by_field
from axocr.validate.rules import run_rules
from tests.conftest import FIXTURES
from tests.integration.text_pages import IPAEX, text_pdf

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
        ({"invoice_number": "417750.00"}, "invoice_number_suspicious"),
        ({"registration_number": "T7301170638348"}, "check_digit_invalid"),
        ({"currency": "EUR"}, "currency_inconsistent"),
    ],
)
def test_each_rule_fires_on_a_wrong_value(
    ja_fields: tuple[Fields, str], change: dict[str, str], code: str
) -> None:
    fields, text = ja_fields
    assert _codes(_with(fields, **change), text)[code] is False


@pytest.mark.parametrize(
    ("number", "currency", "ok"),
    [
        ("2025.00417", "EUR", True),  # a year and a serial: money has no five decimals
        ("2025.417", "EUR", True),
        ("2025.417", "KWD", False),  # the dinar's minor unit has three digits
        ("2025.41", "EUR", False),
        ("417,5", "EUR", False),
    ],
)
def test_a_number_is_an_amount_only_with_the_decimals_money_has(
    ja_fields: tuple[Fields, str], number: str, currency: str, ok: bool
) -> None:
    fields, text = ja_fields
    changed = _with(fields, invoice_number=number, currency=currency)
    finding = next(
        f for f in run_rules(changed, text, TODAY) if f.code == "invoice_number_suspicious"
    )
    assert finding.ok is ok, finding.message


def test_a_correct_invoice_has_no_rule_based_review_reasons() -> None:
    result = axocr.extract(FIXTURES / "synth" / "files" / "en_classic_001.pdf")
    assert not any(
        r.split(":")[1] in ("total_mismatch", "tax_mismatch", "date_implausible")
        for r in result.review_reasons
    )


def _dataset_receipt(dataset: str, doc_id: str) -> tuple[Fields, str, dict[str, str]]:
    from tests.conftest import dataset_dir, dataset_labels

    label = next(d for d in dataset_labels(dataset) if d["id"] == doc_id)
    path = dataset_dir(dataset) / label["path"]
    return axocr.extract(path).fields, axocr.read_document(path).text, label["fields"]


def _receipt_as_read(
    dataset: str, doc_id: str, sub: str, tax: str, total: str
) -> tuple[Fields, str, dict[str, str]]:
    """The receipt's fields, read as printed (subtotal, tax and total as given) and adding up."""
    fields, text, label = _dataset_receipt(dataset, doc_id)
    assert (fields.subtotal.value, fields.tax.value, fields.total.value) == (sub, tax, total)
    assert _codes(fields, text)["total_mismatch"] is True
    return fields, text, label


def test_a_total_rounded_to_five_cents_for_cash_is_consistent() -> None:
    # SROIE-021 prints subtotal 4.60 and GST 0.28 (4.88) and a payable total of 4.90: Malaysia
    # rounds cash totals to 0.05. A total 0.03 or more off still fails.
    fields, text, label = _receipt_as_read("sroie", "sroie-021", "4.60", "0.28", "4.90")
    assert Decimal(fields.total.value or "0") == Decimal(label["total"])
    assert _codes(_with(fields, total="4.95"), text)["total_mismatch"] is False
    assert _codes(_with(fields, total="4.85"), text)["total_mismatch"] is False


def test_tax_included_in_the_prices_without_a_word_for_it_is_consistent() -> None:
    # SROIE-098 prints Gross Amount 40.00, Total GST Amt 2.40, Sub Total 42.40, Total 42.40:
    # the subtotal read is the net amount (40.00, the base of the 6% GST in its summary), and
    # 40.00 + 2.40 = 42.40. Taken as printed under "Sub Total" (42.40, equal to the total) the
    # 2.40 GST is the 6% inside it, which is consistent too; a tax no rate explains still
    # fails, and one larger than any rate (the total itself) is no tax at all: the tax is held,
    # and the sum is not checked.
    fields, text, label = _receipt_as_read("sroie", "sroie-098", "40.00", "2.40", "42.40")
    assert fields.total.value == label["total"]
    included = _with(fields, subtotal="42.40")
    assert _codes(included, text)["total_mismatch"] is True
    assert "total_mismatch" not in _codes(_with(included, tax="42.40"), text)
    assert _codes(_with(included, tax="42.40"), text)["tax_mismatch"] is False
    assert _codes(_with(included, tax="5.00"), text)["total_mismatch"] is False


def test_a_japanese_receipts_included_tax_between_its_two_rates_is_consistent() -> None:
    # JOMB conv_003: 小計 670, 消費税等 56, 合計 670; 56 lies between the 8% (49.6) and the 10%
    # (60.9) parts of 670, as a basket of both rates gives.
    fields, text, label = _receipt_as_read(
        "jomb", "jomb-receipt_v020_conv_003-clean", "670", "56", "670"
    )
    assert Decimal(fields.total.value or "0") == Decimal(label["total"])
    assert _codes(_with(fields, tax="100"), text)["total_mismatch"] is False


@pytest.mark.parametrize(
    ("text", "total", "ok"),
    [
        # 295.00 + 10% service 29.50 + GST 19.47 = 343.97, rounded to 343.95 for cash
        (
            "SUB TOTAL 295.00\nSERVICE CHARGE 10%  29.50\nGST 6%  19.47\nNET TOTAL 343.95",
            "343.95",
            True,
        ),
        ("SUB TOTAL 295.00\nSvc Chg 10%\nGST 6%\nTOTAL", "343.95", True),
        ("Total (Excluding GST): 295.00\nServ. Charge (10%):\nGST Payable:", "343.95", True),
        # no service charge printed: the same figures do not add up
        ("SUB TOTAL 295.00\nDISCOUNT 10%\nGST 6%  19.47\nNET TOTAL 343.95", "343.95", False),
        # a service charge, but a total it does not explain
        ("SUB TOTAL 295.00\nSERVICE CHARGE 10%\nGST 6%  19.47\nNET TOTAL", "345.00", False),
    ],
)
def test_a_service_charge_at_its_printed_rate_is_part_of_the_total(
    ja_fields: tuple[Fields, str], text: str, total: str, ok: bool
) -> None:
    fields, _ = ja_fields
    changed = _with(fields, subtotal="295.00", tax="19.47", total=total, currency="MYR")
    assert _codes(changed, text)["total_mismatch"] is ok


def test_a_restaurant_receipts_service_charge_adds_up() -> None:
    # SROIE-107 prints Total (Excluding GST) 41.30, Serv. Charge (10%) 4.13, GST Payable 2.73,
    # Total (Inclusive of GST) 48.16, Rounding Adj -0.01, TOTAL 48.15.
    fields, text, label = _receipt_as_read("sroie", "sroie-107", "41.30", "2.73", "48.15")
    assert fields.total.value == label["total"]
    assert _codes(fields, text.replace("Charge", "Xxxxxx"))["total_mismatch"] is False


def test_the_tax_a_subtotal_leaves_out_is_no_tax_label() -> None:
    # SROIE-034 prints "(Excluded GST) Sub Total (RM): 313.50", "Discount (RM) : 0.00" under it,
    # "Total GST (RM) : 18.81", "Rounding (RM) : -0.01" and "Total (RM) : 332.30". The GST
    # that the subtotal excludes labels no tax: read as one, it took the discount's 0 below.
    fields, _, label = _receipt_as_read("sroie", "sroie-034", "313.50", "18.81", "332.30")
    assert fields.total.value == label["total"]


def test_a_tax_larger_than_any_rate_says_nothing_of_the_total(
    ja_fields: tuple[Fields, str],
) -> None:
    # "GST 6%" read as 600 beside a subtotal and total of 60.00: the tax is wrong, and the
    # total is left to its own evidence; the tax itself is held by its rate check.
    fields, _ = ja_fields
    text = "SUBTOTAL 60.00\nGST 6%\n600\nTOTAL 60.00"
    codes = _codes(_with(fields, subtotal="60.00", tax="600", total="60.00", currency="MYR"), text)
    assert "total_mismatch" not in codes
    assert codes["tax_mismatch"] is False
    # a tax a rate could give still has to add up
    codes = _codes(_with(fields, subtotal="60.00", tax="0.50", total="60.00", currency="MYR"), text)
    assert codes["total_mismatch"] is False


def test_a_dollar_sign_on_a_malaysian_receipt_is_not_another_currency() -> None:
    # SROIE-030 prints its amounts with "$" (the till's sign) and is a ringgit receipt.
    fields, text, label = _dataset_receipt("sroie", "sroie-030")
    assert "$" in text
    assert fields.currency.value == label["currency"] == "MYR"
    assert _codes(fields, text)["currency_inconsistent"] is True
    assert _codes(_with(fields, currency="EUR"), text)["currency_inconsistent"] is False


def test_latin_letters_glued_to_katakana_are_no_currency_code() -> None:
    # JOMB station_004 (degraded): OCR reads a katakana item as "レシRM"; the yen receipt was
    # flagged as printing ringgit.
    fields, text, _ = _dataset_receipt("jomb", "jomb-receipt_v020_station_004-noisy")
    assert "レシRM" in text
    assert fields.currency.value == "JPY"
    assert "currency_inconsistent" not in _codes(fields, text)


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font (fonts-ipaexfont-gothic) not installed")
def test_a_currency_counted_among_several_printed_goes_to_a_person(tmp_path: Path) -> None:
    # As OCR read a generated ringgit receipt: its GST summary's "6%" as "6€", and the "€"
    # (a sign and an amount's) outcounted the "RM" of a heading.
    def receipt(total_label: str) -> Path:
        return text_pdf(
            tmp_path / f"{len(total_label)}.pdf",
            [
                (20, 20, "MESRA CORNER SDN BHD", 13),
                (20, 30, "NEGERI SEMBILAN", 9),
                (20, 40, "Date: 12/10/18", 10),
                (20, 60, f"{total_label}       116.60", 10),
                (20, 70, "AMOUNT(RM) TAX(RM)", 10),
                (20, 76, "SR E 6€       109.99 6.60", 10),
            ],
            font="ipaex",  # for the "€"
        )

    result = axocr.extract(receipt("TOTAL INCL. GST"))
    currency = result.fields.currency
    assert currency.value == "EUR"
    assert [f.ok for f in currency.findings if f.code == "currency_inconsistent"] == [False]
    assert "currency:currency_inconsistent" in result.review_reasons
    assert reasons_by_field(result)["currency"] == [
        "currency EUR was chosen by counting the signs of a page that prints several (EUR, MYR)"
    ]
    # the total's own row naming its currency settles it, whatever the page's count
    named = axocr.extract(receipt("TOTAL INCL. GST (RM)")).fields.currency
    assert named.value == "MYR" and named.rule == "currency-from-total"


def test_one_sign_counted_against_the_issuer_s_country_is_held(
    ja_fields: tuple[Fields, str],
) -> None:
    # As OCR read a generated Texan till slip: a phone number's digit read as "€", the only
    # sign on the page, which the count of signs then took for the currency.
    fields, _ = ja_fields
    rows = ["Northside Bakery Co.", "Austin TX 78701", "Tel (512) 505-25€2", "AMOUNT DUE 631.22"]
    counted = _with(fields, currency="EUR")
    counted.currency.provenance = Provenance(kind="currency", detail="page")
    finding = next(f for f in run_rules(counted, "\n".join(rows), TODAY) if f.field == "currency")
    assert finding.ok is False
    assert "USD" in finding_sentence(finding)
    # a sign the page prints on two lines is its currency, wherever the issuer is
    assert _codes(counted, "\n".join([*rows, "CASH € 640.00"]))["currency_inconsistent"] is True
    # and so is the one sign the total's own row prints
    stated = _with(fields, currency="EUR")
    stated.currency.provenance = Provenance(kind="currency", detail="total")
    assert _codes(stated, "\n".join(rows))["currency_inconsistent"] is True
