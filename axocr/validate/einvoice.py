"""The page's reading against the invoice the PDF carries as data (ZUGFeRD, Factur-X,
XRechnung: :mod:`axocr.document.einvoice`).

The XML is what the issuer's system booked, so its value is taken for every field it gives.
A value the page prints too (a candidate the extractor found, or the value's text on the
page) is certain: two sources agree, and the reader can be shown where it stands. A value the
page does not print goes to a person: what a reviewer compares against is the page, and the
two should not disagree on an invoice (``einvoice_unprinted``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from axocr.normalize import detect_currency, find_amounts, find_dates, to_decimal
from axocr.types import (
    FIELD_NAMES,
    EInvoice,
    ExtractedField,
    FieldCandidate,
    Fields,
    Finding,
    LineItem,
    Provenance,
    Ranked,
    alnum_key,
)

# The fields an e-invoice gives and the candidate lists where the page may print each (an
# amount the extractor ranked as the subtotal can be the XML's total of a one-rate invoice).
_WHERE: dict[str, tuple[str, ...]] = {
    "vendor": ("vendor",),
    "total": ("total", "subtotal", "tax"),
    "subtotal": ("subtotal", "total", "tax"),
    "tax": ("tax", "subtotal", "total"),
    "invoice_date": ("invoice_date", "due_date"),
    "due_date": ("due_date", "invoice_date"),
    "invoice_number": ("invoice_number", "purchase_order"),
}
# Confidence of a value the XML gives and the page prints.
CONFIRMED = 0.999
# An identifier this short is found inside other numbers by chance.
_MIN_FREE_ID = 4


def _same(name: str) -> Callable[[str, str], bool]:
    """Equality of two values of field ``name`` as the page and the XML write them."""
    if name in ("total", "subtotal", "tax"):
        # a credit note prints its amounts negative, EN 16931 carries them positive
        return lambda a, b: (x := to_decimal(a)) is not None and abs(x) == abs(to_decimal(b) or 0)
    if name in ("vendor", "invoice_number"):
        return lambda a, b: alnum_key(a) == alnum_key(b) != ""
    return lambda a, b: a == b


def _as_page_writes(name: str, value: str) -> str:
    """A candidate's value in the XML's sign (a credit note's amounts are positive there, as
    in the result) and the page's precision."""
    amount = to_decimal(value) if name in ("total", "subtotal", "tax") else None
    return format(abs(amount), "f") if amount is not None else value


def _printed_amounts(text: str) -> set[Decimal]:
    """Every amount the page prints, unsigned."""
    return {abs(m.value) for ln in text.splitlines() for m in find_amounts(ln)}


def _printed_text(name: str, value: str, text: str) -> bool:
    """The value stands on the page where no candidate of the field was found."""
    if name in ("total", "subtotal", "tax"):
        return abs(to_decimal(value) or 0) in _printed_amounts(text)
    if name in ("invoice_date", "due_date"):
        # either order of day and month: the XML says which the page meant
        return any(
            d.value.isoformat() == value
            for ln in text.splitlines()
            for first in (True, False)
            for d in find_dates(ln, day_first=first)
        )
    if name == "currency":
        return any(detect_currency(ln) == value for ln in text.splitlines())
    key = alnum_key(value)
    return len(key) >= _MIN_FREE_ID and key in alnum_key(text)


def _on_page(name: str, value: str, ranked: Mapping[str, Ranked]) -> FieldCandidate | None:
    same = _same(name)
    for where in _WHERE.get(name, ()):
        for cand in ranked[where].ranked if where in ranked else []:
            if same(cand.value, value):
                return cand
    return None


def take_einvoice(
    fields: Fields, ranked: Mapping[str, Ranked], einvoice: EInvoice, text: str
) -> dict[str, bool]:
    """Set every field the e-invoice gives to its value, placed where the page prints it;
    say for each such field whether the page prints it."""
    printed: dict[str, bool] = {}
    for name in (*_WHERE, "currency"):
        value = einvoice.value(name)
        if value is None:
            continue
        if name == "currency":
            # kept where the total is; printed where the page's own signs or codes say it
            current = fields.currency
            read = current.provenance.detail if current.provenance else ""
            printed[name] = (
                current.value == value and read in ("total", "label", "page")
            ) or _printed_text(name, value, text)
            origin = _origin(einvoice)
            fields.currency = current.model_copy(
                update={"value": value, "rule": origin.rule, "provenance": origin}
            )
            continue
        current = fields.get(name)
        if current.value is not None and _same(name)(current.value, value):
            # the page's reading agrees (a date whose order only the page's other dates told)
            origin = (current.provenance or _origin(einvoice)).tagged("einvoice")
            current.provenance, current.rule = origin, origin.rule
            printed[name] = True
            continue
        cand = _on_page(name, value, ranked)
        if cand is not None:
            field = ExtractedField.from_candidate(
                cand, value=_as_page_writes(name, cand.value), origin=cand.origin.tagged("einvoice")
            )
            setattr(fields, name, field)
            printed[name] = True
            continue
        origin = _origin(einvoice)
        setattr(fields, name, ExtractedField(value=value, rule=origin.rule, provenance=origin))
        printed[name] = _printed_text(name, value, text)
    return printed


def _origin(einvoice: EInvoice) -> Provenance:
    return Provenance(kind="einvoice", detail=einvoice.attachment)


def einvoice_alone(einvoice: EInvoice) -> Fields:
    """The fields of an invoice sent as XML alone (XRechnung, Peppol): the XML is the invoice,
    with no page to hold it against, so every value it gives is certain."""
    fields = Fields()
    origin = _origin(einvoice)
    for name in FIELD_NAMES:
        value = einvoice.value(name)
        if value is not None:
            setattr(
                fields,
                name,
                ExtractedField(
                    value=value, confidence=CONFIRMED, rule=origin.rule, provenance=origin
                ),
            )
    return fields


def einvoice_findings(printed: dict[str, bool], einvoice: EInvoice) -> list[Finding]:
    """Per field the e-invoice gave: found on the page too, or not."""
    out = []
    for name, ok in printed.items():
        value = einvoice.value(name) or ""
        data = {"value": value, "attachment": einvoice.attachment}
        said = f"{name} {value} from the attached {einvoice.attachment}"
        out.append(
            Finding(code="einvoice", field=name, ok=True, message=f"{said} is printed", data=data)
            if ok
            else Finding(
                code="einvoice_unprinted",
                field=name,
                ok=False,
                message=f"{said} is not found on the printed page",
                data=data,
            )
        )
    return out


def einvoice_lines(
    einvoice: EInvoice, printed: list[LineItem] | None, text: str = ""
) -> tuple[list[LineItem], list[Finding]]:
    """The e-invoice's lines and the checks on them; ``printed`` is the page's reading of its
    lines (None for an invoice sent as XML alone), ``text`` the page's text.

    The XML's lines are the invoice's, as its fields are. One the page prints (a page line of
    the same amount, taken in order) keeps the page's place and is certain, as is one whose
    amount the page prints where its table was not read; one the page does not print is
    shown with what the XML says, at half confidence, for a person to look at.
    """
    origin = einvoice.attachment
    free = list(printed or [])
    amounts = _printed_amounts(text)
    same = _same("total")
    out: list[LineItem] = []
    for n, line in enumerate(einvoice.lines, start=1):
        item = LineItem(**line.model_dump(), confidence=CONFIRMED)
        if printed is not None:
            match = next((p for p in free if p.amount and same(p.amount, line.amount or "")), None)
            if match is not None:
                free.remove(match)
                item.page, item.bbox = match.page, match.bbox
            elif not (line.amount and abs(to_decimal(line.amount) or 0) in amounts):
                item.confidence = 0.5
                item.findings.append(
                    Finding(
                        code="einvoice_unprinted",
                        field="line_items",
                        ok=False,
                        message=f"line {n} ({line.amount}) from the attached {origin} is not "
                        "found among the printed lines",
                    )
                )
        out.append(item)
    checked = _lines_add_up(einvoice)
    return out, [checked] if checked is not None else []


def _lines_add_up(einvoice: EInvoice) -> Finding | None:
    """The lines against the XML's own sum of them (BT-106): a line this reader passed over
    (an EXTENDED profile's sub-lines) shows as a difference."""
    if einvoice.lines_total is None or not einvoice.lines:
        return None
    got = sum((to_decimal(x.amount or "0") or Decimal(0) for x in einvoice.lines), Decimal(0))
    ok = got == (to_decimal(einvoice.lines_total) or Decimal(0))
    return Finding(
        code="lines_sum" if ok else "lines_incomplete",
        field="line_items",
        ok=ok,
        message=f"{len(einvoice.lines)} lines add up to {got}"
        + (", " if ok else ", not ")
        + f"the line total {einvoice.lines_total} of the attached {einvoice.attachment}",
    )
