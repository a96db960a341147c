"""Reading an e-invoice's XML (pure parsing of hand-written documents in the element names of
the published syntaxes: ZUGFeRD 1, CII as ZUGFeRD 2 / Factur-X write it, UBL)."""

from __future__ import annotations

import pytest

from axocr.document.einvoice import MAX_XML_BYTES, EInvoiceError, parse_einvoice

ZUGFERD_1 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:HeaderExchangedDocument>
    <ram:ID>471102</ram:ID>
    <ram:IssueDateTime><udt:DateTimeString format="102">20130305</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Lieferant   GmbH</ram:Name></ram:SellerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>GBP</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradePaymentTerms>
        <ram:DueDateDateTime><udt:DateTimeString format="102">20130404</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:TaxBasisTotalAmount>858.75</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">183.14</ram:TaxTotalAmount>
        <ram:TaxTotalAmount currencyID="GBP">163.16</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>1021.91</ram:GrandTotalAmount>
        <ram:DuePayableAmount>521.91</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>
"""


def test_zugferd_1_is_read_by_its_element_names() -> None:
    inv = parse_einvoice(ZUGFERD_1, "ZUGFeRD-invoice.xml")
    assert inv is not None and inv.syntax == "CII"
    assert inv.vendor == "Lieferant GmbH"  # the XML's runs of blanks folded
    assert inv.invoice_number == "471102"
    assert (inv.invoice_date, inv.due_date) == ("2013-03-05", "2013-04-04")
    # the total with VAT (BT-112), not the amount still due after a prepayment
    assert inv.total == "1021.91" and inv.currency == "GBP"
    # the VAT total given in two currencies: the invoice's
    assert (inv.subtotal, inv.tax) == ("858.75", "163.16")


def test_a_ubl_credit_note_is_read() -> None:
    xml = b"""<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
      xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
      xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
      <cbc:ID>GS-17</cbc:ID><cbc:IssueDate>2024-02-29</cbc:IssueDate>
      <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
      <cac:AccountingSupplierParty><cac:Party>
        <cac:PartyName><cbc:Name>Kontor Nord</cbc:Name></cac:PartyName>
      </cac:Party></cac:AccountingSupplierParty>
      <cac:LegalMonetaryTotal><cbc:TaxInclusiveAmount currencyID="EUR">59.5</cbc:TaxInclusiveAmount>
      </cac:LegalMonetaryTotal></CreditNote>"""
    inv = parse_einvoice(xml)
    assert inv is not None and inv.syntax == "UBL"
    assert (inv.vendor, inv.invoice_number, inv.invoice_date) == (
        "Kontor Nord",
        "GS-17",
        "2024-02-29",
    )
    assert (inv.total, inv.tax, inv.due_date) == ("59.5", None, None)


def test_xml_of_another_kind_is_no_invoice() -> None:
    assert parse_einvoice(b"<DespatchAdvice><ID>LS-1</ID></DespatchAdvice>") is None


@pytest.mark.parametrize(
    ("xml", "why"),
    [
        (ZUGFERD_1.replace(b"20130305", b"05.03.2013"), "not YYYYMMDD"),
        (ZUGFERD_1.replace(b"1021.91", b"1.021,91"), "no amount"),
        (b"<CrossIndustryInvoice/>", "no document header"),
        (b"<Invoice><cbc:ID>1</cbc:ID></Invoice>", "not well-formed"),  # unbound prefix
        (b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><Invoice/>', "document type declaration"),
        (b"<Invoice>" + b" " * MAX_XML_BYTES + b"</Invoice>", "over the limit"),
    ],
)
def test_an_invoice_that_cannot_be_read_says_why(xml: bytes, why: str) -> None:
    with pytest.raises(EInvoiceError, match=why):
        parse_einvoice(xml)


def test_the_rates_an_invoice_applies_are_read() -> None:
    xml = ZUGFERD_1.replace(
        b"<ram:InvoiceCurrencyCode>GBP</ram:InvoiceCurrencyCode>",
        b"<ram:InvoiceCurrencyCode>GBP</ram:InvoiceCurrencyCode>"
        b"<ram:ApplicableTradeTax><ram:ApplicablePercent>19.00</ram:ApplicablePercent>"
        b"</ram:ApplicableTradeTax><ram:ApplicableTradeTax><ram:ApplicablePercent>7"
        b"</ram:ApplicablePercent></ram:ApplicableTradeTax>",
    )
    inv = parse_einvoice(xml)
    assert inv is not None and inv.tax_rates == ("19", "7")


def _zugferd_1_line(body: bytes) -> bytes:
    return ZUGFERD_1.replace(
        b"<ram:ApplicableSupplyChainTradeAgreement>",
        b"<ram:IncludedSupplyChainTradeLineItem>"
        + body
        + b"</ram:IncludedSupplyChainTradeLineItem><ram:ApplicableSupplyChainTradeAgreement>",
        1,
    )


def test_zugferd_1_lines_are_read_and_a_note_line_is_left_out() -> None:
    note = b"""<ram:AssociatedDocumentLineDocument><ram:IncludedNote><ram:Content>Lieferung bis
      23.12. garantiert</ram:Content></ram:IncludedNote></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedSupplyChainTradeSettlement />"""
    # ZUGFeRD 1 names the line's parts SpecifiedSupplyChainTrade*; a price per 100 units
    item = b"""<ram:SpecifiedSupplyChainTradeAgreement><ram:NetPriceProductTradePrice>
        <ram:ChargeAmount>1.0500</ram:ChargeAmount>
        <ram:BasisQuantity unitCode="C62">100.0000</ram:BasisQuantity>
      </ram:NetPriceProductTradePrice></ram:SpecifiedSupplyChainTradeAgreement>
      <ram:SpecifiedSupplyChainTradeDelivery>
        <ram:BilledQuantity unitCode="C62">3500.0000</ram:BilledQuantity>
      </ram:SpecifiedSupplyChainTradeDelivery>
      <ram:SpecifiedSupplyChainTradeSettlement>
        <ram:ApplicableTradeTax><ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementMonetarySummation>
          <ram:LineTotalAmount>36.75</ram:LineTotalAmount>
        </ram:SpecifiedTradeSettlementMonetarySummation>
      </ram:SpecifiedSupplyChainTradeSettlement>
      <ram:SpecifiedTradeProduct><ram:Name>FALTENBEUTEL 16x6x28 CM</ram:Name></ram:SpecifiedTradeProduct>"""
    inv = parse_einvoice(_zugferd_1_line(note))
    assert inv is not None and inv.lines == ()
    inv = parse_einvoice(_zugferd_1_line(item))
    assert inv is not None and len(inv.lines) == 1
    line = inv.lines[0]
    assert (line.description, line.quantity, line.unit) == (
        "FALTENBEUTEL 16x6x28 CM",
        "3500",
        "C62",
    )
    # 1.05 per 100 units is 0.0105 a unit: 3500 × 0.0105 = 36.75
    assert (line.unit_price, line.amount, line.tax_rate) == ("0.0105", "36.75", "19")


def test_an_extended_invoices_group_line_is_left_out() -> None:
    def item(status: bytes, amount: bytes) -> bytes:
        return (
            b"<ram:AssociatedDocumentLineDocument><ram:LineStatusReasonCode>"
            + status
            + b"</ram:LineStatusReasonCode></ram:AssociatedDocumentLineDocument>"
            b"<ram:SpecifiedSupplyChainTradeSettlement><ram:SpecifiedTradeSettlementMonetarySummation>"
            b"<ram:LineTotalAmount>"
            + amount
            + b"</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation>"
            b"</ram:SpecifiedSupplyChainTradeSettlement>"
        )

    # a group line sums its detail lines: counting it would book them twice
    xml = _zugferd_1_line(
        item(b"GROUP", b"30.00") + b"</ram:IncludedSupplyChainTradeLineItem>"
        b"<ram:IncludedSupplyChainTradeLineItem>" + item(b"DETAIL", b"30.00")
    )
    inv = parse_einvoice(xml)
    assert inv is not None and [x.amount for x in inv.lines] == ["30.00"]


def test_ubl_lines_and_due_date_are_read() -> None:
    xml = b"""<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
      xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
      xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
      <cbc:ID>F-9</cbc:ID><cbc:IssueDate>2026-07-16</cbc:IssueDate>
      <cbc:DueDate>2026-08-15</cbc:DueDate>
      <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
      <cac:LegalMonetaryTotal>
        <cbc:LineExtensionAmount currencyID="EUR">273.00</cbc:LineExtensionAmount>
      </cac:LegalMonetaryTotal>
      <cac:InvoiceLine><cbc:ID>1</cbc:ID>
        <cbc:InvoicedQuantity unitCode="LTR">10</cbc:InvoicedQuantity>
        <cbc:LineExtensionAmount currencyID="EUR">135.00</cbc:LineExtensionAmount>
        <cac:Item><cbc:Name>Huile d'olive 50cl</cbc:Name>
          <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>5.5</cbc:Percent></cac:ClassifiedTaxCategory>
        </cac:Item>
        <cac:Price><cbc:PriceAmount currencyID="EUR">13.50</cbc:PriceAmount></cac:Price>
      </cac:InvoiceLine>
      <cac:InvoiceLine><cbc:ID>2</cbc:ID>
        <cbc:InvoicedQuantity unitCode="C62">20</cbc:InvoicedQuantity>
        <cbc:LineExtensionAmount currencyID="EUR">138.00</cbc:LineExtensionAmount>
        <cac:Item><cbc:Description>Nougats en cubes</cbc:Description>
          <cac:ClassifiedTaxCategory><cbc:Percent>20</cbc:Percent></cac:ClassifiedTaxCategory>
        </cac:Item>
        <cac:Price><cbc:PriceAmount currencyID="EUR">6.90</cbc:PriceAmount></cac:Price>
      </cac:InvoiceLine></Invoice>"""
    inv = parse_einvoice(xml)
    assert inv is not None
    # cbc:DueDate has no children: it must not be taken for missing
    assert inv.due_date == "2026-08-15"
    assert [
        (x.description, x.quantity, x.unit, x.unit_price, x.amount, x.tax_rate) for x in inv.lines
    ] == [
        ("Huile d'olive 50cl", "10", "LTR", "13.5", "135.00", "5.5"),
        ("Nougats en cubes", "20", "C62", "6.9", "138.00", "20"),
    ]
    assert inv.lines_total == "273.00"
