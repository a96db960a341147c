"""Rank the candidates of every field and choose, using cross-field consistency.

Ranking is where the signals meet: label strength and place (from the finders), repetition of
the same value, a currency sign, total = subtotal + tax, total = cash - change, and the order
of labels on the page. The result keeps every candidate so confidence and review can look at
the margin between the winner and the runner-up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from axocr.extract.context import PageText
from axocr.extract.fields import Payment
from axocr.normalize import find_amounts, to_decimal, to_decimal_string
from axocr.types import FieldCandidate, Provenance, Ranked, TaxBreakdown


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
        if to_decimal(c.value) in per_rate and c.origin.kind != "tax-breakdown":
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
    labelled_totals = [c for c in totals if c.origin.kind == "label"]
    max_labelled = max((to_decimal(c.value) or Decimal(0) for c in labelled_totals), default=None)
    paid = {t - c for t in payment.tendered for c in payment.change if t >= c}
    if paid and not payment.change:
        paid = set()
    # A page that prints its amounts with cents prints its total with cents too: a bare
    # integer there is a count, a code or an amount whose decimal point OCR lost ("600").
    labelled = [c for c in (*totals, *subtotals, *taxes) if c.origin.kind == "label"]
    with_cents = sum(1 for c in labelled if c.features.get("has_decimals"))
    cents_page = with_cents >= 2 and with_cents >= 2 * (len(labelled) - with_cents)
    if language != "ja":
        _restore_decimal_point(totals, subtotals, paid)
    _restore_misread_digit(totals, subtotals, taxes, paid, payment.rounding)
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
        if max_labelled is not None and value == max_labelled and c.origin.kind == "label":
            c.score += 0.08
        # Totals sit in the lower part of the page and after the line items.
        c.score += 0.05 * c.features.get("y", 0.5)
        # Cash given minus change returned is exactly the total on a receipt.
        if value in paid:
            c.score += 0.35
            c.features["paid"] = 1.0
        # After a rounding line, the total printed below it is the rounded, payable one.
        for _, y in payment.rounding:
            if c.origin.kind == "label" and c.features.get("y", 0.0) > y:
                c.score += 0.15
        if payment.tendered and value > max(payment.tendered) and language != "ja":
            # More than the cash tendered: a running figure or a card number, not the total.
            c.score -= 0.05
    _rounded_payable(totals, payment.rounding)
    _tax_of_another_amount(totals)
    _gross_before_deposit(totals, payment.deposits)
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


def _restore_decimal_point(
    totals: list[FieldCandidate], subtotals: list[FieldCandidate], paid: set[Decimal]
) -> None:
    """A labelled total read as a bare integer ("600") on a page that prints cents, whose
    value with the decimal point put back ("6.00") is the subtotal or the cash paid, is that
    amount: OCR lost a faint point, it did not misread every digit."""
    printed = {to_decimal(s.value) for s in subtotals if s.origin.kind == "label"} | paid
    for c in totals:
        value = to_decimal(c.value)
        if c.origin.kind != "label" or c.features.get("has_decimals") or value is None:
            continue
        if value >= 100 and value == value.to_integral_value() and value / 100 in printed:
            c.value = to_decimal_string((value / 100).quantize(Decimal("0.01")))
            c.origin = c.origin.tagged("decimal-point-restored")
            c.features["has_decimals"] = 1.0
            c.features["decimal_restored"] = 1.0


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _misread_of(read: str, amount: str) -> bool:
    """``read`` is ``amount`` with one digit misread, or with the currency sign printed before
    it read as one or two digits more ("39660.80", "8681.65" for a bold "$660.80", "RM81.65")."""
    extra = len(read) - len(amount)
    return _one_digit_apart(read, amount) or (
        1 <= extra <= 2 and read.endswith(amount) and read[:extra].isdigit()
    )


def _restore_misread_digit(
    totals: list[FieldCandidate],
    subtotals: list[FieldCandidate],
    taxes: list[FieldCandidate],
    paid: set[Decimal],
    rounding: list[tuple[Decimal, float]],
) -> None:
    """A labelled total one digit away from the amount that two independent sums give, the
    net plus the tax (plus a printed rounding) and the cash paid less the change, is that
    amount: OCR misread a digit of a bold total ("112.46" for 112.45) or its currency sign as
    digits ("39660.80"), the arithmetic did not err twice the same way."""
    if not paid:
        return
    # A zero tax ("GST 0.00", zero-rated goods) is a tax the sum must take, not a missing one.
    nets = [v for c in subtotals if c.origin.kind == "label" and (v := to_decimal(c.value))]
    tax_values = [
        v for c in taxes if c.origin.kind == "label" and (v := to_decimal(c.value)) is not None
    ]
    adjustments = [Decimal(0), *(adj for adj, _ in rounding)]
    sums = {n + t + a for n in nets for t in tax_values for a in adjustments}
    agreed = sums & paid
    if len(agreed) != 1:
        return
    (amount,) = agreed
    target = to_decimal_string(amount)
    for c in totals:
        if to_decimal(c.value) in sums:
            # the net plus the tax and the printed rounding is this total as read: the page's
            # own arithmetic explains it ("747.75" after "ROUNDING ADJ -0.01" under a cash
            # line of 747.76), so no digit of it was misread
            continue
        if c.origin.kind == "label" and _misread_of(c.value, target):
            c.value = target
            c.origin = c.origin.tagged("misread-digit")
            c.features["digit_restored"] = 1.0


def _rounded_payable(totals: list[FieldCandidate], rounding: list[tuple[Decimal, float]]) -> None:
    """Rounding applied to a printed total gives the payable amount, printed or not. A total
    whose label OCR lost still counts when it stands above the rounding line and the payable
    amount below it."""
    if not rounding:
        return
    # Every amount of the page may be a base now, not only the labelled ones: read each
    # value once and find a target by its value instead of trying every pair.
    values = [(c, to_decimal(c.value)) for c in totals]
    by_value: dict[Decimal, list[FieldCandidate]] = defaultdict(list)
    for c, value in values:
        if value is not None:
            by_value[value].append(c)
    for adj, y in rounding:
        if adj == 0:
            continue
        for c, value in values:
            if value is None:
                continue
            has_label = c.origin.kind == "label"
            if not has_label and c.features.get("y", 1.0) >= y:
                continue
            for other in by_value.get(value + adj, ()):
                if has_label or other.features.get("y", 0.0) > y:
                    other.score += 0.25


def _tax_of_another_amount(totals: list[FieldCandidate]) -> None:
    """A total label whose line states a tax rate, and whose amount is that rate's tax
    included in (or added to) a larger amount printed on the page, names the tax, not the
    total: "(Total Included GST @ 6% 1.42)" under a payable 25.15 (25.15 x 6/106 = 1.42).
    The larger amount is the gross the page itself vouches for."""
    cent = Decimal("0.01")
    values = [(c, to_decimal(c.value)) for c in totals]
    for c, value in values:
        rate = Decimal(str(c.features.get("stated_rate", 0.0)))
        if c.origin.kind != "label" or value is None or not 0 < rate < 30:
            continue
        grosses = {
            other
            for _, other in values
            if other is not None
            and other > value
            and cent
            >= min(
                abs(other * rate / (100 + rate) - value),  # tax included in the gross
                abs(other * rate / 100 - value),  # tax added to the net
            )
        }
        if not grosses:
            continue
        c.score -= 0.5
        c.features["tax_of_another"] = 1.0
        for o, other in values:
            if other in grosses:
                o.score += 0.1


def _gross_before_deposit(totals: list[FieldCandidate], deposits: list[Decimal]) -> None:
    """A labelled total from which a deposit printed on the page is deducted to give another
    printed amount is the invoice total: the gross (EN 16931 BT-112), which is what the
    e-invoices' own data carry, rather than the balance left to pay (BT-115)."""
    values = [(c, to_decimal(c.value)) for c in totals]
    for c, value in values:
        if c.origin.kind != "label" or value is None:
            continue
        if any(value - d == other for d in deposits for o, other in values if o is not c):
            c.score += 0.3
            c.features["gross_before_deposit"] = 1.0


@dataclass(frozen=True)
class _TaxSum:
    value: Decimal
    lines: int  # how many tax lines add up to it
    page: int
    top: float  # the first and the last of those lines
    bottom: float


def _tax_lines(taxes: list[FieldCandidate]) -> list[FieldCandidate]:
    """One labelled tax per line, read on the label's own row (a tax block prints each rate
    on a line of its own), best first; the best alone where it is not on such a row."""
    by_line: dict[tuple[int, float], FieldCandidate] = {}
    for c in sorted(taxes, key=lambda c: c.score, reverse=True):
        value = to_decimal(c.value)
        if c.origin.kind != "label" or c.origin.place not in ("same-line", "right"):
            continue
        if value is not None and value > 0:
            by_line.setdefault((c.page or 0, round(c.features.get("y", 0.0), 3)), c)
    return list(by_line.values())[:6]


def _tax_sums(taxes: list[FieldCandidate]) -> list[_TaxSum]:
    """The best tax alone, and the sums of two to four tax lines of one page."""
    lines = _tax_lines(taxes)
    best = max(taxes, key=lambda c: c.score, default=None)
    out: list[_TaxSum] = []
    for k in range(1, min(4, len(lines)) + 1):
        for combo in combinations(lines, k):
            if k == 1 and combo[0] is not best:
                continue
            if len({c.page for c in combo}) > 1:
                continue
            ys = [c.features.get("y", 0.0) for c in combo]
            value = sum((to_decimal(c.value) or Decimal(0) for c in combo), Decimal(0))
            out.append(_TaxSum(value, k, combo[0].page or 0, min(ys), max(ys)))
    return out


def _between(net: FieldCandidate, taxes: _TaxSum, total: FieldCandidate) -> bool:
    """Net, taxes, gross, top to bottom on one page: the order of a totals block."""
    if not (net.page or 0) == taxes.page == (total.page or 0):
        return False
    return net.features.get("y", 0.0) < taxes.top and taxes.bottom < total.features.get("y", 0.0)


def _fits(net: FieldCandidate, sums: list[_TaxSum], gross: FieldCandidate) -> _TaxSum | None:
    """The taxes that make ``net`` add up to ``gross``, printed between the two."""
    value, total = to_decimal(net.value), to_decimal(gross.value)
    for ts in sums:
        if value is not None and value + ts.value == total and _between(net, ts, gross):
            return ts
    return None


def _labelled_best_first(totals: list[FieldCandidate]) -> list[FieldCandidate]:
    return sorted(
        (c for c in totals if c.origin.kind == "label"), key=lambda c: c.score, reverse=True
    )


def subtotals_from_taxes(
    totals: list[FieldCandidate], subtotals: list[FieldCandidate], taxes: list[FieldCandidate]
) -> list[FieldCandidate]:
    """The net amount is the total less its taxes, one rate or several ("Net Total 9,409.23",
    "VAT 20% 1,535.26", "VAT 5% 86.65", "Total 11,031.14"), printed above them. A subtotal
    candidate that adds up so with several rates gains as one does with a single tax
    (adjust_amounts); where no subtotal label names that amount, an amount labelled as a
    total that does ("Net Total") becomes a subtotal candidate. The gross is the best
    labelled total that adds up, not always the best total: after a deposit, the balance
    due is printed below the gross; that gross gains as the net does. Scores and features
    of the given candidates change in place, as in adjust_amounts (every copy made before
    this step has a features dict of its own); returns the new candidates."""
    labelled = _labelled_best_first(totals)
    sums = _tax_sums(taxes)
    if not sums:
        return []
    for gross in labelled[:4]:
        fitting = [(s, ts) for s in subtotals if (ts := _fits(s, sums, gross)) is not None]
        for s, ts in fitting:
            if ts.lines > 1:
                s.score += 0.25
                s.features["net_of_taxes"] = float(ts.lines)
        if any(ts.lines > 1 for _, ts in fitting):
            # The gross gains as a single tax's does: net + taxes = gross.
            gross.score += 0.25
            gross.features["sum_of_parts"] = 1.0
        if fitting:
            return []
        out: list[FieldCandidate] = []
        nets: list[FieldCandidate] = []
        for c in labelled:
            if c is gross or c.origin.place not in ("same-line", "right"):
                continue
            if any(o.value == c.value for o in out) or (ts := _fits(c, sums, gross)) is None:
                continue
            features = {**c.features, "net_of_taxes": float(ts.lines)}
            update = {"field": "subtotal", "score": c.score + 0.25, "features": features}
            out.append(c.model_copy(update={**update, "origin": c.origin.tagged("net-of-tax")}))
            nets.append(c)
        if out:
            # The amount the taxes below it make up to the gross is the net, not the total,
            # however its label reads ("Net Total", which OCR may bring near "Nett Total").
            for c in nets:
                c.score -= 0.25
            gross.score += 0.25
            gross.features["sum_of_parts"] = 1.0
            return out
    return []


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
                        origin=Provenance(kind="derived", detail="cash-minus-change"),
                        text=f"{t} - {ch}",
                        features={"y": 1.0},
                    )
                )
    return out[:2]


def summed_tax_candidates(
    totals: list[FieldCandidate], subtotals: list[FieldCandidate], taxes: list[FieldCandidate]
) -> list[FieldCandidate]:
    """Tax printed per rate on lines of its own ("VAT 20% 11,158.70", "VAT 5% 281.68") that
    the net amount and the gross confirm (net + their sum = gross, printed in that order):
    the document's tax is their sum, as a Japanese breakdown's is (demote_per_rate_taxes),
    not the first rate's."""
    if any(c.origin.kind == "tax-breakdown" for c in taxes):
        return []
    sums = [ts for ts in _tax_sums(taxes) if ts.lines > 1]
    best = max(taxes, key=lambda c: c.score, default=None)
    if not sums or best is None:
        return []
    labelled = _labelled_best_first(totals)
    for gross in labelled[:4]:
        for net in sorted(subtotals, key=lambda c: c.score, reverse=True)[:3]:
            ts = _fits(net, sums, gross)
            if ts is None:
                continue
            origin = Provenance(kind="tax-breakdown", detail="sum-of-lines")
            update = {
                "value": to_decimal_string(ts.value),
                "score": best.score + 0.3,
                "bbox": None,
                "text": f"{ts.lines} tax lines",
                "origin": origin,
                "features": {**best.features, "net_of_taxes": float(ts.lines)},
            }
            return [best.model_copy(update=update)]
    return []


# A value whose every character the recogniser gave this probability or more is seldom
# misread: of 2,255 accepted receipt dates so read on 21 generated sets, 4 were wrong; of the
# 139 read at 0.6 to 0.98, 5 (session 33). Where such a total and the cash less the change
# disagree, the cash or the change is the likelier misreading.
SURE_CHARACTER = 0.98


def mark_till_doubt(total: Ranked, ctx: PageText, decimal_sep: str | None) -> None:
    """A total one misread away from the first amount printed under it less the second, in
    its column: a till prints the cash handed over and the change given back there, and
    where OCR misread their labels too ("CASII", "Clange") no rule pairs them. The page's
    arithmetic then doubts the total as read ("203.95" over 290.00 and 6.05; "6713.02", a
    dollar sign read as a 6, over 714.00 and 0.98), but not which of the three amounts OCR
    misread: the total is held (``till_doubt``), not changed. A total read with every character
    sure (``SURE_CHARACTER``) is not doubted: the cash or change was misread then."""
    best = total.best
    value = to_decimal(best.value) if best is not None else None
    if best is None or best.bbox is None or best.page is None or value is None:
        return
    box = best.bbox
    column = sorted(
        (
            ln
            for ln in ctx.lines_on(best.page)
            if ln.bbox.y0 > box.cy and ln.bbox.horizontal_overlap(box) > 0
        ),
        key=lambda ln: ln.bbox.y0,
    )
    amounts: list[Decimal] = []
    bottom = box.y1
    for ln in column:
        if len(amounts) == 2 or ln.bbox.y0 - bottom > box.height:
            break
        found = find_amounts(ln.text, decimal_sep=decimal_sep)
        if len(found) != 1:
            break
        amounts.append(found[0].value)
        bottom = ln.bbox.y1
    # no change given ("CASH 6.00" under a second "TOTAL: 6.00") leaves nothing to check
    if len(amounts) < 2 or amounts[0] <= amounts[1] or amounts[1] < 0:
        return
    paid = to_decimal_string(amounts[0] - amounts[1])
    read = to_decimal_string(value)
    if paid == read or not _misread_of(read, paid):
        return
    # The total printed again on another line ("141.50" in a GST summary, where the change
    # "8.50" was read as "3.50") confirms the total, not the cash less the change.
    again = any(
        m.value == value
        for ln in ctx.lines_on(best.page)
        if ln.bbox.vertical_overlap(box) == 0
        for m in find_amounts(ln.text, decimal_sep=decimal_sep)
    )
    if not again and best.char_confidence < SURE_CHARACTER:
        best.features["till_doubt"] = 1.0
