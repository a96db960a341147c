"""Japanese qualified-invoice registration numbers (T + 13 digits) and their check digit."""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.gb import vat as gb_vat
from stdnum.jp import cn as corporate_number

from axocr.normalize.text import _HSPACE, _NON_DIGIT, _fold

_REGISTRATION = re.compile(
    rf"(?<![A-Za-z0-9])T[{_HSPACE}:\-]?(?P<digits>[0-9](?:[{_HSPACE}\-]?[0-9]){{12}})(?![0-9])"
)


def find_registration_numbers(text: str) -> list[str]:
    """Japanese qualified-invoice numbers (``T`` + 13 digits), canonical and de-duplicated.

    Spaces and hyphens between digit groups and full-width characters are tolerated:
    ``Ｔ１２３４-５６７８-９０１２-３`` → ``T1234567890123``. The check digit is not
    verified here; see :func:`registration_check_digit_ok`.
    """
    out: list[str] = []
    for m in _REGISTRATION.finditer(_fold(text)):
        number = "T" + _NON_DIGIT.sub("", m.group("digits"))
        if number not in out:
            out.append(number)
    return out


def registration_check_digit_ok(number: str) -> bool:
    """Whether a corporate / registration number's check digit is right.

    The 13 digits after ``T`` are checked as a Japanese corporate number (法人番号) by
    python-stdnum (``stdnum.jp.cn``): the first digit checks the other twelve. ``T``, spaces
    and hyphens are ignored; anything that is not 13 digits is False.
    """
    digits = re.sub(rf"[{_HSPACE}\-]", "", _fold(number).strip())
    if digits[:1] in ("T", "t"):
        digits = digits[1:]
    if len(digits) != 13 or not (digits.isascii() and digits.isdigit()):
        return False
    return bool(corporate_number.is_valid(digits))


# OCR reads a sans-serif capital I as a small l ("Sl/24/4488"). In an identifier whose other
# letters are all capitals, a small l next to a capital is the capital; one beside digits only
# could as well be a 1, and is left as read.
_L_BY_CAPITAL = re.compile(r"(?<=[A-Z])l+|l+(?=[A-Z])")


def capital_i_for_l(token: str) -> str:
    """``token`` with a small l read for a capital I restored: ``Sl/24/4488`` → ``SI/24/4488``,
    ``lNV-0042`` → ``INV-0042``; a token with any other small letter (``Inv-l2``) is left as
    read."""
    if not any(c.isupper() for c in token):
        return token
    if any(c.islower() and c != "l" for c in token):
        return token
    return _L_BY_CAPITAL.sub(lambda m: "I" * len(m.group(0)), token)


def compact_vat_id(value: str) -> str:
    # Compacted here, not by stdnum.eu.vat.compact: since python-stdnum 2.x it raises for a
    # country it no longer counts as EU (GB) instead of returning the string.
    return re.sub(r"[\s.\-]", "", _fold(value)).upper()


def vat_id_problem(compact: str) -> str | None:
    """Why a compacted VAT id (country code first) is not valid, or None when it is: the EU
    ids by ``stdnum.eu.vat``, GB ones by ``stdnum.gb.vat`` (no longer EU to stdnum 2.x)."""
    module = gb_vat if compact.startswith("GB") else eu_vat
    try:
        module.validate(compact)
    except ValidationError as exc:
        return str(exc)
    return None


def is_vat_id_or_iban(token: str) -> bool:
    """Whether ``token`` is a valid VAT identification number (EU or GB) or IBAN, country
    code included (``NL853746333B01``, ``DE136695976``, ``GB980780684``): the issuer's or the
    buyer's tax or bank identity, never the number of a document. python-stdnum checks the
    country's format and check digits, so an invoice number that merely starts with letters
    (``NL-2024-001``) is not one."""
    compact = compact_vat_id(token)
    if len(compact) < 8 or not compact[:2].isalpha() or not any(c.isdigit() for c in compact):
        return False
    return vat_id_problem(compact) is None or bool(iban.is_valid(compact))
