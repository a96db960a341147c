"""The invoice a PDF carries as XML (ZUGFeRD, Factur-X, XRechnung): read, checked against the
printed page, and reported when it cannot be read. The PDFs are written here with fpdf2, the
XML embedded as Factur-X embeds it; the last test reads the real ZUGFeRD corpus PDFs of the
shared datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from text_pages import text_pdf

import axocr
from tests.conftest import dataset_dir, dataset_labels

PAGE = [
    (20.0, 20.0, "Nordlicht Buerotechnik GmbH", 16.0),
    (20.0, 28.0, "Hafenstrasse 12, 20457 Hamburg", 10.0),
    (20.0, 60.0, "RECHNUNG", 14.0),
    (20.0, 70.0, "Rechnung Nr.: RE-2024-117", 10.0),
    (20.0, 76.0, "Rechnungsdatum: 14.03.2024", 10.0),
    (20.0, 120.0, "Nettobetrag", 10.0),
    (-190.0, 120.0, "100,00 EUR", 10.0),
    (20.0, 126.0, "MwSt 19 %", 10.0),
    (-190.0, 126.0, "19,00 EUR", 10.0),
    (20.0, 132.0, "Gesamtbetrag", 10.0),
    (-190.0, 132.0, "119,00 EUR", 10.0),
]


# The page's items table, for the lines (two printed lines adding up to the 100,00 net).
TABLE = [
    (20.0, 90.0, "Beschreibung", 10.0),
    (120.0, 90.0, "Menge", 10.0),
    (145.0, 90.0, "Einzelpreis", 10.0),
    (-190.0, 90.0, "Betrag", 10.0),
    (20.0, 97.0, "Toner schwarz", 10.0),
    (120.0, 97.0, "2", 10.0),
    (145.0, 97.0, "35,00", 10.0),
    (-190.0, 97.0, "70,00", 10.0),
    (20.0, 103.0, "Wartung", 10.0),
    (120.0, 103.0, "1", 10.0),
    (145.0, 103.0, "30,00", 10.0),
    (-190.0, 103.0, "30,00", 10.0),
]


def cii_line(name: str, quantity: str, unit: str, price: str, amount: str) -> str:
    """One invoice line as CII writes it (EN 16931 BG-25), at 19 %."""
    return f"""
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>{name}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>{price}</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery>
        <ram:BilledQuantity unitCode="{unit}">{quantity}</ram:BilledQuantity>
      </ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>
          <ram:RateApplicablePercent>19.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation>
          <ram:LineTotalAmount>{amount}</ram:LineTotalAmount>
        </ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>"""


def cii(
    total: str = "119.00", seller: str = "Nordlicht Buerotechnik GmbH", lines: str = ""
) -> bytes:
    """A Factur-X / ZUGFeRD 2 (EN 16931) invoice of the page above, as its XML writes it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
    xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument>
    <ram:ID>RE-2024-117</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20240314</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>{lines}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>{seller}</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Kunde AG</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{total}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>{total}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
""".encode()


UBL = b"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>RE-2024-117</cbc:ID>
  <cbc:IssueDate>2024-03-14</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>Nordlicht Buerotechnik GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
</Invoice>
"""

MAIN = ("vendor", "total", "currency", "invoice_date", "invoice_number")
EXPECTED = {
    "vendor": "Nordlicht Buerotechnik GmbH",
    "total": "119.00",
    "currency": "EUR",
    "invoice_date": "2024-03-14",
    "invoice_number": "RE-2024-117",
}


@pytest.mark.parametrize(("name", "xml"), [("factur-x.xml", cii()), ("xrechnung.xml", UBL)])
def test_the_attached_invoice_confirms_what_the_page_prints(
    tmp_path: Path, name: str, xml: bytes
) -> None:
    result = axocr.extract(text_pdf(tmp_path / "r.pdf", PAGE, attachments={name: xml}))
    for field in MAIN:
        got = result.fields.get(field)
        assert got.value == EXPECTED[field], field
        assert not got.needs_review and got.confidence > 0.99, field
        assert got.provenance is not None and "einvoice" in got.rule, field
    # placed where the page prints it, for a reviewer's eye
    assert result.fields.total.page == 0 and result.fields.total.bbox is not None
    assert result.fields.tax.value == "19.00" and result.fields.subtotal.value == "100.00"
    assert not result.needs_review and result.errors == []


def test_a_value_the_page_does_not_print_goes_to_a_person(tmp_path: Path) -> None:
    # The XML's total is not the page's 119,00: the XML's is given, and a person compares.
    pdf = text_pdf(tmp_path / "r.pdf", PAGE, attachments={"factur-x.xml": cii(total="129.00")})
    result = axocr.extract(pdf)
    assert result.fields.total.value == "129.00"
    assert result.fields.total.needs_review
    assert "total:einvoice_unprinted" in result.review_reasons
    # the other fields are confirmed as before
    assert not result.fields.invoice_number.needs_review


@pytest.mark.parametrize(
    ("xml", "why"),
    [
        # entity expansion (a "billion laughs" in small): refused before it is parsed
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><CrossIndustryInvoice>&b;'
            b"</CrossIndustryInvoice>",
            "document type declaration",
        ),
        (b"<CrossIndustryInvoice><ExchangedDocument>", "not well-formed"),
    ],
)
def test_an_unreadable_attachment_is_reported_and_the_page_is_still_read(
    tmp_path: Path, xml: bytes, why: str
) -> None:
    result = axocr.extract(text_pdf(tmp_path / "r.pdf", PAGE, attachments={"factur-x.xml": xml}))
    errors = [e for e in result.errors if e.code == "einvoice_unreadable"]
    assert len(errors) == 1 and why in errors[0].message
    assert result.status == "partial"
    # the page's own reading stands
    assert result.fields.total.value == "119.00"
    assert "einvoice" not in (result.fields.total.rule or "")


def test_xml_of_another_kind_is_passed_over_and_the_option_turns_reading_off(
    tmp_path: Path,
) -> None:
    note = b"<DespatchAdvice><ID>LS-4471</ID></DespatchAdvice>"
    other = axocr.extract(
        text_pdf(tmp_path / "n.pdf", PAGE, attachments={"lieferschein.xml": note})
    )
    assert other.errors == [] and "einvoice" not in (other.fields.total.rule or "")
    pdf = text_pdf(tmp_path / "r.pdf", PAGE, attachments={"factur-x.xml": cii(total="129.00")})
    off = axocr.extract(pdf, einvoice=False)
    assert off.fields.total.value == "119.00"
    assert "einvoice" not in (off.fields.total.rule or "")


LINES = cii_line("Toner schwarz", "2.0000", "C62", "35.0000", "70.00") + cii_line(
    "Wartung", "1.0000", "HUR", "30.0000", "30.00"
)


def test_the_lines_are_the_xmls_placed_where_the_page_prints_them(tmp_path: Path) -> None:
    xml = cii(lines=LINES)
    result = axocr.extract(text_pdf(tmp_path / "r.pdf", PAGE + TABLE, attachments={"f.xml": xml}))
    got = [(i.description, i.quantity, i.unit, i.unit_price, i.amount) for i in result.line_items]
    assert got == [
        ("Toner schwarz", "2", "C62", "35", "70.00"),
        ("Wartung", "1", "HUR", "30", "30.00"),
    ]
    assert all(i.tax_rate == "19" and i.confidence == 0.999 for i in result.line_items)
    # each on the page's row of its amount: the toner's above the service's
    toner, service = result.line_items
    assert toner.page == service.page == 0 and toner.bbox and service.bbox
    assert toner.bbox[1] < service.bbox[1]
    assert [f.code for f in result.line_item_findings] == ["lines_sum"]


def test_a_line_the_page_does_not_print_is_shown_doubtful(tmp_path: Path) -> None:
    # The XML books a third line of 0,00 the page leaves out; its sum still holds.
    xml = cii(lines=LINES + cii_line("Anfahrt", "1", "C62", "0", "0.00"))
    result = axocr.extract(text_pdf(tmp_path / "r.pdf", PAGE + TABLE, attachments={"f.xml": xml}))
    assert [i.description for i in result.line_items] == ["Toner schwarz", "Wartung", "Anfahrt"]
    extra = result.line_items[2]
    assert extra.page is None and extra.confidence == 0.5
    assert [f.code for f in extra.findings] == ["einvoice_unprinted"]
    assert [f.code for f in result.line_item_findings] == ["lines_sum"]


def test_a_line_whose_amount_the_page_prints_outside_a_table_is_printed(tmp_path: Path) -> None:
    # No items table the reader knows (no header), but each amount stands on the page.
    rows = [(20.0, 97.0, "Toner schwarz 2 x 35,00", 10.0), (-190.0, 97.0, "70,00", 10.0)]
    rows += [(20.0, 103.0, "Wartung", 10.0), (-190.0, 103.0, "30,00", 10.0)]
    xml = cii(lines=LINES)
    result = axocr.extract(text_pdf(tmp_path / "r.pdf", PAGE + rows, attachments={"f.xml": xml}))
    assert [(i.amount, i.confidence, i.findings) for i in result.line_items] == [
        ("70.00", 0.999, []),
        ("30.00", 0.999, []),
    ]


def test_without_lines_in_the_xml_the_pages_lines_stay(tmp_path: Path) -> None:
    # A BASIC WL or MINIMUM profile carries no lines: the page's reading is all there is.
    pdf = text_pdf(tmp_path / "r.pdf", PAGE + TABLE, attachments={"f.xml": cii()})
    result = axocr.extract(pdf)
    assert [(i.description, i.amount) for i in result.line_items] == [
        ("Toner schwarz", "70.00"),
        ("Wartung", "30.00"),
    ]
    # checked as the page's lines are: against the printed subtotal, not the XML's line total
    assert [f.message for f in result.line_item_findings] == [
        "2 lines add up to the subtotal 100.00"
    ]


def test_every_zugferd_corpus_pdf_is_read_from_its_xml_and_confirmed_by_its_page() -> None:
    records = dataset_labels("zugferd")
    folder = dataset_dir("zugferd")
    assert records
    for rec in records:
        result = axocr.extract(folder / rec["path"])
        want = rec["fields"]
        got = result.fields
        assert got.vendor.value == want["vendor"], rec["id"]
        assert float(got.total.value or "nan") == float(want["total"]), rec["id"]
        assert got.currency.value == want["currency"], rec["id"]
        assert got.invoice_date.value == want["date"], rec["id"]
        assert got.invoice_number.value == want["invoice_number"], rec["id"]
        assert all("einvoice" in (got.get(f).rule or "") for f in MAIN), rec["id"]
        assert not any(got.get(f).needs_review for f in MAIN), rec["id"]
        # the labelled lines, each the XML's and printed on the page
        lines = [(i.description, float(i.amount or "nan")) for i in result.line_items]
        want_lines = [(x["description"], float(x["amount"])) for x in rec.get("line_items") or []]
        if want_lines:
            assert lines == want_lines, rec["id"]
            assert all(i.page is not None and i.confidence == 0.999 for i in result.line_items)


@pytest.mark.parametrize(("name", "xml"), [("xrechnung.xml", UBL), ("factur-x.xml", cii())])
def test_an_invoice_sent_as_xml_alone_is_read_from_it(
    tmp_path: Path, name: str, xml: bytes
) -> None:
    # XRechnung and Peppol invoices travel as XML with no page: the XML is the invoice.
    path = tmp_path / name
    path.write_bytes(xml)
    result = axocr.extract(path)
    assert result.status == "ok" and result.pages == 0 and result.errors == []
    for field in MAIN:
        got = result.fields.get(field)
        assert got.value == EXPECTED[field] and got.rule.startswith("einvoice:"), field
        assert not got.needs_review, field
    # the rules still check it (19 % is a usual rate)
    assert result.fields.tax.value == "19.00" and not result.fields.tax.needs_review
    assert not result.needs_review


def test_an_xml_invoices_lines_are_read_from_it(tmp_path: Path) -> None:
    path = tmp_path / "factur-x.xml"
    path.write_bytes(cii(lines=LINES))
    result = axocr.extract(path)
    assert [(i.description, i.amount, i.page) for i in result.line_items] == [
        ("Toner schwarz", "70.00", None),
        ("Wartung", "30.00", None),
    ]
    assert [(f.code, f.ok) for f in result.line_item_findings] == [("lines_sum", True)]
    # a line missing from the XML's own sum of its lines is reported
    short = tmp_path / "short.xml"
    short.write_bytes(cii(lines=cii_line("Toner schwarz", "2", "C62", "35", "70.00")))
    assert [(f.code, f.ok) for f in axocr.extract(short).line_item_findings] == [
        ("lines_incomplete", False)
    ]


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        (
            b"<?xml version='1.0'?><DespatchAdvice><ID>LS-1</ID></DespatchAdvice>",
            "unsupported_format",
        ),
        (b"<?xml version='1.0'?><Invoice><Number>7</Number></Invoice>", "unsupported_format"),
        (b"<rsm:CrossIndustryInvoice xmlns:rsm='urn:x'><broken>", "corrupt"),
        # entity expansion, refused before it is parsed
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]><Invoice>&a;</Invoice>',
            "corrupt",
        ),
    ],
)
def test_xml_that_is_no_readable_invoice_gets_an_error_record(
    tmp_path: Path, xml: bytes, code: str
) -> None:
    path = tmp_path / "x.xml"
    path.write_bytes(xml)
    result = axocr.extract(path)
    assert result.status == "failed" and [e.code for e in result.errors] == [code]


def test_an_xml_invoice_is_refused_when_reading_xml_is_off(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_bytes(UBL)
    result = axocr.extract(path, einvoice=False)
    assert [e.code for e in result.errors] == ["unsupported_format"]
    assert "einvoice" in result.errors[0].message
