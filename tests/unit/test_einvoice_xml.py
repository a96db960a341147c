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
