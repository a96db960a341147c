"""Currencies: ISO 4217 codes from the signs, codes and words invoices print."""

from __future__ import annotations

import re

from axocr.lang.labels import COUNTRY_HINTS, MONTH_FIRST_ADDRESS
from axocr.normalize.text import _alternation, _fold

_CODES = (
    "JPY", "EUR", "USD", "GBP", "MYR", "INR", "CHF", "CAD", "AUD", "NZD", "SGD", "HKD",
    "CNY", "RMB", "KRW", "TWD", "THB", "IDR", "PHP", "VND", "SEK", "NOK", "DKK", "PLN",
    "CZK", "HUF", "BRL", "MXN", "ZAR", "TRY", "RUB", "AED", "SAR", "ILS",
)  # fmt: skip
_SYMBOLS = {
    "¥": "JPY", "円": "JPY", "€": "EUR", "$": "USD", "£": "GBP", "₹": "INR", "₩": "KRW",
    "₱": "PHP", "฿": "THB", "₫": "VND", "₺": "TRY", "₽": "RUB", "₪": "ILS",
}  # fmt: skip
_DOLLARS = {
    "US$": "USD", "AU$": "AUD", "A$": "AUD", "CA$": "CAD", "C$": "CAD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "R$": "BRL", "MX$": "MXN",
}  # fmt: skip
# Words that need letter boundaries: RM inside FORM is not ringgit. "RS" needs its dot,
# because bare RS is more often RS-232 than rupees.
_WORDS = {
    "RM": "MYR", "Rs": "INR", "Rs.": "INR", "RS.": "INR", "Rp": "IDR",
    "EURO": "EUR", "EUROS": "EUR", "Euro": "EUR", "Euros": "EUR", "euro": "EUR", "euros": "EUR",
    "zł": "PLN", "Kč": "CZK",
}  # fmt: skip
_TOKEN_TO_ISO: dict[str, str] = {
    **{c: c for c in _CODES},
    "RMB": "CNY",
    **_SYMBOLS,
    **_DOLLARS,
    **_WORDS,
}


_SYMBOL_CLASS = "[" + "".join(re.escape(s) for s in _SYMBOLS) + "]"
_DOLLAR_RE = rf"(?<![A-Za-z])(?:{_alternation(list(_DOLLARS))})"
# Kana count as letters too: "レシRM" is OCR's reading of a katakana word, not ringgit.
_WORD_RE = (
    rf"(?<![A-Za-z\u3040-\u30ff])(?:{_alternation([*_CODES, *_WORDS])})(?![A-Za-z\u3040-\u30ff])"
)
_CURRENCY_TOKEN = rf"(?:{_DOLLAR_RE}|{_WORD_RE}|{_SYMBOL_CLASS})"
_CURRENCY_RE = re.compile(_CURRENCY_TOKEN)
_PREFIXED_DOLLAR = re.compile(_DOLLAR_RE)
_JPY_RE = re.compile(r"[¥円]|(?<![A-Za-z])JPY(?![A-Za-z])")


def _iso_of(token: str) -> str | None:
    return _TOKEN_TO_ISO.get(token)


def detect_currency(text: str) -> str | None:
    """ISO 4217 code of the first currency symbol, sign or code in ``text``, else None.

    A bare ``$`` is USD, ``¥`` and ``円`` are JPY. Codes and letter signs only count as
    whole words (``EUR`` in ``NEUROLOGY``, ``RM`` in ``FORM`` or ``レシRM`` are not currencies).
    """
    folded = _fold(text)
    for m in _CURRENCY_RE.finditer(folded):
        if _inside_code(folded, m.start(), m.end()) or _inside_decimals(folded, m.start(), m.end()):
            continue
        if not _province(folded, m.start()):
            return _iso_of(m.group(0))
    return None


def _inside_decimals(text: str, start: int, end: int) -> bool:
    """A sign between a decimal point and a digit is a misread digit of the amount (``14.€5``
    for ``14.65`` on a worn till print); ``12€50`` and ``€12.50`` keep theirs. So is a sign
    right before an amount's decimal point (``€.60`` for ``6.60``): amounts under one are
    printed with their zero (``€0.60``, ``£0.60``), except in dollars (``$.60``). Where OCR
    misread two digits of one amount as signs (``€.€0`` for ``0.00``), each stands where the
    other's digit would."""
    if end - start != 1:
        return False
    if start >= 2 and text[start - 1] in ".," and _digit_place(text[start - 2]):
        return end < len(text) and text[end].isdigit()
    return (
        text[start] != "$"
        and (start == 0 or not text[start - 1].isalnum())
        and end + 1 < len(text)
        and text[end] in ".,"
        and _digit_place(text[end + 1])
    )


def _digit_place(char: str) -> bool:
    return char.isdigit() or char in _SYMBOLS


# A province's two letters in brackets after the town, closing an address line that has its
# postal code: "00185 Roma (RM)" is in Rome, not in ringgit.
_PROVINCE_AFTER = re.compile(r"[A-Z]{2}\)\s*$")
_TOWN_BEFORE = re.compile(r"\b\d{4,5}\b.*[^\W\d_]\s*\($")


def _province(text: str, start: int) -> bool:
    return bool(_PROVINCE_AFTER.match(text, start)) and bool(_TOWN_BEFORE.search(text[:start]))


_CODE_BEFORE = re.compile(r"(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]+$")


def _inside_code(text: str, start: int, end: int) -> bool:
    """A sign inside a code of letters and digits is a misread character of it
    (``LNIV66466C€4``), not a currency: ``TOTAL€12.50`` and ``12€50`` keep theirs."""
    if end - start != 1 or start == 0 or end >= len(text):
        return False
    if not (text[end].isascii() and text[end].isalnum()):
        return False
    return _CODE_BEFORE.search(text, 0, start) is not None


# Where no currency is printed, the issuer's country usually decides it: a legal form or a
# country name that belongs to one currency area is a weak but real signal. Countries whose
# invoices are in English, a language of many currencies, are listed here; the others come
# with their locale pack.
COUNTRY_CURRENCY: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\bsdn\.?\s*bhd\b|\bberhad\b|\bmalaysia\b|\bringgit\b|\bs/b\b|"
            # Malaysian states and federal territories, as printed in shop addresses.
            r"\b(selangor|johor|kuala\s*lumpur|pulau\s*pinang|penang|perak|kedah|melaka|"
            r"negeri\s*sembilan|pahang|terengganu|kelantan|sabah|sarawak|putrajaya|labuan|"
            r"shah\s*alam|petaling\s*jaya|klang|puchong|subang\s*jaya|seri\s*kembangan)\b",
            re.I,
        ),
        "MYR",
    ),
    (re.compile(r"\bpte\.?\s*ltd\b|\bsingapore\b", re.I), "SGD"),
    (re.compile(r"\bpvt\.?\s*ltd\b|\bindia\b|\bgstin\b", re.I), "INR"),
    (re.compile(r"\bpty\.?\s*(ltd|limited)\b|\baustralia\b|\babn\b", re.I), "AUD"),
    # Japan and the euro area, from the locale packs (their country_hints).
    *COUNTRY_HINTS,
    # A US state's abbreviation and ZIP code ("Bristol TX 75001"), the address the English
    # pack reads dates month first by: a till slip whose "$" OCR lost is still in dollars.
    (MONTH_FIRST_ADDRESS, "USD"),
    # A telephone number's country code: "+65 6242 5178" is Singapore's, whose tills print a
    # bare "$". Only codes of one currency area (+1 is the US's and Canada's). The number's
    # next digit may be misread as a letter ("+65 G669 2003"), not be a point ("+65.00").
    *(
        (re.compile(rf"(?<![\w+])\+\s?{code}(?=[\s(-]?\w)"), currency)
        for code, currency in (
            ("65", "SGD"),
            ("60", "MYR"),
            ("61", "AUD"),
            ("64", "NZD"),
            ("852", "HKD"),
        )
    ),
]
_EXPLICIT_USD = re.compile(r"\bUSD\b|US\s?\$|U\.S\.", re.IGNORECASE)
# A sentence that names the dollar ("All prices are in US dollars") settles a bare "$" over
# the issuer's country: an Australian marketplace bills in US dollars.
_NAMED_DOLLARS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{name}[\s-]?dollars?\b|\bdollars?\s{after}\b", re.IGNORECASE), code)
    for name, after, code in (
        (r"(?:US|U\.S\.|United\s+States|American)", r"(?:US|américains?)", "USD"),
        (r"(?:Australian|AU)", r"australiens?", "AUD"),
        (r"(?:Canadian|CA)", r"canadiens?", "CAD"),
        (r"New\s+Zealand", r"néo-zélandais", "NZD"),
        (r"(?:Singapore|SG)", r"de\s+Singapour", "SGD"),
        (r"(?:Hong\s+Kong|HK)", r"de\s+Hong\s+Kong", "HKD"),
    )
]


def dollar_country(code: str, text: str) -> str:
    """A bare "$" is the sign of many dollars (and of ringgit on some tills): the issuer's
    country names the currency when it is known."""
    if code != "USD":
        return code
    for pattern, named in _NAMED_DOLLARS:
        if pattern.search(text):
            return named
    if _EXPLICIT_USD.search(text):
        return code
    # A dollar printed with its country's prefix elsewhere on the page ("TAX (S$)" under a
    # total whose "S" OCR lost) names the page's bare "$".
    prefixed = {_DOLLARS[m.group(0)] for m in _PREFIXED_DOLLAR.finditer(_fold(text))}
    if len(prefixed) == 1:
        return prefixed.pop()
    return country_currency(text, exclude=("EUR", "JPY")) or code


# A dollar sign right after one letter or digit that names no dollar ("TOTAL (9$)", "8$"):
# the prefix of a prefixed dollar (S$, A$) that OCR misread.
_LOST_PREFIX = re.compile(r"(?<![A-Za-z0-9.,])[A-Za-z0-9]\$")


def dollar_prefix_lost(text: str) -> bool:
    """The page prints a dollar whose country prefix OCR misread, and nothing says US
    dollars: a bare "$" elsewhere on it is then no sign of the US dollar."""
    if _EXPLICIT_USD.search(text):
        return False
    return any(m.group(0) not in _DOLLARS for m in _LOST_PREFIX.finditer(text))


_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_]{3})(?=\d{4})")


def country_currency(text: str, exclude: tuple[str, ...] = ()) -> str | None:
    """The currency of the country ``text`` names with most distinct words (a legal form, a
    place, a telephone code); on a tie, the first listed. A Singapore shop named after a
    Malaysian town ("BENG YONG PHARMACY (KLANG) PTE LTD, SINGAPORE, +65 ...") is in
    Singapore dollars."""
    # OCR drops the space between a country and its postcode ("SINGAPORE229611"): a word
    # glued to a run of digits is read apart, or the country's boundary would not match.
    text = _GLUED_NUMBER.sub(" ", text)
    votes: dict[str, int] = {}
    for pattern, code in COUNTRY_CURRENCY:
        # Distinct words: a name printed in the header and again in the footer is one fact.
        found = len({m.group(0).casefold() for m in pattern.finditer(text)})
        if code not in exclude and found:
            votes[code] = votes.get(code, 0) + found
    return max(votes, key=lambda c: votes[c]) if votes else None
