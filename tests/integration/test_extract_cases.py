"""The tricky cases of field extraction, on real PDFs made here and read by the full pipeline.

Each page puts a distractor where a naive rule would take it: the customer above the vendor,
the due date before the issue date, a subtotal and a quantity total next to the total, an
order and a customer number beside the invoice number.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from text_pages import IPAEX, text_pdf

import axocr


def test_customer_block_above_is_not_the_vendor(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "a.pdf",
        [
            (20, 20, "Bill To:", 10),
            (20, 26, "Globex Holdings GmbH", 12),
            (20, 32, "Hauptstrasse 5, 10115 Berlin", 9),
            (120, 45, "Initech Services Ltd", 12),
            (120, 51, "12 King Street, London EC2V 8AA", 9),
            (120, 57, "VAT No. GB123456789", 9),
            (20, 80, "INVOICE", 16),
            (20, 90, "Invoice No: INV-2024-0042", 10),
            (20, 96, "Invoice Date: 03 May 2024", 10),
            (120, 150, "Total: GBP 1,200.00", 11),
        ],
    )
    result = axocr.extract(path)
    assert result.fields.vendor.value == "Initech Services Ltd"


def test_due_date_printed_first_is_not_the_issue_date(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "b.pdf",
        [
            (20, 20, "Acme Widgets Inc.", 14),
            (20, 40, "Payment due date: July 1, 2024", 10),
            (20, 46, "Order date: May 20, 2024", 10),
            (20, 52, "Invoice date: June 1, 2024", 10),
            (20, 58, "Invoice #: 7781", 10),
            (120, 120, "Amount due: $950.00", 11),
        ],
    )
    fields = axocr.extract(path).fields
    assert fields.invoice_date.value == "2024-06-01"
    assert fields.due_date.value == "2024-07-01"


def test_total_is_not_the_subtotal_tax_or_quantity_total(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "c.pdf",
        [
            (20, 20, "Northwind Traders LLC", 14),
            (20, 40, "Invoice Number: NW-552", 10),
            (20, 46, "Date: 2024-02-10", 10),
            (20, 100, "Total Qty", 10),
            (160, 100, "3", 10),
            (20, 110, "Subtotal", 10),
            (160, 110, "1,000.00", 10),
            (20, 116, "VAT 20%", 10),
            (160, 116, "200.00", 10),
            (20, 122, "Total", 10),
            (160, 122, "1,200.00", 10),
            (20, 140, "Balance carried forward from last month 5,000.00", 8),
        ],
    )
    fields = axocr.extract(path).fields
    assert fields.total.value == "1200.00"
    assert fields.subtotal.value == "1000.00"
    assert fields.tax.value == "200.00"
    checks = [f for f in fields.total.findings if f.code == "total_mismatch"]
    assert checks and all(f.ok for f in checks), fields.total.findings


def test_invoice_number_is_not_the_order_or_customer_number(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "d.pdf",
        [
            (20, 20, "Contoso Supplies Ltd", 14),
            (20, 40, "Order No: PO-77821", 10),
            (20, 46, "Customer No: 100234", 10),
            (20, 52, "Tel: 020 7946 0958", 10),
            (20, 58, "Invoice No: CS-2024-118", 10),
            (20, 64, "Date: 12/03/2024", 10),
            (120, 120, "Total: 88.00 GBP", 11),
        ],
    )
    assert axocr.extract(path).fields.invoice_number.value == "CS-2024-118"


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font (fonts-ipaexfont-gothic) not installed")
def test_japanese_invoice_addressee_with_onchu_is_not_the_vendor(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "e.pdf",
        [
            (90, 15, "請求書", 18),
            (15, 30, "株式会社青空商店 御中", 12),
            (120, 30, "請求日: 2024年5月31日", 9),
            (120, 36, "請求書番号: 2405-031", 9),
            (120, 48, "株式会社日本サンプル", 12),
            (120, 54, "東京都千代田区丸の内1-1-1", 8),
            (120, 60, "登録番号 T7000012050002", 8),
            (15, 70, "お支払期限: 2024年6月30日", 10),
            (120, 120, "小計", 10),
            (170, 120, "100,000", 10),
            (120, 126, "消費税(10%)", 10),
            (170, 126, "10,000", 10),
            (120, 132, "合計", 10),
            (170, 132, "¥110,000", 10),
        ],
        font="ipaex",
    )
    result = axocr.extract(path)
    f = result.fields
    assert result.language == "ja"
    assert f.vendor.value == "株式会社日本サンプル"
    assert f.total.value == "110000" and f.currency.value == "JPY"
    assert f.invoice_date.value == "2024-05-31" and f.due_date.value == "2024-06-30"
    assert f.invoice_number.value == "2405-031"
    assert f.registration_number.value == "T7000012050002"
    assert not f.registration_number.needs_review  # 7000012050002 has a valid check digit


def test_account_holder_names_the_vendor_when_the_letterhead_is_only_a_logo(tmp_path: Path) -> None:
    # The issuer's name is printed only in the payment details and the legal footer; the
    # largest name at the top is the addressee (a French letter puts it on the right).
    path = text_pdf(
        tmp_path / "f.pdf",
        [
            (120, 30, "ATELIER ROUX", 11),
            (120, 36, "Camille Roux", 11),
            (120, 42, "12 rue des Lilas", 11),
            (120, 48, "69003 Lyon", 11),
            (80, 60, "Facture n 2024-0117", 11),
            (20, 66, "Date : 14/03/2024", 11),
            (120, 120, "Total TTC :", 11),
            (160, 120, "240,00 EUR", 11),
            (20, 150, "Virement", 9),
            (45, 150, "Titulaire du compte : LUMIERE EDITIONS - IBAN FR76 3000 4000 0500", 9),
            (90, 280, "LUMIERE EDITIONS", 7),
            (50, 284, "SARL au capital de 8 000 EUR - RCS Lyon 812 345 678 - TVA FR45812345678", 7),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "LUMIERE EDITIONS"


def test_a_name_under_a_customer_name_label_is_the_customer(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "g.pdf",
        [
            (20, 25, "Ondine Telecom", 10),
            (20, 30, "75371 Paris Cedex 08", 10),
            (110, 40, "Margot Lefebvre", 12),
            (110, 46, "4 avenue Jean Jaures", 12),
            (110, 52, "33000 Bordeaux", 12),
            (20, 75, "Numero de ligne", 9),
            (80, 75, "Nom de l'abonné", 9),
            (20, 80, "0512345678", 9),
            (80, 80, "Margot Lefebvre", 9),
            (20, 95, "Facture n 778812 du 02 juillet 2015", 11),
            (20, 120, "Total TTC", 10),
            (160, 120, "39,99", 10),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Ondine Telecom"


def test_a_stated_invoice_currency_wins_over_other_currencies_on_the_page(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "h.pdf",
        [
            (20, 20, "Rohwerk Handels GmbH", 14),
            (20, 40, "Rechnungsnummer: 4711", 10),
            (20, 46, "Rechnungsdatum: 31.10.2018", 10),
            (20, 52, "Rechnungswährung", 10),
            (70, 52, ": GBP", 10),
            (20, 58, "Währung der Umsatzsteuerbuchung : EUR", 10),
            (20, 100, "Gesamtbetrag", 10),
            (160, 100, "1.021,91", 10),
        ],
    )
    fields = axocr.extract(path).fields
    assert fields.currency.value == "GBP"
    assert fields.total.value == "1021.91"


def test_a_totals_row_of_net_tax_and_gross_columns_gives_the_gross(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "i.pdf",
        [
            (20, 20, "Fibre Sud SAS", 14),
            (20, 40, "Facture n 562044 du 02/07/2015", 10),
            (100, 60, "Montant HT", 9),
            (130, 60, "Montant TVA", 9),
            (165, 60, "Montant TTC", 9),
            (20, 66, "Abonnement", 10),
            (100, 66, "24.99", 10),
            (130, 66, "5.00", 10),
            (165, 66, "29.99", 10),
            (20, 74, "Total facture", 10),
            (100, 74, "24.99", 10),
            (130, 74, "5.00", 10),
            (165, 74, "29.99", 10),
        ],
    )
    assert axocr.extract(path).fields.total.value == "29.99"


def test_label_words_inside_an_identifier_are_not_labels(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "j.pdf",
        [
            (20, 20, "Kestrel Labs Inc.", 14),
            (20, 40, "Invoice #: KL_INVOICE_2024_17", 10),
            (20, 46, "Date: 2024-04-02", 10),
            (120, 120, "Total: $310.00", 11),
        ],
    )
    assert axocr.extract(path).fields.invoice_number.value == "KL_INVOICE_2024_17"


def test_a_name_wrapped_over_two_lines_ends_with_its_legal_form(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "k.pdf",
        [
            (20, 20, "Rechnung Nr. 01.234.567-2018", 12),
            (20, 40, "Verkäufer:", 10),
            (20, 46, "HVV Hanseatischer", 10),
            (20, 51, "Versicherungsverein Hamburg a.G.", 10),
            (20, 58, "Musterstr. 12", 10),
            (20, 64, "DE 12345 Hamburg", 10),
            (20, 80, "Käufer:", 10),
            (20, 86, "Max Mustermann", 10),
            (20, 100, "Rechnungsdatum: 06.12.2018", 10),
            (120, 120, "Gesamtbetrag: 50,00 EUR", 10),
        ],
    )
    assert (
        axocr.extract(path).fields.vendor.value
        == "HVV Hanseatischer Versicherungsverein Hamburg a.G."
    )


def test_an_email_address_on_the_name_line_is_not_part_of_the_name(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "l.pdf",
        [
            (20, 20, "Dana Whitfield   dana.whitfield@example.com", 10),
            (150, 20, "INVOICE", 20),
            (20, 40, "Bill To:", 10),
            (20, 46, "Harbor Cafe", 10),
            (120, 40, "Invoice No: 1043", 10),
            (120, 46, "Date: Jan 5, 2022", 10),
            (120, 80, "Balance Due: $127.50", 11),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Dana Whitfield"


def _receipt_lines(total_lines: list[str]) -> list[tuple[float, float, str, float]]:
    items = [
        (20, 20, "KEDAI RUNCIT MAJU SDN BHD", 13),
        (20, 27, "Lot 12, Jalan Besar, 47000 Sungai Buloh", 9),
        (20, 40, "Invoice No: CS00012345", 10),
        (20, 46, "Date: 12/03/2018", 10),
        (20, 60, "MILO 1KG   2 x 1.90   3.80", 10),
        (20, 66, "SUGAR 2KG  1 x 2.20   2.20", 10),
    ]
    return items + [(20, 80 + 6 * i, text, 10) for i, text in enumerate(total_lines)]


@pytest.mark.parametrize(
    "line",
    [
        "NO. 59, JALAN PERMATA 9,",
        "NO.19 & 21",
        "Company Reg. No.: 001055194X",
        "(GST ID No: 000306020352)",
        "Room No: 01",
    ],
)
def test_a_number_word_after_a_name_or_on_an_address_line_labels_no_receipt_number(
    tmp_path: Path, line: str
) -> None:
    """As on the dev receipts: the number after "No." there is a house's, a company's, a
    tax id's or a room's; the receipt's own number is the one under its title."""
    items = [
        (20, 20, "KEDAI RUNCIT MAJU SDN BHD", 13),
        (20, 27, line, 9),
        (20, 34, "47000 Sungai Buloh, Selangor", 9),
        (20, 46, "Date: 12/03/2018", 10),
        (20, 60, "MILO 1KG   2 x 1.90   3.80", 10),
        (20, 80, "TOTAL RM 3.80", 10),
    ]
    fields = axocr.extract(text_pdf(tmp_path / "a.pdf", items)).fields
    assert fields.invoice_number.value is None
    titled = [*items, (20, 40, "TAX INVOICE", 11), (80, 40, "No.: CS-20242", 10)]
    fields = axocr.extract(text_pdf(tmp_path / "b.pdf", titled)).fields
    assert fields.invoice_number.value == "CS-20242"


def test_rounded_total_below_the_rounding_line_is_the_payable_total(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "r.pdf",
        _receipt_lines(["Total Sales Incl GST: 6.02", "Rounding Adj: -0.02", "Rounding: 6.00"]),
    )
    assert axocr.extract(path).fields.total.value == "6.00"


def test_a_rate_after_at_is_not_the_total(tmp_path: Path) -> None:
    # OCR reads "GST@6%" as "GST@66": the amount is the one beside the label, not the rate.
    items = _receipt_lines(["TOTAL INCL. GST@66"])
    items.append((150, items[-1][1], "RM 6.00", 10))  # the value in its own box, far right
    path = text_pdf(tmp_path / "a.pdf", items)
    assert axocr.extract(path).fields.total.value == "6.00"


def test_a_bare_integer_loses_to_amounts_with_cents_where_the_page_prints_cents() -> None:
    from axocr.extract.fields import Payment
    from axocr.extract.rank import adjust_amounts
    from axocr.types import FieldCandidate, FieldName, Provenance

    def cand(field: FieldName, value: str, label: str, cents: bool) -> FieldCandidate:
        return FieldCandidate(
            field=field,
            value=value,
            score=1.0,
            origin=Provenance(kind="label", label=label, place="right"),
            features={"has_decimals": float(cents)},
        )

    def scores(cents_printed: bool) -> dict[str, float]:
        # "Total Incl GST 600": the decimal point lost by OCR, beside a subtotal and tax
        # printed with cents (or, on a yen-like page, without).
        totals = [cand("total", "600", "total", False)]
        # (neither pair adds up to 600, so the total = subtotal + tax check stays out of it)
        sub, tax = ("5.66", "0.34") if cents_printed else ("560", "34")
        subtotals = [cand("subtotal", sub, "subtotal", cents_printed)]
        taxes = [cand("tax", tax, "gst", cents_printed)]
        adjust_amounts(totals, subtotals, taxes, Payment([], [], []), "en")
        return {c.value: c.score for c in totals}

    assert scores(cents_printed=True)["600"] < scores(cents_printed=False)["600"] - 0.2


def _printed(path: Path, lines: list[str], width: int) -> Path:
    """An image of ``lines`` in OpenCV's Hershey font, one every 60 px: OCR reads it back."""
    import cv2
    import numpy as np

    image = np.full((60 * len(lines) + 60, width, 3), 255, np.uint8)
    for i, text in enumerate(lines):
        cv2.putText(image, text, (30, 60 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    cv2.imwrite(str(path), image)
    return path


def test_misread_long_total_label_wins_over_a_short_label_inside_it(tmp_path: Path) -> None:
    # Printed as OCR read a SROIE receipt: "Tatal" for "Total"; the line also holds "GST",
    # a tax label on its own, which must not hide the total label around it.
    lines = [
        "KEDAI RUNCIT MAJU SDN BHD",
        "Invoice No: CS00012345",
        "Date: 12/03/2018",
        "MILO 1KG  2 x 15.90  31.80",
        "Total Sales (Excluding GST) : 31.03",
        "Total GST : 1.86",
        "Rounding : 0.01",
        "Tatal Sales (Inclusive of GST) : 32.70",
    ]
    total = axocr.extract(_printed(tmp_path / "t.png", lines, width=1000)).fields.total
    assert total.value == "32.70"
    # Found through its (misread) label, not as the largest amount left on the page.
    assert total.rule is not None and "inclusive of gst" in total.rule


def test_bill_to_heading_is_not_read_as_a_bill_number_label(tmp_path: Path) -> None:
    # "BILL TO" is one letter from "bill no": OCR lines are matched to labels fuzzily, but a
    # short label must match closer than that, or the customer's street number below the
    # heading becomes the invoice number.
    from axocr.extract.context import build_context

    lines = [
        "Sterling Systems Pty. Limited",
        "BILL TO",
        "Larkspur Supplies Pty Ltd",
        "1857 Market St.",
    ]
    ctx = build_context(axocr.read_document(_printed(tmp_path / "b.png", lines, width=900)))
    assert any(line.text == "BILL TO" for line in ctx.lines)
    assert not [
        h for h in ctx.hits if h.line.text == "BILL TO" and h.label.field == "invoice_number"
    ]


def test_name_right_below_a_label_is_not_the_labels_continuation(tmp_path: Path) -> None:
    # A wrapped name continues on the next line ("HOME MASTER HARDWARE &" / "ELECTRICAL"),
    # but a line ending in a colon is a label: the name below it stands on its own.
    path = text_pdf(
        tmp_path / "l.pdf",
        [
            (20, 20, "INVOICE", 16),
            (20, 34, "Please find our charges below.", 10),
            (120, 30, "Issue date:", 10),
            (120, 34.5, "Initech Services Ltd", 11),
            (120, 40, "12 King Street, London EC2V 8AA", 9),
            (20, 60, "Invoice No: INV-2024-0042", 10),
            (20, 66, "Date: 03 May 2024", 10),
            (120, 120, "Total: GBP 1,200.00", 11),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Initech Services Ltd"


def test_name_below_a_bare_label_line_is_not_joined_to_it(tmp_path: Path) -> None:
    # "Due date" alone on its line (its value further right), the issuer's name just below:
    # the two lines are not one wrapped name.
    path = text_pdf(
        tmp_path / "m.pdf",
        [
            (20, 20, "INVOICE", 16),
            (120, 30, "Due date", 10),
            (170, 30, "30 Jun 2024", 10),
            (120, 34.5, "Initech Services Ltd", 11),
            (120, 40, "12 King Street, London EC2V 8AA", 9),
            (20, 60, "Invoice No: INV-2024-0042", 10),
            (20, 66, "Date: 03 May 2024", 10),
            (120, 120, "Total: GBP 1,200.00", 11),
        ],
    )
    fields = axocr.extract(path).fields
    assert fields.vendor.value == "Initech Services Ltd"


def test_a_total_in_a_bracketed_note_is_not_the_total(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "n.pdf",
        _receipt_lines(["Total: 6.00", "(Total Incl. GST 0.34)"]),
    )
    assert axocr.extract(path).fields.total.value == "6.00"


def test_till_abbreviation_amt_due_labels_the_total(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "d.pdf", _receipt_lines(["Sub Total   6.00", "Amt Due   6.00"]))
    total = axocr.extract(path).fields.total
    assert total.value == "6.00"
    assert total.rule is not None and "amt due" in total.rule


def test_unlabelled_date_is_the_timestamp_not_an_article_code(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "h.pdf",
        [
            (20, 20, "KEDAI RUNCIT MAJU SDN BHD", 13),
            (20, 40, "HD03-04-06 - 5/40/160   2 x 1.90   3.80", 10),
            (20, 46, "CK11-22-31 - 10/400     1 x 2.20   2.20", 10),
            (20, 60, "TOTAL: 6.00", 10),
            (20, 80, "19-09-17 15:39 SH01ZJ03 T3 R000100808", 9),
        ],
    )
    assert axocr.extract(path).fields.invoice_date.value == "2017-09-19"


def test_malaysian_shop_header_with_a_bare_company_number(tmp_path: Path) -> None:
    # The name has no legal form; the company number below it (no brackets) and the address
    # lines (Bandar = town) mark it as the issuer, and neither the town line nor a customer
    # company further down is the vendor.
    path = text_pdf(
        tmp_path / "z.pdf",
        [
            (70, 20, "PERNIAGAAN ZHENG HUI", 12),
            (80, 25, "JM0325955-V", 10),
            (75, 30, "NO.59 JALAN PERMAS 9/5", 9),
            (74, 34, "BANDAR BARU PERMAS JAYA", 9),
            (78, 38, "81750 JOHOR BAHRU", 9),
            (72, 42, "TEL:07-386 7524 FAX:07-386 3793", 9),
            (80, 50, "SIMPLIFIED TAX INVOICE", 10),
            (65, 56, "GOGIANT ENGINEERING (M) SDN BHD", 10),
            (20, 64, "Invoice No: CS00012345   Date: 12/03/2018", 9),
            (20, 90, "TOTAL (RM): 112.45", 10),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "PERNIAGAAN ZHENG HUI"


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font (fonts-ipaexfont-gothic) not installed")
def test_japanese_label_with_one_look_alike_kanji_still_labels(tmp_path: Path) -> None:
    # Printed as OCR reads a scan: 伝票番号 as 伝票署号, 支払期限 as 支払期服. One kanji off in
    # a label of four or more is that label; the values beside them are the number and due date.
    rows = [
        ("旭商事株式会社御中", ""),
        ("伝票署号：", "06588435"),
        ("発行日：", "2024年8月27日"),
        ("支払期服：", "2024年9月30日"),
        ("ご請求金額", "¥428,570-"),
    ]
    fields = axocr.extract(_japanese_rows(tmp_path / "ja.png", rows, value_x=700)).fields
    assert fields.invoice_number.value == "06588435"
    assert fields.due_date.value == "2024-09-30"
    assert fields.invoice_date.value == "2024-08-27"


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font (fonts-ipaexfont-gothic) not installed")
def test_a_misread_kanji_label_is_read_whole_when_its_tail_is_a_shorter_label(
    tmp_path: Path,
) -> None:
    # Printed as OCR read a generated scan: 請求日付 as 睛求日付, whose tail 日付 is the pack's
    # weak date label, as 年月日 is 取引年月日's. The misread label is still the invoice date's,
    # not a tie with the transaction date under it.
    rows = [
        ("旭商事株式会社御中", ""),
        ("睛求日付", "令和6年2月29日"),
        ("取引年月日", "令和6年2月28日"),
        ("ご請求金額", "¥428,570-"),
    ]
    result = axocr.extract(_japanese_rows(tmp_path / "ja.png", rows, value_x=700))
    assert result.fields.invoice_date.value == "2024-02-29"
    # Two labelled dates a hair apart: nothing on the page checks which is the invoice's, so
    # a person does, however sure each reading is (0.9987 here).
    assert "invoice_date:contested" in result.review_reasons


def test_label_words_joined_by_hyphens_without_dots_still_label(tmp_path: Path) -> None:
    # As a till prints it: the net amount's label hyphenated, its abbreviation without a dot.
    path = text_pdf(
        tmp_path / "h.pdf",
        _receipt_lines(["Total (Eat In)   6.36", "GST 6%   0.36", "Total-Excl-GST   6.00"]),
    )
    fields = axocr.extract(path).fields
    assert fields.total.value == "6.36"
    assert fields.subtotal.value == "6.00"
    assert fields.subtotal.rule is not None and "excl" in fields.subtotal.rule


def test_a_line_under_an_address_line_is_address_not_the_name(tmp_path: Path) -> None:
    # A real receipt read upside down: OCR's boxes come out a little different, the street
    # line ("109, SS21/1A,") is no longer joined to the place name below it, and that place
    # name, right above the GST number, outscored the shop's name before.
    import cv2

    from tests.conftest import dataset_dir, dataset_labels

    label = next(d for d in dataset_labels("sroie") if d["id"] == "sroie-040")
    image = cv2.imread(str(dataset_dir("sroie") / label["path"]))
    path = tmp_path / "upside_down.png"
    cv2.imwrite(str(path), cv2.rotate(image, cv2.ROTATE_180))
    result = axocr.extract(path)
    assert result.pages == 1
    assert result.fields.vendor.value == label["fields"]["vendor"]
    assert result.fields.total.value == label["fields"]["total"]


def test_chevrons_read_as_one_kana_do_not_make_a_receipt_japanese() -> None:
    # SROIE-019, a Malaysian fuel receipt: OCR reads its ">>>> Receipt <<<<" banner as
    # "<Cくく<くく". Four kana of one kind made the page Japanese, and the ringgit total
    # (RM 86.00) a yen amount; a Japanese page has many different kana.
    from tests.conftest import dataset_dir, dataset_labels

    label = next(d for d in dataset_labels("sroie") if d["id"] == "sroie-019")
    result = axocr.extract(dataset_dir("sroie") / label["path"])
    assert "く" in "".join(
        ln.text
        for p in axocr.read_document(dataset_dir("sroie") / label["path"]).pages
        for ln in p.lines
    )
    assert result.language == "en"
    assert result.fields.currency.value == "MYR"
    assert result.fields.total.value == label["fields"]["total"]


def _japanese_rows(path: Path, rows: list[tuple[str, str]], value_x: int = 640) -> Path:
    """Label and value columns in IPAex Gothic, one row every 100 px, as an image for OCR."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(IPAEX), 36)
    image = Image.new("RGB", (1200, 100 * len(rows) + 60), "white")
    draw = ImageDraw.Draw(image)
    for i, (label, value) in enumerate(rows):
        draw.text((60, 40 + 100 * i), label, font=font, fill="black")
        draw.text((value_x, 40 + 100 * i), value, font=font, fill="black")
    image.save(path)
    return path


_PER_RATE_ROWS = [
    ("消費税（10%）", "¥37,346"),
    ("消費税（8%）", "¥514"),
    ("合計金額", "¥417,750"),
    ("10%対象 ¥373,460", "消費税 ¥37,346"),
    ("8%対象 ¥6,430", "消費税 ¥514"),
]


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font (fonts-ipaexfont-gothic) not installed")
def test_the_tax_of_one_rate_is_not_the_documents_tax(tmp_path: Path) -> None:
    # A qualified invoice prints its tax per rate, 10% and 8%; with no net amount on the page
    # to check against, the 10% tax (printed twice, and first) outscored their sum.
    path = _japanese_rows(tmp_path / "rates.png", [("サクラ物産合同会社", ""), *_PER_RATE_ROWS])
    result = axocr.extract(path)
    assert result.fields.tax.value == "37860"
    assert result.fields.total.value == "417750"


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font (fonts-ipaexfont-gothic) not installed")
def test_an_old_form_kanji_in_a_label_reads_as_the_modern_label(tmp_path: Path) -> None:
    # OCR reads the synthetic scans' 税抜合計 (net amount) as 税拔合計, with the old form of 抜;
    # one kanji off, it was as near to 税込合計 (a total) as to 税抜合計, and the total won.
    rows = [("サクラ物産合同会社", ""), ("税拔合計", "¥379,890"), *_PER_RATE_ROWS]
    path = _japanese_rows(tmp_path / "net.png", rows)
    assert any("税拔合計" in ln.text for p in axocr.read_document(path).pages for ln in p.lines)
    result = axocr.extract(path)
    assert result.fields.subtotal.value == "379890"
    assert result.fields.tax.value == "37860"
    assert result.fields.total.value == "417750"


def _letterhead(path: Path, head: str, mention: str, lines: list[str]) -> Path:
    items = [(20, 20, head, 11), (20, 26, mention, 8)]
    items += [(20, 50 + 7 * i, text, 10) for i, text in enumerate(lines)]
    return text_pdf(path, items)


_FR_HEAD = "Moulin Rouge Olives SARL - 12 rue Haute - 84000 Avignon"
_FR_MENTION = "SIRET : 12345678900012 - SARL au capital de 10 000 EUR"


@pytest.mark.parametrize(
    ("head", "mention", "lines", "vendor"),
    [
        # French law prints the form beside the name; the registries keep the name without it
        (
            _FR_HEAD,
            _FR_MENTION,
            ["Facture FA-2024-0012", "Date de facture 13/11/2024", "Total TTC 671,15 EUR"],
            "Moulin Rouge Olives",
        ),
        # the same seller writing in English still prints its French mentions
        (
            _FR_HEAD,
            _FR_MENTION,
            ["Invoice FA-2024-0012", "Invoice Date 11/13/2024", "Total 2,076.76 EUR"],
            "Moulin Rouge Olives",
        ),
        # German law makes the form part of the name (the Firma)
        (
            "Olivenhaus Berger GmbH - Hauptstrasse 5 - 10115 Berlin",
            "Amtsgericht Berlin HRB 12345 - USt-IdNr. DE123456789",
            ["Rechnung RE-2024-0012", "Rechnungsdatum 13.11.2024", "Gesamtbetrag 671,15 EUR"],
            "Olivenhaus Berger GmbH",
        ),
        # and so does Swiss law, in French too (art. 950 CO)
        (
            "Fromagerie Dubois SA - Rue du Lac 3 - 1003 Lausanne",
            "IDE CHE-123.456.789 TVA",
            ["Facture FA-2024-0012", "Date de facture 13.11.2024", "Total TTC CHF 671.15"],
            "Fromagerie Dubois SA",
        ),
    ],
)
def test_a_french_sellers_legal_form_is_beside_its_name_not_part_of_it(
    tmp_path: Path, head: str, mention: str, lines: list[str], vendor: str
) -> None:
    result = axocr.extract(_letterhead(tmp_path / "fr.pdf", head, mention, lines))
    assert result.fields.vendor.value == vendor
    assert result.fields.vendor.text is not None and head.startswith(result.fields.vendor.text[:20])


def test_an_identifier_spelled_like_a_label_is_the_value_not_a_label(tmp_path: Path) -> None:
    # invoice2data's Sammy Maystone test invoice numbers itself "#invoice_number_1"; OCR
    # reads it without the space after "#", and the misread-label match took the line for an
    # "invoice number" label, which hid it as the value under its "INVOICE" heading.
    lines = [
        "Sammy Maystone",
        "INVOICE",
        "#invoice_number_7",
        "Date: Jan 1, 2022",
        "Total: $310.00",
    ]
    image = _printed(tmp_path / "id.png", lines, width=700)
    assert "#invoice_number_7" in {
        ln.text for p in axocr.read_document(image).pages for ln in p.lines
    }
    assert axocr.extract(image).fields.invoice_number.value == "invoice_number_7"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        # as OCR read faint SROIE receipts (073, 070, 076): separators lost
        ("2703/2018", "2018-03-27"),
        ("0502-18", "2018-02-05"),
        ("27032018", "2018-03-27"),
        # as it read generated receipts: a month's abbreviation one letter off, B for 8
        ("Fob 18, 2018", "2018-02-18"),
        ("05 FED 2016", "2016-02-05"),
        ("201B-0B-28", "2018-08-28"),
    ],
)
def test_a_date_ocr_damaged_is_read_and_sent_to_review(
    tmp_path: Path, printed: str, iso: str
) -> None:
    # No parser reads these as dates, and the page has no other date. (OCR may read
    # "18, 2018" without its space.)
    lines = ["KEDAI RUNCIT MAJU SDN BHD", "CASH RECEIPT", printed, "TOTAL : 12.00"]
    result = axocr.extract(_printed(tmp_path / "d.png", lines, width=800))
    date = result.fields.invoice_date
    assert date.value == iso and (date.text or "").replace(" ", "") == printed.replace(" ", "")
    assert "invoice_date:date_repaired" in result.review_reasons


def test_digits_that_could_be_a_date_are_not_one_when_the_page_prints_its_date(
    tmp_path: Path,
) -> None:
    lines = ["KEDAI RUNCIT MAJU SDN BHD", "REF 27032018", "BATCH 050218", "Date: 12/04/2018"]
    result = axocr.extract(_printed(tmp_path / "d.png", lines, width=800))
    assert result.fields.invoice_date.value == "2018-04-12"
    lines = ["KEDAI RUNCIT MAJU SDN BHD", "BATCH 050218", "TOTAL : 12.00"]
    result = axocr.extract(_printed(tmp_path / "e.png", lines, width=800))
    assert result.fields.invoice_date.value is None


def _deposit_invoice(tmp_path: Path, totals: list[str], slip: list[str]) -> Path:
    head = [
        (20, 20, "Larkfield Print Ltd", 14),
        (20, 30, "Invoice No: LP-5531", 10),
        (20, 36, "Invoice Date: 14 March 2024", 10),
        (20, 60, "Brochures A5   2,000   0.45   900.00", 10),
        (20, 66, "Design work    1   600.00   600.00", 10),
    ]
    body = [(110, 90 + 6 * i, text, 10) for i, text in enumerate(totals)]
    # A detachable payment slip repeats the balance: two printings of the balance against
    # one of the gross.
    tail = [(20, 200 + 6 * i, text, 10) for i, text in enumerate(slip)]
    return text_pdf(tmp_path / "d.pdf", head + body + tail)


def test_the_invoice_total_is_the_gross_when_a_deposit_is_deducted(tmp_path: Path) -> None:
    # 1,500.00 + 225.00 VAT at two rates = 1,725.00; a 500.00 deposit leaves 1,225.00 to pay.
    # The e-invoice data (EN 16931) and the shared dataset labels carry the gross as the
    # invoice total.
    path = _deposit_invoice(
        tmp_path,
        [
            "Net Total: GBP 1,500.00",
            "VAT 20% (on 1,000.00): GBP 200.00",
            "VAT 5% (on 500.00): GBP 25.00",
            "Total incl. tax: GBP 1,725.00",
            "Less deposit paid: -GBP 500.00",
            "Total Due: GBP 1,225.00",
        ],
        ["Payment slip", "Larkfield Print Ltd", "Total Due: GBP 1,225.00"],
    )
    assert axocr.extract(path).fields.total.value == "1725.00"


def test_a_german_balance_after_received_advances_is_not_the_total(tmp_path: Path) -> None:
    path = _deposit_invoice(
        tmp_path,
        [
            "Gesamtbetrag: 2.380,00 EUR",
            "Erhaltene Anzahlungen: -1.000,00 EUR",
            "Zahlbetrag: 1.380,00 EUR",
        ],
        ["Zahlschein", "Larkfield Print Ltd", "Zahlbetrag: 1.380,00 EUR"],
    )
    assert axocr.extract(path).fields.total.value == "2380.00"


def test_without_a_deposit_line_the_amount_due_stays_the_total(tmp_path: Path) -> None:
    path = _deposit_invoice(
        tmp_path,
        ["Subtotal: GBP 1,500.00", "VAT 20%: GBP 300.00", "Amount Due: GBP 1,800.00"],
        ["Payment slip", "Amount Due: GBP 1,800.00"],
    )
    assert axocr.extract(path).fields.total.value == "1800.00"


def _dated_invoice(tmp_path: Path, lines: list[str]) -> Path:
    head = [(20, 20, "Westbrook Partners", 14), (20, 28, "Invoice No: WB-2210", 10)]
    # enough English for the page's language to be read as English
    tail = ["Payment terms: within 30 days of the invoice date.", "Thank you for your business!"]
    body = [(20, 40 + 6 * i, text, 10) for i, text in enumerate([*lines, *tail])]
    return text_pdf(tmp_path / "dated.pdf", head + body)


def test_an_australian_dollar_invoice_writes_the_day_first(tmp_path: Path) -> None:
    # A bare "$" reads month first (US); A$ amounts are Australian, where 08/06 is 8 June.
    path = _dated_invoice(
        tmp_path, ["Sydney NSW 2000", "Date: 08/06/2023", "Total Due: A$1,250.00"]
    )
    assert axocr.extract(path).fields.invoice_date.value == "2023-06-08"


def test_a_us_dollar_invoice_still_writes_the_month_first(tmp_path: Path) -> None:
    path = _dated_invoice(tmp_path, ["Austin, TX 78701", "Date: 08/06/2023", "Total: $1,250.00"])
    assert axocr.extract(path).fields.invoice_date.value == "2023-08-06"


@pytest.mark.parametrize(
    ("lines", "iso"),
    [
        (["Date Ordered: October 15, 2025", "Date: November 10, 2025"], "2025-11-10"),
        (["Date de prestation : 03/02/2023", "Date : 09/02/2023"], "2023-02-09"),
    ],
)
def test_an_order_or_service_date_is_not_the_issue_date(
    tmp_path: Path, lines: list[str], iso: str
) -> None:
    path = _dated_invoice(tmp_path, [*lines, "Total: EUR 1,250.00"])
    assert axocr.extract(path).fields.invoice_date.value == iso


def test_a_total_read_from_digits_that_spaces_part_goes_to_a_person(tmp_path: Path) -> None:
    # As OCR read a generated dot-matrix receipt whose total was 510.30: the point lost and
    # the digits spaced. The cash line, misread alike, equals the first piece less no change.
    items = _receipt_lines(["TOTAL INCL GST", "CASH", "CHANGE"])
    # each value in its own box far right, as OCR gave them
    items += [
        (150, y, text, 10)
        for (_, y, _, _), text in zip(items[-3:], ["51 0 30", "51 30", "00"], strict=True)
    ]
    result = axocr.extract(text_pdf(tmp_path / "d.pdf", items))
    assert result.fields.total.value == "51"
    assert "total:split_digits" in result.review_reasons
    # A whole amount, or one beside a quantity, is not held for it.
    whole = axocr.extract(text_pdf(tmp_path / "w.pdf", _receipt_lines(["TOTAL 3 ITEMS   6.00"])))
    assert whole.fields.total.value == "6.00"
    assert "total:split_digits" not in whole.review_reasons


def test_the_customers_address_level_with_a_label_is_not_its_value(tmp_path: Path) -> None:
    # The number's label on the left, its value under it; the customer's block on the right,
    # whose street line stands level with the label: "29" is a house number.
    path = text_pdf(
        tmp_path / "avoir.pdf",
        [
            (20, 15, "LEFEVRE CONSEIL", 16),
            (20, 22, "8 quai de Saone, 69002 Lyon", 9),
            (20, 34, "Facture d'avoir", 14),
            (120, 34, "Destinataire", 9),
            (120, 39, "Lefevre Imprimerie EURL", 10),
            (20, 45, "Avoir N°", 9),
            (120, 45, "29 boulevard Voltaire", 10),
            (20, 50, "FAC/24/3439", 10),
            (120, 50, "75002 Paris", 10),
            (20, 60, "Date: 15/02/2025", 9),
            (120, 120, "Total TTC: 1 200,00 EUR", 11),
        ],
    )
    assert axocr.extract(path).fields.invoice_number.value == "FAC/24/3439"
