"""Invoice numbers on layouts nobody tuned for: a number printed in digit groups is read whole,
credit notes are numbered under their own labels, and a VAT id or IBAN beside a title is never
the document's number. Expected values are what each test page prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

import axocr
from axocr.normalize import is_vat_id_or_iban
from tests.integration.text_pages import Item, text_pdf


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


def test_an_items_tables_number_column_labels_no_invoice_number(tmp_path: Path) -> None:
    """ "Nr." heads the position column of the items table; the line under it ("1 Kopierpapier
    A4, 80 g/m²", one line as OCR joins it on a scan) is an item, and its "A4" no invoice
    number. The page prints its own number without a label (as a scan whose grey label row
    OCR lost)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=15)
    pdf.text(20, 20, "Schwarzwald Systemhaus KG")
    pdf.set_font("helvetica", size=10)
    pdf.text(150, 20, "Gutschrift")
    pdf.text(20, 50, "RG/24/6117")
    pdf.text(60, 50, "25.08.2025")
    for x, head in ((20, "Nr. Bezeichnung"), (110, "Anzahl"), (135, "Preis"), (170, "Gesamt")):
        pdf.text(x, 70, head)
    rows = [("1 Kopierpapier A4, 80 g/m²", "1", "6,68", "6,68"),
            ("2 Palette Europool", "2", "17,42", "34,84")]  # fmt: skip
    for i, (desc, qty, price, amount) in enumerate(rows):
        y = 77 + 6 * i
        for x, text in ((20, desc), (115, qty), (135, price), (170, amount)):
            pdf.text(x, y, text)
    pdf.text(135, 95, "Gesamtbetrag")
    pdf.text(170, 95, "41,52 EUR")
    path = tmp_path / "position.pdf"
    pdf.output(str(path))
    number = axocr.extract(path).fields.invoice_number
    assert number.value not in ("A4", "1", "2")


@pytest.mark.parametrize(
    ("label", "number", "beside"),
    [
        ("Numero fattura:", "3", "same-line"),
        ("Numero fattura:", "7", "own cell"),
        ("Invoice No.", "#4", "own cell"),
    ],
)
def test_a_one_digit_number_filling_its_labels_value_is_read(
    tmp_path: Path, label: str, number: str, beside: str
) -> None:
    """A small business numbers its invoices from 1 each year: the one digit after the label,
    and nothing else there, is the number."""
    items: list[Item] = [(20, 20, "Ligure Impianti S.r.l.", 15)]
    if beside == "same-line":
        items.append((120, 40, f"{label} {number}", 10))
    else:
        items += [(120, 40, label, 10), (-190, 40, number, 10)]
    items += [(120, 46, "Data fattura: 7 maggio 2025", 10), (20, 80, "Totale: 136,75 EUR", 10)]
    found = axocr.extract(text_pdf(tmp_path / "one.pdf", items)).fields.invoice_number
    assert found is not None and found.value == number.lstrip("#")


@pytest.mark.parametrize(
    "rows",
    [
        # under the label, a digit alone is a position or a quantity
        [(120, 40, "Numero fattura", 10), (120, 46, "3", 10)],
        # inside other words it is a page or a count
        [(120, 40, "Numero fattura: 3 di 5", 10)],
    ],
)
def test_a_lone_digit_elsewhere_is_no_number(tmp_path: Path, rows: list[Item]) -> None:
    items: list[Item] = [(20, 20, "Ligure Impianti S.r.l.", 15), *rows]
    items.append((20, 80, "Totale: 136,75 EUR", 10))
    found = axocr.extract(text_pdf(tmp_path / "none.pdf", items)).fields.invoice_number
    assert found is None or found.value not in {"3", "5"}
