"""Dates: ISO, numeric day/month orders, month names in every locale pack's language,
Japanese calendar and era dates."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from axocr.errors import DateParseError
from axocr.lang.labels import MONTH_NAMES, letters_off
from axocr.normalize.text import _HSPACE, _SP, _alternation, _fold
from axocr.types import is_cjk


@dataclass(frozen=True)
class DateMatch:
    """One date found in a line. ``ambiguous``: the text alone does not fix day/month order."""

    value: datetime.date
    start: int
    end: int
    raw: str
    ambiguous: bool


# Month names and abbreviations of every locale pack (axocr/lang/*.toml).
_MONTH_NAMES: dict[str, int] = MONTH_NAMES

# The point after an abbreviated month may be read as a colon ("Dec: 2,2016").
_MONTH = rf"(?<![^\W\d_])(?P<mon>(?i:{_alternation(list(_MONTH_NAMES))}))(?![^\W\d_])[.:]?"
_DATE_SEP = rf"[{_HSPACE}\-/.]"
_NO_DIGIT_BEFORE = r"(?<![0-9])(?<![0-9][./-])"
_NO_DIGIT_AFTER = r"(?![0-9])(?![./-][0-9])"

_ERA_BASE = {
    "明治": 1867, "㍾": 1867, "大正": 1911, "㍽": 1911, "昭和": 1925, "㍼": 1925,
    "平成": 1988, "㍻": 1988, "令和": 2018, "㋿": 2018, "S": 1925, "H": 1988, "R": 2018,
    "合和": 2018, "今和": 2018,  # 令和 as OCR misreads it (see _ERA_DATE)
}  # fmt: skip

_KANJI_DATE = re.compile(
    rf"(?<![0-9])(?P<y>[0-9]{{4}}){_SP}*年{_SP}*(?P<m>[0-9]{{1,2}}){_SP}*月{_SP}*"
    rf"(?P<d>[0-9]{{1,2}})(?![0-9])(?:{_SP}*日)?"
)
# OCR reads 令 of 令和 as 合 or 今 (one stroke apart); "合和6年" is no other era.
_ERA_DATE = re.compile(
    rf"(?P<era>令和|[合今]和|平成|昭和|大正|明治|[㋿㍻㍼㍽㍾]){_SP}*(?P<ey>[0-9]{{1,2}}|元){_SP}*"
    rf"(?:年|(?P<esep>[./-])){_SP}*(?P<m>[0-9]{{1,2}}){_SP}*(?:月|(?P=esep)){_SP}*"
    rf"(?P<d>[0-9]{{1,2}})(?![0-9])(?:{_SP}*日)?"
)
# R6.5.31, R06/05/31, H31.4.30: Reiwa, Heisei, Showa initials as printed on receipts
_ERA_INITIAL_DATE = re.compile(
    rf"(?<![A-Za-z0-9])(?P<era>[RHS])\.?{_SP}?(?P<ey>[0-9]{{1,2}}|元)(?:年|(?P<esep>[./-]))"
    rf"(?P<m>[0-9]{{1,2}})(?:月|(?P=esep))(?P<d>[0-9]{{1,2}})(?:日)?{_NO_DIGIT_AFTER}"
)
# The day may be glued to a following time by OCR: 2026-06-1109:33:42.
_YMD_DATE = re.compile(
    rf"{_NO_DIGIT_BEFORE}(?P<y>[0-9]{{4}})(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep)"
    rf"(?P<d>[0-9]{{2}}(?=[0-9]{{2}}:[0-9]{{2}})|[0-9]{{1,2}}{_NO_DIGIT_AFTER})"
)
# A year may be glued to a following time by OCR too: 18/01/201810:27:03,
# 14/03/20185:57:07PM (the time's hour has one or two digits), or with a dot for the space
# between them: 06-06-2016.13:07.
# A number and a different separator may come before it: "REG #19-18/03/2018" (checked
# in _find_dates_folded: only the same separator makes it part of a longer number).
_DMY_NUMERIC_DATE = re.compile(
    rf"(?<![0-9])(?P<a>[0-9]{{1,2}})(?P<sep>[-/.])(?P<b>[0-9]{{1,2}})(?P=sep)"
    rf"(?P<y>(?:19|20)[0-9]{{2}}(?=\.?[0-9]{{1,2}}:[0-9]{{2}})"
    # ... and so may a two-digit year, when the four digits are no year: 11/02/1819:21.
    rf"|(?!(?:19|20)[0-9]{{2}})[0-9]{{2}}(?=[0-9]{{2}}:[0-9]{{2}})"
    rf"|[0-9]{{4}}{_NO_DIGIT_AFTER}|[0-9]{{2}}{_NO_DIGIT_AFTER})"
)
# A clock time right after a date ("25032018 13:11", "2024-05-31T09:30").
TIME_AFTER = r"[\sT]{0,2}[0-9]{1,2}:[0-9]{2}"
_TIME_AFTER = rf"(?={TIME_AFTER})"
# Eight digits and then a time, as till receipts print a timestamp: "25032018 13:11:54"
# (day, month, year) or "20180325 13:11" (year first). Without the time eight digits are
# more often an invoice or customer number than a date, so they are not read as one.
_COMPACT_YMD_TIME = re.compile(
    rf"(?<![0-9])(?P<y>(?:19|20)[0-9]{{2}})(?P<m>[01][0-9])(?P<d>[0-3][0-9]){_TIME_AFTER}"
)
_COMPACT_DMY_TIME = re.compile(
    rf"(?<![0-9])(?P<a>[0-3][0-9])(?P<b>[0-3][0-9])(?P<y>(?:19|20)[0-9]{{2}}){_TIME_AFTER}"
)
# A year glued to a following time by OCR, as in the numeric dates: "19 JUL 201720:21".
_YEAR_THEN_TIME = r"(?:19|20)[0-9]{2}(?=[0-9]{1,2}:[0-9]{2})"
# Two digits after a month are no year where a full year follows them: "7 Mar 19, 2018" is
# "Mar 19, 2018" (the 7 glued to a code before it), not 7 March 2019.
_YEAR_AFTER_NAME = (
    rf"(?P<y>[0-9]{{4}}(?![0-9])|{_YEAR_THEN_TIME}|'?[0-9]{{2}}(?![0-9])(?![.,:][0-9])"
    rf"(?![.,]?[{_HSPACE}]*(?:19|20)[0-9]{{2}}(?![0-9])))"
)
_DAY_NAME_YEAR = re.compile(
    rf"(?<![0-9])(?P<d>[0-9]{{1,2}})(?:(?i:st|nd|rd|th|er)|[°º])?\.?{_DATE_SEP}*"
    rf"(?:(?i:of){_SP}+)?{_MONTH}[{_HSPACE}\-/.,]*{_YEAR_AFTER_NAME}"
)
_NAME_DAY_YEAR = re.compile(
    rf"{_MONTH}{_DATE_SEP}*(?P<d>[0-9]{{1,2}})(?![0-9])(?i:st|nd|rd|th)?[{_HSPACE}.,]*"
    rf"(?P<y>[0-9]{{4}}(?![0-9])|{_YEAR_THEN_TIME})"
)
_YEAR_NAME_DAY = re.compile(
    rf"(?<![0-9])(?P<y>[0-9]{{4}}){_DATE_SEP}+{_MONTH}{_DATE_SEP}*(?P<d>[0-9]{{1,2}})(?![0-9])"
)

# Earlier patterns win where spans overlap: R6.5.31 is an era date, not 6 May 2031.
_DATE_PATTERNS = (
    _KANJI_DATE,
    _ERA_DATE,
    _ERA_INITIAL_DATE,
    _YMD_DATE,
    _DAY_NAME_YEAR,
    _NAME_DAY_YEAR,
    _YEAR_NAME_DAY,
    _DMY_NUMERIC_DATE,
    _COMPACT_YMD_TIME,
    _COMPACT_DMY_TIME,
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _full_year(digits: str) -> int:
    year = int(digits.lstrip("'"))
    if len(digits.lstrip("'")) == 2:
        # two-digit years: 00-69 are this century, 70-99 the last
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _date_from_match(
    pattern: re.Pattern[str], m: re.Match[str], day_first: bool | None
) -> tuple[datetime.date | None, bool]:
    groups = m.groupdict()
    if pattern is _DMY_NUMERIC_DATE or pattern is _COMPACT_DMY_TIME:
        a, b = int(groups["a"]), int(groups["b"])
        year = _full_year(groups["y"])
        if a > 12 or b > 12 or a == b:
            # the numbers decide (or the order does not matter)
            day, month = (b, a) if b > 12 else (a, b)
            return _make_date(year, month, day), False
        if groups.get("sep") == ".":
            # dotted dates are written day first wherever they are written
            return _make_date(year, b, a), False
        first = True if day_first is None else day_first
        day, month = (a, b) if first else (b, a)
        return _make_date(year, month, day), True
    if "era" in groups:
        era_year = 1 if groups["ey"] == "元" else int(groups["ey"])
        if era_year == 0:
            return None, False
        year = _ERA_BASE[groups["era"]] + era_year
    else:
        year = _full_year(groups["y"])
    if groups.get("mon") is not None:
        month = _MONTH_NAMES[groups["mon"].lower()]
    else:
        month = int(groups["m"])
    return _make_date(year, month, int(groups["d"])), False


def _find_dates_folded(s: str, day_first: bool | None) -> list[DateMatch]:
    claimed = bytearray(len(s))  # characters already read as part of a date
    found: list[DateMatch] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(s):
            start, end = m.span()
            if any(claimed[start:end]):
                continue
            if (
                pattern is _DMY_NUMERIC_DATE
                and start >= 2
                and s[start - 1] == m.group("sep")
                and s[start - 2].isdigit()
            ):
                continue  # "1.2.3.2018": part of a longer number
            if (
                pattern is _DMY_NUMERIC_DATE
                and m.group("sep") == "-"
                and len(m.group("y")) == 2
                and start >= 1
                and is_cjk(s[start - 1])
            ):
                # "丸の内9-1-26": a Japanese address's chōme-banchi-gō glued to the place
                # name, not a date (a Japanese date is written 2024/1/26 or 2024年1月26日)
                claimed[start:end] = b"\x01" * (end - start)
                continue
            if pattern is _DAY_NAME_YEAR and int(m.group("d")) > 31:
                # "DAS67 Dec 23, 2016": digits glued to a code before the month are no day,
                # and the month, its day and year after them are a date
                continue
            # an impossible date still claims its span, so no part of it is re-read
            claimed[start:end] = b"\x01" * (end - start)
            value, ambiguous = _date_from_match(pattern, m, day_first)
            if value is not None:
                found.append(DateMatch(value, start, end, s[start:end], ambiguous))
    found.sort(key=lambda d: d.start)
    return found


def _repairable(year: int) -> bool:
    """A year a date repaired from OCR's damage may have: this century's, up to next year (a
    repair is a guess, and a guess at an old or far date is a misreading more often)."""
    return 2000 <= year <= datetime.date.today().year + 1


# OCR drops a separator of a faint receipt date ("2703/2018", "0502-18", "27032018"), which
# no date format reads. Both separators present is a date find_dates read or rejected.
_RUN_DATE = re.compile(
    r"(?<![\w/.\-:])(?P<a>\d{2})(?P<s1>[/.\-]?)(?P<b>\d{2})(?P<s2>[/.\-]?)(?P<y>\d{4}|\d{2})"
    r"(?![\w/.\-:])"
)


def find_separator_lost_dates(text: str, *, day_first: bool | None = None) -> list[DateMatch]:
    """Day, month and year runs with a separator missing: ``2703/2018``, ``0502-18``,
    ``27032018`` (day first unless ``day_first`` is False). Six bare digits are a receipt
    or batch number as often as a date and are left alone. Every match is ambiguous: the
    reading is a guess at what was printed."""
    out: list[DateMatch] = []
    for m in _RUN_DATE.finditer(text):
        seps = bool(m.group("s1")) + bool(m.group("s2"))
        if seps == 2 or (seps == 0 and len(m.group("y")) == 2):
            continue
        year = int(m.group("y"))
        year += 2000 if year < 100 else 0
        first, second = int(m.group("a")), int(m.group("b"))
        day, month = (second, first) if day_first is False else (first, second)
        if not _repairable(year):
            continue
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            continue
        out.append(DateMatch(value, m.start(), m.end(), m.group(0), True))
    return out


# Letters OCR reads for the digits of a faint date ("201B-0B-28", "01/D4/2016"), and marks
# it reads for a separator ("2017-02~11") or a separator it loses to a space ("12-05 2018").
_DIGIT_FOR = str.maketrans("BDOoIlSZ", "80001152")
_LOOKS_DIGIT = "0-9BDOoIlSZ"
_MISREAD_NUMERIC = re.compile(
    rf"(?<![\w/.\-~])[{_LOOKS_DIGIT}]{{2,4}}(?P<s1>[/.\-~ ])[{_LOOKS_DIGIT}]{{1,2}}"
    rf"(?P<s2>[/.\-~ ])[{_LOOKS_DIGIT}]{{2,4}}(?![\w/.\-:~])"
)
# A month's abbreviation with one letter misread ("Fob 18, 2018", "05 FED 2016",
# "Drc 13.2018"; a digit for a letter, "31 3AN 2019", "0CT"), or spelled right with a letter for
# one digit of the year ("29 AUG 201B") or of the day ("Apr B, 2017"), between a day and a
# four-digit year.
# Three characters, one of them a digit at most: a year or a day may follow with no space.
_L = r"[^\W\d_]"
_MONTH_WORD = rf"(?:{_L}{{3}}|\d{_L}{_L}|{_L}\d{_L}|{_L}{_L}\d)"
_SLIPPED_MONTH = re.compile(
    rf"(?<![\w])(?:(?P<d1>[{_LOOKS_DIGIT}]{{1,2}})(?P<s1>[ .\-/]*)(?P<m1>{_MONTH_WORD})"
    rf"|(?P<m2>{_MONTH_WORD})(?P<s2>[ .\-/]*)(?P<d2>[{_LOOKS_DIGIT}]{{1,2}}))"
    rf"[ .,\-/]*(?P<y>(?:19|2[0O])[{_LOOKS_DIGIT}]{{2}})(?![0-9])"
)


_SMALL_THEN_I = re.compile(r"(?<=[a-z])I")
# An 8 opening a group of two digits of a date printed whole (a day's or a month's; a year of
# two digits too, where find_dates read no date with it as printed).
_EIGHT_FOR_ZERO = re.compile(r"(?:^|(?<=[/.\-]))8(?=[0-9](?:[/.\-]|$))")


def _slipped_month(word: str) -> int | None:
    """The month a three-letter word is one letter away from, when only one month is: "Fob"
    is February, "Jon" January or June, so none."""
    word = word.lower()
    if word in _MONTH_NAMES:
        return None
    near = {number for name, number in _MONTH_NAMES.items() if letters_off([word], [name]) == [1]}
    return near.pop() if len(near) == 1 else None


def find_misread_dates(text: str, *, day_first: bool | None = None) -> list[DateMatch]:
    """Dates OCR misread in a way no date format reads: a letter for a digit ("201B-0B-28"),
    an 8 for the 0 of a day or a month ("14-85-2018"),
    a stray mark or a space for a separator ("2017-02~11", "12-05 2018"), a month's
    abbreviation with one letter wrong ("Fob 18, 2018") or a letter in the year after it
    ("29 AUG 201B"). Years run 2000 to next year; every
    match is ambiguous: the reading is a guess at what was printed."""
    out: list[DateMatch] = []
    for m in _MISREAD_NUMERIC.finditer(text):
        raw = m.group(0)
        if sum(c.isdigit() for c in raw) < 4:
            continue  # "OD-12-SO": words, not a date with a digit misread
        fixed = raw.translate(_DIGIT_FOR).replace("~", "-")
        if fixed == raw and {m["s1"], m["s2"]} <= set("/.-"):
            # Printed as a date: find_dates' business, unless a day or a month of 80 to 89
            # makes it none: a worn 0 whose middle closed reads as 8 ("14-85-2018").
            fixed = _EIGHT_FOR_ZERO.sub("0", raw)
            if fixed == raw or find_dates(raw, day_first=day_first):
                continue
        fixed = re.sub(r"(?<=\d) (?=\d)", "-" if "-" in fixed else "/", fixed)
        found = find_dates(fixed, day_first=day_first)
        if len(found) == 1 and found[0].raw == fixed and _repairable(found[0].value.year):
            out.append(DateMatch(found[0].value, m.start(), m.end(), raw, True))
    for m in _SLIPPED_MONTH.finditer(text):
        word, year = m["m1"] or m["m2"], m["y"].translate(_DIGIT_FOR)
        printed_day = m["d1"] or m["d2"]
        day = printed_day.translate(_DIGIT_FOR)
        if day != printed_day and (year != m["y"] or not (m["s1"] or m["s2"])):
            continue  # a letter day is one slip, and stands apart from the month's letters
        # One slip only: a misread month, or a misread year or day by a month spelled right.
        spelled = year == m["y"] and day == printed_day
        month = _slipped_month(word) if spelled else _MONTH_NAMES.get(word.lower())
        # A capital I after a small letter is an l ("JuI 5, 2016"): a sans-serif font prints
        # the two alike, and of the months one letter from "jui" both Jun and Jul are.
        lowered = _SMALL_THEN_I.sub("l", word).lower()
        if spelled and month is None and lowered != word.lower():
            month = _MONTH_NAMES.get(lowered)
        if month is None or not year.isdigit() or not _repairable(int(year)):
            continue
        value = _make_date(int(year), month, int(day))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end(), m.group(0), True))
    out.sort(key=lambda d: d.start)
    return out


def find_dates(text: str, *, day_first: bool | None = None) -> list[DateMatch]:
    """Every date in ``text``, left to right.

    Numeric dates whose day and month could be swapped are read day first unless
    ``day_first=False`` (US English); they are marked ``ambiguous``. Impossible dates and
    years outside 1900-2100 are skipped.
    """
    return list(_cached_dates(text, day_first))


@lru_cache(maxsize=4096)
def _cached_dates(text: str, day_first: bool | None) -> tuple[DateMatch, ...]:
    return tuple(
        DateMatch(d.value, d.start, d.end, text[d.start : d.end], d.ambiguous)
        for d in _find_dates_folded(_fold(text), day_first)
    )


def parse_date(text: str, *, day_first: bool | None = None) -> datetime.date:
    """The date in ``text``; DateParseError if there is none or several different ones."""
    values = {d.value for d in find_dates(text, day_first=day_first)}
    if len(values) != 1:
        what = "no valid date" if not values else f"{len(values)} different dates"
        raise DateParseError(f"{what} in {text[:80]!r}")
    return values.pop()
