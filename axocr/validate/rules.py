"""Validation rules. Each returns findings: machine-readable, with the field they concern."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from axocr.lang.labels import (
    INVOICE_TITLES,
    RECEIPT_TITLES,
    SERVICE_CHARGES,
    TILL_CHANGE,
    TILL_TENDER,
)
from axocr.normalize import (
    country_currency,
    detect_currency,
    dollar_country,
    find_amounts,
    find_dates,
    registration_check_digit_ok,
    to_decimal,
)
from axocr.types import ExtractedField, Fields, Finding

MINOR_UNIT = {"JPY": Decimal("1"), "KRW": Decimal("1")}
COMMON_RATES = (
    Decimal("10"),
    Decimal("8"),
    Decimal("5"),
    Decimal("19"),
    Decimal("7"),
    Decimal("20"),
    Decimal("5.5"),
    Decimal("21"),
    Decimal("9"),
    Decimal("6"),
    Decimal("0"),
    Decimal("16"),
    Decimal("15"),
    Decimal("12"),
    Decimal("18"),
    Decimal("25"),
    Decimal("22"),
    Decimal("23"),
)
EARLIEST = dt.date(1990, 1, 1)
FUTURE_DAYS = 366


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


_TAX_INCLUDED = re.compile(r"内税|内消費税|税込|incl|inkl|inclusive|ttc|inclus", re.IGNORECASE)


CASH_STEP = Decimal("0.05")


def _adds_up(exact: Decimal, total: Decimal, unit: Decimal) -> bool:
    """``exact`` is the ``total`` to within one minor unit, or rounded for cash."""
    return abs(exact - total) <= unit or _cash_rounded(exact, total, unit)


def _cash_rounded(exact: Decimal, total: Decimal, unit: Decimal) -> bool:
    """A total rounded to the nearest 0.05 for cash, as Malaysia and Switzerland round it:
    4.88 payable as 4.90."""
    return unit == Decimal("0.01") and total % CASH_STEP == 0 and abs(exact - total) < CASH_STEP / 2


# Japan's two consumption-tax rates: a receipt with both has an included tax between the parts
# all items at 8% and all at 10% would give.
_JA_RATES = (Decimal("8"), Decimal("10"))


def _included_tax_fits(total: Decimal, tax: Decimal, unit: Decimal, currency: str | None) -> bool:
    """Is ``tax`` the part of ``total`` that a common rate includes? Shops that print prices
    with tax show the included tax without saying so ("Total 42.40 / GST 6% 2.40"); summed
    per item, it may be a couple of minor units off."""
    if not 0 < tax < total:
        return False
    rates = _JA_RATES if currency == "JPY" else COMMON_RATES
    if any(abs(total * r / (100 + r) - tax) <= 2 * unit for r in rates if r > 0):
        return True
    low, high = (total * r / (100 + r) for r in _JA_RATES)
    return currency == "JPY" and low - unit <= tax <= high + unit


# No tax rate in the world is above this share of what it is levied on.
MAX_TAX_SHARE = Decimal("0.3")


def _service_charge(
    sub: Decimal, tax: Decimal, total: Decimal, unit: Decimal, page_text: str
) -> Decimal | None:
    """The service charge that makes subtotal + charge + tax the total, when the page prints
    one and its rate ("Service Charge 10%"): restaurants add it before the tax."""
    if not SERVICE_CHARGES.search(page_text):
        return None
    for rate in sorted(printed_rates(page_text)):
        charge = (sub * rate / Decimal(100)).quantize(unit, rounding=ROUND_HALF_UP)
        exact = sub + charge + tax
        if charge > 0 and _adds_up(exact, total, unit):
            return charge
    return None


def check_arithmetic(fields: Fields, page_text: str = "") -> list[Finding]:
    total = to_decimal(fields.total.value)
    sub = to_decimal(fields.subtotal.value)
    tax = to_decimal(fields.tax.value)
    if total is None or sub is None or tax is None:
        return []
    if tax > MAX_TAX_SHARE * max(sub, total):
        # No tax of either: the tax read is another amount (the subtotal again, "6%" read as
        # 600), which says nothing of the total. check_tax_rate holds the tax.
        return []
    unit = MINOR_UNIT.get(fields.currency.value or "", Decimal("0.01"))
    ok = _adds_up(sub + tax, total, unit)
    charge = None if ok else _service_charge(sub, tax, total, unit, page_text)
    ok = ok or charge is not None
    if (
        not ok
        and abs(sub - total) <= unit
        and (
            _TAX_INCLUDED.search(page_text)
            or _included_tax_fits(total, tax, unit, fields.currency.value)
        )
    ):
        # Tax-inclusive prices (内税, GST included): the subtotal already contains the tax.
        ok = True
    return [
        Finding(
            code="total_mismatch",
            field="total",
            ok=ok,
            message=f"subtotal {sub} + tax {tax} = {sub + tax}, total printed {total}"
            if charge is None
            else f"subtotal {sub} + service charge {charge} + tax {tax} = {sub + charge + tax},"
            f" total printed {total}",
            data={
                "total": str(total),
                "subtotal": str(sub),
                "tax": str(tax),
                "sum": str(sub + tax + (charge or 0)),
                **({"service_charge": str(charge)} if charge is not None else {}),
            },
        )
    ]


def tax_matches_rate(base: Decimal, tax: Decimal, rate: Decimal, unit: Decimal) -> bool:
    exact = base * rate / Decimal(100)
    # Japanese invoices may round tax down, half up or up, per invoice (消費税の端数処理).
    options = {
        exact.quantize(unit, rounding=r) for r in (ROUND_FLOOR, ROUND_HALF_UP, ROUND_CEILING)
    }
    return tax in options or abs(exact - tax) <= unit


# A printed rate: "10%", "5,5 %", a US sales tax "8.875%", full-width "８％" after NFKC or not.
_PRINTED_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,4})?)\s*[%％]")


def printed_rates(page_text: str) -> set[Decimal]:
    """Every percentage up to the highest tax rate (MAX_TAX_SHARE) printed on the page (tax
    rates, and discounts that do no harm)."""
    rates = set()
    for m in _PRINTED_RATE.findall(page_text):
        rate = Decimal(m.replace(",", "."))
        if rate <= 100 * MAX_TAX_SHARE:
            rates.add(rate)
    return rates


def check_tax_rate(fields: Fields, page_text: str) -> list[Finding]:
    sub = to_decimal(fields.subtotal.value)
    tax = to_decimal(fields.tax.value)
    total = to_decimal(fields.total.value)
    if tax is None or (sub is None and total is None):
        return []
    unit = MINOR_UNIT.get(fields.currency.value or "", Decimal("0.01"))
    printed = printed_rates(page_text)
    rates = sorted(printed | set(COMMON_RATES))
    bases = [sub] if sub is not None and sub > 0 else []
    included = total is not None and (
        sub is None or abs(sub - total) <= unit or bool(_TAX_INCLUDED.search(page_text))
    )
    if included and total is not None and total - tax > 0:
        # Prices with tax included (内税, 税込, "incl. VAT"): the tax is the rate's share of
        # the total, i.e. the rate applied to what is left without it; a "subtotal" equal to
        # the total already contains it.
        bases.append(total - tax)
    if not bases:
        return []
    base = bases[0]
    ok = False
    for candidate in bases:
        if any(tax_matches_rate(candidate, tax, r, unit) for r in rates):
            ok, base = True, candidate
            break
    if not ok and included and total is not None and set(_JA_RATES) <= printed:
        # A Japanese receipt with items at 8% and at 10% (both printed): the included tax
        # lies between the two rates' shares of the total.
        ok = _included_tax_fits(total, tax, unit, fields.currency.value)
    if not ok and printed and len(printed) > 1:
        # Mixed rates (10% and 8% reduced rate): the tax is a sum of per-rate parts.
        ok = tax <= base * max(printed) / Decimal(100) + unit
    return [
        Finding(
            code="tax_mismatch",
            field="tax",
            ok=ok,
            message=f"tax {tax} on base {base} matches no rate in {', '.join(map(str, rates[:6]))}..."
            if not ok
            else f"tax {tax} on base {base} is consistent with a printed or common rate",
            data={"tax": str(tax), "base": str(base), "rates": ",".join(map(str, rates))},
        )
    ]


def looks_like_receipt(page_text: str) -> str | None:
    """Why the document reads as a receipt (no invoice number expected), or None.

    Decided from the page alone: a receipt title ("Receipt", "領収書", "Quittung"), money
    tendered and change given back ("Cash ... Change", "お預り ... お釣り"), or no invoice title
    anywhere (a till slip that calls itself nothing).
    """
    if RECEIPT_TITLES.search(page_text):
        return "a receipt title"
    if TILL_TENDER.search(page_text) and TILL_CHANGE.search(page_text):
        return "money tendered and change given"
    if not INVOICE_TITLES.search(page_text):
        return "no invoice title"
    return None


def check_dates(fields: Fields, today: dt.date | None = None) -> list[Finding]:
    today = today or dt.date.today()
    out: list[Finding] = []
    issued = _date(fields.invoice_date.value)
    due = _date(fields.due_date.value)
    if issued is not None:
        ok = EARLIEST <= issued <= today + dt.timedelta(days=FUTURE_DAYS)
        out.append(
            Finding(
                code="date_implausible",
                field="invoice_date",
                ok=ok,
                message=f"invoice date {issued} "
                + ("is plausible" if ok else f"is before {EARLIEST} or more than a year ahead"),
                data={"date": str(issued), "earliest": str(EARLIEST)},
            )
        )
    if issued is not None and _repaired(fields.invoice_date):
        # The extractor mended a date OCR damaged ("2703/2018", "201B-0B-28", "Fob 18,
        # 2018"); a person confirms it.
        out.append(
            Finding(
                code="date_repaired",
                field="invoice_date",
                ok=False,
                message=f"invoice date {issued} read from {fields.invoice_date.text!r}, "
                "a date OCR misread",
                data={"date": str(issued), "text": fields.invoice_date.text or ""},
            )
        )
    if issued is not None and due is not None:
        ok = due >= issued
        out.append(
            Finding(
                code="due_before_issue",
                field="due_date",
                ok=ok,
                message=f"due {due} {'is not before' if ok else 'is before'} issue {issued}",
                data={"due": str(due), "issued": str(issued)},
            )
        )
    return out


_PHONE = re.compile(r"^\+?\(?\d{2,4}\)?[-\s.]\d{2,4}[-\s.]\d{3,4}$")
_POSTAL = re.compile(r"^(\d{3}-\d{4}|\d{5}(-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d)$")


# Currencies whose minor unit has three digits (ISO 4217): a 3-decimal figure can be money.
_THREE_DECIMALS = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}
_FRACTION = re.compile(r"[.,](\d+)\s*$")


def _amount_like(value: str, currency: str | None) -> bool:
    """Is the whole value an amount of money? "2024.47202" or "2024.001" is a year and a
    serial, as some invoicing programs number invoices: money is printed with two decimals
    (one on some till slips), three only in the currencies above."""
    amounts = find_amounts(value)
    if not amounts or not amounts[0].has_decimals or amounts[0].raw.strip() != value.strip():
        return False
    fraction = _FRACTION.search(value)
    places = len(fraction.group(1)) if fraction else 2
    return places <= 2 or (places == 3 and currency in _THREE_DECIMALS)


def check_invoice_number(fields: Fields) -> list[Finding]:
    value = fields.invoice_number.value
    if value is None:
        return []
    problems = []
    if _PHONE.match(value):
        problems.append("looks like a phone number")
    if _POSTAL.match(value) and "-" in value:
        problems.append("looks like a postal code")
    if find_dates(value) and len(re.sub(r"\D", "", value)) <= 8:
        problems.append("looks like a date")
    if _amount_like(value, fields.currency.value):
        problems.append("looks like an amount")
    return [
        Finding(
            code="invoice_number_suspicious",
            field="invoice_number",
            ok=not problems,
            message="; ".join(problems) if problems else "plausible identifier",
            data={"value": value, "problems": "; ".join(problems)},
        )
    ]


def check_registration(fields: Fields) -> list[Finding]:
    value = fields.registration_number.value
    if value is None:
        return []
    ok = bool(re.fullmatch(r"T\d{13}", value)) and registration_check_digit_ok(value)
    return [
        Finding(
            code="check_digit_invalid",
            field="registration_number",
            ok=ok,
            message="check digit valid" if ok else f"{value}: check digit does not match",
            data={"value": value},
        )
    ]


def check_currency(fields: Fields, page_text: str) -> list[Finding]:
    cur = fields.currency.value
    if cur is None:
        return []
    # A bare "$" is the sign of the issuer's country's dollar (or ringgit on some Malaysian
    # tills): the same reading the extractor gave it. Counted by the lines that print it.
    printed = [c for line in page_text.splitlines() if (c := detect_currency(line))]
    named = {c: dollar_country(c, page_text) for c in set(printed)}
    lines = Counter(named[c] for c in printed)
    if not lines:
        return []
    seen = set(lines)
    # Where the page prints several currencies and neither the total nor a label says which is
    # the invoice's, the count of their signs chose: a "%" read as "€" can outvote "RM".
    origin = fields.currency.provenance
    counted = origin is not None and origin.detail == "page"
    voted = len(seen) > 1 and counted
    # One line's sign, counted, against the country the page's names and address belong to:
    # a digit misread as a sign ("Tel (703) 505-25€2" on a Texan till slip) is all it was.
    country = country_currency(page_text) if counted and lines[cur] == 1 else None
    disputed = country is not None and country != cur
    ok = cur in seen and not voted and not disputed
    verdict = (
        "was counted among"
        if voted
        else f"is printed once on a page whose issuer pays in {country}, among"
        if disputed
        else "matches"
        if ok
        else "is not among"
    )
    return [
        Finding(
            code="currency_inconsistent",
            field="currency",
            ok=ok,
            message=f"{cur} {verdict} the currencies printed: " + ", ".join(sorted(seen)),
            data={"currency": cur, "printed": ", ".join(sorted(seen))}
            | ({"counted": "yes"} if voted else {})
            | ({"country": country} if disputed else {}),
        )
    ]


def _repaired(field: ExtractedField) -> bool:
    """The extractor put back a date's separators that OCR lost."""
    origin = field.provenance
    return origin is not None and origin.kind == "unlabelled" and origin.detail == "date-repaired"


def run_rules(fields: Fields, page_text: str, today: dt.date | None = None) -> list[Finding]:
    return [
        *check_arithmetic(fields, page_text),
        *check_tax_rate(fields, page_text),
        *check_dates(fields, today),
        *check_invoice_number(fields),
        *check_registration(fields),
        *check_currency(fields, page_text),
    ]
