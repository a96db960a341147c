"""How dates and amounts are printed: the variety a reader of real invoices must cope with.

Every function here turns a value into the exact string put on the page, so the tests can
look for that string in the PDF text layer.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

EN_DATE_FORMATS = ("month_d_y", "d_month_y", "dd/mm/yyyy", "iso", "mon_d_y")
JA_DATE_FORMATS = ("ja_kanji", "ja_kanji_padded", "ja_reiwa", "ja_slash")

# Day-first slashes are only printed by non-US vendors: a reader cannot tell 05/06/2024 apart
# otherwise, and the ground truth must stay unambiguous for a human reading the page.
EN_DAY_FIRST_CURRENCIES = frozenset({"GBP", "EUR", "AUD"})

EN_AMOUNT_FORMATS = ("symbol", "code_suffix", "code_prefix", "symbol_eu")
JA_AMOUNT_FORMATS = ("yen_sign", "en_suffix", "fullwidth_dash", "fullwidth")

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "AUD": "A$", "JPY": "¥"}

Money = Literal["plain", "with_currency"]


def format_date(d: date, fmt: str) -> str:
    """Print a date in one of the named formats (see ``EN_DATE_FORMATS``/``JA_DATE_FORMATS``)."""
    if fmt == "month_d_y":
        return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if fmt == "mon_d_y":
        return f"{_MONTHS[d.month - 1][:3]} {d.day}, {d.year}"
    if fmt == "d_month_y":
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    if fmt == "dd/mm/yyyy":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if fmt == "iso":
        return d.isoformat()
    if fmt == "ja_kanji":
        return f"{d.year}年{d.month}月{d.day}日"
    if fmt == "ja_kanji_padded":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if fmt == "ja_reiwa":
        return f"{reiwa_year(d)}年{d.month}月{d.day}日"
    if fmt == "ja_slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    raise ValueError(f"unknown date format {fmt!r}")


def reiwa_year(d: date) -> str:
    """``令和6`` for 2024; the first year is written ``元`` as on real documents."""
    if d < date(2019, 5, 1):
        raise ValueError("the Reiwa era starts on 2019-05-01")
    n = d.year - 2018
    return "令和元" if n == 1 else f"令和{n}"


def group_thousands(value: Decimal, decimals: int, *, sep: str = ",", point: str = ".") -> str:
    """``1234.5`` → ``1,234.50`` (or ``1.234,50`` with European separators)."""
    quant = Decimal(1).scaleb(-decimals)
    q = value.quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    text = f"{abs(q):,.{decimals}f}"
    if sep != "," or point != ".":
        text = text.replace(",", "\0").replace(".", point).replace("\0", sep)
    return sign + text


def format_amount(value: Decimal, currency: str, fmt: str, *, bare: bool = False) -> str:
    """Print an amount; ``bare`` drops the currency (table cells usually print only digits)."""
    if currency == "JPY":
        digits = group_thousands(value, 0)
        if bare:
            return digits
        if fmt == "yen_sign":
            return f"¥{digits}"
        if fmt == "en_suffix":
            return f"{digits}円"
        if fmt == "fullwidth_dash":
            return f"￥{digits}-"
        if fmt == "fullwidth":
            return f"￥{digits}"
        raise ValueError(f"unknown JPY amount format {fmt!r}")
    if fmt == "symbol_eu":
        digits = group_thousands(value, 2, sep=".", point=",")
        return digits if bare else f"{digits} {CURRENCY_SYMBOLS[currency]}"
    digits = group_thousands(value, 2)
    if bare:
        return digits
    if fmt == "symbol":
        return f"{CURRENCY_SYMBOLS[currency]}{digits}"
    if fmt == "code_suffix":
        return f"{digits} {currency}"
    if fmt == "code_prefix":
        return f"{currency} {digits}"
    raise ValueError(f"unknown amount format {fmt!r}")


def format_rate(rate: Decimal) -> str:
    """``Decimal('0.0825')`` → ``8.25%``; ``0.1`` → ``10%``."""
    pct = (rate * 100).normalize()
    return f"{pct:f}%"
