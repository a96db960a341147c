"""Rank the candidates of every field and choose, using cross-field consistency.

Ranking is where the signals meet: label strength and place (from the finders), repetition of
the same value, a currency sign, total = subtotal + tax, total = cash - change, and the order
of labels on the page. The result keeps every candidate so confidence and review can look at
the margin between the winner and the runner-up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from axocr.extract.context import PageText
from axocr.extract.fields import Payment
from axocr.extract.labels import CURRENCY_LABELS
from axocr.extract.normalize import detect_currency, find_amounts, to_decimal, to_decimal_string
from axocr.types import FieldCandidate, TaxBreakdown

_LANG_WORDS: dict[str, re.Pattern[str]] = {
    "de": re.compile(
        r"\b(und|der|die|das|rechnung|betrag|datum|mwst|ust|summe|gesamt|bitte|zahlbar|netto|"
        r"brutto|straße|strasse|gmbh|kunde|steuer)\b"
    ),
    "fr": re.compile(
        r"\b(le|la|les|des|du|facture|montant|tva|ttc|ht|total|date|client|société|à|payer|rue)\b"
    ),
    "nl": re.compile(
        r"\b(de|het|van|een|factuur|bedrag|btw|totaal|datum|klant|betalen|excl|incl|straat)\b"
    ),
    "en": re.compile(
        r"\b(the|and|invoice|total|amount|date|due|tax|bill|payment|thank|you|receipt|"
        r"qty|price|sub|cash|change)\b"
    ),
}


def detect_language(ctx: PageText) -> str:
    text = " ".join(ln.lower for ln in ctx.lines[:400])
    # Distinct kana: OCR reads a row of chevrons ("<<<<") as "くくく", one kana many times.
    kana = len({c for c in text if "\u3041" <= c <= "\u30fa"})
    kanji = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text if "a" <= c <= "z")
    # Chinese shop names on Malaysian or Singaporean receipts have kanji but no kana.
    if kana >= 3 or (kanji >= 8 and kanji > latin):
        return "ja"
    counts = {lang: len(p.findall(text)) for lang, p in _LANG_WORDS.items()}
    # English words are everywhere (brand names, "Total"), so another language wins ties.
    counts["en"] = int(counts["en"] * 0.8)
    return max(counts, key=lambda k: counts[k])


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
    # US-style month-first dates go with dollar amounts in English, unless euros or pounds
    # show the issuer is elsewhere.
    us_style = (
        language == "en"
        and any("$" in ln.text for ln in ctx.lines)
        and not any("€" in ln.text or "£" in ln.text for ln in ctx.lines)
    )
    return not us_style


@dataclass
class Ranked:
    best: FieldCandidate | None
    ranked: list[FieldCandidate]
    margin: float  # 0..1: how far the winner is ahead of the best different value


def rank(cands: list[FieldCandidate]) -> Ranked:
    """Merge candidates by value (agreeing evidence adds up a little), then sort."""
    by_value: dict[str, list[FieldCandidate]] = defaultdict(list)
    for c in cands:
        by_value[c.value].append(c)
    merged: list[FieldCandidate] = []
    for group in by_value.values():
        group.sort(key=lambda c: c.score, reverse=True)
        top = group[0]
        support = sum(c.score for c in group[1:])
        bonus = min(0.15, 0.05 * support)
        merged.append(
            top.model_copy(
                update={
                    "score": top.score + bonus,
                    "features": {**top.features, "support": float(len(group) - 1)},
                }
            )
        )
    merged.sort(key=lambda c: c.score, reverse=True)
    if not merged:
        return Ranked(None, [], 0.0)
    best = merged[0]
    second = merged[1].score if len(merged) > 1 else 0.0
    margin = 1.0 if best.score <= 0 else max(0.0, min(1.0, (best.score - second) / best.score))
    return Ranked(best, merged, margin)


def demote_per_rate_taxes(taxes: list[FieldCandidate], breakdown: list[TaxBreakdown]) -> None:
    """Where tax is printed per rate (10% and 8% in Japan), the tax of one rate is not the
    document's tax: the sum is, unless the page prints that sum itself (then both agree)."""
    per_rate = {to_decimal(b.tax) for b in breakdown if b.tax is not None}
    if len(per_rate) < 2:
        return
    for c in taxes:
        if to_decimal(c.value) in per_rate and c.rule != "tax-breakdown-sum":
            c.score -= 0.15
            c.features["per_rate"] = 1.0


def adjust_amounts(
    totals: list[FieldCandidate],
    subtotals: list[FieldCandidate],
    taxes: list[FieldCandidate],
    payment: Payment,
    language: str,
) -> None:
    """Cross-field evidence on amounts, applied in place to the candidates' scores."""
    labelled_totals = [c for c in totals if c.rule.startswith("label")]
    max_labelled = max((to_decimal(c.value) or Decimal(0) for c in labelled_totals), default=None)
    paid = {t - c for t in payment.tendered for c in payment.change if t >= c}
    if paid and not payment.change:
        paid = set()
    # A page that prints its amounts with cents prints its total with cents too: a bare
    # integer there is a count, a code or an amount whose decimal point OCR lost ("600").
    labelled = [c for c in (*totals, *subtotals, *taxes) if c.rule.startswith("label")]
    with_cents = sum(1 for c in labelled if c.features.get("has_decimals"))
    cents_page = with_cents >= 2 and with_cents >= 2 * (len(labelled) - with_cents)
    for c in totals:
        value = to_decimal(c.value)
        if value is None:
            continue
        if c.features.get("has_currency"):
            c.score += 0.05
        if language != "ja" and c.features.get("has_decimals"):
            c.score += 0.03
        elif cents_page:
            c.score -= 0.25
        if max_labelled is not None and value == max_labelled and c.rule.startswith("label"):
            c.score += 0.08
        # Totals sit in the lower part of the page and after the line items.
        c.score += 0.05 * c.features.get("y", 0.5)
        # Cash given minus change returned is exactly the total on a receipt.
        if value in paid:
            c.score += 0.35
            c.features["paid"] = 1.0
        # After a rounding line, the total printed below it is the rounded, payable one.
        for _, y in payment.rounding:
            if c.rule.startswith("label") and c.features.get("y", 0.0) > y:
                c.score += 0.15
        if payment.tendered and value > max(payment.tendered) and language != "ja":
            # More than the cash tendered: a running figure or a card number, not the total.
            c.score -= 0.05
    # Rounding applied to a printed total gives the payable amount, printed or not.
    for adj, _ in payment.rounding:
        for c in [c for c in totals if c.rule.startswith("label")]:
            value = to_decimal(c.value)
            if value is None or adj == 0:
                continue
            target = value + adj
            for other in totals:
                if to_decimal(other.value) == target:
                    other.score += 0.25
    for t in totals[:]:
        tv = to_decimal(t.value)
        if tv is None:
            continue
        for s in subtotals:
            sv = to_decimal(s.value)
            if sv is None:
                continue
            for x in taxes:
                xv = to_decimal(x.value)
                if xv is None:
                    continue
                if abs(sv + xv - tv) <= Decimal("0.01") and sv > 0:
                    t.score += 0.25
                    s.score += 0.25
                    x.score += 0.25


def payment_total_candidates(
    totals: list[FieldCandidate], payment: Payment, ctx: PageText
) -> list[FieldCandidate]:
    """Cash minus change as a total candidate of its own, when no printed total equals it."""
    if not payment.change or not payment.tendered or not ctx.lines:
        return []
    values = {to_decimal(c.value) for c in totals}
    out = []
    for t in payment.tendered:
        for ch in payment.change:
            paid = t - ch
            if paid > 0 and paid not in values:
                out.append(
                    FieldCandidate(
                        field="total",
                        value=to_decimal_string(paid),
                        score=0.55,
                        rule="cash-minus-change",
                        text=f"{t} - {ch}",
                        features={"y": 1.0},
                    )
                )
    return out[:2]


# Where no currency is printed, the issuer's country usually decides it: a legal form or a
# country name that belongs to one currency area is a weak but real signal.
_COUNTRY_CURRENCY: list[tuple[re.Pattern[str], str]] = [
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
    (re.compile(r"株式会社|有限会社|合同会社|日本|東京都|大阪府"), "JPY"),
    (
        re.compile(r"\bgmbh\b|\bdeutschland\b|\bsarl\b|\bfrance\b|\bb\.v\.|\bnederland\b", re.I),
        "EUR",
    ),
]
_EXPLICIT_USD = re.compile(r"\bUSD\b|US\s?\$|U\.S\.", re.IGNORECASE)
# Codes a Japanese receipt can mean; "RM" inside katakana OCR noise is not ringgit.
_JA_CURRENCIES = {"JPY", "USD", "EUR"}


def dollar_country(code: str, text: str) -> str:
    """A bare "$" is the sign of many dollars (and of ringgit on some tills): the issuer's
    country names the currency when it is known."""
    if code != "USD" or _EXPLICIT_USD.search(text):
        return code
    for pattern, country_code in _COUNTRY_CURRENCY:
        if country_code not in ("EUR", "JPY") and pattern.search(text):
            return country_code
    return code


def labelled_currency(ctx: PageText) -> str | None:
    """The currency a label states outright ("Rechnungswährung: GBP", "Currency: USD")."""
    for line in ctx.lines:
        m = CURRENCY_LABELS.match(line.text)
        if not m:
            continue
        rest = line.text[m.end() :]
        if not rest.strip(" :："):
            right = ctx.right_of(line)
            if right is None:
                continue
            rest = right.text
        rest = rest.strip(" :：")
        # The value is a code or sign alone, not a sentence that mentions one.
        cur = detect_currency(rest)
        if cur and len(rest) <= 12:
            return cur
    return None


def choose_currency(
    ctx: PageText, total: FieldCandidate | None, language: str
) -> tuple[str | None, str]:
    """The currency and where it came from: total, page, language or country."""
    allowed = _JA_CURRENCIES if language == "ja" else None
    text = "\n".join(ln.text for ln in ctx.lines)
    if total is not None:
        cur = detect_currency(total.text)
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
    for pattern, code in _COUNTRY_CURRENCY:
        if pattern.search(text):
            return code, "country"
    if language in ("de", "fr", "nl"):
        return "EUR", "language"
    return None, "none"
