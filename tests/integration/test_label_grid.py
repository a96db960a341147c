"""Labels printed in a row with their values under them (a grid of header boxes), on pages
built here: the value is the one under the label, not the next text to the right, which is
another block (the customer's address). Expected values are what each test page prints."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from text_pages import Item, text_pdf

import axocr
from axocr.extract.context import build_context


def _grid_page(path: Path, title: str, labels: list[str], values: list[str]) -> Path:
    """A seller line, a title, a row of labels over a row of values on the left half, and the
    customer's address on the right half, its street line level with the labels."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=15)
    pdf.text(20, 20, "Hansa Elektro GmbH")
    pdf.text(20, 45, title)
    pdf.set_font("helvetica", size=10)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        pdf.text(20 + 35 * i, 60, label)
        pdf.text(20 + 35 * i, 66, value)
    pdf.text(120, 54, "Schneider Handel GmbH")
    pdf.text(120, 60.5, "Hauptstraße 14")
    pdf.text(120, 66.5, "04109 Leipzig")
    pdf.text(110, 100, "Gesamtbetrag: 119,00 EUR")
    pdf.output(str(path))
    return path


def test_a_number_under_its_label_in_a_row_of_labels_beats_an_address_to_the_right(
    tmp_path: Path,
) -> None:
    path = _grid_page(
        tmp_path / "grid.pdf", "Rechnung", ["Rechnungs-Nr.", "Datum"], ["RE-65358", "04.12.2024"]
    )
    fields = axocr.extract(path).fields
    assert fields.invoice_number.value == "RE-65358"
    assert fields.invoice_date.value == "2024-12-04"


def test_the_rightmost_label_of_a_row_also_takes_the_value_under_it(tmp_path: Path) -> None:
    path = _grid_page(
        tmp_path / "grid.pdf", "Rechnung", ["Kundennummer", "Rechnungs-Nr."], ["726758", "R-4471"]
    )
    assert axocr.extract(path).fields.invoice_number.value == "R-4471"


@pytest.mark.parametrize(
    ("title", "labels", "values", "number"),
    [
        # The customer's number first: its label must be known as one to be passed over.
        ("Rechnung", ["Kd.-Nr.", "Beleg-Nr."], ["290861", "RE-40196"], "RE-40196"),
        ("Factuur", ["Klantnr.", "Factuurnr."], ["726758", "2024.47202"], "2024.47202"),
        ("Facture", ["Réf. client", "Réf. facture"], ["653381", "FA-01552"], "FA-01552"),
        # A delivery note's number labelled "N°" is not the invoice's.
        ("Facture", ["N° BL", "Réf. facture"], ["BL474963", "FAC/24/7718"], "FAC/24/7718"),
        ("Factuur", ["Pakbonnummer", "Creditnotanummer"], ["PB464071", "CR-2024"], "CR-2024"),
        ("Invoice", ["Customer code", "Invoice No."], ["681222", "2024-3466"], "2024-3466"),
        ("Factuur", ["Debiteurnummer", "Factuurnummer"], ["520550", "F62535"], "F62535"),
    ],
)
def test_customer_and_delivery_note_numbers_beside_the_invoice_number_are_passed_over(
    tmp_path: Path, title: str, labels: list[str], values: list[str], number: str
) -> None:
    path = _grid_page(tmp_path / "refs.pdf", title, labels, values)
    assert axocr.extract(path).fields.invoice_number.value == number


def test_a_credit_note_title_is_not_read_as_the_label_credit_no(tmp_path: Path) -> None:
    path = _grid_page(
        tmp_path / "credit.pdf", "CREDIT NOTE", ["Customer ID", "Credit No."], ["C14045", "CN-1007"]
    )
    document = axocr.read_document(path)
    hits = [h for h in build_context(document).hits if h.label.field == "invoice_number"]
    assert [h.line.text for h in hits] == ["Credit No."]
    assert axocr.extract(path).fields.invoice_number.value == "CN-1007"


def test_on_a_scan_a_title_and_its_number_are_not_read_as_a_misspelt_longer_label(
    tmp_path: Path,
) -> None:
    # OCR pages get fuzzy label matching ("lnvoice N0"); "RECHNUNG RE-14545" is one letter
    # from "Rechnung Nr" and must not lose the R of its number to it.
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=15)
    pdf.text(20, 20, "Hoffmann Druckerei KG")
    pdf.text(140, 20, "RECHNUNG RE-14545")
    pdf.set_font("helvetica", size=11)
    pdf.text(20, 50, "Datum: 12.03.2024")
    pdf.text(110, 100, "Gesamtbetrag: 119,00 EUR")
    pdf.output(str(tmp_path / "title.pdf"))
    page = pdfium.PdfDocument(str(tmp_path / "title.pdf"))[0]
    page.render(scale=200 / 72).to_pil().save(tmp_path / "title.png")
    assert axocr.extract(tmp_path / "title.png").fields.invoice_number.value == "RE-14545"


def _two_boxes(
    path: Path, head: list[Item], labels: tuple[str, str], values: tuple[str, str], size: float
) -> Path:
    """Two boxes set close together, small labels over their values, the values a gap under
    one line height apart: they come out as one line (as OCR joins them on scans, and a text
    layer does too), which is checked, or the test would not mean anything."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    for x, y, text, pt in head:
        pdf.set_font("helvetica", size=pt)
        pdf.text(x, y, text)
    pdf.set_font("helvetica", size=10)
    column = 110 + pdf.get_string_width(values[0]) + 2.5
    pdf.text(110, 66, values[0])
    pdf.text(column, 66, values[1])
    pdf.text(110, 100, "Gesamtbetrag: 119,00 EUR")
    pdf.set_font("helvetica", size=size)
    pdf.text(110, 60, labels[0])
    pdf.text(column, 60, labels[1])
    pdf.output(str(path))
    document = axocr.read_document(path)
    joined = f"{values[0]} {values[1]}"
    assert any(line.text == joined for page in document.pages for line in page.lines), (
        "the two values should come out as one line for this test to mean anything"
    )
    return path


def test_a_number_joined_with_the_next_columns_date_keeps_to_its_own_column(
    tmp_path: Path,
) -> None:
    # The values of two boxes set close together come out as one line ("INV-0196-916
    # 27.03.2023", as OCR joins them on scans): the number is the part under its own label.
    head: list[Item] = [(20, 20, "Hansa Elektro GmbH", 15), (20, 45, "Rechnung", 15)]
    path = _two_boxes(
        tmp_path / "joined.pdf", head, ("Belegnummer", "Datum"), ("INV-0196-916", "27.03.2023"), 7
    )
    fields = axocr.extract(path).fields
    assert fields.invoice_number.value == "INV-0196-916"
    assert fields.invoice_date.value == "2023-03-27"


def test_a_hyphenated_order_date_is_not_the_invoice_date(tmp_path: Path) -> None:
    """Dates labelled one per row at the right of a letterhead; "Bestell-Datum" is the order
    date, whose "Datum" is not the document's."""
    rows = [
        ("Beleg-Nr.:", "97 9573"),
        ("Datum:", "16.04.2025"),
        ("Leistungsdatum:", "05.04.2025"),
        ("Bestell-Datum:", "19.03.2025"),
        ("Lieferschein-Datum:", "08.04.2025"),
    ]
    items: list[Item] = [(20, 20, "Nordlicht Verpackung e.K.", 15), (160, 35, "Rechnung", 10)]
    for i, (label, value) in enumerate(rows):
        items += [(110, 45 + 6 * i, label, 10), (-190, 45 + 6 * i, value, 10)]
    items.append((110, 100, "Gesamtbetrag: 119,00 EUR", 10))
    path = text_pdf(tmp_path / "dates.pdf", items)
    assert axocr.extract(path).fields.invoice_date.value == "2025-04-16"


def test_two_dates_joined_into_one_line_each_go_to_the_label_above_them(
    tmp_path: Path,
) -> None:
    # An order date and a due date in two boxes set close together come out of the text
    # layer as one line ("1. September 2023 21. Oktober 2023"): the due date is the one under
    # "Fällig am", not the line's first date.
    head: list[Item] = [
        (20, 20, "Brandt Elektro AG", 15),
        (120, 40, "Rechnung", 15),
        (110, 52, "Rechnungsdatum", 10),
        (150, 52, "21. September 2023", 10),
    ]
    labels = ("Auftragsdatum", "Fällig am")
    values = ("1. September 2023", "21. Oktober 2023")
    fields = axocr.extract(_two_boxes(tmp_path / "dates.pdf", head, labels, values, 8)).fields
    assert fields.due_date.value == "2023-10-21"
    assert fields.invoice_date.value == "2023-09-21"


def test_a_sidebar_label_takes_the_number_under_it_not_an_items_row_beside_it(
    tmp_path: Path,
) -> None:
    """A sidebar of labels over their values, an items table to its right: the first table
    row shares "INVOICE #"'s row, and its quantity is no invoice number."""
    items: list[Item] = [
        (15, 20, "Northwind Labs Inc.", 12),
        (80, 22, "INVOICE", 24),
        (80, 40, "Item / Service", 9),
        (150, 40, "Qty", 9),
        (172, 40, "Rate", 9),
        (-195, 40, "Total", 9),
        (15, 47, "INVOICE #", 8),
        (80, 47, "Spare parts kit", 9),
        (-156, 47, "12", 9),
        (-180, 47, "49.14", 9),
        (-195, 47, "589.68", 9),
        (15, 51, "B-20686", 10),
        (15, 58, "ISSUE DATE", 8),
        (15, 62, "4 July 2023", 10),
        (150, 90, "TOTAL", 10),
        (-195, 90, "589.68", 10),
    ]
    path = text_pdf(tmp_path / "sidebar.pdf", items)
    assert axocr.extract(path).fields.invoice_number.value == "B-20686"


def test_a_date_under_another_fields_label_is_not_read_two_lines_up(tmp_path: Path) -> None:
    """A payment-terms sentence opens with "Due" over a grid whose "Delivery Date" label has
    its date under it: that date is the delivery's, not a due date two lines under "Due"."""
    items: list[Item] = [
        (15, 20, "Granite Trading B.V.", 14),
        (150, 37, "Due end of next month", 9),
        (15, 42, "Invoice No.", 9),
        (60, 42, "Date", 9),
        (150, 42, "Delivery Date", 9),
        (15, 47, "A-60520", 9),
        (60, 47, "10/01/2024", 9),
        (150, 47, "09/01/2024", 9),
        (110, 100, "Total: 8,701.87 EUR", 10),
    ]
    fields = axocr.extract(text_pdf(tmp_path / "terms.pdf", items)).fields
    assert fields.invoice_date.value == "2024-01-10"
    assert fields.due_date.value is None


def test_a_label_over_its_own_fields_label_still_reaches_the_value(tmp_path: Path) -> None:
    """A title over its number's label ("Invoice" over "Invoice Number") is one field's
    two labels: the number under them is read whichever finds it."""
    items: list[Item] = [
        (15, 20, "Halcyon Print Works Pty. Limited", 14),
        (15, 32, "Invoice", 12),
        (15, 40, "Invoice Number", 9),
        (60, 40, "Due Date", 9),
        (15, 45, "SI/24/4779", 9),
        (60, 45, "31/07/2025", 9),
        (110, 100, "Total: 2,495.85 AUD", 10),
    ]
    fields = axocr.extract(text_pdf(tmp_path / "title.pdf", items)).fields
    assert fields.invoice_number.value == "SI/24/4779"
    assert fields.due_date.value == "2025-07-31"
