"""Subtotal and tax in the totals blocks of invoices nobody tuned for, on pages built here:
the subtotal is the net amount the tax is computed on (after discounts and freight, before
tax, whatever its label), a sum carried to the next page is none of the invoice's amounts,
and a tax line that names its base ("VAT 20% (on 100.00)") has its tax to the right.
Expected values are what each test page prints, and add up by hand."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF
from text_pages import Item, text_pdf

import axocr
from axocr.extract.context import build_context
from axocr.extract.fields import amount_candidates
from axocr.extract.line_items import find_tables, table_header_lines


def _totals_page(pdf: FPDF, rows: list[tuple[str, str]], labels_right: bool) -> None:
    """A totals block: labels from x=110 (or right-aligned at x=150), amounts right-aligned
    at x=190."""
    pdf.set_font("helvetica", size=10)
    for i, (label, amount) in enumerate(rows):
        y = 120 + 7 * i
        pdf.text(150 - pdf.get_string_width(label) if labels_right else 110, y, label)
        pdf.text(190 - pdf.get_string_width(amount), y, amount)


def _invoice(
    path: Path,
    seller: str,
    header: list[str],
    pages: list[list[tuple[str, str]]],
    labels_right: bool = True,
) -> Path:
    pdf = FPDF(format="A4")
    for n, rows in enumerate(pages):
        pdf.add_page()
        if n == 0:
            pdf.set_font("helvetica", size=15)
            pdf.text(20, 20, seller)
            pdf.set_font("helvetica", size=10)
            for i, text in enumerate(header):
                pdf.text(20, 40 + 7 * i, text)
        _totals_page(pdf, rows, labels_right)
    pdf.output(str(path))
    return path


def test_the_tax_is_the_amount_right_of_a_line_that_names_its_base(tmp_path: Path) -> None:
    # 1,000.00 + 200.00 = 1,200.00
    path = _invoice(
        tmp_path / "base.pdf",
        "Beacon Design Studio Ltd",
        ["INVOICE", "Invoice No.: INV-1043", "Date: 12 March 2024"],
        [
            [
                ("Subtotal", "1,000.00 GBP"),
                ("VAT 20% (on 1,000.00)", "200.00 GBP"),
                ("Total", "1,200.00 GBP"),
            ]
        ],
    )
    fields = axocr.extract(path).fields
    assert fields.tax.value == "200.00"
    assert fields.subtotal.value == "1000.00"


def test_the_net_sum_after_discount_and_freight_is_the_subtotal_with_two_tax_rates(
    tmp_path: Path,
) -> None:
    # 129,68 - 2,59 + 14,00 = 141,09; taxes 7,90 (19 % of 41,58) + 6,97 (7 % of 99,51);
    # 141,09 + 7,90 + 6,97 = 155,96
    path = _invoice(
        tmp_path / "net.pdf",
        "Hansa Elektro GmbH",
        ["Rechnung", "Rechnungsnummer: RE-65358", "Datum: 04.12.2024"],
        [
            [
                ("Warenwert", "129,68 EUR"),
                ("abzgl. 2 % Rabatt", "-2,59 EUR"),
                ("Fracht", "14,00 EUR"),
                ("Nettosumme", "141,09 EUR"),
                ("MwSt. 19 % (von 41,58)", "7,90 EUR"),
                ("MwSt. 7 % (von 99,51)", "6,97 EUR"),
                ("Bruttobetrag", "155,96 EUR"),
            ]
        ],
    )
    assert axocr.extract(path).fields.subtotal.value == "141.09"


def test_a_net_total_above_the_taxes_is_the_subtotal(tmp_path: Path) -> None:
    # 9,398.23 + 11.00 = 9,409.23; 9,409.23 + 1,535.26 + 86.65 = 11,031.14
    path = _invoice(
        tmp_path / "nettotal.pdf",
        "Beacon Design Studio Ltd",
        ["INVOICE", "Invoice No.: INV-1043", "Date: 12 March 2024"],
        [
            [
                ("Merchandise Total", "9,398.23 GBP"),
                ("Carriage", "11.00 GBP"),
                ("Net Total", "9,409.23 GBP"),
                ("VAT 20% (on 7,676.29)", "1,535.26 GBP"),
                ("VAT 5% (on 1,732.94)", "86.65 GBP"),
                ("Total incl. tax", "11,031.14 GBP"),
            ]
        ],
    )
    fields = axocr.extract(path).fields
    assert fields.subtotal.value == "9409.23"
    assert fields.total.value == "11031.14"


def test_a_sum_carried_to_the_next_page_is_not_the_subtotal(tmp_path: Path) -> None:
    # page 1 carries 26.960,73 forward; 32.419,53 + 6.146,54 (19 % of 32.350,19)
    # + 4,85 (7 % of 69,34) = 38.570,92
    path = _invoice(
        tmp_path / "carried.pdf",
        "Hoffmann Handel KG",
        ["Rechnung", "Rechnungsnummer: 827460", "Datum: 01.12.2025"],
        [
            [("Zwischensumme Übertrag", "26.960,73")],
            [
                ("Übertrag", "26.960,73"),
                ("Summe netto", "EUR 32.419,53"),
                ("MwSt. 19 % (von 32.350,19)", "EUR 6.146,54"),
                ("MwSt. 7 % (von 69,34)", "EUR 4,85"),
                ("Rechnungsbetrag", "EUR 38.570,92"),
            ],
        ],
        labels_right=False,
    )
    fields = axocr.extract(path).fields
    assert fields.subtotal.value == "32419.53"
    assert fields.total.value == "38570.92"


def test_after_a_deposit_the_net_total_still_adds_up_to_the_gross_not_the_balance(
    tmp_path: Path,
) -> None:
    # 13,040.48 + 2,608.10 = 15,648.58; 15,648.58 - 6,250.00 = 9,398.58 still to pay
    path = _invoice(
        tmp_path / "deposit.pdf",
        "Foxglove Foods Ltd",
        ["INVOICE", "Invoice No.: INV-2024-52062", "Date: 3 May 2024"],
        [
            [
                ("Net Total", "GBP 13,040.48"),
                ("VAT 20%", "GBP 2,608.10"),
                ("TOTAL", "GBP 15,648.58"),
                ("Less deposit paid", "-GBP 6,250.00"),
                ("Balance Due", "GBP 9,398.58"),
            ]
        ],
    )
    assert axocr.extract(path).fields.subtotal.value == "13040.48"


def test_the_tax_of_an_invoice_with_two_rates_is_their_sum(tmp_path: Path) -> None:
    # 1,000.00 at 20% = 200.00 and 500.00 at 5% = 25.00: tax 225.00, total 1,725.00. With the
    # first rate's tax alone the total would not add up and go to a person for nothing.
    path = _invoice(
        tmp_path / "two-rates.pdf",
        "Beacon Design Studio Ltd",
        ["INVOICE", "Invoice No.: INV-1044", "Date: 12 March 2024"],
        [
            [
                ("Subtotal", "1,500.00 GBP"),
                ("VAT 20% (on 1,000.00)", "200.00 GBP"),
                ("VAT 5% (on 500.00)", "25.00 GBP"),
                ("Total", "1,725.00 GBP"),
            ]
        ],
    )
    result = axocr.extract(path)
    assert result.fields.tax.value == "225.00"
    assert result.fields.subtotal.value == "1500.00"
    assert "total:total_mismatch" not in result.review_reasons


def test_the_taxable_amount_is_the_subtotal_not_the_total(tmp_path: Path) -> None:
    """A receipt whose prices include the tax prints the total first, then the amount the
    tax is computed on and the tax: 50.57 + 3.03 = 53.60. "Taxable amount" ends in
    "amount", a weak total label, but it names the tax base."""
    path = _invoice(
        tmp_path / "taxable.pdf",
        "Kedai Makan Seri Laksa",
        ["TAX INVOICE", "Receipt No.: 118204", "Date: 14/03/2018"],
        [
            [
                ("TOTAL", "RM53.60"),
                ("CASH", "RM100.00"),
                ("CHANGE", "RM46.40"),
                ("TAXABLE AMOUNT", "RM50.57"),
                ("6% GST", "RM3.03"),
            ]
        ],
    )
    fields = axocr.extract(path).fields
    assert fields.total.value == "53.60"
    assert fields.subtotal.value == "50.57"


def test_a_total_whose_decimal_point_was_lost_is_read_with_it(tmp_path: Path) -> None:
    """The total printed as "1250" (the faint point of a till printer lost to OCR) on a page
    whose subtotal and cash paid are 12.50: the total is 12.50, not 1,250."""
    path = _invoice(
        tmp_path / "point.pdf",
        "Kedai Runcit Bukit Indah",
        ["SIMPLIFIED TAX INVOICE", "Receipt No.: 30021", "Date: 02/01/2018"],
        [
            [
                ("Subtotal", "12.50"),
                ("Total Incl GST", "1250"),
                ("Cash", "12.50"),
                ("Change", "0.00"),
            ]
        ],
    )
    assert axocr.extract(path).fields.total.value == "12.50"


def test_the_amount_below_a_rounding_line_is_the_payable_total(tmp_path: Path) -> None:
    """Both totals of a receipt printed without their labels (as OCR loses a faint label):
    565.50 + 33.93 = 599.43 above the rounding line, 599.43 + 0.02 = 599.45 below it. The
    rounded amount is what was paid."""
    path = _invoice(
        tmp_path / "rounding.pdf",
        "Kedai Perkakasan Jaya Sdn Bhd",
        ["TAX INVOICE", "Invoice No.: CS-88120", "Date: 21/02/2018"],
        [
            [
                ("Total Sales (Excluding GST)", "565.50"),
                ("Total GST", "33.93"),
                ("", "599.43"),
                ("Rounding", "0.02"),
                ("", "599.45"),
                ("Visa", "599.45"),
            ]
        ],
    )
    assert axocr.extract(path).fields.total.value == "599.45"


def test_a_credit_note_printing_negative_amounts_gives_their_magnitudes(tmp_path: Path) -> None:
    """An avoir prints its totals negative; the fields carry the magnitudes, as the lines do
    and as an e-invoice's data carry a credit note's amounts: 218.48 + 15.00 = 233.48."""
    path = _invoice(
        tmp_path / "avoir.pdf",
        "Huilerie du Midi SARL",
        ["AVOIR", "Avoir n° AV-2024-017", "Date : 12/03/2024"],
        [
            [
                ("Total HT", "-218,48 EUR"),
                ("Total TVA", "-15,00 EUR"),
                ("Total TTC", "-233,48 EUR"),
            ]
        ],
    )
    fields = axocr.extract(path).fields
    assert (fields.total.value, fields.subtotal.value, fields.tax.value) == (
        "233.48",
        "218.48",
        "15.00",
    )


def test_the_gross_that_net_and_two_taxes_add_up_to_beats_the_goods_total(
    tmp_path: Path,
) -> None:
    """ "Totaal artikelen" (the goods before a discount) is labelled "total" too; the invoice
    total is the amount that net and both rates' taxes add up to: 468.15 + 5.51 + 39.77 =
    513.43."""
    path = _invoice(
        tmp_path / "gross.pdf",
        "De Vries Logistiek B.V.",
        ["FACTUUR", "Factuurnummer: F-31022", "Factuurdatum: 12-03-2024"],
        [
            [
                ("Totaal artikelen", "EUR 520,17"),
                ("Korting 10%", "-EUR 52,02"),
                ("Subtotaal", "EUR 468,15"),
                ("BTW 21% (over 26,23)", "EUR 5,51"),
                ("BTW 9% (over 441,92)", "EUR 39,77"),
                ("Factuurbedrag", "EUR 513,43"),
            ]
        ],
        labels_right=False,
    )
    assert axocr.extract(path).fields.total.value == "513.43"


def test_a_total_one_digit_off_the_sums_that_agree_is_read_as_they_give_it(
    tmp_path: Path,
) -> None:
    """The total printed "112.46" (a bold 5 read as 6) where the net, tax and rounding add up
    to 112.45 (106.10 + 6.37 - 0.02) and the cash paid with no change is 112.45."""
    path = _invoice(
        tmp_path / "digit.pdf",
        "Kedai Perkakasan Jaya Sdn Bhd",
        ["TAX INVOICE", "Invoice No.: CS-81120", "Date: 21/02/2018"],
        [
            [
                ("Sub Total (RM)", "106.10"),
                ("Total GST (RM)", "6.37"),
                ("Rounding (RM)", "-0.02"),
                ("Total (RM)", "112.46"),
                ("Cash", "112.45"),
                ("Change (RM)", "0.00"),
            ]
        ],
    )
    total = axocr.extract(path).fields.total
    assert total.value == "112.45"
    assert "misread-digit" in (total.rule or "")


def test_a_currency_sign_read_as_digits_before_the_total_is_no_part_of_it(
    tmp_path: Path,
) -> None:
    """As OCR read a generated dot-matrix receipt whose bold "$660.80" came out "39660.80",
    its "SUB TOTAL" as "SUE TOTAL": the net, tax and rounding (617.56 + 43.23 + 0.01) and the
    cash less the change (700.00 - 39.20) agree on 660.80."""
    path = _invoice(
        tmp_path / "sign.pdf",
        "Kedai Perkakasan Jaya Sdn Bhd",
        ["TAX INVOICE", "Invoice No.: CS-81120", "Date: 21/02/2018"],
        [
            [
                ("SUE TOTAL", "617.56"),
                ("GST 7%", "43.23"),
                ("ROUNDING ADJ", "0.01"),
                ("TOTAL SALES", "39660.80"),
                ("CASH", "700.00"),
                ("CHANGE", "39.20"),
            ]
        ],
    )
    # as a scan: the look-alike letters are read through on OCR'd lines only
    image = tmp_path / "sign.png"
    pdfium.PdfDocument(path)[0].render(scale=150 / 72).to_pil().save(image)
    fields = axocr.extract(image).fields
    assert fields.subtotal.value == "617.56"
    assert fields.total.value == "660.80"
    assert "misread-digit" in (fields.total.rule or "")


def test_a_total_the_printed_rounding_explains_is_not_a_misread_digit(tmp_path: Path) -> None:
    """The net 705.43 plus the GST 42.33 is 747.76, and less the printed rounding of -0.01 it
    is the total printed, 747.75; the cash line (747.76, no change) agrees with the sum
    before rounding. The total adds up as printed: nothing of it was misread."""
    path = _invoice(
        tmp_path / "rounded.pdf",
        "Berkat Permata Gift Shop Sdn Bhd",
        ["TAX INVOICE", "Invoice No.: INV06321311", "Date: 09/12/2017"],
        [
            [
                ("SUB TOTAL", "705.43"),
                ("GST 6%", "42.33"),
                ("ROUNDING ADJ", "-0.01"),
                ("NETT TOTAL", "RM 747.75"),
                ("CASH", "747.76"),
                ("CHANGE", "0.00"),
            ]
        ],
    )
    total = axocr.extract(path).fields.total
    assert total.value == "747.75"
    assert "misread-digit" not in (total.rule or "")


def test_a_zero_tax_counts_in_the_sum_that_restores_a_misread_digit(tmp_path: Path) -> None:
    """Zero-rated goods: the net 48.30 plus a GST of 0.00 and the cash paid with no change
    both give 48.30; the total printed "48.80" (a 3 read as 8) is read as they give it."""
    path = _invoice(
        tmp_path / "zero.pdf",
        "Kedai Runcit Maju Sdn Bhd",
        ["TAX INVOICE", "Invoice No.: CS-81121", "Date: 21/02/2018"],
        [
            [
                ("Sub Total (RM)", "48.30"),
                ("Total GST (RM)", "0.00"),
                ("Total (RM)", "48.80"),
                ("Cash", "48.30"),
                ("Change (RM)", "0.00"),
            ]
        ],
    )
    total = axocr.extract(path).fields.total
    assert total.value == "48.30"
    assert "misread-digit" in (total.rule or "")


def test_a_total_label_over_the_tax_a_gross_includes_is_not_the_total(tmp_path: Path) -> None:
    """A receipt's note "(Total Included GST @ 6% 1.42)" names the tax included in the payable
    amount, 25.15 x 6/106 = 1.42, under a payable amount whose label is not a total's ("Due").
    The note's amount is not the total; the amount it is the tax of is."""
    items: list[Item] = [
        (20, 20, "KEDAI ROTI MANIS SDN BHD", 14),
        (20, 28, "Receipt No: 81120", 10),
        (20, 34, "Date: 11/03/2018", 10),
        (20, 50, "Cheese Tart 1", 10),
        (-150, 50, "3.40", 10),
        (20, 57, "Butter Roll 3", 10),
        (-150, 57, "21.75", 10),
        (80, 70, "Due", 10),
        (-150, 70, "25.15", 10),
        (80, 77, "Pay", 10),
        (-150, 77, "25.15", 10),
        (80, 84, "Change", 10),
        (-150, 84, "0.00", 10),
        (30, 95, "(Total Included GST @ 6% 1.42)", 10),
    ]
    total = axocr.extract(text_pdf(tmp_path / "note.pdf", items)).fields.total
    assert total.value == "25.15"


def test_a_total_heading_an_items_column_does_not_label_the_first_items_amount(
    tmp_path: Path,
) -> None:
    """ "Total HT" heads the items' amount column on both pages of a two-page invoice: the
    amount under it is a line's (5,50), not the invoice's net; the net is the "Sous-total HT"
    of the totals block on the last page, 46,40 + 5,50 + 42,60 = 94,50."""
    pdf = FPDF(format="A4")
    pages = [
        [("Ramette papier A4", "2", "23,20", "46,40")],
        [("Eau minérale (pack de 6)", "1", "5,50", "5,50"), ("Café 1 kg", "2", "21,30", "42,60")],
    ]
    for n, rows in enumerate(pages):
        pdf.add_page()
        if n == 0:
            pdf.set_font("helvetica", size=15)
            pdf.text(20, 20, "Atelier Lumière SARL")
            pdf.set_font("helvetica", size=10)
            pdf.text(130, 30, "FACTURE N° FA-2024-031")
            pdf.text(130, 36, "Date : 12/03/2024")
        pdf.set_font("helvetica", size=9)
        top = 60 if n == 0 else 30
        for x, head in ((20, "Désignation"), (115, "Qté"), (135, "Prix unitaire HT")):
            pdf.text(x, top, head)
        pdf.text(190 - pdf.get_string_width("Total HT"), top, "Total HT")
        for i, (desc, qty, unit, amount) in enumerate(rows):
            y = top + 7 + 6 * i
            pdf.text(20, y, desc)
            pdf.text(117, y, qty)
            pdf.text(160 - pdf.get_string_width(unit), y, unit)
            pdf.text(190 - pdf.get_string_width(amount), y, amount)
        pdf.text(20, 280, f"Page {n + 1} sur 2")
    pdf.set_font("helvetica", size=10)
    for i, (label, amount) in enumerate(
        [("Sous-total HT", "94,50 EUR"), ("TVA 20 % (sur 46,40)", "9,28 EUR"),
         ("TVA 5,5 % (sur 48,10)", "2,65 EUR"), ("Total TTC", "106,43 EUR")]
    ):  # fmt: skip
        pdf.text(20, 70 + 6 * i, label)
        pdf.text(100 - pdf.get_string_width(amount), 70 + 6 * i, amount)
    pdf.output(str(tmp_path / "column.pdf"))
    ctx = build_context(axocr.read_document(tmp_path / "column.pdf"))
    heads = table_header_lines(find_tables(ctx))
    assert len(heads) == 8, "the four column headings of both pages head an items table"
    labels = {c.origin.label for c in amount_candidates(ctx, ",", heads)}
    assert "total ht" not in labels
    assert "sous-total" in labels
    fields = axocr.extract(tmp_path / "column.pdf").fields
    assert fields.subtotal.value == "94.50"
    assert fields.total.value == "106.43"


def test_on_a_scan_a_net_total_the_taxes_make_up_to_the_total_is_not_the_total(
    tmp_path: Path,
) -> None:
    """OCR brings "Net Total" near the receipts' "Nett Total", a total label. The amount that
    both rates' taxes, printed below it, make up to the "TOTAL" below them is the net:
    10,467.04 + 2,051.44 + 10.49 = 12,528.97."""
    pdf = _invoice(
        tmp_path / "net.pdf",
        "Ashdown Office Supplies Ltd",
        ["INVOICE", "Invoice No.: INV-2024-88213", "Date: 14 May 2024"],
        [
            [
                ("Net Total", "EUR 10,467.04"),
                ("VAT 20% (on 10,257.18)", "EUR 2,051.44"),
                ("VAT 5% (on 209.86)", "EUR 10.49"),
                ("TOTAL", "EUR 12,528.97"),
            ]
        ],
        labels_right=False,
    )
    png = tmp_path / "net.png"
    pdfium.PdfDocument(str(pdf))[0].render(scale=200 / 72).to_pil().save(png)
    fields = axocr.extract(png).fields
    assert fields.total.value == "12528.97"
    assert fields.subtotal.value == "10467.04"
