"""Amounts in every grouping style we meet: ``1,234.56``, ``1.234,56``, ``1 234,56``,
``1'234.56``, ``¥1,234-``, ``(12.00)``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from axocr.errors import AmountParseError
from axocr.normalize.currency import _CURRENCY_TOKEN, _JPY_RE, _iso_of
from axocr.normalize.dates import _find_dates_folded
from axocr.normalize.text import _ANY_SPACE, _GROUP_SPACE, _HSPACE, _NON_DIGIT, _SP, _fold


@dataclass(frozen=True)
class AmountMatch:
    """One amount found in a line. ``start``/``end`` index the text given to the finder."""

    value: Decimal
    start: int
    end: int
    raw: str
    currency: str | None
    has_decimals: bool


# A number: digit groups joined by one separator each. An ordinary space joins only before
# a group of exactly three digits; whether it really groups is decided after matching.
_NUM_SPACED = rf"[0-9]+(?:(?:[,.'{_GROUP_SPACE}]|[ ](?=[0-9]{{3}}(?![0-9])))[0-9]+)*"
_NUM_TIGHT = rf"[0-9]+(?:[,.'{_GROUP_SPACE}][0-9]+)*"
_AMOUNT_TEMPLATE = rf"""
    (?P<open>\()?
    (?P<sign1>(?<![0-9A-Za-z])[-+]|[▲△])?
    (?:(?P<pre>{_CURRENCY_TOKEN}){_ANY_SPACE}?(?P<sign2>[-▲△])?)?
    (?<![0-9])(?P<num>NUM)
    (?P<dash>[.,]-(?![0-9]))?
    (?:{_ANY_SPACE}?(?P<suf>{_CURRENCY_TOKEN}))?
    (?P<trail>-(?![0-9A-Za-z])|ー)?
    (?P<close>\))?
"""
_AMOUNT_SPACED = re.compile(_AMOUNT_TEMPLATE.replace("NUM", _NUM_SPACED), re.VERBOSE)
_AMOUNT_TIGHT = re.compile(_AMOUNT_TEMPLATE.replace("NUM", _NUM_TIGHT), re.VERBOSE)

# Phone numbers look like amounts, so their spans are masked before amounts are read.
_PHONE_PATTERNS = (
    # a labelled number: Tel:07-3507405, TEL 03-1234-5678, 電話番号 03(1234)5678. Its
    # groups are joined either by punctuation or by spaces, so a dashed number does not
    # swallow the amount after it.
    re.compile(
        r"(?i:(?<![a-z])(?:tel|phone|fax|ph|mob|mobile|telefon|t[ée]l[ée]phone|t[ée]l|"
        r"電話|携帯)(?:\s*(?:no|nr|番号)\.?)?)"
        rf"{_SP}*[.:]?{_SP}*\+?[0-9(](?:[0-9()\-./]{{4,}}|[0-9(){_HSPACE}]{{4,}})[0-9]"
    ),
    # international form: +81 3 1234 5678, +49 (0)30 1234567
    re.compile(rf"\+[0-9]{{1,3}}[{_HSPACE}\-.(]{{0,2}}[0-9][0-9()\-.{_HSPACE}]{{5,}}[0-9]"),
    # area code in brackets: (03) 1234-5678, (555) 123-4567
    re.compile(r"\(0?[0-9]{1,4}\) ?[0-9]{2,4}[- ][0-9]{3,4}(?![0-9])"),
    # a trunk prefix 0 and three groups: 090 1234 5678, 0120-123-456
    re.compile(
        r"(?<![0-9.,])(?<![0-9][ ',.\-])0[0-9]{1,4}(?P<ps>[ \-])[0-9]{1,4}(?P=ps)[0-9]{3,4}(?![0-9])"
    ),
)

_CHAIN_SEPARATORS = "-/.,:"  # a digit on both sides makes a date, time, phone or version
_AFTER_NOT_AMOUNT = "%‰年月日時分秒ヶヵ"  # 10%, 2024年, 5月, 9時30分, 3ヶ月
_LONG_ID_DIGITS = 9  # receipts print 1378, IDs print 20240531001


@dataclass(frozen=True)
class _Number:
    integer: str
    decimals: str | None
    decimal_char: str | None
    grouped: bool


def _interpret(num: str, decimal_sep: str | None) -> _Number | None:
    """Read a digits-and-separators token, or None when no grouping style explains it."""
    groups = _NON_DIGIT.split(num)
    seps = [" " if c == _GROUP_SPACE else c for c in _NON_DIGIT.findall(num)]
    if not seps:
        if len(num) > 1 and num[0] == "0":
            return None
        return _Number(num, None, None, False)

    dec_idx: int | None = None
    comma_dot = [i for i, c in enumerate(seps) if c in ",."]
    if comma_dot and comma_dot[-1] == len(seps) - 1:
        last = comma_dot[-1]
        if len({seps[i] for i in comma_dot}) == 2 or len(comma_dot) < len(seps):
            # 1,234.56 / 1.234,56 / 1'234.56 / 1 234,56: the last separator is decimal
            dec_idx = last
        elif len(comma_dot) >= 2:
            # 1,234,567 groups; 1,234,56 is OCR for 1,234.56 (a group has three digits)
            if len(groups[-1]) <= 2:
                dec_idx = last
        else:
            head, tail = groups[0], groups[1]
            thousands = len(tail) == 3 and len(head) <= 3 and head[0] != "0"
            if not thousands or decimal_sep == seps[0]:
                dec_idx = 0

    int_groups = groups if dec_idx is None else groups[: dec_idx + 1]
    int_seps = seps if dec_idx is None else seps[:dec_idx]
    if int_seps:
        if len(set(int_seps)) != 1:
            return None
        first, rest = int_groups[0], int_groups[1:]
        if not 1 <= len(first) <= 3 or first[0] == "0" or len(rest[-1]) != 3:
            return None
        middle = {len(g) for g in rest[:-1]}
        # three-digit groups, or the Indian 1,23,45,678
        if middle and middle != {3} and not (middle == {2} and int_seps[0] == ","):
            return None
    elif len(int_groups[0]) > 1 and int_groups[0][0] == "0":
        return None
    if dec_idx is None:
        return _Number("".join(int_groups), None, None, True)
    return _Number("".join(int_groups), groups[-1], seps[dec_idx], bool(int_seps))


class _SpanSet:
    """Spans to test for overlap in O(log n), so a page-long line stays linear."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        self._max_end: list[int] = []
        for _, e in spans:
            self._max_end.append(max(e, self._max_end[-1]) if self._max_end else e)

    def overlaps(self, start: int, end: int) -> bool:
        # a span overlaps iff it starts before `end` and ends after `start`
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._max_end[i - 1] > start


def _masked_spans(folded: str) -> _SpanSet:
    spans = [(d.start, d.end) for d in _find_dates_folded(folded, None)]
    for pattern in _PHONE_PATTERNS:
        spans.extend(m.span() for m in pattern.finditer(folded))
    return _SpanSet(spans)


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _context_rejects(s: str, m: re.Match[str], number: _Number) -> bool:
    """True when the characters around the match show it is not an amount."""
    start, end = m.start(), m.end()
    plain = not number.grouped and number.decimals is None
    before = s[start - 1] if start > 0 else ""
    before2 = s[start - 2] if start > 1 else ""
    if before == "#":
        return True
    pre = m.group("pre")
    if (
        plain
        and len(number.integer) >= 5
        and pre
        and pre.isalpha()
        and s[m.end("pre") : m.start("num")] == "-"
    ):
        # letters, a hyphen and a long bare number are an identifier: an Italian REA number
        # ("RM-1507031", Rome's register), not minus 1,507,031 ringgit
        return True
    if plain and before == "@":  # a rate: "GST@6%" read as "GST@66"
        return True
    if plain and _is_ascii_letter(before):  # A100, INV2024 (but TOTAL12.00 is an amount)
        return True
    if before and before in _CHAIN_SEPARATORS:
        if before2.isdigit() and before2.isascii():  # 2024/05, 09:33, 03-1234
            return True
        if plain and before in "-/." and _is_ascii_letter(before2):  # INV-001, No.123
            return True
        if plain and before in ".,":  # the cents of $.50, not fifty
            return True
    after = s[end] if end < len(s) else ""
    after2 = s[end + 1] if end + 1 < len(s) else ""
    if after == "%" or (after in (" ", _GROUP_SPACE) and after2 == "%"):
        return True
    if m.group("suf") is None and m.group("trail") is None and m.group("dash") is None:
        if after and after in _CHAIN_SEPARATORS and after2.isdigit() and after2.isascii():
            return True
        if after and after in _AFTER_NOT_AMOUNT:
            return True
        if plain and _is_ascii_letter(after):  # 500ml, 3x, 2nd
            return True
    return False


def _space_grouping_ok(m: re.Match[str], number: _Number, decimal_sep: str | None) -> bool:
    # "2 500.00" on a receipt is quantity 2 and 500.00; "1 234,56" and "1 234 €" are French.
    if number.decimal_char == "," or decimal_sep == ",":
        return True
    suffix = m.group("suf")
    return m.group("pre") is not None or (suffix is not None and _iso_of(suffix) != "JPY")


def _scan_amounts(text: str, decimal_sep: str | None, whole: bool) -> list[AmountMatch]:
    if decimal_sep not in (None, ",", "."):
        raise AmountParseError(f"decimal_sep must be ',' or '.', not {decimal_sep!r}")
    s = _fold(text)
    masked = _masked_spans(s)
    line_is_yen: bool | None = None
    out: list[AmountMatch] = []
    pos = 0
    tight_until = -1  # inside a token whose spaces were refused, read without spaces
    while True:
        if pos >= tight_until:
            m = _AMOUNT_SPACED.search(s, pos)
        else:
            m = _AMOUNT_TIGHT.search(s, pos)
            if m is not None and m.start() >= tight_until:
                m = _AMOUNT_SPACED.search(s, tight_until)
        if m is None:
            break
        number = _interpret(m.group("num"), _effective_sep(m, decimal_sep))
        if " " in m.group("num") and not (
            number is not None and (whole or _space_grouping_ok(m, number, decimal_sep))
        ):
            tight = _AMOUNT_TIGHT.match(s, m.start())
            if tight is None:  # cannot happen: the tight pattern matches a prefix
                pos = m.start() + 1
                continue
            tight_until = m.end("num")
            m = tight
            number = _interpret(m.group("num"), _effective_sep(m, decimal_sep))
        num_start, num_end = m.span("num")
        pos = num_end
        if number is None or masked.overlaps(num_start, num_end):
            continue
        if not number.grouped and number.decimals is None and len(number.integer) > _LONG_ID_DIGITS:
            continue
        if _context_rejects(s, m, number):
            continue
        if line_is_yen is None:
            line_is_yen = _JPY_RE.search(s) is not None
        match = _build_match(text, m, number, line_is_yen)
        out.append(match)
        pos = max(pos, match.end)
    return out


def _effective_sep(m: re.Match[str], decimal_sep: str | None) -> str | None:
    # "1,234.-" and "12,-" spell out their decimal separator in the dash
    dash = m.group("dash")
    return dash[0] if dash else decimal_sep


def _build_match(text: str, m: re.Match[str], number: _Number, line_is_yen: bool) -> AmountMatch:
    start, end = m.start(), m.end()
    pre, suf = m.group("pre"), m.group("suf")
    currency = _iso_of(pre) if pre else (_iso_of(suf) if suf else None)
    has_decimals = number.decimals is not None
    negative = m.group("sign1") in ("-", "▲", "△") or m.group("sign2") is not None
    opened, closed = m.group("open") is not None, m.group("close") is not None

    yen = currency == "JPY" or line_is_yen
    if yen and number.grouped and number.decimals is not None and len(number.decimals) == 3:
        # Yen has no minor unit, so three digits after a grouped integer are one more group
        # whose separator OCR read as the other one: "¥1,016.345", "¥1.117,804".
        number = _Number(number.integer + number.decimals, None, None, True)
        has_decimals = False
    trail = m.group("trail")
    if trail == "ー" and currency != "JPY":
        # the long-vowel mark stands for the "exactly" dash only after yen
        end, trail, closed = m.start("trail"), None, False
    if trail == "-":
        # ¥1,234- is Japanese for "exactly 1,234 yen"; 12.00- is a credit in ledgers
        negative = negative or (has_decimals and not yen)

    # (12.00) is a credit; Japanese marks credits with ▲/△ and brackets asides, (¥91)
    if opened and closed and (has_decimals or currency is not None) and not yen:
        negative = True
    else:
        # brackets around a bare integer are an aside, "(2)", not a credit
        if opened:
            start += 1
        if closed:
            end -= 1

    digits = number.integer if number.decimals is None else f"{number.integer}.{number.decimals}"
    value = Decimal(digits)
    if negative and value != 0:
        value = -value
    return AmountMatch(
        value=value,
        start=start,
        end=end,
        raw=text[start:end],
        currency=currency,
        has_decimals=has_decimals,
    )


def find_amounts(text: str, *, decimal_sep: str | None = None) -> list[AmountMatch]:
    """Every amount-like token in a line of text, left to right.

    Dates, times, phone numbers, percentages, digit runs longer than nine digits and
    integers glued to identifiers (``INV-001``, ``#123``, ``500ml``) are not amounts.
    ``decimal_sep`` (``","`` or ``"."``) only settles ``1,234`` / ``1.234``: a single
    separator before exactly three digits groups thousands unless it is the decimal
    separator given; before one or two digits it is the decimal separator; when both
    ``,`` and ``.`` appear the last one is.

    Negative: a leading ``-``, ``▲`` or ``△``; brackets around an amount with cents or a
    currency, ``(12.00)``; a trailing minus after cents, ``12.00-``. Not negative: the
    Japanese "exactly" dash ``¥1,234-`` (no trailing minus or bracket counts in a yen
    line), a trailing minus after an integer, ``1,234-``, and ``1,234.-``.
    """
    return list(_cached_amounts(text, decimal_sep))


# Extraction asks for the amounts of the same line from several finders; the matches are
# frozen, so one scan per line and separator serves them all.
@lru_cache(maxsize=4096)
def _cached_amounts(text: str, decimal_sep: str | None) -> tuple[AmountMatch, ...]:
    return tuple(_scan_amounts(text, decimal_sep, whole=False))


def parse_amount(text: str, *, decimal_sep: str | None = None) -> Decimal:
    """The single amount in ``text``; AmountParseError if there is none or more than one.

    Unlike :func:`find_amounts`, an ordinary space always groups digits here (``2 500`` is
    2500), because the caller says the text is one amount.
    """
    found = _scan_amounts(text, decimal_sep, whole=True)
    if len(found) != 1:
        what = "no amount" if not found else f"{len(found)} amounts"
        raise AmountParseError(f"{what} in {text[:80]!r}")
    return found[0].value


# Cash rounding (to 0.05 or 0.10) moves a total by at most this; so does a misread last digit.
_NEAR = Decimal("0.10")


def near_amounts(a: Decimal, b: Decimal) -> bool:
    """Two different amounts close enough to be one total before and after cash rounding (or
    two readings of one printed amount)."""
    return 0 < abs(a - b) <= _NEAR


def to_decimal(value: str | None) -> Decimal | None:
    """A field's decimal string back as a Decimal (None when absent or not a number)."""
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def to_decimal_string(value: Decimal) -> str:
    """Canonical text for an amount: plain digits, no exponent, no grouping.

    The printed precision is kept: ``Decimal("4.11")`` → ``"4.11"``, ``Decimal("1378")`` →
    ``"1378"``, ``Decimal("12.50")`` → ``"12.50"``; negative zero is written ``"0"``.
    """
    if not value.is_finite():
        raise AmountParseError(f"not a finite amount: {value}")
    if value.is_zero():
        value = abs(value)
    return format(value, "f")
