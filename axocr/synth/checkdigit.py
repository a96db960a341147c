"""Japanese corporate numbers and qualified-invoice registration numbers with valid check digits.

A registration number is ``T`` followed by a 13-digit corporate number. Its first digit is
a check digit over the other twelve (National Tax Agency rule), computed by python-stdnum
(``stdnum.jp.cn``).
"""

from __future__ import annotations

import random

from stdnum.jp import cn as corporate_number


def corporate_check_digit(base12: str) -> int:
    """The check digit for the 12 base digits of a corporate number."""
    if len(base12) != 12 or not base12.isdigit():
        raise ValueError(f"expected 12 ASCII digits, got {base12!r}")
    return int(corporate_number.calc_check_digit(base12))


def is_valid_corporate_number(number: str) -> bool:
    """True when a 13-digit corporate number carries the right check digit."""
    return len(number) == 13 and number.isdigit() and bool(corporate_number.is_valid(number))


def is_valid_registration_number(number: str) -> bool:
    """True for ``T`` + 13 digits whose corporate number check digit is right."""
    return number.startswith("T") and is_valid_corporate_number(number[1:])


def random_registration_number(rng: random.Random) -> str:
    """A plausible registration number (``T`` + 13 digits) with a valid check digit."""
    # Real corporate numbers of companies mostly start their base with a registry-office
    # code like 0100/0104/1200; mimic that so the numbers look familiar, not uniform noise.
    office = rng.choice(["0100", "0104", "0105", "0111", "1200", "1201", "2010", "3011", "4010"])
    base12 = office + "".join(rng.choice("0123456789") for _ in range(8))
    return f"T{corporate_check_digit(base12)}{base12}"
