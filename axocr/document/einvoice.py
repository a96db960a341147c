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

from axocr.types import EInvoice, ErrorRecord

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
    header = _path(root, "ExchangedDocument") or _path(root, "HeaderExchangedDocument")
    trade = _path(root, "SupplyChainTradeTransaction") or _path(
        root, "SpecifiedSupplyChainTradeTransaction"
    )
    if header is None or trade is None:
        raise EInvoiceError("no document header or trade transaction")
    agreement = _path(trade, "ApplicableHeaderTradeAgreement") or _path(
        trade, "ApplicableSupplyChainTradeAgreement"
    )
    settlement = _path(trade, "ApplicableHeaderTradeSettlement") or _path(
        trade, "ApplicableSupplyChainTradeSettlement"
    )
    if settlement is None:
        raise EInvoiceError("no trade settlement")
    currency = _text(_path(settlement, "InvoiceCurrencyCode"))
    sums = _path(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation") or _path(
        settlement, "SpecifiedTradeSettlementMonetarySummation"
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
        tax_rates=_rates(
            t
            for tax in _children(settlement, "ApplicableTradeTax")
            for name in ("RateApplicablePercent", "ApplicablePercent")
            if (t := _text(_path(tax, name))) is not None
        ),
    )


def _rates(texts: Iterator[str]) -> tuple[str, ...]:
    """Distinct rates in percent, as plain decimals; one that is no number is left out."""
    out: list[str] = []
    for text in texts:
        try:
            rate = format(Decimal(text).normalize(), "f")
        except InvalidOperation:
            continue
        if rate not in out:
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
    due = _path(root, "DueDate") or _path(root, "PaymentMeans", "PaymentDueDate")
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
        tax_rates=_rates(
            t
            for tt in _children(root, "TaxTotal")
            for sub in _children(tt, "TaxSubtotal")
            if (t := _text(_path(sub, "TaxCategory", "Percent"))) is not None
        ),
    )
