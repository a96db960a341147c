"""The invoice a PDF carries as data: ZUGFeRD 1 and 2, Factur-X and XRechnung attach it as an
XML file beside the printed page, in one of the two syntaxes EN 16931 allows:

- UN/CEFACT Cross Industry Invoice (CII; ZUGFeRD 1's ``CrossIndustryDocument`` names its
  elements alike);
- OASIS UBL (``Invoice`` or ``CreditNote``).

Elements are found by their local names, so a namespace version or prefix does not matter.
An attachment that is not such an invoice is passed over; one that claims to be and cannot be
read is reported, never raised: the printed page is still read.

The XML is untrusted input: it is read only when small enough, and a document type
declaration (which e-invoices never carry; entity expansion hides in it) refuses it.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import pypdfium2 as pdfium

from axocr.types import EInvoice, EInvoiceLine, ErrorRecord

# An EN 16931 invoice of a few hundred lines is well under a megabyte.
MAX_XML_BYTES = 8_000_000

_CII_ROOTS = {"CrossIndustryInvoice", "CrossIndustryDocument"}
_UBL_ROOTS = {"Invoice", "CreditNote"}


class EInvoiceError(ValueError):
    """An attached invoice XML that cannot be read."""


def read_attached_einvoice(pdf: pdfium.PdfDocument) -> tuple[EInvoice | None, ErrorRecord | None]:
    """The first attachment of ``pdf`` that is a CII or UBL invoice, and an error record for
    one that claimed to be and could not be read. Call with the PDFium lock held."""
    for i in range(pdf.count_attachments()):
        try:
            attachment = pdf.get_attachment(i)
            name = attachment.get_name()
            if not name.lower().endswith(".xml"):
                continue
            data = bytes(attachment.get_data())
        except pdfium.PdfiumError:
            continue  # a damaged attachment, or one without a stream: nothing to read
        try:
            found = parse_einvoice(data, name)
        except EInvoiceError as exc:
            return None, ErrorRecord(code="einvoice_unreadable", message=f"{name}: {exc}")
        if found is not None:
            return found, None
    return None, None


def parse_einvoice(data: bytes, name: str = "invoice.xml") -> EInvoice | None:
    """The invoice in ``data``; None when it is XML of another kind (an attached delivery
    note, a signature). Raises :class:`EInvoiceError` for an invoice that cannot be read."""
    if len(data) > MAX_XML_BYTES:
        raise EInvoiceError(f"{len(data)} bytes, over the limit of {MAX_XML_BYTES}")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise EInvoiceError("a document type declaration, which no e-invoice carries")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise EInvoiceError(f"not well-formed XML ({exc})") from None
    kind = _local(root.tag)
    if kind in _CII_ROOTS:
        return _from_cii(root, name)
    if kind in _UBL_ROOTS:
        return _from_ubl(root, name)
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, name: str) -> Iterator[ET.Element]:
    return (c for c in node if _local(c.tag) == name)


def _path(node: ET.Element | None, *names: str) -> ET.Element | None:
    """The first element down ``names`` (direct children, one level each)."""
    for name in names:
        if node is None:
            return None
        node = next(_children(node, name), None)
    return node


def _either(node: ET.Element | None, *names: str) -> ET.Element | None:
    """The first direct child of ``node`` with one of ``names`` (the two syntaxes' or two
    versions' names of one element). Not ``or``: an element without children is falsy."""
    for name in names:
        found = _path(node, name)
        if found is not None:
            return found
    return None


def _anywhere(node: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in node.iter() if _local(e.tag) == name), None)


def _text(node: ET.Element | None) -> str | None:
    text = (node.text or "").strip() if node is not None else ""
    return " ".join(text.split()) or None


def _amount(node: ET.Element | None) -> str | None:
    text = _text(node)
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise EInvoiceError(
            f"{_local(node.tag) if node is not None else ''} {text!r} is no amount"
        ) from None
    if not value.is_finite():
        raise EInvoiceError(f"{text!r} is no amount")
    return format(abs(value) if value.is_zero() else value, "f")


def _in_currency(nodes: list[ET.Element], currency: str | None) -> ET.Element | None:
    """Of amounts given in several currencies (the VAT total in the invoice's and in the
    accounting currency), the one in the invoice's; the first if none says."""
    for node in nodes:
        if currency is not None and node.get("currencyID") == currency:
            return node
    return nodes[0] if nodes else None


def _cii_date(node: ET.Element | None) -> str | None:
    """A CII date: ``DateTimeString`` in format 102 (YYYYMMDD), as EN 16931 requires."""
    text = _text(_anywhere(node, "DateTimeString") if node is not None else None)
    if text is None:
        return None
    try:
        return datetime.datetime.strptime(text[:8], "%Y%m%d").date().isoformat()
    except ValueError:
        raise EInvoiceError(f"date {text!r} is not YYYYMMDD") from None


def _from_cii(root: ET.Element, name: str) -> EInvoice:
    # CII D16B's names first, then ZUGFeRD 1's
    header = _either(root, "ExchangedDocument", "HeaderExchangedDocument")
    trade = _either(root, "SupplyChainTradeTransaction", "SpecifiedSupplyChainTradeTransaction")
    if header is None or trade is None:
        raise EInvoiceError("no document header or trade transaction")
    agreement = _either(
        trade, "ApplicableHeaderTradeAgreement", "ApplicableSupplyChainTradeAgreement"
    )
    settlement = _either(
        trade, "ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement"
    )
    if settlement is None:
        raise EInvoiceError("no trade settlement")
    currency = _text(_path(settlement, "InvoiceCurrencyCode"))
    sums = _either(
        settlement,
        "SpecifiedTradeSettlementHeaderMonetarySummation",
        "SpecifiedTradeSettlementMonetarySummation",
    )
    terms = _path(settlement, "SpecifiedTradePaymentTerms")
    return EInvoice(
        attachment=name,
        syntax="CII",
        vendor=_text(_path(agreement, "SellerTradeParty", "Name")),
        total=_amount(_path(sums, "GrandTotalAmount")),
        currency=currency,
        invoice_date=_cii_date(_path(header, "IssueDateTime")),
        invoice_number=_text(_path(header, "ID")),
        due_date=_cii_date(_path(terms, "DueDateDateTime")),
        subtotal=_amount(_path(sums, "TaxBasisTotalAmount")),
        tax=_amount(
            _in_currency(
                list(_children(sums, "TaxTotalAmount")) if sums is not None else [], currency
            )
        ),
        lines=tuple(line for item in _cii_items(trade) if (line := _cii_line(item)).amount),
        lines_total=_amount(_path(sums, "LineTotalAmount")),
        tax_rates=_rates(
            t
            for tax in _children(settlement, "ApplicableTradeTax")
            for name in ("RateApplicablePercent", "ApplicablePercent")
            if (t := _text(_path(tax, name))) is not None
        ),
    )


def _cii_items(trade: ET.Element) -> Iterator[ET.Element]:
    """The invoice's lines: an EXTENDED invoice's group and information lines (which repeat or
    annotate others) are left out, as is a ZUGFeRD 1 note line (it has no amount)."""
    for item in _children(trade, "IncludedSupplyChainTradeLineItem"):
        status = _text(_path(item, "AssociatedDocumentLineDocument", "LineStatusReasonCode"))
        if status in (None, "DETAIL"):
            yield item


def _cii_line(item: ET.Element) -> EInvoiceLine:
    # ZUGFeRD 1 names the line's parts SpecifiedSupplyChainTrade*, CII D16B SpecifiedLineTrade*
    def part(kind: str) -> ET.Element | None:
        return _either(item, f"SpecifiedLineTrade{kind}", f"SpecifiedSupplyChainTrade{kind}")

    quantity = _path(part("Delivery"), "BilledQuantity")
    settlement = part("Settlement")
    sums = _either(
        settlement,
        "SpecifiedTradeSettlementLineMonetarySummation",
        "SpecifiedTradeSettlementMonetarySummation",
    )
    tax = _path(settlement, "ApplicableTradeTax")
    price = _path(part("Agreement"), "NetPriceProductTradePrice")
    return EInvoiceLine(
        description=_text(_path(item, "SpecifiedTradeProduct", "Name")) or "",
        quantity=_plain(_amount(quantity)),
        unit=quantity.get("unitCode") if quantity is not None else None,
        unit_price=_unit_price(_path(price, "ChargeAmount"), _path(price, "BasisQuantity")),
        amount=_amount(_path(sums, "LineTotalAmount")),
        tax_rate=_rate(_text(_either(tax, "RateApplicablePercent", "ApplicablePercent"))),
    )


def _unit_price(price: ET.Element | None, basis: ET.Element | None) -> str | None:
    """The net price of one unit: a price may be given per a basis quantity (per 100)."""
    value = _amount(price)
    per = _amount(basis)
    if value is None or per is None or Decimal(per) in (0, 1):
        return _plain(value)
    return _plain(str(Decimal(value) / Decimal(per)))


def _plain(number: str | None) -> str | None:
    """A quantity or price without the trailing zeros of the XML's fixed precision
    (``2.0000`` → ``2``); an amount keeps its cents."""
    return None if number is None else format(Decimal(number).normalize(), "f")


def _rate(text: str | None) -> str | None:
    """A rate in percent as a plain decimal; None for one that is no number."""
    try:
        return _plain(text)
    except InvalidOperation:
        return None


def _rates(texts: Iterator[str]) -> tuple[str, ...]:
    """Distinct rates in percent, as plain decimals; one that is no number is left out."""
    out: list[str] = []
    for rate in map(_rate, texts):
        if rate is not None and rate not in out:
            out.append(rate)
    return tuple(out)


def _ubl_date(node: ET.Element | None) -> str | None:
    text = _text(node)
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise EInvoiceError(f"date {text!r} is not YYYY-MM-DD") from None


def _from_ubl(root: ET.Element, name: str) -> EInvoice:
    currency = _text(_path(root, "DocumentCurrencyCode"))
    party = _path(root, "AccountingSupplierParty", "Party")
    vendor = _text(_path(party, "PartyLegalEntity", "RegistrationName")) or _text(
        _path(party, "PartyName", "Name")
    )
    sums = _path(root, "LegalMonetaryTotal")
    taxes = [t for tt in _children(root, "TaxTotal") for t in _children(tt, "TaxAmount")]
    due = _path(root, "DueDate")
    if due is None:
        due = _path(root, "PaymentMeans", "PaymentDueDate")
    return EInvoice(
        attachment=name,
        syntax="UBL",
        vendor=vendor,
        total=_amount(_path(sums, "TaxInclusiveAmount")),
        currency=currency,
        invoice_date=_ubl_date(_path(root, "IssueDate")),
        invoice_number=_text(_path(root, "ID")),
        due_date=_ubl_date(due),
        subtotal=_amount(_path(sums, "TaxExclusiveAmount")),
        tax=_amount(_in_currency(taxes, currency)),
        lines=tuple(
            _ubl_line(line)
            for kind in ("InvoiceLine", "CreditNoteLine")
            for line in _children(root, kind)
        ),
        lines_total=_amount(_path(sums, "LineExtensionAmount")),
        tax_rates=_rates(
            t
            for tt in _children(root, "TaxTotal")
            for sub in _children(tt, "TaxSubtotal")
            if (t := _text(_path(sub, "TaxCategory", "Percent"))) is not None
        ),
    )


def _ubl_line(line: ET.Element) -> EInvoiceLine:
    quantity = _either(line, "InvoicedQuantity", "CreditedQuantity")
    price = _path(line, "Price")
    return EInvoiceLine(
        description=_text(_path(line, "Item", "Name"))
        or _text(_path(line, "Item", "Description"))
        or "",
        quantity=_plain(_amount(quantity)),
        unit=quantity.get("unitCode") if quantity is not None else None,
        unit_price=_unit_price(_path(price, "PriceAmount"), _path(price, "BaseQuantity")),
        amount=_amount(_path(line, "LineExtensionAmount")),
        tax_rate=_rate(_text(_path(line, "Item", "ClassifiedTaxCategory", "Percent"))),
    )
