"""Properties of axocr.normalize: no foreign exceptions, idempotence, round trips."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from axocr.errors import AmountParseError, DateParseError
from axocr.normalize import (
    detect_currency,
    find_amounts,
    find_dates,
    find_misread_dates,
    find_registration_numbers,
    find_separator_lost_dates,
    normalize_text,
    parse_amount,
    parse_date,
    registration_check_digit_ok,
    to_decimal_string,
)

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made of what invoices are made of, so the parsers' edge cases get hit often.
INVOICE_ALPHABET = (
    "0123456789０１２３４５６７８９ ,.'-/:()%+▲△"
    "¥￥円€$£₹RMEURUSDJPYTelT年月日令和平成元RHS"
    "MayMärzmaiNovdéc\u00a0\u202f\u3000－−コ一ヒー括"
)
invoice_text = st.text(alphabet=INVOICE_ALPHABET, max_size=40)
any_text = st.text(max_size=60)
texts = st.one_of(any_text, invoice_text)


# --- only the library's own errors escape -------------------------------------------------


@FAST
@given(texts, st.sampled_from([None, ",", "."]))
def test_amount_parsers_raise_only_amount_parse_error(text: str, sep: str | None) -> None:
    with contextlib.suppress(AmountParseError):
        parse_amount(text, decimal_sep=sep)
    for m in find_amounts(text, decimal_sep=sep):
        assert text[m.start : m.end] == m.raw
        assert m.value.is_finite()
        to_decimal_string(m.value)


@FAST
@given(texts, st.sampled_from([None, True, False]))
def test_date_parsers_raise_only_date_parse_error(text: str, day_first: bool | None) -> None:
    with contextlib.suppress(DateParseError):
        parse_date(text, day_first=day_first)
    for d in find_dates(text, day_first=day_first):
        assert text[d.start : d.end] == d.raw
        assert 1900 <= d.value.year <= 2100
    for d in find_separator_lost_dates(text, day_first=day_first):
        assert text[d.start : d.end] == d.raw and d.ambiguous
        assert sum(c in "/.-" for c in d.raw) <= 1
        assert 2000 <= d.value.year <= dt.date.today().year + 1
    for d in find_misread_dates(text, day_first=day_first):
        assert text[d.start : d.end] == d.raw and d.ambiguous
        assert 2000 <= d.value.year <= dt.date.today().year + 1


@FAST
@given(texts)
def test_other_finders_never_raise(text: str) -> None:
    detect_currency(text)
    for number in find_registration_numbers(text):
        assert number[0] == "T" and len(number) == 14 and number[1:].isdigit()
    registration_check_digit_ok(text)


@FAST
@given(st.text(max_size=60), st.integers(min_value=0, max_value=60))
def test_find_amounts_on_a_slice_reports_spans_of_that_slice(text: str, cut: int) -> None:
    part = text[cut:]
    for m in find_amounts(part):
        assert part[m.start : m.end] == m.raw


# --- normalize_text -----------------------------------------------------------------------

japanese_ocr_text = st.text(
    alphabet=st.sampled_from(
        list("コヒーカド一括つ单费计额发书请 \t\n\u3000ｺｰﾋ゙゚ガ\u3099\u0301¨e㍻１２３")
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, japanese_ocr_text))
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@FAST
@given(any_text)
def test_normalize_text_leaves_no_runs_of_whitespace(text: str) -> None:
    out = normalize_text(text)
    assert out == out.strip()
    assert "  " not in out
    assert not any(c.isspace() and c != " " for c in out)


# --- amount round trips -------------------------------------------------------------------


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


cents = st.integers(min_value=0, max_value=10**11)


@FAST
@given(cents, st.sampled_from(["en", "de", "fr", "fr-nbsp", "ch", "plain"]))
def test_amount_with_cents_round_trips(value_cents: int, style: str) -> None:
    whole, frac = divmod(value_cents, 100)
    integer = str(whole)
    sep, dec, template = {
        "en": (",", ".", "{}"),
        "de": (".", ",", "{}"),
        "fr": (" ", ",", "{}"),
        "fr-nbsp": ("\u202f", ",", "{} €"),
        "ch": ("'", ".", "CHF {}"),
        "plain": ("", ".", "{}"),
    }[style]
    grouped = _group(integer, sep) if sep else integer
    text = template.format(f"{grouped}{dec}{frac:02d}")
    expected = Decimal(value_cents).scaleb(-2)
    assert parse_amount(text) == expected
    assert to_decimal_string(parse_amount(text)) == f"{integer}.{frac:02d}"


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["¥{}", "{}円", "￥{}-"]))
def test_yen_amount_round_trips(value: int, template: str) -> None:
    text = template.format(_group(str(value), ","))
    [m] = find_amounts(f"合計 {text} (税込)")
    assert (m.value, m.currency, m.has_decimals) == (Decimal(value), "JPY", False)


@FAST
@given(cents.filter(lambda c: c > 0), st.sampled_from(["({})", "-{}", "{}-", "-€{}"]))
def test_negative_amount_round_trips(value_cents: int, template: str) -> None:
    whole, frac = divmod(value_cents, 100)
    text = template.format(f"{_group(str(whole), ',')}.{frac:02d}")
    assert parse_amount(text) == -Decimal(value_cents).scaleb(-2)


@FAST
@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**9, min_value=0))
def test_to_decimal_string_parses_back(value: Decimal) -> None:
    text = to_decimal_string(value)
    assert "E" not in text and "," not in text
    assert parse_amount(text, decimal_sep=".") == value


# --- date round trips ---------------------------------------------------------------------

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
}  # fmt: skip

# (first day, era name, year of that day as year 1)
ERAS = [
    (dt.date(2019, 5, 1), "令和", 2019),
    (dt.date(1989, 1, 8), "平成", 1989),
    (dt.date(1926, 12, 25), "昭和", 1926),
    (dt.date(1912, 7, 30), "大正", 1912),
    (dt.date(1868, 1, 1), "明治", 1868),
]


def _era(d: dt.date) -> str:
    for first, name, year_one in ERAS:
        if d >= first:
            n = d.year - year_one + 1
            return f"{name}{'元' if n == 1 else n}年{d.month}月{d.day}日"
    raise AssertionError(d)


def _formats(d: dt.date) -> dict[str, tuple[str, bool | None]]:
    y, m, dd = d.year, d.month, d.day
    return {
        "iso": (d.isoformat(), None),
        "slash-ymd": (f"{y}/{m}/{dd}", None),
        "dotted-ymd": (f"{y}.{m:02d}.{dd:02d}", None),
        "kanji": (f"{y}年{m}月{dd}日", None),
        "era": (_era(d), None),
        "dmy-slash": (f"{dd:02d}/{m:02d}/{y}", True),
        "mdy-slash": (f"{m:02d}/{dd:02d}/{y}", False),
        "dmy-dot": (f"{dd:02d}.{m:02d}.{y}", None),
        "dmy-dash": (f"{dd}-{m}-{y}", True),
        "en-long": (f"{MONTHS['en'][m - 1]} {dd}, {y}", None),
        "en-short": (f"{dd}-{MONTHS['en'][m - 1][:3]}-{y}", None),
        "de": (f"{dd}. {MONTHS['de'][m - 1]} {y}", None),
        "fr": (f"{'1er' if dd == 1 else dd} {MONTHS['fr'][m - 1]} {y}", None),
        "nl": (f"{dd} {MONTHS['nl'][m - 1].upper()} {y}", None),
        "datetime": (f"{d.isoformat()} 09:33:42", None),
        "glued-time": (f"{d.isoformat()}09:33:42", None),
    }


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
date_styles = st.sampled_from(list(_formats(dt.date(2000, 1, 1))))


@FAST
@given(dates, date_styles)
def test_date_round_trips(d: dt.date, style: str) -> None:
    text, day_first = _formats(d)[style]
    assert parse_date(text, day_first=day_first) == d
    [found] = find_dates(f"Date: {text} Total 12.00", day_first=day_first)
    assert found.value == d


@FAST
@given(st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2069, 12, 31)))
def test_two_digit_year_round_trips(d: dt.date) -> None:
    text = f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    assert parse_date(text) == d


@FAST
@given(dates)
def test_dates_are_not_amounts(d: dt.date) -> None:
    for text, _ in _formats(d).values():
        assert find_amounts(text) == []


# --- registration numbers -----------------------------------------------------------------

FULL_WIDTH_DIGITS = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789"}
twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


@FAST
@given(twelve_digits)
def test_exactly_one_check_digit_fits(body: str) -> None:
    fitting = [c for c in "0123456789" if registration_check_digit_ok(f"T{c}{body}")]
    assert len(fitting) == 1
    assert fitting[0] != "0"  # 9 - (x mod 9) is 1..9


@FAST
@given(twelve_digits, st.integers(min_value=0, max_value=11), st.integers(0, 9))
def test_changing_one_digit_breaks_the_check(body: str, where: int, new: int) -> None:
    # Weights 1 and 2 are both invertible mod 9, so a change is only absorbed when it is a
    # multiple of 9: 0 <-> 9. Any other single-digit change must be caught.
    digit = int(body[where])
    assume(new != digit and abs(new - digit) != 9)
    check = next(c for c in "123456789" if registration_check_digit_ok(f"{c}{body}"))
    changed = body[:where] + str(new) + body[where + 1 :]
    assert not registration_check_digit_ok(f"{check}{changed}")


@FAST
@given(
    st.text(alphabet="0123456789", min_size=13, max_size=13),
    st.sampled_from(["T{}", "T {}", "T{0}-{1}-{2}-{3}", "Ｔ{}", "登録番号: T{} 様"]),
)
def test_registration_number_round_trips(digits: str, template: str) -> None:
    if "{0}" in template:
        text = template.format(digits[:4], digits[4:8], digits[8:12], digits[12])
    elif template.startswith("Ｔ"):
        text = template.format(digits.translate(FULL_WIDTH_DIGITS))
    else:
        text = template.format(digits)
    assert find_registration_numbers(text) == [f"T{digits}"]
