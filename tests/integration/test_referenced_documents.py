"""Kinds of page found on invoices from outside the dev sets (a marketplace's tax invoice, a
French e-invoice with a fiscal representative and a corrected invoice): what the page says
about another document, another party or another date is not this invoice's. Each expected
value is what the test page prints."""

from __future__ import annotations

from pathlib import Path

from text_pages import text_pdf

import axocr


def _marketplace(path: Path, currency_sentence: str) -> Path:
    return text_pdf(
        path,
        [
            (20, 20, "Tax Invoice", 16),
            (20, 30, "Kestrel Market", 13),
            (20, 36, "ABN: 11 119 159 741", 10),
            (20, 41, "PO Box 1612, Collins Street West, VIC 8007", 10),
            (20, 46, "Australia", 10),
            (20, 60, "To: Larkspur Ltd          Order date: 28 Jan 15", 10),
            (20, 66, "Invoice No. 12429647", 10),
            (20, 80, "Item purchase $80.80", 10),
            (20, 86, "Buyer fee $20.20", 10),
            (20, 92, "Invoice Total: $101.00", 10),
            (20, 104, f"Please keep this page for your records. {currency_sentence}", 9),
            (20, 110, "Credits from this purchase will expire on 28 Jan 2016.", 9),
        ],
    )


def test_a_sentence_that_names_the_dollar_settles_the_issuers_country(tmp_path: Path) -> None:
    stated = axocr.extract(_marketplace(tmp_path / "usd.pdf", "All prices are in US dollars."))
    assert stated.fields.total.value == "101.00"
    assert stated.fields.currency.value == "USD"
    # the same page without the sentence: a bare "$" of an Australian issuer
    unstated = axocr.extract(_marketplace(tmp_path / "aud.pdf", "Thank you."))
    assert unstated.fields.currency.value == "AUD"


def test_an_order_date_is_the_date_of_a_page_that_labels_no_other(tmp_path: Path) -> None:
    """Not the date in the sentence about when credits expire, at the page's foot."""
    result = axocr.extract(_marketplace(tmp_path / "order.pdf", "Thank you."))
    assert result.fields.invoice_date.value == "2015-01-28"


def test_a_date_taken_from_another_label_goes_to_a_person(tmp_path: Path) -> None:
    """The page's only date is an order date: it is the best guess, not a reading."""
    path = text_pdf(
        tmp_path / "only-order.pdf",
        [
            (20, 20, "Kestrel Market Pty Ltd", 14),
            (20, 30, "Order date: 28 Jan 2015", 10),
            (20, 36, "Invoice No. 12429647", 10),
            (20, 50, "Invoice Total: $101.00", 10),
        ],
    )
    result = axocr.extract(path)
    assert result.fields.invoice_date.value == "2015-01-28"
    assert result.fields.invoice_date.needs_review
    assert "invoice_date:contested" in result.review_reasons


def _corrected_invoice(path: Path) -> Path:
    return text_pdf(
        path,
        [
            (20, 20, "ATELIERS DUVAL", 16),
            (20, 27, "12 rue des Forges, 69002 LYON", 10),
            (20, 32, "N° TVA intra : FR 11 123 456 782", 10),
            (20, 42, "Représentant fiscal", 10),
            (20, 47, "CABINET MERCIER FISCAL", 12),
            (20, 52, "8 avenue Foch, 75016 PARIS", 10),
            (-190, 20, "FACTURE N° : F2026-0023", 12),
            (-190, 26, "DATE : 31/01/2026", 10),
            (20, 70, "N° DE FACTURE ASSOCIEE : F2026-0003", 10),
            (20, 76, "DATE DE FACTURE ASSOCIEE : 01/01/2026", 10),
            (20, 82, "DATE DE DEBUT DE PRESTATION : 01/01/2026", 10),
            (20, 88, "DATE DE FIN DE PRESTATION : 31/12/2026", 10),
            (20, 110, "TOTAL HT 100,00", 10),
            (20, 116, "TOTAL TVA 20,00", 10),
            (20, 122, "NET A PAYER 120,00 EUR", 11),
        ],
    )


def test_a_corrected_invoice_is_not_read_as_the_invoice_it_corrects(tmp_path: Path) -> None:
    """Its reference to the invoice it amends, printed in capitals without accents, gives
    neither the number nor the date; nor does the service period."""
    fields = axocr.extract(_corrected_invoice(tmp_path / "corr.pdf")).fields
    assert fields.invoice_number.value == "F2026-0023"
    assert fields.invoice_date.value == "2026-01-31"
    assert fields.total.value == "120.00"


def test_a_fiscal_representative_is_not_the_vendor(tmp_path: Path) -> None:
    """The representative's block, under its heading, printed larger and with a legal form:
    it acts for the seller in tax matters and does not issue the invoice."""
    path = text_pdf(
        tmp_path / "rep.pdf",
        [
            (20, 20, "FACTURE", 16),
            (20, 32, "Fournisseur", 9),
            (20, 37, "ATELIERS DUVAL", 11),
            (20, 42, "12 rue des Forges, 69002 LYON", 9),
            (20, 47, "N° TVA intra : FR 11 123 456 782", 9),
            (20, 57, "Représentant fiscal", 9),
            (20, 62, "CABINET MERCIER SARL", 13),
            (20, 67, "8 avenue Foch, 75016 PARIS", 9),
            (20, 72, "N° TVA intra : FR 05 987 654 321", 9),
            (-190, 32, "FACTURE N° : F2026-0023", 10),
            (-190, 37, "DATE : 31/01/2026", 10),
            (20, 110, "TOTAL HT 100,00", 10),
            (20, 116, "TOTAL TVA 20,00", 10),
            (20, 122, "NET A PAYER 120,00 EUR", 11),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "ATELIERS DUVAL"


def test_an_italian_delivery_date_is_not_the_letters_date(tmp_path: Path) -> None:
    """ "Data consegna" is an ignored label of the Italian pack: the date beside it is the
    delivery's, below the unlabelled date the letter is dated with, though printed above it."""
    path = text_pdf(
        tmp_path / "it.pdf",
        [
            (20, 20, "Ferramenta Rossi S.r.l.", 14),
            (20, 28, "Data consegna: 20/02/2024", 10),
            (20, 40, "Roma, 15/02/2024", 10),
            (20, 50, "Fattura n. 2024/118", 10),
            (20, 70, "Totale documento EUR 244,00", 10),
        ],
    )
    assert axocr.extract(path).fields.invoice_date.value == "2024-02-15"


def test_an_amount_no_label_names_and_nothing_checks_goes_to_a_person(tmp_path: Path) -> None:
    """The first page of a longer invoice, scanned alone: item rows and no total. The page's
    likeliest amount is offered as the total, but nothing on it says so."""
    items = [
        (20, 20, "QualityNet Hosting AG", 14),
        (20, 27, "Uferweg 40, D-63571 Gelnhausen", 9),
        (20, 45, "Rechnung Nr. 30064443", 11),
        (20, 52, "Datum: 07.05.2014", 10),
        (20, 70, "Pos.  Menge  Beschreibung", 9),
        (150, 70, "VK-Preis", 9),
        (175, 70, "Zeilenbetrag", 9),
    ]
    for i in range(6):
        y = 78 + 12 * i
        items += [
            (20, y, f"{i + 1}   1   Small Business Exchange 2010", 9),
            (150, y, "5,39", 9),
            (178, y, "5,39", 9),
        ]
    items.append((20, 160, "Seite 1 von 2", 8))
    result = axocr.extract(text_pdf(tmp_path / "page1.pdf", items))
    assert result.fields.total.needs_review
    assert "total:unchecked" in result.review_reasons
