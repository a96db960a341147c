"""Text normalisation and value parsing: the one place that knows how invoices write things.

Everything that turns printed text into values lives here (STYLE rule 4): NFKC and the OCR
variant map for Japanese, amounts in every grouping style we meet (``1,234.56``,
``1.234,56``, ``1 234,56``, ``1'234.56``, ``¥1,234-``, ``(12.00)``), dates (ISO, numeric
day/month orders, month names in English, German, French and Dutch, Japanese calendar and
era dates), currencies and Japanese qualified-invoice registration numbers.

The ``find_*`` functions report spans into the text they were given. To keep those spans
exact they never run NFKC themselves; they read through :data:`_WIDTH_FOLD`, a
one-character-for-one-character fold (full-width ASCII, ideographic and no-break spaces,
dash variants), so they accept raw OCR output and ``normalize_text`` output alike.

The parsers raise only :class:`~axocr.errors.AmountParseError` and
:class:`~axocr.errors.DateParseError`; the property tests feed them arbitrary text to keep
it that way.
"""

from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from stdnum.jp import cn as corporate_number

from axocr.errors import AmountParseError, DateParseError

__all__ = [
    "TIME_AFTER",
    "AmountMatch",
    "DateMatch",
    "detect_currency",
    "find_amounts",
    "find_dates",
    "find_registration_numbers",
    "near_amounts",
    "normalize_text",
    "parse_amount",
    "parse_date",
    "registration_check_digit_ok",
    "to_decimal_string",
]


# --- text ---------------------------------------------------------------------------------

# PDF text layers and some OCR post-processors insert these inside numbers and words;
# they are invisible, so a reader never means them. Removed before NFKC so that no
# combining sequence they separated can end up un-normalised.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))

# Simplified-Chinese forms that PP-OCR's mixed Chinese/Japanese models print for Japanese
# text. Only characters that are not Japanese at all are listed (none of the keys is in
# JIS X 0208 / Shift_JIS, a unit test checks it), so genuine Japanese is never rewritten.
# Picked for the words invoices use: 単価 消費税 合計 金額 発行 請求書 通貨 総額 電話
# 郵便 銀行 日時 期間 領収書 証明 東京 項目 明細 事務 営業 帳簿.
_SIMPLIFIED_TO_JAPANESE = {
    "单": "単",
    "费": "費",
    "计": "計",
    "额": "額",
    "发": "発",
    "书": "書",
    "请": "請",
    "货": "貨",
    "总": "総",
    "电": "電",
    "话": "話",
    "邮": "郵",
    "银": "銀",
    "时": "時",
    "间": "間",
    "领": "領",
    "证": "証",
    "东": "東",
    "项": "項",
    "细": "細",
    "务": "務",
    "业": "業",
    "帐": "帳",
    # Receipt words: お預り 現金 対象 登録番号 お釣り 購入 売場 支払.
    "预": "預",
    "现": "現",
    "对": "対",
    "录": "録",
    "编": "編",
    "钱": "銭",
    "购": "購",
    "买": "買",
    "卖": "売",
    "场": "場",
    "码": "碼",
    # Company and place names: 産業 貿易 興業 開発 設計 実業 鉄工 関東 島 岡 沢 橋 辺 浜 桜
    # 滝 楽 図 園 豊 栄 陽 斉 湯 慶 緑 応.
    "产": "産",
    "贸": "貿",
    "兴": "興",
    "开": "開",
    "设": "設",
    "实": "実",
    "铁": "鉄",
    "关": "関",
    "岛": "島",
    "冈": "岡",
    "泽": "沢",
    "桥": "橋",
    "边": "辺",
    "滨": "浜",
    "樱": "桜",
    "泷": "滝",
    "乐": "楽",
    "图": "図",
    "园": "園",
    "丰": "豊",
    "荣": "栄",
    "阳": "陽",
    "齐": "斉",
    "汤": "湯",
    "庆": "慶",
    "绿": "緑",
    "应": "応",
}
_SIMPLIFIED_TABLE = str.maketrans(_SIMPLIFIED_TO_JAPANESE)

# OCR reads the long-vowel mark ー as the kanji 一 (one): they are the same stroke. It is
# the mark when it follows katakana and is not followed by kanji or kana that would make it
# the numeral (カード一括, ケーキ一つ).
_KATAKANA_DASH = re.compile(
    "(?<=[\u30a1-\u30fa\u30fc])一(?![\u3005\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
)


def normalize_text(text: str) -> str:
    """NFKC, Japanese OCR variants fixed, whitespace collapsed to single spaces, stripped.

    Idempotent: ``normalize_text(normalize_text(x)) == normalize_text(x)``. NFKC already
    folds full-width digits and letters, ``￥`` to ``¥`` and ``㍻``/``㋿`` to ``平成``/``令和``.
    """
    text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_SIMPLIFIED_TABLE)
    text = _KATAKANA_DASH.sub("ー", text)
    return " ".join(text.split())


# The finders read text through this fold, which maps one character to one character so
# that match offsets are offsets into the caller's text. No-break, narrow and thin spaces
# become U+202F, which always groups digits; ordinary spaces stay ' ', which groups digits
# only when the rest of the amount says so (see _space_grouping_ok).
_GROUP_SPACE = "\u202f"
_WIDTH_FOLD: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD.update(
    {
        0xFFE5: "¥",
        0xFFE1: "£",
        0xFFE0: "¢",
        0x3000: " ",
        **{cp: " " for cp in (0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008)},
        **{cp: _GROUP_SPACE for cp in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F)},
        # minus and dash variants; ¥1,234— and ¥1,234－ are the same "exactly" dash
        **{
            cp: "-"
            for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63)
        },
        0x2019: "'",
        0x2032: "'",
    }
)
_WIDTH_TABLE = str.maketrans(_WIDTH_FOLD)


def _fold(text: str) -> str:
    return text.translate(_WIDTH_TABLE)


# --- currencies ---------------------------------------------------------------------------

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


def _alternation(tokens: list[str] | tuple[str, ...]) -> str:
    # longest first, so that EUROS wins over EURO and US$ over S$
    return "|".join(re.escape(t) for t in sorted(set(tokens), key=len, reverse=True))


_SYMBOL_CLASS = "[" + "".join(re.escape(s) for s in _SYMBOLS) + "]"
_DOLLAR_RE = rf"(?<![A-Za-z])(?:{_alternation(list(_DOLLARS))})"
# Kana count as letters too: "レシRM" is OCR's reading of a katakana word, not ringgit.
_WORD_RE = (
    rf"(?<![A-Za-z\u3040-\u30ff])(?:{_alternation([*_CODES, *_WORDS])})(?![A-Za-z\u3040-\u30ff])"
)
_CURRENCY_TOKEN = rf"(?:{_DOLLAR_RE}|{_WORD_RE}|{_SYMBOL_CLASS})"
_CURRENCY_RE = re.compile(_CURRENCY_TOKEN)
_JPY_RE = re.compile(r"[¥円]|(?<![A-Za-z])JPY(?![A-Za-z])")


def _iso_of(token: str) -> str | None:
    return _TOKEN_TO_ISO.get(token)


def detect_currency(text: str) -> str | None:
    """ISO 4217 code of the first currency symbol, sign or code in ``text``, else None.

    A bare ``$`` is USD, ``¥`` and ``円`` are JPY. Codes and letter signs only count as
    whole words (``EUR`` in ``NEUROLOGY``, ``RM`` in ``FORM`` or ``レシRM`` are not currencies).
    """
    m = _CURRENCY_RE.search(_fold(text))
    return None if m is None else _iso_of(m.group(0))


# --- amounts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmountMatch:
    """One amount found in a line. ``start``/``end`` index the text given to the finder."""

    value: Decimal
    start: int
    end: int
    raw: str
    currency: str | None
    has_decimals: bool


_HSPACE = "\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # whitespace that is not a line break
_SP = f"[{_HSPACE}]"
_ANY_SPACE = f"[ {_GROUP_SPACE}]"

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
_NON_DIGIT = re.compile(r"[^0-9]")

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


# --- dates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateMatch:
    """One date found in a line. ``ambiguous``: the text alone does not fix day/month order."""

    value: datetime.date
    start: int
    end: int
    raw: str
    ambiguous: bool


_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner jän janvier janv januari",
        "february feb februar feber février fevrier févr fevr fév fev februari",
        "march mar märz maerz mär mrz mars maart mrt",
        "april apr avril avr",
        "may mai mei",
        "june jun juni juin",
        "july jul juli juillet juil",
        "august aug août aout aoû augustus",
        "september sep sept septembre",
        "october oct oktober okt octobre",
        "november nov novembre",
        "december dec dezember dez décembre decembre déc",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTH_NAMES[_name] = _number

_MONTH = rf"(?<![^\W\d_])(?P<mon>(?i:{_alternation(list(_MONTH_NAMES))}))(?![^\W\d_])\.?"
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
# 14/03/20185:57:07PM (the time's hour has one or two digits).
# A number and a different separator may come before it: "REG #19-18/03/2018" (checked
# in _find_dates_folded: only the same separator makes it part of a longer number).
_DMY_NUMERIC_DATE = re.compile(
    rf"(?<![0-9])(?P<a>[0-9]{{1,2}})(?P<sep>[-/.])(?P<b>[0-9]{{1,2}})(?P=sep)"
    rf"(?P<y>(?:19|20)[0-9]{{2}}(?=[0-9]{{1,2}}:[0-9]{{2}})"
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
_YEAR_AFTER_NAME = r"(?P<y>[0-9]{4}(?![0-9])|'?[0-9]{2}(?![0-9])(?![.,:][0-9]))"
_DAY_NAME_YEAR = re.compile(
    rf"(?<![0-9])(?P<d>[0-9]{{1,2}})(?i:st|nd|rd|th|er)?\.?{_DATE_SEP}*"
    rf"(?:(?i:of){_SP}+)?{_MONTH}[{_HSPACE}\-/.,]*{_YEAR_AFTER_NAME}"
)
_NAME_DAY_YEAR = re.compile(
    rf"{_MONTH}{_DATE_SEP}*(?P<d>[0-9]{{1,2}})(?![0-9])(?i:st|nd|rd|th)?[{_HSPACE}.,]*"
    r"(?P<y>[0-9]{4})(?![0-9])"
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
            # an impossible date still claims its span, so no part of it is re-read
            claimed[start:end] = b"\x01" * (end - start)
            value, ambiguous = _date_from_match(pattern, m, day_first)
            if value is not None:
                found.append(DateMatch(value, start, end, s[start:end], ambiguous))
    found.sort(key=lambda d: d.start)
    return found


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
    latest = datetime.date.today().year + 1
    out: list[DateMatch] = []
    for m in _RUN_DATE.finditer(text):
        seps = bool(m.group("s1")) + bool(m.group("s2"))
        if seps == 2 or (seps == 0 and len(m.group("y")) == 2):
            continue
        year = int(m.group("y"))
        year += 2000 if year < 100 else 0
        first, second = int(m.group("a")), int(m.group("b"))
        day, month = (second, first) if day_first is False else (first, second)
        if not 2000 <= year <= latest:
            continue
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            continue
        out.append(DateMatch(value, m.start(), m.end(), m.group(0), True))
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


# --- registration numbers ---------------------------------------------------------------

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
