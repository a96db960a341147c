"""Review reasons in words, for the person who has to act on them.

A reason code (``total:total_mismatch``) tells a program what failed; a reviewer needs the
numbers ("total 112.46 does not equal subtotal 106.10 + tax 6.36"). The sentences are built
from the findings' ``data`` (the values each rule compared); results written before findings
carried data fall back to the finding's own message.
"""

from __future__ import annotations

from axocr.types import FIELD_NAMES, ExtractedField, Finding, InvoiceResult

LABELS = {
    "vendor": "vendor",
    "total": "total",
    "currency": "currency",
    "invoice_date": "invoice date",
    "invoice_number": "invoice number",
    "due_date": "due date",
    "subtotal": "subtotal",
    "tax": "tax",
    "registration_number": "registration number",
    "purchase_order": "purchase order",
}


def finding_sentence(finding: Finding) -> str:
    """One failed finding as a sentence."""
    d = finding.data
    code = finding.code
    if code == "total_mismatch" and {"total", "subtotal", "tax"} <= d.keys():
        total_sum = f" (= {d['sum']})" if "sum" in d else ""
        return (
            f"total {d['total']} does not equal subtotal {d['subtotal']} + tax {d['tax']}"
            f"{total_sum}"
        )
    if code == "tax_mismatch" and {"tax", "base"} <= d.keys():
        rates = d.get("rates", "").split(",")
        shown = ", ".join(f"{r} %" for r in rates[:6] if r)
        return f"tax {d['tax']} on {d['base']} matches no usual rate ({shown}, ...)"
    if code == "date_implausible" and "date" in d:
        return (
            f"invoice date {d['date']} is before {d.get('earliest', '1990-01-01')} "
            "or more than a year ahead"
        )
    if code == "date_repaired" and "date" in d:
        return (
            f"invoice date {d['date']} was read from {d.get('text', '')!r}, which OCR "
            "misread: check the day and the month"
        )
    if code == "due_before_issue" and {"due", "issued"} <= d.keys():
        return f"due date {d['due']} is before the invoice date {d['issued']}"
    if code == "invoice_number_suspicious" and "value" in d:
        return f"invoice number {d['value']} {d.get('problems') or 'looks unusual'}"
    if code == "check_digit_invalid" and "value" in d:
        return f"registration number {d['value']} has a wrong check digit"
    if code == "currency_inconsistent" and "currency" in d:
        if d.get("counted"):
            return (
                f"currency {d['currency']} was chosen by counting the signs of a page that "
                f"prints several ({d.get('printed', '')})"
            )
        if d.get("country"):
            return (
                f"currency {d['currency']} rests on one sign, on a page whose issuer's "
                f"country pays in {d['country']}"
            )
        return f"currency {d['currency']} is not among those printed ({d.get('printed', '')})"
    if code == "vendor_unknown":
        closest = d.get("closest")
        near = f" (closest: {closest}, score {d.get('score', '?')})" if closest else ""
        who = f"vendor {d['vendor']}" if d.get("vendor") else "the vendor"
        return f"{who} is not in the vendor master{near}"
    label = LABELS.get(finding.field or "", finding.field or "document")
    return f"{label}: {finding.message or code.replace('_', ' ')}"


def field_sentences(name: str, field: ExtractedField, reasons: list[str]) -> list[str]:
    """Why one field needs a person, one sentence per reason code (``missing``,
    ``low_confidence``, ``not_an_invoice`` or a finding code)."""
    label = LABELS.get(name, name)
    out: list[str] = []
    for reason in reasons:
        if reason == "missing":
            out.append(f"no {label} was found")
        elif reason == "low_confidence":
            out.append(
                f"{label} {field.value} was read with confidence {field.confidence:.1%}, "
                "below the review threshold"
            )
        elif reason == "unprinted":
            out.append(
                f"{label} {field.value} is printed nowhere on the page: it is only the usual "
                "currency of pages in its language"
            )
        elif reason == "prefix_lost":
            out.append(
                f"{label} {field.value} comes from a bare dollar sign, and the page prints "
                "another whose country prefix OCR misread: which dollar it is is a guess"
            )
        elif reason == "read_otherwise":
            out.append(
                f"{label} {field.value}: the page prints the name again, spelled otherwise "
                "there; one of the two is misread"
            )
        elif reason == "not_the_operator":
            out.append(
                f"{label} {field.value} is not the company the page names as the shop's operator"
            )
        elif reason == "weak":
            out.append(
                f"{label} {field.value} is only the least unlikely line: nothing on the page "
                "reads like the issuer's name"
            )
        elif reason == "broken_name":
            out.append(
                f"{label} {field.value} has a word in small letters between capitalised ones: "
                "OCR dropped a capital or split a word, and the name may be misspelled"
            )
        elif reason == "split_digits":
            out.append(
                f"{label} {field.value} was read from digits that spaces part, as OCR reads a worn "
                "print: which of them make the amount, and where its point was, is a guess"
            )
        elif reason == "till_doubt":
            out.append(
                f"{label} {field.value} is one misread digit away from the two amounts under it, "
                "the first less the second (cash less change): one of the three was misread"
            )
        elif reason == "doubtful_character":
            out.append(
                f"{label} {field.value} has a character OCR was less than 60% sure of: a digit "
                "read as its look-alike still makes a plausible date"
            )
        elif reason == "order_guessed":
            out.append(
                f"{label} {field.value} reads as two dates, day or month first, and the page "
                "shows no currency or address that tells its country's order"
            )
        elif reason == "not_an_invoice":
            out.append(f"{label} {field.value} is read from what does not look like an invoice")
        else:
            failed = [f for f in field.findings if f.code == reason and not f.ok]
            if failed:
                out.extend(finding_sentence(f) for f in failed)
            else:
                out.append(f"{label}: {reason.replace('_', ' ')}")
    return out


def reasons_by_field(result: InvoiceResult) -> dict[str, list[str]]:
    """The result's review reasons in words, per field; document-level reasons (errors,
    ``no_fields``) under the key ``"document"``."""
    codes: dict[str, list[str]] = {}
    document: list[str] = []
    for reason in result.review_reasons:
        name, sep, code = reason.partition(":")
        if sep and name in FIELD_NAMES:
            codes.setdefault(name, []).append(code)
        else:
            document.append(reason)
    out: dict[str, list[str]] = {}
    for name in FIELD_NAMES:
        field = result.fields.get(name)
        mine = codes.get(name, [])
        # A failed finding on an optional field does not always reach review_reasons, but a
        # reviewer looking at that field still wants to know.
        for f in field.findings:
            if not f.ok and f.code not in mine:
                mine.append(f.code)
        if field.needs_review and not mine and field.value is not None:
            # an optional field that was not found is no reason to stop a reviewer
            mine = ["low_confidence"]
        if mine:
            out[name] = field_sentences(name, field, mine)
    if document:
        messages = {e.code: e.message for e in result.errors}
        out["document"] = [
            "this does not look like an invoice: no labelled total, tax or invoice number"
            if code == "no_fields"
            else f"{code.replace('_', ' ')}: {messages[code]}"
            if code in messages
            else code.replace("_", " ")
            for code in document
        ]
    return out
