"""Hand-written cases for axocr.normalize. Expected values are worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from axocr.errors import AmountParseError, DateParseError, NormalizationError
from axocr.normalize import (
    AmountMatch,
    DateMatch,
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
from axocr.normalize.text import _SIMPLIFIED_TO_JAPANESE

D = Decimal
NBSP = "\u00a0"
NNBSP = "\u202f"

# --- normalize_text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１，２３４", "1,234"),
        ("￥１，２３４", "¥1,234"),
        ("¥1,234", "¥1,234"),
        ("Ｔ１２３４", "T1234"),
        ("ｺｰﾋｰ", "コーヒー"),  # half-width katakana
        ("㍻31年", "平成31年"),
        ("㋿6年", "令和6年"),
        ("コ一ヒ一", "コーヒー"),
        ("コ一ヒ一 ¥500", "コーヒー ¥500"),
        ("アイスコ一ヒ一カップ", "アイスコーヒーカップ"),
        ("カード一括", "カード一括"),  # 一 before kanji stays the numeral
        ("ケーキ一つ", "ケーキ一つ"),  # ... and before kana
        ("合同会社シャインマ←ト", "合同会社シャインマート"),  # an arrow between katakana
        ("コ―ヒ—", "コーヒ—"),  # a long dash too; after the word's end it stays
        ("A←B", "A←B"),
        ("一括払い", "一括払い"),
        ("第一営業部", "第一営業部"),
        ("请求书", "請求書"),
        ("合计金额", "合計金額"),
        ("消费税", "消費税"),
        ("发行日", "発行日"),
        ("单价", "単价"),  # 价 is a JIS character, so it is left alone
        ("株式会社丰岛产业", "株式会社豊島産業"),
        ("有限会社松風物產", "有限会社松風物産"),
        ("株式会社大和运输", "株式会社大和運輸"),
        ("纳品书No", "納品書No"),  # 產: a traditional form outside JIS X 0208
        ("广岛", "广島"),  # 广 is in JIS X 0208 (a rare kanji of its own), so it stays
        ("号", "号"),
        ("据え置き", "据え置き"),
        ("  a \t b\n\n c  ", "a b c"),
        ("a\u3000b", "a b"),
        (f"1{NBSP}234", "1 234"),
        ("1\u200b234", "1234"),  # zero-width space inside a number
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def test_simplified_map_only_rewrites_non_japanese_forms() -> None:
    # Shift_JIS covers JIS X 0208, the Japanese character set: no key may be in it (so no
    # real Japanese is rewritten) and every replacement must be.
    for simplified, japanese in _SIMPLIFIED_TO_JAPANESE.items():
        with pytest.raises(UnicodeEncodeError):
            simplified.encode("shift_jis")
        japanese.encode("shift_jis")
        assert simplified != japanese


def test_normalize_text_is_idempotent_on_examples() -> None:
    for text in ["コ一一", "コ一ヒ一一括", "x ¨", "ｶﾞ一 ", "\u00a8\u0301", "单一"]:
        once = normalize_text(text)
        assert normalize_text(once) == once


# --- amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.56", D("1234.56")),
        ("1.234,56", D("1234.56")),
        ("1 234,56", D("1234.56")),
        (f"1{NBSP}234,56", D("1234.56")),
        (f"1{NNBSP}234,56", D("1234.56")),
        ("1\u2009234,56", D("1234.56")),
        ("1'234.56", D("1234.56")),
        ("1’234.56", D("1234.56")),
        ("¥1,234-", D("1234")),  # the Japanese "exactly" dash, not a minus
        ("¥1,234－", D("1234")),
        ("¥1,234—", D("1234")),
        ("￥1,234", D("1234")),
        ("1,234円", D("1234")),
        ("1,234 円", D("1234")),
        ("１，２３４", D("1234")),
        ("１，２３４円", D("1234")),
        ("€ 12,50", D("12.50")),
        ("12,50 €", D("12.50")),
        (f"12,50{NBSP}€", D("12.50")),
        ("EUR 1.234,00", D("1234.00")),
        ("$4.11", D("4.11")),
        ("US$ 4.11", D("4.11")),
        ("RM 60.30", D("60.30")),
        ("RM60.30", D("60.30")),
        ("Rs. 1,250.00", D("1250.00")),
        ("CHF 1'234.50", D("1234.50")),
        ("-12.00", D("-12.00")),
        ("−12.00", D("-12.00")),  # U+2212 minus sign
        ("(12.00)", D("-12.00")),
        ("($12.00)", D("-12.00")),
        ("-€12.00", D("-12.00")),
        ("€-12.00", D("-12.00")),
        ("12.00-", D("-12.00")),
        ("1,234.-", D("1234")),
        ("12,-", D("12")),
        ("12,- €", D("12")),
        ("1.234,-", D("1234")),
        ("▲100", D("-100")),  # Japanese receipts mark discounts with ▲ / △
        ("△1,000円", D("-1000")),
        ("1378", D("1378")),
        ("100", D("100")),
        ("0.50", D("0.50")),
        ("0,50", D("0.50")),
        ("1,234", D("1234")),  # one separator + three digits: thousands
        ("1.234", D("1234")),
        ("12,34", D("12.34")),  # one separator + two digits: decimals
        ("12.5", D("12.5")),
        ("1234,567", D("1234.567")),  # a four-digit head cannot be a thousands group
        ("1,234,567", D("1234567")),
        ("1.234.567,89", D("1234567.89")),
        ("1,234,56", D("1234.56")),  # OCR dropped the decimal point's shape
        ("1,23,45,678.00", D("12345678.00")),  # Indian grouping
        ("1 234 567,89 EUR", D("1234567.89")),
        ("2 500", D("2500")),  # parse_amount: the whole text is one amount
        ("Total: 1,234.56 (incl. 10% tax)", D("1234.56")),
        ("合計 ¥1,378", D("1378")),
        ("TOTAL12.00", D("12.00")),
        ("12 EUR", D("12")),
        ("12 Euro", D("12")),
    ],
)
def test_parse_amount(text: str, expected: Decimal) -> None:
    got = parse_amount(text)
    assert got == expected
    # same precision as printed: 12.50 stays 12.50
    assert got.as_tuple().exponent == expected.as_tuple().exponent


@pytest.mark.parametrize(
    ("text", "decimal_sep", "expected"),
    [
        ("1,234", ",", D("1.234")),
        ("1.234", ".", D("1.234")),
        ("1,234", ".", D("1234")),
        ("1.234", ",", D("1234")),
        ("12,50", ".", D("12.50")),  # the hint only settles the three-digit case
        ("1.234,56", ".", D("1234.56")),  # both separators present: the last is decimal
        ("2 500", ",", D("2500")),
    ],
)
def test_parse_amount_with_decimal_separator(
    text: str, decimal_sep: str, expected: Decimal
) -> None:
    assert parse_amount(text, decimal_sep=decimal_sep) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Total",
        "10%",
        "10 %",
        "2024/05/31",
        "31.05.2024",
        "09:33",
        "03-1234-5678",
        "Tel:07-3507405",
        "12345678901",  # an ID, not an amount
        "007",
        "1,234.56 and 7.00",  # two amounts
        "1.2.3",
        "T1234567890123",
        "INV-001",
        "#123",
        "500ml",
    ],
)
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(AmountParseError):
        parse_amount(text)


def test_parse_amount_bad_decimal_sep_is_a_library_error() -> None:
    with pytest.raises(AmountParseError):
        parse_amount("1,234", decimal_sep=";")
    assert issubclass(AmountParseError, NormalizationError)


def _values(text: str, **kw: str) -> list[tuple[str, str | None, bool]]:
    return [(str(m.value), m.currency, m.has_decimals) for m in find_amounts(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥1,234-", [("1234", "JPY", False)]),
        ("1,234円", [("1234", "JPY", False)]),
        # yen has no minor unit: three digits after a grouped integer are a group whose
        # separator OCR misread (generated Japanese scan, seed 2626)
        ("¥1,016.345", [("1016345", "JPY", False)]),
        ("¥1.117,804", [("1117804", "JPY", False)]),
        ("小計 1,016.345円", [("1016345", "JPY", False)]),
        ("¥1,234.56", [("1234.56", "JPY", True)]),
        ("€1.234,567", [("1234.567", "EUR", True)]),
        # letters, a hyphen and a long bare number: an identifier (Rome's company register)
        ("R.E.A. RM-1507031 - Cap. Soc. € 10.000,00", [("10000.00", "EUR", True)]),
        ("RM-5.00", [("-5.00", "MYR", True)]),
        ("RM-150", [("-150", "MYR", False)]),
        ("€ 12,50", [("12.50", "EUR", True)]),
        ("12,50 €", [("12.50", "EUR", True)]),
        ("EUR 1.234,00", [("1234.00", "EUR", True)]),
        ("$4.11", [("4.11", "USD", True)]),
        ("HK$ 12.00", [("12.00", "HKD", True)]),
        ("£3.20", [("3.20", "GBP", True)]),
        ("RM 60.30", [("60.30", "MYR", True)]),
        ("₹ 500", [("500", "INR", False)]),
        ("CAD 10.00", [("10.00", "CAD", True)]),
        ("1378", [("1378", None, False)]),
        ("FORM 60", [("60", None, False)]),  # RM inside FORM is not ringgit
        ("Qty 2 500.00", [("2", None, False), ("500.00", None, True)]),
        ("2 500円", [("2", None, False), ("500", "JPY", False)]),
        ("1 234 €", [("1234", "EUR", False)]),
        ("Date 2024/05/31 Total 12.00", [("12.00", None, True)]),
        ("31.05.2024 Betrag 12,50 €", [("12.50", "EUR", True)]),
        ("May 31, 2024 $4.11", [("4.11", "USD", True)]),
        ("2026-06-11 09:33:42 合計 ¥1,378", [("1378", "JPY", False)]),
        ("2026-06-1109:33:42 100", [("100", None, False)]),
        ("令和6年5月31日 1,000円", [("1000", "JPY", False)]),
        ("R6.5.31 1,000円", [("1000", "JPY", False)]),
        ("消費税10% ¥100", [("100", "JPY", False)]),
        ("8%対象 1,080", [("1080", None, False)]),
        ("TEL 03-1234-5678", []),
        ("Tel:07-3507405 Total RM 60.30", [("60.30", "MYR", True)]),
        ("(03) 1234-5678", []),
        ("(555) 123-4567", []),
        ("+81 3 1234 5678", []),
        ("090 1234 5678", []),
        ("INV-001 #123 500ml 3x", []),
        ("No.123", []),
        ("A100", []),
        ("T1234-5678-9012-3", []),
        ("Invoice 20240531001", []),
        ("9時30分", []),
        ("3ヶ月", []),
        ("(2) 12.00", [("2", None, False), ("12.00", None, True)]),
        ("Subtotal 10.00 Tax 0.80 Total 10.80", [
            ("10.00", None, True), ("0.80", None, True), ("10.80", None, True),
        ]),
        # a trailing minus on a decimal amount is a credit, except in a yen line
        ("12.00-", [("-12.00", None, True)]),
        ("金額(円) 1,234.00-", [("1234.00", None, True)]),
        ("1,234-", [("1234", None, False)]),
        ("値引 ▲100", [("-100", None, False)]),
        ("¥1,234ー", [("1234", "JPY", False)]),
        ("内消費税 (¥91)", [("91", "JPY", False)]),  # an aside, not a credit
        ("$.50", []),  # not fifty; leading-point cents are not read
        ("Telefon +49 30 1234567 Betrag 12,00", [("12.00", None, True)]),
        ("Phone (555) 123-4567 Total $12.00", [("12.00", "USD", True)]),
        ("Page 1/2", []),
        ("TEL 03 1234 5678", []),
        ("Tel. +49 (0)30 1234567", []),
        ("Tel: 03-1234-5678 12.00", [("12.00", None, True)]),
        ("電話番号 03(1234)5678 合計1,000円", [("1000", "JPY", False)]),
        ("14h30", []),
        ("Price 3 @ 4.50 = 13.50", [
            ("3", None, False), ("4.50", None, True), ("13.50", None, True),
        ]),
        ("Total TTC : 1 234,56 €", [("1234.56", "EUR", True)]),
        ("Gesamtbetrag: 1.234,56 EUR", [("1234.56", "EUR", True)]),
        ("Totaal € 1.234,56", [("1234.56", "EUR", True)]),
        ("MwSt 19% 234,56", [("234.56", None, True)]),
        ("1 000 000 000,00", [("1000000000.00", None, True)]),
        ("111 222.00 1 234,56 €", [
            ("111", None, False), ("222.00", None, True), ("1234.56", "EUR", True),
        ]),
    ],
)  # fmt: skip
def test_find_amounts(text: str, expected: list[tuple[str, str | None, bool]]) -> None:
    assert _values(text) == expected


def test_find_amounts_spans_index_the_given_text() -> None:
    text = "合計　￥１，２３４－　(税込)"
    [m] = find_amounts(text)
    assert m == AmountMatch(
        value=D("1234"), start=3, end=10, raw="￥１，２３４－", currency="JPY", has_decimals=False
    )
    assert text[m.start : m.end] == m.raw


def test_find_amounts_credit_note_brackets_are_part_of_the_raw_text() -> None:
    [m] = find_amounts("Credit (12.00) EUR")
    assert (m.raw, m.value) == ("(12.00)", D("-12.00"))
    [m] = find_amounts("Items (2)")
    assert (m.raw, m.value) == ("2", D("2"))


def test_find_amounts_with_decimal_separator() -> None:
    assert _values("Menge 1,250 kg", decimal_sep=",") == [("1.250", None, True)]
    assert _values("1,250", decimal_sep=".") == [("1250", None, False)]


# --- to_decimal_string --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("4.11"), "4.11"),
        (D("1378"), "1378"),
        (D("12.50"), "12.50"),
        (D("-12.00"), "-12.00"),
        (D("1E+3"), "1000"),
        (D("1.5E-3"), "0.0015"),
        (D("-0.00"), "0.00"),
        (D("1234567890123.45"), "1234567890123.45"),
    ],
)
def test_to_decimal_string(value: Decimal, expected: str) -> None:
    assert to_decimal_string(value) == expected


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_to_decimal_string_rejects_non_finite(value: Decimal) -> None:
    with pytest.raises(AmountParseError):
        to_decimal_string(value)


def test_to_decimal_string_round_trips_found_amounts() -> None:
    assert [to_decimal_string(m.value) for m in find_amounts("¥1,234 and 1.234,50 €")] == [
        "1234",
        "1234.50",
    ]


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-31", dt.date(2024, 5, 31)),
        ("2024/05/31", dt.date(2024, 5, 31)),
        ("2024.05.31", dt.date(2024, 5, 31)),
        ("2024/5/3", dt.date(2024, 5, 3)),
        ("2024年5月31日", dt.date(2024, 5, 31)),
        ("2024年 5月 31日", dt.date(2024, 5, 31)),
        ("２０２４年５月３１日(金)", dt.date(2024, 5, 31)),
        ("令和6年5月31日", dt.date(2024, 5, 31)),  # Reiwa 1 = 2019, so 6 = 2024
        ("令和 6 年 5 月 31 日", dt.date(2024, 5, 31)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),  # Heisei 1 = 1989, so 31 = 2019
        ("昭和64年1月7日", dt.date(1989, 1, 7)),  # Showa 1 = 1926, so 64 = 1989
        ("㍻31年4月30日", dt.date(2019, 4, 30)),
        ("R6.5.31", dt.date(2024, 5, 31)),
        ("R06/05/31", dt.date(2024, 5, 31)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("31.05.2024", dt.date(2024, 5, 31)),
        ("31/05/2024", dt.date(2024, 5, 31)),
        ("05/31/2024", dt.date(2024, 5, 31)),  # 31 cannot be a month
        ("31-05-2024", dt.date(2024, 5, 31)),
        ("31/05/24", dt.date(2024, 5, 31)),
        ("31/05/99", dt.date(1999, 5, 31)),
        ("05/06/2024", dt.date(2024, 6, 5)),  # ambiguous: day first by default
        ("05.06.2024", dt.date(2024, 6, 5)),
        ("May 31, 2024", dt.date(2024, 5, 31)),
        ("31 May 2024", dt.date(2024, 5, 31)),
        ("31-May-2024", dt.date(2024, 5, 31)),
        ("31-MAY-24", dt.date(2024, 5, 31)),
        ("Aug 3, 2014", dt.date(2014, 8, 3)),
        ("Sept. 5, 2020", dt.date(2020, 9, 5)),
        ("May 31st, 2024", dt.date(2024, 5, 31)),
        ("3rd of May 2024", dt.date(2024, 5, 3)),
        ("Friday, 31 May 2024", dt.date(2024, 5, 31)),
        ("7. Mai 2014", dt.date(2014, 5, 7)),
        ("15. März 2018", dt.date(2018, 3, 15)),
        ("15. Maerz 2018", dt.date(2018, 3, 15)),
        ("15. MÄRZ 2018", dt.date(2018, 3, 15)),
        ("1. Okt. 2020", dt.date(2020, 10, 1)),
        ("3. Dezember 2021", dt.date(2021, 12, 3)),
        ("7 mai 2014", dt.date(2014, 5, 7)),
        ("1er mars 2019", dt.date(2019, 3, 1)),
        ("1° marzo 2024", dt.date(2024, 3, 1)),  # the Italian ordinal of a month's first day
        ("1º maggio 2024", dt.date(2024, 5, 1)),
        ("3 décembre 2020", dt.date(2020, 12, 3)),
        ("3 decembre 2020", dt.date(2020, 12, 3)),
        ("14 juillet 2021", dt.date(2021, 7, 14)),
        ("2 févr. 2021", dt.date(2021, 2, 2)),
        ("15 août 2022", dt.date(2022, 8, 15)),
        ("31 mei 2014", dt.date(2014, 5, 31)),
        ("12 okt 2020", dt.date(2020, 10, 12)),
        ("5 januari 2022", dt.date(2022, 1, 5)),
        ("1 maart 2023", dt.date(2023, 3, 1)),
        ("2024-May-31", dt.date(2024, 5, 31)),
        ("2026-06-11 09:33:42", dt.date(2026, 6, 11)),
        ("2026-06-1109:33:42", dt.date(2026, 6, 11)),  # OCR glued the time to the day
        ("2024-05-31T10:00:00Z", dt.date(2024, 5, 31)),
        ("Invoice date: 31/05/2024", dt.date(2024, 5, 31)),
        ("Rechnungsdatum 31.05.2024 Betrag 12,50 €", dt.date(2024, 5, 31)),
        ("2024-05-31 and 31 May 2024", dt.date(2024, 5, 31)),  # the same date twice
        ("2100-12-31", dt.date(2100, 12, 31)),
        ("1900-01-01", dt.date(1900, 1, 1)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("05/06/2024", False, dt.date(2024, 5, 6)),
        ("05/06/2024", True, dt.date(2024, 6, 5)),
        ("05/31/2024", True, dt.date(2024, 5, 31)),  # the numbers overrule the hint
        ("31/05/2024", False, dt.date(2024, 5, 31)),
        ("05.06.2024", False, dt.date(2024, 6, 5)),  # dotted dates are day first
        ("06/06/2024", False, dt.date(2024, 6, 6)),
    ],
)
def test_parse_date_day_first(text: str, day_first: bool, expected: dt.date) -> None:
    assert parse_date(text, day_first=day_first) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no date here",
        "2024-13-01",
        "2024-02-30",
        "31/02/2024",
        "30 Feb 2024",
        "2023-02-29",  # 2023 is not a leap year
        "1899-12-31",
        "2101-01-01",
        "00/05/2024",
        "2024年5月",  # no day
        "May 2024",
        "v1.2.3.4",
        "Total 3 Mar 10.00",
        "2024-05-31 to 2024-06-30",  # two different dates
        "令和0年5月1日",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text)


def test_find_dates_spans_and_ambiguity() -> None:
    text = "Issued ０５/０６/２０２４, due 31 May 2024"
    assert find_dates(text) == [
        DateMatch(dt.date(2024, 6, 5), 7, 17, "０５/０６/２０２４", True),
        DateMatch(dt.date(2024, 5, 31), 23, 34, "31 May 2024", False),
    ]
    [m] = find_dates("13/06/2024")
    assert not m.ambiguous
    [m] = find_dates("06/06/2024")  # both orders give the same date
    assert not m.ambiguous


def test_find_dates_prefers_era_reading() -> None:
    # "6.5.31" alone would read as 6 May 2031; after R it is Reiwa 6.
    assert [d.value for d in find_dates("R6.5.31")] == [dt.date(2024, 5, 31)]


def test_long_lines_stay_linear() -> None:
    # a rejected space-grouped token, many dates and many masks on one long line
    line = "111 2024-05-31 Tel 03-1234-5678 " * 2000
    assert len(find_amounts(line)) == 2000
    assert len(find_dates(line)) == 2000


def test_leap_day() -> None:
    assert parse_date("29.02.2024") == dt.date(2024, 2, 29)
    assert parse_date("令和2年2月29日") == dt.date(2020, 2, 29)


# --- currency -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥1,234", "JPY"),
        ("￥1,234", "JPY"),
        ("1,234円", "JPY"),
        ("JPY 1234", "JPY"),
        ("€ 12,50", "EUR"),
        ("Total EUR", "EUR"),
        ("12 Euro", "EUR"),
        ("$4.11", "USD"),
        ("USD 4.11", "USD"),
        ("US$ 4.11", "USD"),
        ("HK$12", "HKD"),
        ("A$ 20", "AUD"),
        ("£3", "GBP"),
        ("GBP 3", "GBP"),
        ("RM 60.30", "MYR"),
        ("Amount (RM)", "MYR"),
        ("MYR 60.30", "MYR"),
        ("CHF 12", "CHF"),
        ("Rs. 500", "INR"),
        ("₹500", "INR"),
        ("INR 500", "INR"),
        ("CAD 10", "CAD"),
        ("FORM 60", None),  # RM inside a word
        ("NEUROLOGY", None),  # EUR inside a word
        ("EUROPE", None),
        ("Mrs Smith", None),
        ("RS-232 cable", None),
        # a sign inside a code of letters and digits is a misread character of the code
        ("LOC N=: LNIV66466C€4", None),
        ("REF AB12$7 RM 3.00", "MYR"),
        ("TOTAL€12.50", "EUR"),  # a label's letters alone before it: glued, still a sign
        ("12€50", "EUR"),  # French prices print the sign for the decimal point
        # between a decimal point and a digit, a misread digit of the amount (seed 6684)
        ("TAPE HEASURE 14.€5", None),
        ("RM 14.€5", "MYR"),
        # before an amount's decimal point: a misread leading digit (`€.60` for `6.60`);
        # only dollars print amounts under one without their zero
        ("Change €.60", None),
        ("Change £,60", None),
        ("GBP 191.12 €.60", "GBP"),
        # two digits of one amount misread as signs, on a worn till print (seed 1847)
        ("CHANGE €.€0", None),
        ("BM 324.05 €.€0", None),
        ("€.€0 EUR 5.00", "EUR"),
        ("Change $.60", "USD"),
        ("Change €0.60", "EUR"),
        ("€ 12.50", "EUR"),
        ("no currency here 12.00", None),
        ("", None),
        # a province's code after the town on an address line with its postal code: Rome
        ("00185 Roma (RM)", None),
        ("Via Appia Nuova 10 - 00185 Roma (RM)", None),
        ("JUMLAH (RM)", "MYR"),
        ("TOTAL (RM) 12.00", "MYR"),
    ],
)
def test_detect_currency(text: str, expected: str | None) -> None:
    assert detect_currency(text) == expected


# --- registration numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("登録番号 T1234567890123", ["T1234567890123"]),
        ("登録番号：T1234-5678-9012-3", ["T1234567890123"]),
        ("T 1234567890123", ["T1234567890123"]),
        ("T 1234 5678 9012 3", ["T1234567890123"]),
        ("Ｔ１２３４５６７８９０１２３", ["T1234567890123"]),
        ("T7123456789012 / T7123456789012", ["T7123456789012"]),
        ("T7123456789012 T9000000000000", ["T7123456789012", "T9000000000000"]),
        ("T12345678901234", []),  # 14 digits
        ("T123456789012", []),  # 12 digits
        ("INT1234567890123", []),
        ("1234567890123", []),  # no T: a corporate number, not an invoice registration
    ],
)
def test_find_registration_numbers(text: str, expected: list[str]) -> None:
    assert find_registration_numbers(text) == expected


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        # NTA example 7000012050002. After the check digit 7: 0 0 0 0 1 2 0 5 0 0 0 2.
        # From the right, P1=2 P2=0 P3=0 P4=0 P5=5 P6=0 P7=2 P8=1 P9..P12=0.
        # Odd n weigh 1: 2 + 0 + 5 + 2 + 0 + 0 = 9; even n weigh 2: 2*(0+0+0+1+0+0) = 2.
        # 9 - (11 mod 9) = 9 - 2 = 7. The check digit is 7: valid.
        ("7000012050002", True),
        ("T7000012050002", True),
        ("1000012050002", False),
        # 123456789012: P1=2 P2=1 P3=0 P4=9 P5=8 P6=7 P7=6 P8=5 P9=4 P10=3 P11=2 P12=1.
        # odd: 2+0+8+6+4+2 = 22; even: 2*(1+9+7+5+3+1) = 52; 74 mod 9 = 2; 9 - 2 = 7.
        ("T7123456789012", True),
        ("T7123-4567-8901-2", True),
        ("Ｔ７１２３４５６７８９０１２", True),
        ("T1123456789012", False),
        ("T8123456789012", False),
        # twelve zeros: sum 0, 9 - 0 = 9
        ("T9000000000000", True),
        ("T0000000000000", False),
        ("T712345678901", False),  # 12 digits
        ("T71234567890123", False),  # 14 digits
        ("T712345678901x", False),
        ("", False),
        ("TT7123456789012", False),
    ],
)
def test_registration_check_digit(number: str, ok: bool) -> None:
    assert registration_check_digit_ok(number) is ok


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("18/01/201810:27:03", "2018-01-18"),  # OCR glued the time to the year
        ("14/03/20185:57:07PM", "2018-03-14"),
        ("11/02/1819:21 Slip No.", "2018-02-11"),  # ... or to a two-digit year
        ("DATE: 30/05/201710:18:02 AM", "2017-05-30"),
        # ... and to the year after a month's name
        ("19 JUL 201720:21", "2017-07-19"),
        ("Jul 19, 20179:05 PM", "2017-07-19"),
        # ... or with a dot for the space between them (a generated receipt)
        ("06-06-2016.13:07", "2016-06-06"),
    ],
)
def test_day_month_year_glued_to_a_time(text: str, iso: str) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == [iso]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("ORD #70 -REG #19-18/03/201823:02:16", "2018-03-18"),  # a number before, other sep
        ("00440010036 25032018 13:11:54 0003", "2018-03-25"),  # till timestamp, day first
        ("20180325 13:11", "2018-03-25"),  # ... year first
        ("Printed 31122017T23:59", "2017-12-31"),
    ],
)
def test_dates_as_till_receipts_print_them(text: str, iso: str) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == [iso]


@pytest.mark.parametrize(
    "text",
    [
        "27032018",  # eight digits without a time: an invoice or customer number as often
        "Invoice 20240531",
        "1.2.3.2018",  # a section or version number
        "Ref 19/18/03/2018",  # same separator: one longer number, not a date inside it
        "東京都千代田区丸の内9-1-26",  # a Japanese address: chōme-banchi-gō after the place
        "大阪府大阪市北区梅田5-10-23",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [("合和6年3月7日", "2024-03-07"), ("今和6年4月30日", "2024-04-30")],
)
def test_reiwa_misread_by_ocr(text: str, iso: str) -> None:
    # 令 read as 合 or 今 (one stroke apart); no other era is written 合和 or 今和.
    assert [d.value.isoformat() for d in find_dates(text)] == [iso]


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2703/2018", None, [dt.date(2018, 3, 27)]),
        ("0502-18", None, [dt.date(2018, 2, 5)]),
        ("27032018", True, [dt.date(2018, 3, 27)]),
        ("0327/2018", False, [dt.date(2018, 3, 27)]),
        ("DATE 2703.2018 12:01", None, [dt.date(2018, 3, 27)]),
        # both separators: a real date, find_dates' business
        ("27/03/2018", None, []),
        # six bare digits: a receipt or batch number as often as a date
        ("050218", None, []),
        # no such day or month, a year out of range, glued to letters or other digits
        ("3203/2018", None, []),
        ("2703/1899", None, []),
        ("CS27032018", None, []),
        ("0502-18-7", None, []),
        ("07-3822612", None, []),
    ],
)
def test_dates_whose_separators_ocr_lost(
    text: str, day_first: bool | None, expected: list[dt.date]
) -> None:
    assert [d.value for d in find_separator_lost_dates(text, day_first=day_first)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a letter read for a digit
        ("DATE:201B-0B-28", [dt.date(2018, 8, 28)]),
        ("Date: 01/D4/2016 Time: 21:30", [dt.date(2016, 4, 1)]),
        # a stray mark or a space for a separator
        ("2017-02~11 18:05", [dt.date(2017, 2, 11)]),
        ("Date: 12-05 2018 Time. 16:53", [dt.date(2018, 5, 12)]),
        # a month's abbreviation one letter off, and only one month's
        ("DATE: Fob 18, 2018", [dt.date(2018, 2, 18)]),
        ("RECEIPT #:R392515BATE: 05 FED 2016", [dt.date(2016, 2, 5)]),
        ("Date: Drc 13.2018 Time: 11:11", [dt.date(2018, 12, 13)]),
        ("Jon 12 2018", []),  # January or June
        # ... or with a digit for one of its letters (a generated dot-matrix receipt)
        ("31 3AN 2019 17:07", [dt.date(2019, 1, 31)]),
        ("05 0CT 2018", [dt.date(2018, 10, 5)]),
        ("N0V 12, 2017", [dt.date(2017, 11, 12)]),
        ("3 0CT 201B", []),  # two slips
        ("12 345 2019", []),  # digits, no month
        ("1 PC5 2019", []),  # no month one character off
        # glued to the year or the day, as before a digit could stand in the month
        ("29 AUG201B", [dt.date(2018, 8, 29)]),
        ("Fob18, 2018", [dt.date(2018, 2, 18)]),
        ("31 3AN2019", [dt.date(2019, 1, 31)]),
        # a capital I for the l of Jul, where "Jui" is one letter from Jun and Jul alike
        ("RECEIPT #:INV27091917 DATE: JuI 5, 2016", [dt.date(2016, 7, 5)]),
        ("JuI 5, 201B", []),  # two slips
        ("Jui 5, 2016", []),  # a small i: Jun or Jul
        # a month spelled right before a year with a letter for a digit (a generated receipt)
        ("Date: 29 AUG 201B Time: 12:49", [dt.date(2018, 8, 29)]),
        ("5 mag 2O25", [dt.date(2025, 5, 5)]),
        ("29 Fob 201B", []),  # two slips are too many
        # ... or with a letter for a digit of the day (a generated receipt)
        ("Date : Apr B, 2017", [dt.date(2017, 4, 8)]),
        ("B Fob 2017", []),  # two slips
        ("AprB 2017", []),  # a letter day glued to the month's letters
        ("B Apr 201B", []),
        # a day or a month of 80 to 89: a worn 0 read as 8 (a generated dot-matrix receipt)
        ("nate : 14-85-2018", [dt.date(2018, 5, 14)]),
        ("Date: 2018-85-14", [dt.date(2018, 5, 14)]),
        ("Date : 06/00/2017", []),  # a month 00: which digit was it?
        ("14-75-2018", []),  # 7 is no misread 0
        # printed as a date: find_dates reads it; no digit: words
        ("27/03/2018", []),
        ("Dec 23, 2016", []),
        ("OD-12-SO", []),
        # a phone number, an amount and a year, a year out of range
        ("TEL: 06-5139 8942", []),
        ("TOTAL 12.50 2018", []),
        ("Fob 18, 1998", []),
    ],
)
def test_dates_ocr_misread(text: str, expected: list[dt.date]) -> None:
    found = find_misread_dates(text, day_first=True)
    assert [d.value for d in found] == expected
    assert all(d.ambiguous and text[d.start : d.end] == d.raw for d in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the point after the month's abbreviation read as a colon (a generated receipt)
        ("Dare: Dec: 2,2016 Tlme:20:44", [dt.date(2016, 12, 2)]),
        ("2 Dec: 2016", [dt.date(2016, 12, 2)]),
        # a colon after the month, then a time or no year: no date
        ("Mar: 12:30 2016", []),
        ("Date: May: 5", []),
    ],
)
def test_a_months_point_read_as_a_colon(text: str, expected: list[dt.date]) -> None:
    assert [d.value for d in find_dates(text)] == expected


def test_digits_glued_before_a_month_are_no_day() -> None:
    # a receipt number ending in digits ran into the date; "67 Dec 23" is no date, and must
    # not hide the one after it
    assert [d.value for d in find_dates("RECEIPT #: INV259DAS67 Dec 23, 2016")] == [
        dt.date(2016, 12, 23)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a possible day glued before the month: "7 Mar 19" would be 7 March 2019
        ("RECEIPT #: INV526DASB7 Mar 19, 2018", "2018-03-19"),
        ("Date: 7 Mar 19 2018", "2018-03-19"),
        # with no full year after it, two digits are still a year
        ("Date: 7 Mar 19", "2019-03-07"),
        ("7 Mar 19 12:30", "2019-03-07"),
    ],
)
def test_two_digits_before_a_full_year_are_the_day(text: str, expected: str) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == [expected]


def test_a_hyphenated_date_after_a_label_or_space_is_still_a_date() -> None:
    # Only digits glued to the place name are an address; a label in front keeps the date.
    assert [d.value.isoformat() for d in find_dates("日付: 9-1-26")] == ["2026-01-09"]
    assert [d.value.isoformat() for d in find_dates("丸の内 2026-01-09")] == ["2026-01-09"]
