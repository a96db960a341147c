"""Content for the layout-grammar families: parties, reference numbers, several dates, items,
discount / freight / deposit lines and per-rate tax that add up, in English, Japanese, German,
French and Dutch (Italian draws its own in :mod:`axocr.synth.family_italy`).

Separate from :mod:`axocr.synth.content` (whose random stream the committed fixtures depend on):
this module draws its own values and only borrows that module's name lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Literal

from axocr.synth.checkdigit import random_registration_number
from axocr.synth.content import (
    _EN_ITEMS,
    _JA_ITEMS_8,
    _JA_ITEMS_10,
    LineItem,
    Party,
    _en_party,
    _ja_party,
)
from axocr.synth.family_europe import COUNTRIES, digits, eu_party, vat_id

FamilyLanguage = Literal["en", "ja", "de", "fr", "nl", "it"]
# The default set. Italian is asked for by name: it measures how the extractor does on a
# language nobody tuned it for, and the sets generated without it must stay as they were.
FAMILY_LANGUAGES: tuple[FamilyLanguage, ...] = ("en", "ja", "de", "fr", "nl")
OPT_IN_LANGUAGES: tuple[FamilyLanguage, ...] = ("it",)
ALL_FAMILY_LANGUAGES: tuple[FamilyLanguage, ...] = FAMILY_LANGUAGES + OPT_IN_LANGUAGES
EUROPEAN: tuple[FamilyLanguage, ...] = ("de", "fr", "nl")

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Refs:
    """Reference numbers that sit beside the invoice number and look like it."""

    customer_number: str
    order_number: str
    delivery_note: str
    customer_gln: str
    vendor_gln: str
    customer_vat: str
    # Italian pages name the buyer's codice fiscale and where its e-invoice is delivered
    # (a 7-character SDI recipient code, or a PEC address)
    customer_tax_code: str = ""
    customer_sdi: str = ""


@dataclass(frozen=True)
class Dates:
    issue: date
    delivery: date
    order: date
    due: date


@dataclass(frozen=True)
class RateTotal:
    """One tax rate: net base after discount and freight, and its tax."""

    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Money:
    """The totals block: goods, adjustments, taxes, gross, deposit and the amount payable."""

    goods: Decimal
    discount_pct: Decimal
    discount: Decimal
    freight: Decimal
    rates: tuple[RateTotal, ...]
    net: Decimal
    tax: Decimal
    gross: Decimal
    deposit: Decimal
    payable: Decimal


@dataclass(frozen=True)
class FamilyContent:
    language: FamilyLanguage
    currency: str
    vendor: Party
    customer: Party
    invoice_number: str
    dates: Dates
    refs: Refs
    items: tuple[LineItem, ...]
    money: Money
    iban: str
    bic: str
    bank: str


def gs1_check(body: str) -> str:
    """``body`` plus its GS1 check digit (GTIN / GLN): weights 3,1,3,... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def random_iban(rng: random.Random, country: str = "DE") -> str:
    """An IBAN of ``country`` (DE, FR, NL) with valid ISO 7064 check digits, grouped in fours
    as printed."""
    if country == "NL":
        bban = rng.choice(("ABNA", "INGB", "RABO", "TRIO")) + digits(rng, 10)
    else:
        bban = digits(rng, 23 if country == "FR" else 18)
    raw = iban_of(country, bban)
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def iban_of(country: str, bban: str) -> str:
    """The IBAN of a national account number, its ISO 7064 check digits computed, unspaced."""
    # letters count as 10..35; the country and "00" go to the end for the check
    numeric = int("".join(str(int(ch, 36)) for ch in bban + country) + "00")
    return f"{country}{98 - numeric % 97:02d}{bban}"


# small kana (ュ, ッ, ョ, ャ) that OCR reads as full size: フレッシユ for フレッシュ
_JA_KANA_NAMES = (
    "フレッシュ",
    "ジョイフル",
    "キャピタル",
    "チェックポイント",
    "ショップ",
    "ニッポン",
    "シャイン",
    "ヒュウガ",
)
_JA_KANA_SECOND = ("フーズ", "商事", "物流", "サービス", "テック", "マート")


def _ja_kana_name(rng: random.Random, party: Party) -> Party:
    core = rng.choice(_JA_KANA_NAMES) + rng.choice(_JA_KANA_SECOND)
    form = rng.choice(("株式会社", "合同会社"))
    abbr = {"株式会社": "(株)", "合同会社": "(同)"}[form]
    front = rng.random() < 0.6
    name = f"{form}{core}" if front else f"{core}{form}"
    alias = f"{abbr}{core}" if front else f"{core}{abbr}"
    return replace(party, name=name, aliases=(core, alias))


def random_vendor(rng: random.Random, language: FamilyLanguage) -> tuple[Party, str]:
    """A vendor of the language's country, and the currency it bills in."""
    if language == "ja":
        party = _ja_party(rng, issuer=True)
        if party.registration_number is None:
            party = replace(party, registration_number=random_registration_number(rng))
        if rng.random() < 0.35:
            party = _ja_kana_name(rng, party)
        return party, "JPY"
    if language in EUROPEAN:
        return eu_party(rng, language, vat=True), "EUR"
    currency = rng.choice(("USD", "GBP", "EUR", "AUD"))
    return _en_party(rng, currency, with_vat=True), currency


def random_customer(rng: random.Random, language: FamilyLanguage, currency: str) -> Party:
    if language == "ja":
        return _ja_party(rng, issuer=False)
    if language in EUROPEAN:
        return eu_party(rng, language, vat=rng.random() < 0.5)
    return _en_party(rng, currency, with_vat=False)


def number_scheme(rng: random.Random, language: FamilyLanguage) -> str:
    """A vendor's invoice-number pattern; ``9`` marks a digit redrawn on every document
    (Italian ones are progressive per year: see :func:`axocr.synth.family_italy.fill_number`)."""
    schemes = {
        "en": ("INV-2024-99999", "99999", "INV999999", "A-99999", "SI/24/9999", "99-9999"),
        "de": ("RE-99999", "2024-99999", "R999999", "99 9999", "RG/24/9999", "999999"),
        "fr": ("FA-99999", "F2024-9999", "999999", "FAC/24/9999", "2024 99999"),
        "nl": ("2024-9999", "F99999", "999999", "INV-99999", "2024.99999"),
        "ja": ("INV-99999999-999", "99999999", "2024-9999", "9999-999", "999999-99"),
        "it": ("#", "#/YYYY", "#/YYYY", "YYYY/00000", "FT-YYYY-0000", "#/A", "#/YY"),
    }[language]
    return rng.choice(schemes)


def fill_scheme(rng: random.Random, scheme: str) -> str:
    return "".join(rng.choice("0123456789") if ch == "9" else ch for ch in scheme)


@dataclass(frozen=True)
class Adjustments:
    """Which lines the family's totals block prints besides goods, tax and total."""

    multi_rate: bool = False
    discount: bool = False
    freight: bool = False
    deposit: bool = False


_RATES: dict[FamilyLanguage, tuple[Decimal, Decimal]] = {
    "en": (Decimal("0.20"), Decimal("0.05")),
    "ja": (Decimal("0.10"), Decimal("0.08")),
    **{lang: COUNTRIES[lang].rates for lang in EUROPEAN},
}
_EN_SINGLE = {
    "USD": Decimal("0.0825"),
    "GBP": Decimal("0.20"),
    "EUR": Decimal("0.21"),
    "AUD": Decimal("0.10"),
}


def round_money(value: Decimal, currency: str) -> Decimal:
    if currency == "JPY":
        # 端数処理: most Japanese issuers truncate consumption tax once per rate per invoice
        return value.quantize(Decimal(1), rounding=ROUND_DOWN)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def random_items(
    rng: random.Random, language: FamilyLanguage, currency: str, count: int, multi_rate: bool
) -> tuple[LineItem, ...]:
    """``count`` lines; with ``multi_rate`` some carry the reduced rate."""
    if language == "en" and currency in ("USD", "AUD"):
        multi_rate = False  # one sales tax / GST rate per invoice there
    std, reduced = _RATES[language]
    if language == "en" and not multi_rate:
        std = _EN_SINGLE[currency]
    pool: list[tuple[str, int, int, bool]]
    if language == "ja":
        pool = [(d, lo, hi, False) for d, lo, hi in _JA_ITEMS_10]
        pool += [(d, lo, hi, True) for d, lo, hi in _JA_ITEMS_8] if multi_rate else []
    elif language in EUROPEAN:
        k = COUNTRIES[language]
        pool = [(d, lo, hi, d in k.reduced and multi_rate) for d, lo, hi in k.items]
    else:
        pool = [(d, lo, hi, multi_rate and i % 4 == 0) for i, (d, lo, hi) in enumerate(_EN_ITEMS)]
    items: list[LineItem] = []
    for n in range(count):
        desc, lo, hi, is_reduced = pool[rng.randrange(len(pool))] if n else pool[0]
        if n and count > len(pool):
            desc = f"{desc} ({n + 1})"
        qty = rng.choice((1, 1, 2, 3, 5, 10))
        if currency == "JPY":
            unit = Decimal(rng.randint(max(lo // 10, 1), hi // 10) * 10)
        else:
            unit = Decimal(rng.randint(lo * 100, hi * 100)) / 100
        rate = reduced if is_reduced else std
        items.append(LineItem(desc, qty, unit, unit * qty, rate, reduced=is_reduced))
    if multi_rate and not any(it.reduced for it in items) and language != "en":
        it = items[-1]
        items[-1] = LineItem(it.description, it.quantity, it.unit_price, it.amount, reduced, True)
    return tuple(items)


def compute_money(
    rng: random.Random, items: tuple[LineItem, ...], currency: str, adj: Adjustments
) -> Money:
    """Discount per rate in proportion, freight at the standard rate, tax per rate, deposit."""
    goods = sum((it.amount for it in items), Decimal(0))
    pct = Decimal(rng.choice((2, 3, 5, 10))) if adj.discount else Decimal(0)
    std = max(it.tax_rate for it in items)
    freight = Decimal(0)
    if adj.freight:
        freight = Decimal(rng.randint(8, 60) * (100 if currency == "JPY" else 1))
    rates: list[RateTotal] = []
    discount = Decimal(0)
    for rate in sorted({it.tax_rate for it in items}, reverse=True):
        base = sum((it.amount for it in items if it.tax_rate == rate), Decimal(0))
        cut = round_money(base * pct / 100, currency)
        discount += cut
        base = base - cut + (freight if rate == std else 0)
        rates.append(RateTotal(rate, base, round_money(base * rate, currency)))
    net = sum((r.base for r in rates), Decimal(0))
    tax = sum((r.tax for r in rates), Decimal(0))
    gross = net + tax
    deposit = Decimal(0)
    if adj.deposit:
        step = Decimal(1000) if currency == "JPY" else Decimal(50)
        deposit = max(step, (gross * Decimal(rng.choice((20, 30, 40))) / 100 // step) * step)
    return Money(
        goods, pct, discount, freight, tuple(rates), net, tax, gross, deposit, gross - deposit
    )


def random_dates(rng: random.Random, language: FamilyLanguage, due_eom: bool) -> Dates:
    """Document date, a delivery (service) date before it, an order date before that, and a
    due date: end of next month, or 14-30 days on."""
    issue = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
    delivery = issue - timedelta(days=rng.randint(1, 12))
    order = delivery - timedelta(days=rng.randint(2, 25))
    if due_eom:
        first_next = (issue.replace(day=1) + timedelta(days=32)).replace(day=1)
        due = (first_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        due = issue + timedelta(days=rng.choice((14, 30)))
    return Dates(issue, delivery, order, due)


def random_refs(rng: random.Random, language: FamilyLanguage, vendor_gln: str) -> Refs:
    eu = COUNTRIES.get(language)
    prefix = "45" if language == "ja" else eu.gln_prefix if eu else "50"
    return Refs(
        customer_number=digits(rng, 6) if language != "en" else f"C{digits(rng, 5)}",
        order_number=f"PO-{digits(rng, 6)}" if language == "en" else f"{digits(rng, 7)}",
        delivery_note=f"{eu.delivery_prefix}{digits(rng, 6)}" if eu else f"DN-{digits(rng, 6)}",
        customer_gln=gs1_check(prefix + digits(rng, 10)),
        vendor_gln=vendor_gln,
        customer_vat=vat_id(rng, language) if eu else f"GB{digits(rng, 9)}",
    )
