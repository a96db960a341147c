"""Japanese qualified-invoice registration numbers (T + 13 digits) and their check digit."""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.eu import vat as eu_vat
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


def is_vat_id_or_iban(token: str) -> bool:
    """Whether ``token`` is a valid EU VAT identification number or IBAN, country code
    included (``NL123456789B01``, ``DE136695976``, ``GB980780684``): the issuer's or the
    buyer's tax or bank identity, never the number of a document. python-stdnum checks the
    country's format and check digits, so an invoice number that merely starts with letters
    (``NL-2024-001``) is not one."""
    compact = re.sub(r"[\s.\-]", "", _fold(token)).upper()
    if len(compact) < 8 or not compact[:2].isalpha() or not any(c.isdigit() for c in compact):
        return False
    return bool(eu_vat.is_valid(compact) or iban.is_valid(compact))
