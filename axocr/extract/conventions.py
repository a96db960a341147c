"""The page's conventions, decided once before any field is ranked: its language, its
decimal separator, whether numeric dates put the day first, and its currency."""

from __future__ import annotations

import re
from collections import defaultdict

from axocr.extract.context import PageText
from axocr.lang.labels import (
    CURRENCY_LABELS,
    DAY_FIRST_HINTS,
    FALLBACK_LANGUAGE,
    LANGUAGE_CURRENCY,
    LANGUAGE_MIN_WORDS,
    LANGUAGE_WORDS,
    MONTH_FIRST_ADDRESS,
)
from axocr.layout.neighbours import just_below
from axocr.normalize import (
    country_currency,
    detect_currency,
    dollar_country,
    dollar_prefix_lost,
    find_amounts,
)
from axocr.types import FieldCandidate


def detect_language(ctx: PageText) -> str:
    text = " ".join(ln.lower for ln in ctx.lines[:400])
    # Distinct kana: OCR reads a row of chevrons ("<<<<") as "くくく", one kana many times.
    kana = len({c for c in text if "\u3041" <= c <= "\u30fa"})
    kanji = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text if "a" <= c <= "z")
    # Chinese shop names on Malaysian or Singaporean receipts have kanji but no kana.
    if kana >= 3 or (kanji >= 8 and kanji > latin):
        return "ja"
    # A pack's weight below 1 (English: its words are everywhere, in brand names and "Total")
    # lets another language win; ties go to the language listed first.
    found = {lang: len(p.findall(text)) for lang, (p, _) in LANGUAGE_WORDS.items()}
    counts = {lang: int(found[lang] * w) for lang, (_, w) in LANGUAGE_WORDS.items()}
    best = max(counts, key=lambda k: counts[k])
    if found[best] < LANGUAGE_MIN_WORDS and FALLBACK_LANGUAGE is not None:
        return FALLBACK_LANGUAGE
    return best


_COMMA_DEC = re.compile(r"\d,\d{2}(?!\d)")
_DOT_DEC = re.compile(r"\d\.\d{2}(?!\d)")


def detect_decimal_separator(ctx: PageText) -> str | None:
    """The page's decimal separator, from the amounts that show it unambiguously."""
    comma = dot = 0
    for ln in ctx.lines:
        comma += len(_COMMA_DEC.findall(ln.text))
        dot += len(_DOT_DEC.findall(ln.text))
    if comma == dot == 0:
        return None
    return "," if comma > dot else "."


def decide_day_first(language: str, ctx: PageText) -> bool | None:
    if language == "ja":
        return None
    # US-style month-first dates go with a US address or US dollars in English, unless
    # euros, pounds or the dollar of a country that writes the day first (A$, NZD, S$, HK$)
    # show the issuer is elsewhere. A bare "$" is a US dollar only where the currency reads
    # it as one: Malaysian tills print "$" for ringgit beside "SDN BHD", and write the day
    # first.
    if language != "en" or any(detect_currency(ln.text) in _DAY_FIRST_MONEY for ln in ctx.lines):
        return True
    if any(MONTH_FIRST_ADDRESS.search(ln.text) for ln in ctx.lines):
        return False
    if not any("$" in ln.text for ln in ctx.lines):
        return True
    # A dollar whose country prefix OCR misread ("(0$" for "(S$"): the prefixed dollars
    # (S$, A$, NZ$, HK$) are those of countries that write the day first.
    if dollar_prefix_lost(ctx.text):
        return True
    return dollar_country("USD", ctx.text) != "USD"


_DAY_FIRST_MONEY = {"EUR", "GBP", "AUD", "NZD", "SGD", "HKD"}


def date_order_guessed(language: str, ctx: PageText) -> bool:
    """Whether an English page shows nothing of its country: no currency, no US address, no
    legal form or place that names one, no tax or street word of a day-first country.
    ``decide_day_first`` then puts the day first, as most of the English-writing world does,
    but a US till whose "$" and state OCR lost reads "09/05/18" the same way: a date both
    orders can read is a guess on such a page."""
    if language != "en" or any(MONTH_FIRST_ADDRESS.search(ln.text) for ln in ctx.lines):
        return False
    # A dollar whose prefix OCR misread names no country: the order above is a guess.
    signs = any("$" in ln.text or detect_currency(ln.text) for ln in ctx.lines)
    if signs and not dollar_prefix_lost(ctx.text):
        return False
    return country_currency(ctx.text) is None and not DAY_FIRST_HINTS.search(ctx.text)


# Codes a Japanese receipt can mean; "RM" inside katakana OCR noise is not ringgit.
_JA_CURRENCIES = {"JPY", "USD", "EUR"}


def labelled_currency(ctx: PageText) -> str | None:
    """The currency a label states outright ("Rechnungswährung: GBP", "Currency: USD")."""
    for line in ctx.lines:
        m = CURRENCY_LABELS.match(line.text)
        if not m:
            continue
        rest = line.text[m.end() :]
        if not rest.strip(" :："):
            # the value beside the label, or under it where a header grid sets its labels
            # over their values ("Divisa" / "EUR")
            right = ctx.right_of(line)
            if right is None:
                others = [o for o in ctx.lines_on(line.page) if o is not line]
                under = just_below(line.bbox, line.bbox, others)
                if not under:
                    continue
                right = under[0]
            rest = right.text
        rest = rest.strip(" :：")
        # The value is a code or sign alone, not a sentence that mentions one.
        cur = detect_currency(rest)
        if cur and len(rest) <= 12:
            return cur
    return None


def _row_currency(ctx: PageText, total: FieldCandidate) -> str | None:
    """The one currency printed left of the total on its row ("TOTAL SALES (RM) | 553.40"):
    the total's own label states it, where a stray sign elsewhere on the page (a "€" in a
    misread line) would outvote it."""
    box = total.bbox
    if box is None or total.page is None:
        return None
    found = {
        cur
        for ln in ctx.lines_on(total.page)
        if ln.bbox.x1 <= box.x0 + 0.5 * box.height
        and ln.bbox.vertical_overlap(box) >= 0.5
        and (cur := detect_currency(ln.text))
    }
    return found.pop() if len(found) == 1 else None


def choose_currency(
    ctx: PageText, total: FieldCandidate | None, language: str
) -> tuple[str | None, str]:
    """The currency and where it came from: total, label, page, language (Japanese, spoken in
    one currency area), country, or usual (the currency most pages in the language are in:
    French, German, Dutch and Italian are each spoken in several currency areas)."""
    allowed = _JA_CURRENCIES if language == "ja" else None
    text = ctx.text
    if total is not None:
        cur = detect_currency(total.text) or _row_currency(ctx, total)
        if cur and (allowed is None or cur in allowed):
            return dollar_country(cur, text), "total"
    stated = labelled_currency(ctx)
    if stated and (allowed is None or stated in allowed):
        return stated, "label"
    counts: dict[str, int] = defaultdict(int)
    for ln in ctx.lines:
        for m in find_amounts(ln.text):
            if m.currency:
                counts[m.currency] += 2
        cur = detect_currency(ln.text)
        if cur:
            counts[cur] += 1
    if allowed is not None:
        counts = defaultdict(int, {k: v for k, v in counts.items() if k in allowed})
    if counts:
        return dollar_country(max(counts, key=lambda k: counts[k]), text), "page"
    if language == "ja":
        return "JPY", "language"
    country = country_currency(text)
    if country is not None:
        return country, "country"
    if language in LANGUAGE_CURRENCY:
        return LANGUAGE_CURRENCY[language], "usual"
    return None, "none"
