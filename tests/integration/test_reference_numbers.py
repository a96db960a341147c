"""Invoice numbers on layouts nobody tuned for: a number printed in digit groups is read whole,
credit notes are numbered under their own labels, and a VAT id or IBAN beside a title is never
the document's number. Expected values are what each test page prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

import axocr
from axocr.normalize import is_vat_id_or_iban


def _page(path: Path, seller: str, lines: list[str]) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=15)
    pdf.text(20, 20, seller)
    pdf.set_font("helvetica", size=10)
    for i, text in enumerate(lines):
        pdf.text(20, 60 + 7 * i, text)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(
    ("label", "number"),
    [("Rechnungsnummer:", "50 1170"), ("Numéro de facture :", "2024 89996")],
)
def test_a_number_printed_in_digit_groups_is_read_whole(
    tmp_path: Path, label: str, number: str
) -> None:
    path = _page(
        tmp_path / "groups.pdf",
        "Hansen Bürotechnik GmbH",
        [f"{label} {number}", "Datum: 12.03.2024", "Gesamtbetrag: 119,00 EUR"],
    )
    assert axocr.extract(path).fields.invoice_number.value == number


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("Gutschriftsnummer:", "GS-2024-0042"),
        ("Credit Note No.", "CN-10077"),
        ("N° d'avoir :", "AV-5531"),
        ("Creditnotanummer:", "CR-88120"),
    ],
)
def test_a_credit_note_is_numbered_under_its_own_label(
    tmp_path: Path, label: str, number: str
) -> None:
    path = _page(
        tmp_path / "credit.pdf",
        "Hansen Bürotechnik GmbH",
        [f"{label} {number}", "Datum: 12.03.2024", "Gesamtbetrag: -119,00 EUR"],
    )
    assert axocr.extract(path).fields.invoice_number.value == number


def test_vat_ids_and_ibans_are_told_from_document_numbers() -> None:
    # Check digits computed by hand: NL853746333B01, DE136695976 and GB980780684 (GB ids are
    # checked by stdnum.gb.vat, no longer EU to stdnum) are valid VAT ids,
    # DE89370400440532013000 is the standard example IBAN.
    for identity in ("NL853746333B01", "DE136695976", "GB980780684", "DE89370400440532013000"):
        assert is_vat_id_or_iban(identity), identity
    for number in ("NL-2024-001", "INV-2024-0012", "F2024-0747", "RE2024001", "50 1170"):
        assert not is_vat_id_or_iban(number), number
