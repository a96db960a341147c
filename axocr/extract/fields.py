"""Candidate finders: label → value by layout, for amounts, dates and identifiers.

For each label found, the value is looked for in this order: on the same line after the
label, in the next lines to the right on the same row, then in the lines just below in the
same column. Each place has its own weight, and every candidate records the rule that found
it, so ranking and review can explain themselves.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import cast

from axocr.extract.context import LabelHit, PageText, TextLine, value_start
from axocr.lang.labels import (
    ADDRESS_WORDS,
    CHANGE,
    DEPOSIT,
    GLUED_JOINER,
    GLUED_QUALIFIER,
    IGNORE,
    ITEM_CARRIED,
    JOINER_END,
    JOINER_THEN_DIGIT,
    LABELS,
    NUMBER_WORD,
    PAID,
    ROUNDING,
    TAX_BASE_BEFORE,
    TITLE_NUMBER,
)
from axocr.layout.neighbours import just_below, to_the_right
from axocr.normalize import (
    TIME_AFTER,
    AmountMatch,
    DateMatch,
    capital_i_for_l,
    find_amounts,
    find_dates,
    find_misread_dates,
    find_registration_numbers,
    find_separator_lost_dates,
    is_vat_id_or_iban,
    near_amounts,
    to_decimal,
    to_decimal_string,
)
from axocr.types import FieldCandidate, FieldName, Place, Provenance, TaxBreakdown

AMOUNT_FIELDS = ("total", "subtotal", "tax")
DATE_FIELDS = ("invoice_date", "due_date")
# Labels of things that are not this invoice's amounts or dates: an amount or a date beside
# them is not a total or an issue date. The buyer's order number is a field of its own, but
# its line ("Bestellnummer 4711 vom 02.03.") carries the order's date, not the invoice's.
OTHER_THINGS = (IGNORE, "purchase_order")


@dataclass(frozen=True)
class ValueSpot:
    line: TextLine
    start: int
    end: int
    where: str  # same-line / right / below
    weight: float
    straddles: bool = False  # right of a label whose row reaches two rows of values


def _in_label_row(ctx: PageText, hit: LabelHit, same_page: list[TextLine]) -> bool:
    """A label in a row of labels with their values printed under them (a grid of boxes:
    "Invoice No. | Date | Customer No." over "A-92883 | 06.09.2023 | 4711"): its value is
    below, not the next line to the right, which belongs to another column or block."""
    labels = ctx.label_lines
    if not labels.get(id(hit.line)):
        return False
    row = hit.line.bbox
    if not any(labels.get(id(o)) and o.bbox.vertical_overlap(row) >= 0.5 for o in same_page):
        return False
    below = just_below(hit.line.bbox, hit.line.bbox, same_page)
    return bool(below) and id(below[0]) not in labels


def _straddles(label: TextLine, right: list[TextLine]) -> bool:
    """The label's row reaches halfway into two rows of values to its right, one above the
    other: a photographed receipt whose rows slant, where the label's own value may be either.
    On a flat page a value shares its label's row almost whole."""
    partial = [ln for ln in right if ln.bbox.vertical_overlap(label.bbox) < 0.85]
    return any(
        a.bbox.vertical_overlap(b.bbox) < 0.5 and a.bbox.y0 < b.bbox.y0
        for a in partial
        for b in partial
    )


def _column_run(start: TextLine, lines: list[TextLine], member: set[int]) -> list[TextLine]:
    """``start`` and the lines of ``member`` (by id) stacked over and under it in its column,
    each less than a line's height from the next, top first."""
    box = start.bbox
    column = sorted(
        (ln for ln in lines if id(ln) in member and ln.bbox.horizontal_overlap(box) > 0),
        key=lambda ln: ln.bbox.y0,
    )
    i = column.index(start)
    lo, hi = i, i
    while lo > 0 and column[lo].bbox.y0 - column[lo - 1].bbox.y1 < column[lo].bbox.height:
        lo -= 1
    while (
        hi + 1 < len(column)
        and column[hi + 1].bbox.y0 - column[hi].bbox.y1 < column[hi].bbox.height
    ):
        hi += 1
    return column[lo : hi + 1]


# Two rows are level where they share this much of the smaller height, as a label and the
# lines right of it (OCR boxes of neighbouring rows touch, and overlap a little).
_LEVEL = 0.3


def _paired_in_order(
    ctx: PageText, label: TextLine, rows: list[TextLine], same_page: list[TextLine]
) -> TextLine | None:
    """Of two rows of values that a label's row reaches into (a page whose rows slant or
    bend), the one the whole column of row heads it stands in pairs it with. Rows drift one
    way: either every head of the column takes the upper of the values level with it, or
    every head the lower. Where only one way gives no two heads the same value, it is that
    way ("合計金額" level with "226,455" and "2,491,005" under "小計", whose only value is
    the upper of the two "消費税" reaches)."""
    page = [*same_page, label]
    column = rows[0].bbox
    slack = label.bbox.height
    # the row heads: the lines over and under the label in its column, left of the values
    heads = {id(ln) for ln in page if ln.bbox.x0 < column.x0 - slack} | {id(label)}
    run = _column_run(label, page, heads)
    # the values: lines of the values' column, not a line holding a label and its value
    values = [
        ln
        for ln in page
        if id(ln) not in heads
        and ln.bbox.horizontal_overlap(column) > 0
        and any(c.isdigit() for c in ln.text)
    ]
    ways: set[int] = set()
    for pick in (min, max):  # the upper, the lower
        taken: list[int] = []
        mine = None
        for head in run:
            level = [v for v in values if v.bbox.vertical_overlap(head.bbox) >= _LEVEL]
            if level:
                taken.append(id(pick(level, key=lambda v: v.bbox.y0)))
                mine = taken[-1] if head is label else mine
        if mine is not None and len(set(taken)) == len(taken):
            ways.add(mine)
    if len(ways) != 1:
        return None
    (chosen,) = ways
    return next((ln for ln in rows if id(ln) == chosen), None)


def _gap_cost(label: TextLine, value: TextLine) -> float:
    return min(0.2, max(0.0, value.bbox.x0 - label.bbox.x1) * 0.3)


def value_spots(ctx: PageText, hit: LabelHit) -> Iterator[ValueSpot]:
    """Places where the value of a label may stand, best first."""
    line = hit.line
    rest_start = value_start(line.text, hit.end)
    if rest_start < len(line.text):
        yield ValueSpot(line, rest_start, len(line.text), "same-line", 1.0)
    same_page = [ln for ln in ctx.lines if ln.page == line.page and ln is not line]
    lb = line.span_bbox(hit.start, hit.end)
    # The row read once, loosely: the slant test looks at half-shared rows, the value spots
    # at the lines that share at least 0.4 of the label's row.
    row = to_the_right(line.bbox, lb, same_page, min_overlap=0.3)
    straddles = _straddles(line, row)
    sharing = [ln for ln in row if ln.bbox.vertical_overlap(line.bbox) >= 0.4]
    if straddles:
        # the paired row may share less of the label's row than 0.4: it is level all the same
        paired = _paired_in_order(ctx, line, row, same_page)
        if paired is not None:
            sharing = [paired, *(ln for ln in sharing if ln is not paired)]
    right = [
        ValueSpot(ln, 0, len(ln.text), "right", 0.95 - 0.05 * rank - _gap_cost(line, ln), straddles)
        for rank, ln in enumerate(sharing[:3])
    ]
    under = just_below(line.bbox, lb, same_page)[:2]
    if under and any(
        h.line is under[0] and h.start <= 1 and h.label.field != hit.label.field for h in ctx.hits
    ):
        # Another field's label is the first line under this one: what stands under it is
        # that label's value ("Due end of next month" over "Delivery Date" over a date).
        under = under[:1]
    below = [
        ValueSpot(ln, 0, len(ln.text), "below", 0.8 - 0.1 * rank) for rank, ln in enumerate(under)
    ]
    if right and below and _in_label_row(ctx, hit, same_page):
        yield from below
        yield from right
    else:
        yield from right
        yield from below


def _by_label(spot: ValueSpot, hit: LabelHit) -> Provenance:
    place = cast(Place, spot.where)  # a label's spots are same-line, right or below
    return Provenance(kind="label", label=hit.label.text, place=place, language=hit.label.lang)


def _candidate(
    field: FieldName,
    value: str,
    spot: ValueSpot,
    start: int,
    end: int,
    score: float,
    origin: Provenance,
    label_score: float,
    **features: float,
) -> FieldCandidate:
    line = spot.line
    return FieldCandidate(
        field=field,
        value=value,
        score=score,
        page=line.page,
        bbox=line.span_bbox(start, end),
        text=line.text[start:end],
        origin=origin,
        ocr_confidence=line.confidence,
        char_confidence=line.char_confidence(start, end),
        label_score=label_score,
        features=features,
    )


def _labels_between(ctx: PageText, spot: ValueSpot, hit: LabelHit) -> bool:
    """True when the spot is itself another label's territory (a different label precedes it)."""
    for other in ctx.hits:
        if other is hit or other.line is not spot.line:
            continue
        if spot.where == "same-line":
            # Another label between our label and the value: the value is that label's.
            if hit.end <= other.start < spot.start + 1 or (
                other.start >= spot.start and other.start < spot.start + 2
            ):
                return True
        elif other.start <= 1:
            return True
    return False


def _amounts_in(spot: ValueSpot, decimal_sep: str | None) -> list[AmountMatch]:
    """The amounts inside a spot, with offsets into the whole line."""
    text = spot.line.text[spot.start : spot.end]
    return [
        replace(m, start=m.start + spot.start, end=m.end + spot.start)
        for m in find_amounts(text, decimal_sep=decimal_sep)
    ]


def _only_amount(spot: ValueSpot, decimal_sep: str | None) -> bool:
    amounts = _amounts_in(spot, decimal_sep)
    if len(amounts) != 1:
        return False
    rest = spot.line.text[: amounts[0].start] + spot.line.text[amounts[0].end :]
    return len(re.sub(r"[\W\d_]", "", rest)) <= 3  # a currency code or sign at most


def _gross_column_first(spots: list[ValueSpot], decimal_sep: str | None) -> list[ValueSpot]:
    """On a totals row of a table (net | tax | gross), the total is the rightmost amount.

    Only for a label that carries no amount of its own: "TOTAL ROUNDED 33.90" is read on
    its line, not from the boxes OCR put beside it."""
    if any(s.where == "same-line" and _amounts_in(s, decimal_sep) for s in spots):
        return spots
    row = [s for s in spots if s.where == "right" and _only_amount(s, decimal_sep)]
    if len(row) < 2:
        return spots
    gross = max(row, key=lambda s: s.line.bbox.x0)
    if any(s is not gross and s.line.bbox.horizontal_overlap(gross.line.bbox) > 0 for s in row):
        return spots  # two rows of one column that a slanting label's row reaches, no table row
    first = replace(gross, weight=max(s.weight for s in row))
    return [first, *(s for s in spots if s is not gross)]


def _note_weight(line: TextLine) -> float:
    """A label inside a note in brackets counts half: "(Total Included GST @ 6% 1.42)" is
    not the total row."""
    text = line.text.strip()
    return 0.5 if text.startswith(("(", "（")) and text.endswith((")", "）")) else 1.0


# A tax rate printed before a value ("GST @ 6%", "MwSt. 19 %"); the number is the rate in %.
_STATED_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s*%")


def _stated_rate(hit: LabelHit, spot: ValueSpot, start: int) -> float:
    """The tax rate the label's line states before the value, 0 when it states none."""
    text = hit.line.text[:start] if spot.line is hit.line else hit.line.text
    found = _STATED_RATE.findall(text)
    return float(found[-1].replace(",", ".")) if found else 0.0


def _not_a_tax_base(spot: ValueSpot, amounts: list[AmountMatch]) -> list[AmountMatch]:
    """A tax line's amounts without the base it names ("VAT 20% (on 7,676.29)  1,535.26"):
    on its own line the base comes after the label, and the tax itself stands to the right."""
    if spot.where != "same-line":
        return amounts
    return [m for m in amounts if not TAX_BASE_BEFORE.search(spot.line.text, 0, m.start)]


def amount_candidates(
    ctx: PageText, decimal_sep: str | None, column_heads: set[int] | None = None
) -> list[FieldCandidate]:
    """Amounts by their labels. ``column_heads``: the lines heading an items table, whose
    labels ("Total HT", "Amount") name a column; the amount under one is an item's."""
    out: list[FieldCandidate] = []
    heads = column_heads or set()
    for hit in ctx.hits:
        field = hit.label.field
        if field not in AMOUNT_FIELDS:
            continue
        # A sum carried to the next page ("Zwischensumme Übertrag") is no total of the invoice.
        if field != "tax" and ITEM_CARRIED.search(hit.line.text):
            continue
        spots = list(value_spots(ctx, hit))
        if field == "total":
            spots = _gross_column_first(spots, decimal_sep)
        for spot in spots:
            if _labels_between(ctx, spot, hit):
                continue
            if spot.where == "below" and id(hit.line) in heads:
                continue
            amounts = _amounts_in(spot, decimal_sep)
            if field == "tax":
                amounts = _not_a_tax_base(spot, amounts)
            # A percentage or rate before the amount ("GST 6%") is not the value.
            if not amounts:
                continue
            # The last amount on a same-line spot is the value (qty/rate columns come first);
            # for a spot to the right or below, the first one is nearest the label.
            m = amounts[-1] if spot.where == "same-line" else amounts[0]
            if m.value == 0 and field != "tax":
                continue
            score = hit.label.strength * hit.score * spot.weight * _note_weight(hit.line)
            out.append(
                _candidate(
                    cast(FieldName, field),
                    to_decimal_string(m.value),
                    spot,
                    m.start,
                    m.end,
                    score,
                    _by_label(spot, hit),
                    hit.score,
                    y=spot.line.bbox.cy,
                    page=float(spot.line.page),
                    has_currency=1.0 if m.currency else 0.0,
                    has_decimals=1.0 if m.has_decimals else 0.0,
                    strength=hit.label.strength,
                    stated_rate=_stated_rate(hit, spot, m.start),
                    straddles=1.0 if spot.straddles else 0.0,
                    split=1.0 if _split_digits(spot.line.text, m, amounts) else 0.0,
                )
            )
            break
    return out


def _split_digits(text: str, m: AmountMatch, amounts: list[AmountMatch]) -> bool:
    """``m`` is a run of digits with no decimals that a space parts from another such run:
    "51 0 30", where a worn print's spaced digits and lost point hold 510.30. Which runs make
    the amount, and where its point was, the page does not tell."""
    if m.has_decimals:
        return False
    return any(
        n is not m
        and not n.has_decimals
        and not text[min(m.end, n.end) : max(m.start, n.start)].strip()
        for n in amounts
    )


def unlabelled_amounts(ctx: PageText, decimal_sep: str | None) -> list[FieldCandidate]:
    """Every amount on the page, weakly scored: a fall-back for a total with no label found."""
    not_totals = (PAID, *OTHER_THINGS, CHANGE, ROUNDING, DEPOSIT)
    paid_lines = {id(h.line) for h in ctx.hits if h.label.field in not_totals}
    out: list[FieldCandidate] = []
    for line in ctx.lines:
        if id(line) in paid_lines:
            continue
        spot = ValueSpot(line, 0, len(line.text), "page", 0.3)
        for m in _amounts_in(spot, decimal_sep):
            if m.value <= 0:
                continue
            out.append(
                _candidate(
                    "total",
                    to_decimal_string(m.value),
                    spot,
                    m.start,
                    m.end,
                    0.25,
                    Provenance(kind="unlabelled", detail="amount"),
                    0.0,
                    y=line.bbox.cy,
                    page=float(line.page),
                    has_currency=1.0 if m.currency else 0.0,
                    has_decimals=1.0 if m.has_decimals else 0.0,
                    strength=0.0,
                )
            )
    return out


@dataclass(frozen=True)
class Payment:
    """What a receipt says about payment: total = tendered - change, rounding adjusts it; on an
    invoice, a payment on account deducted from the gross leaves the balance."""

    tendered: list[Decimal]
    change: list[Decimal]
    rounding: list[tuple[Decimal, float]]  # (signed adjustment, vertical position)
    # Amounts on a rounding line that are not an adjustment: "Rounded total 45.35",
    # "Rounding RM 45.35" (the rounded, payable total), with the spot they were read from.
    rounded: list[tuple[Decimal, ValueSpot, int, int]] = field(default_factory=list)
    deposits: list[Decimal] = field(default_factory=list)  # as positive amounts


def payment_amounts(ctx: PageText, decimal_sep: str | None) -> Payment:
    found: dict[str, list[tuple[Decimal, float]]] = {
        PAID: [],
        CHANGE: [],
        ROUNDING: [],
        DEPOSIT: [],
    }
    rounded: list[tuple[Decimal, ValueSpot, int, int]] = []
    for hit in ctx.hits:
        if hit.label.field not in found:
            continue
        for spot in value_spots(ctx, hit):
            if spot.where == "below":
                continue
            amounts = _amounts_in(spot, decimal_sep)
            if amounts:
                m = amounts[-1]
                found[hit.label.field].append((m.value, spot.line.bbox.cy))
                if hit.label.field == ROUNDING and abs(m.value) >= 1:
                    rounded.append((m.value, spot, m.start, m.end))
                break
    return Payment(
        tendered=[v for v, _ in found[PAID] if v > 0],
        change=[v for v, _ in found[CHANGE] if v >= 0],
        rounding=[(v, y) for v, y in found[ROUNDING] if abs(v) < 1],
        rounded=rounded,
        deposits=[abs(v) for v, _ in found[DEPOSIT] if v != 0],
    )


def rounded_total_candidates(
    totals: list[FieldCandidate], payment: Payment
) -> list[FieldCandidate]:
    """A rounding line's amount that is a labelled total rounded (cash rounding moves it by
    0.10 at most) is the payable total: a candidate as strong as the unrounded one."""
    out: list[FieldCandidate] = []
    labelled = [c for c in totals if c.origin.kind == "label"]
    for value, spot, start, end in payment.rounded:
        near = [
            c for c in labelled if (v := to_decimal(c.value)) is not None and near_amounts(v, value)
        ]
        if not near:
            continue
        base = max(near, key=lambda c: c.score)
        out.append(
            _candidate(
                "total",
                to_decimal_string(value),
                spot,
                start,
                end,
                base.score,
                Provenance(kind="label", detail="rounded-total"),
                base.label_score,
                y=spot.line.bbox.cy,
                page=float(spot.line.page),
                has_currency=base.features.get("has_currency", 0.0),
                has_decimals=1.0,
                strength=base.features.get("strength", 0.0),
            )
        )
    return out


# Labels of dates that are not the issue date (delivery, order, period...): an ignored label
# that holds a pack's bare word for "date" (its weak invoice-date labels: "date", "datum",
# Italian "data" of "data ordine"), or one of these.
_OTHER_DATE_LABEL = re.compile(
    "|".join(
        [
            r"period|zeitraum|日|livraison|commande|levering|bestel",
            *(
                re.escape(label.text)
                for label in LABELS
                if label.field == "invoice_date" and label.strength < 1.0
            ),
        ]
    ),
    re.IGNORECASE,
)


def date_candidates(ctx: PageText, day_first: bool | None) -> list[FieldCandidate]:
    out: list[FieldCandidate] = []
    others: list[FieldCandidate] = []
    labelled_lines: set[int] = set()
    for hit in ctx.hits:
        field = hit.label.field
        if field in OTHER_THINGS and not _OTHER_DATE_LABEL.search(hit.label.text):
            continue
        if field not in DATE_FIELDS and field not in OTHER_THINGS:
            continue
        for spot in value_spots(ctx, hit):
            if _labels_between(ctx, spot, hit):
                continue
            if field in OTHER_THINGS and spot.where == "below":
                continue
            dates = _dates_in(spot, day_first)
            if not dates:
                continue
            d = _under_label(spot, hit, dates)
            labelled_lines.add(id(spot.line))
            if field in OTHER_THINGS:
                # a delivery or order date: keeps the line out of the unlabelled pool, and is
                # the last resort of a page that labels no date of issue (a web shop's "Order
                # date"), below an unlabelled date in the header
                score = 0.25 - 0.1 * min(1.0, spot.line.bbox.cy) - 0.05 * spot.line.page
                others.append(_unlabelled_date(spot, d, score, "other-date"))
                break
            score = hit.label.strength * hit.score * spot.weight
            out.append(
                _candidate(
                    cast(FieldName, field),
                    d.value.isoformat(),
                    spot,
                    d.start,
                    d.end,
                    score,
                    _by_label(spot, hit),
                    hit.score,
                    y=spot.line.bbox.cy,
                    page=float(spot.line.page),
                    ambiguous=1.0 if d.ambiguous else 0.0,
                )
            )
            break
    # Receipts often print the date with no label; an unlabelled date is a weak candidate.
    for line in ctx.lines:
        if id(line) in labelled_lines:
            continue
        spot = ValueSpot(line, 0, len(line.text), "page", 0.4)
        for d in _dates_in(spot, day_first):
            score = 0.4 - 0.1 * min(1.0, line.bbox.cy) - 0.05 * line.page
            before = line.text[d.start - 1 : d.start]
            if before.isascii() and before.isalpha():
                score -= 0.15  # "HD03-04-06": glued to letters, an article code
            if _TIME_AFTER.match(line.text, d.end):
                score += 0.1  # "19-09-17 15:39": a till's timestamp
            if len(_PROSE_WORD.findall(line.text, 0, d.start)) >= _PROSE_WORDS:
                score -= 0.15  # "Credits ... will expire on 28 Jan 2016": a sentence's date
            out.append(_unlabelled_date(spot, d, score, "date"))
    if not any(c.field == "invoice_date" and c.origin.labelled for c in out):
        out += others
    if not any(c.field == "invoice_date" for c in out):
        out += _repaired_dates(ctx, day_first)
    return out


_TIME_AFTER = re.compile(TIME_AFTER)
# Words of running text before a date: a sentence's date (an expiry, a contract, a
# payment promise) is rarely the document's; a header's or a till's date stands alone.
_PROSE_WORD = re.compile(r"(?<!\S)[^\W\d_]{2,}(?!\S)")
_PROSE_WORDS = 5


def _unlabelled_date(spot: ValueSpot, d: DateMatch, score: float, detail: str) -> FieldCandidate:
    line = spot.line
    return _candidate(
        "invoice_date",
        d.value.isoformat(),
        spot,
        d.start,
        d.end,
        score,
        Provenance(kind="unlabelled", detail=detail),
        0.0,
        y=line.bbox.cy,
        page=float(line.page),
        ambiguous=1.0 if d.ambiguous else 0.0,
    )


def _repaired_dates(ctx: PageText, day_first: bool | None) -> list[FieldCandidate]:
    """Dates OCR damaged (separators lost, a letter for a digit, a month's name misread), for
    a page with no other date: a weak candidate, ambiguous, that the date_repaired rule
    sends to a person."""
    out: list[FieldCandidate] = []
    for line in ctx.lines:
        spot = ValueSpot(line, 0, len(line.text), "page", 0.2)
        score = 0.2 - 0.1 * min(1.0, line.bbox.cy)
        found = find_separator_lost_dates(line.text, day_first=day_first)
        found += find_misread_dates(line.text, day_first=day_first)
        for d in found:
            out.append(_unlabelled_date(spot, d, score, "date-repaired"))
    return out


def _under_label(spot: ValueSpot, hit: LabelHit, found: list[DateMatch]) -> DateMatch:
    """The value a label names: on its own line or to its right, the first; in a line below
    that holds several (a text layer joins the cells of a row, "1. September 2023
    21. Oktober 2023" under "Auftragsdatum" and "Fällig am"), the one standing under it."""
    if spot.where != "below" or len(found) == 1:
        return found[0]
    label = hit.line.span_bbox(hit.start, hit.end)
    return min(found, key=lambda m: abs(spot.line.span_bbox(m.start, m.end).cx - label.cx))


def _dates_in(spot: ValueSpot, day_first: bool | None) -> list[DateMatch]:
    """The dates inside a spot, with offsets into the whole line."""
    text = spot.line.text[spot.start : spot.end]
    return [
        replace(d, start=d.start + spot.start, end=d.end + spot.start)
        for d in find_dates(text, day_first=day_first)
    ]


_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/_.]*[A-Za-z0-9]|[0-9]{3,}")
_PHONE = re.compile(r"^\+?\d{2,4}[-\s]\d{2,4}[-\s]\d{3,4}$")


def _id_tokens(text: str) -> Iterator[re.Match[str]]:
    for m in _ID_TOKEN.finditer(text):
        token = m.group(0)
        if not any(c.isdigit() for c in token):
            continue
        if _PHONE.match(token):
            continue
        yield m


# A number printed in digit groups and nothing else beside its label: "50 1170", "2024 89996".
_SPACED_NUMBER = re.compile(r"\s*([0-9]{2,6}(?: [0-9]{3,6}){1,2})\s*")


def _spaced_number(text: str, offset: int) -> tuple[str, int, int] | None:
    """The whole of a value that is only digit groups separated by single spaces: the token
    finder would stop at the first space and keep "50" of "50 1170". Phone numbers (their
    own groups and separators) are left to the token finder, which refuses them."""
    m = _SPACED_NUMBER.fullmatch(text)
    if m is None or _PHONE.match(m.group(1)):
        return None
    return m.group(1), offset + m.start(1), offset + m.end(1)


# A document number of one digit, filling the label's value alone ("Numero fattura: | 3"):
# a small business numbers its invoices from 1 each year. Inside other text, or under the
# label, a lone digit is a quantity, a page, a house or a position number.
_LONE_DIGIT = re.compile(r"\s*#?\s*([1-9])\s*")


def _whole_value(field: FieldName, spot: ValueSpot, text: str) -> tuple[str, int, int] | None:
    """A value the token finder would cut short or refuse: digit groups, or one digit."""
    chosen = _spaced_number(text, spot.start)
    if chosen is not None or field != "invoice_number" or spot.where == "below":
        return chosen
    m = _LONE_DIGIT.fullmatch(text)
    return None if m is None else (m.group(1), spot.start + m.start(1), spot.start + m.end(1))


def invoice_number_candidates(
    ctx: PageText, day_first: bool | None, table_headers: Collection[int] = ()
) -> list[FieldCandidate]:
    """Identifiers beside an invoice-number label, but not under an items table's column
    heading (``table_headers``, lines by id): "Nr." over the position column numbers the
    lines, and "1 Kopierpapier A4" is no invoice "A4"."""
    return labelled_id_candidates(ctx, day_first, "invoice_number", table_headers)


def purchase_order_candidates(ctx: PageText, day_first: bool | None) -> list[FieldCandidate]:
    """The buyer's order number: the first identifier beside a PO label (no title fallback:
    a number after "Purchase Order" as a title is the PO's own document, not this invoice)."""
    return [
        c
        for c in labelled_id_candidates(ctx, day_first, "purchase_order")
        if not _AMOUNT_LIKE.fullmatch(c.value)
    ]


# A word of three letters or more.
_WORDS = re.compile(r"[^\W\d_]{3,}")
# A Latin letter: a misread kanji title before "No." ("畴求赛No.", 請求書No.) is no other name.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_HOUSE_NUMBER = re.compile(r"\s*[:.]?\s*[\w/-]+\s*(?:,|&)")


# "028.68": an amount a scan's OCR put beside the label, not an order number.
_AMOUNT_LIKE = re.compile(r"\d+[.,]\d{2}")


def _own_column(ctx: PageText, hit: LabelHit, spot: ValueSpot) -> ValueSpot:
    """A value under a label ends where the next label's column on the label's row begins:
    OCR joins the values of neighbouring boxes into one line ("INV-01960663-916 2023年03月27日"
    under 伝票番号 | 発行日)."""
    if spot.where != "below":
        return spot
    label = hit.line.span_bbox(hit.start, hit.end)
    labels = ctx.label_lines
    edges = [
        o.bbox.x0
        for o in ctx.lines_on(hit.line.page)
        if id(o) in labels and o.bbox.x0 > label.x1 and o.bbox.vertical_overlap(label) >= 0.5
    ]
    if not edges:
        return spot
    slack = 0.5 * max(hit.line.bbox.height, 1e-4)
    for start, _, box in spot.line.spans:
        if start > spot.start and box.x0 >= min(edges) - slack:
            return replace(spot, end=start)
    return spot


def _another_number(hit: LabelHit) -> bool:
    """A number word alone ("No.") labels a document's number only where it opens its line:
    after other words it ends their name ("GST ID No", "Company Reg. No.", "Room No"), and on
    an address line, or before a comma or another number, it numbers the house ("NO. 59,
    JALAN PERMATA 9,", "NO.19 & 21"). On shop receipts such labels give house, company, GST
    and room numbers far more often than the receipt's own, which a till prints with its own
    label or with "No." opening its line under the title."""
    if not NUMBER_WORD.fullmatch(hit.label.text):
        return False
    text = hit.line.text
    if _LATIN.search(text, 0, hit.start) or ADDRESS_WORDS.search(text):
        return True
    # "NO.19 & 21", "NO 43-45-47G,": a house number, the street on the next line
    return _HOUSE_NUMBER.match(text, hit.end) is not None


def _without_joiner(token: str, rest: str, day_first: bool | None) -> str:
    """``token`` without the joiner OCR glued to its end ("1518/2023del", "332/ADEL" before
    "21/05/2024") or the title's qualifier and number word glued to its start
    ("IMMEDIATAN.1388"): see ``GLUED_JOINER``, ``JOINER_END`` and ``GLUED_QUALIFIER``."""
    token = GLUED_JOINER.sub("", GLUED_QUALIFIER.sub("", token))
    for m in JOINER_THEN_DIGIT.finditer(token):
        # the joiner's whole tail is one date: the number ends at the joiner, where the date
        # check below would otherwise refuse the whole token for the date in it
        tail = token[m.end() :]
        head = token[: m.start()]
        dates = find_dates(tail, day_first=day_first)
        if (
            dates
            and dates[0].start == 0
            and dates[0].end == len(tail)
            and any(c.isdigit() for c in head)
        ):
            return head
    if not JOINER_END.search(token):
        return token
    dates = find_dates(rest[:24], day_first=day_first)
    dated = bool(dates) and not rest[: dates[0].start].strip(" :.,")
    return JOINER_END.sub("", token) if dated else token


def labelled_id_candidates(
    ctx: PageText, day_first: bool | None, field: FieldName, table_headers: Collection[int] = ()
) -> list[FieldCandidate]:
    """Identifiers next to a label of ``field``: not a date, a phone number or a T+13 number."""
    out: list[FieldCandidate] = []
    for hit in ctx.hits:
        if hit.label.field != field or id(hit.line) in table_headers or _another_number(hit):
            continue
        # Words beside the label that hold no identifier end its row: what stands beyond
        # them is another block's ("INVOICE #" in a sidebar, an items table's "Spare parts
        # kit | 12" on its row, its number under it). A label of another field beside or
        # under it ends that way too: what follows is that label's.
        ended: set[str] = set()
        for spot in value_spots(ctx, hit):
            if spot.where in ended:
                continue
            if _labels_between(ctx, spot, hit):
                if any(h.line is spot.line and h.label.field != hit.label.field for h in ctx.hits):
                    ended.add(spot.where)
                continue
            if (
                spot.where != "same-line"
                and id(spot.line) in ctx.customer_block
                and id(hit.line) not in ctx.customer_block
            ):
                # The customer's name and address, beside or under a label outside them
                # ("Avoir N°" level with "29 boulevard Voltaire"): no value of that label.
                continue
            spot = _own_column(ctx, hit, spot)
            text = spot.line.text[spot.start : spot.end]
            if find_dates(text, day_first=day_first) and spot.where != "same-line":
                continue
            chosen = _whole_value(field, spot, text)
            for m in () if chosen else _id_tokens(text):
                token = _without_joiner(m.group(0).strip(".-/"), text[m.end() :], day_first)
                if find_registration_numbers(token) or is_vat_id_or_iban(token):
                    continue
                try:
                    if find_dates(token, day_first=day_first):
                        continue
                except Exception:
                    continue
                chosen = (token, m.start() + spot.start, m.start() + spot.start + len(token))
                break
            if (
                chosen is not None
                and spot.where != "same-line"
                and len(_WORDS.findall(text, 0, chosen[1] - spot.start)) >= 2
            ):
                # Words before the number make the line another block's, a sentence or a
                # sender's address ("Rossi Mario S.r.l. Via Roma, 116 - 10128 Torino"), not
                # the label's value: its number is a house number or a reference in prose.
                chosen = None
            if chosen is None:
                if spot.where == "right" and _WORDS.search(text):
                    ended.add("right")
                continue
            token, s, e = chosen
            if spot.line.from_ocr:
                token = capital_i_for_l(token)
            score = hit.label.strength * hit.score * spot.weight
            digits = sum(c.isdigit() for c in token)
            out.append(
                _candidate(
                    field,
                    token,
                    spot,
                    s,
                    e,
                    score,
                    _by_label(spot, hit),
                    hit.score,
                    y=spot.line.bbox.cy,
                    page=float(spot.line.page),
                    digits=float(digits),
                    length=float(len(token)),
                )
            )
            break
    return out


# A document title followed by its number (the titles and number words come from the packs).
_TITLE_NUMBER = TITLE_NUMBER
# The top of a page where a running header prints (a fraction of the page's height).
_RUNNING_HEADER = 0.12


def title_number_candidates(ctx: PageText, day_first: bool | None) -> list[FieldCandidate]:
    out: list[FieldCandidate] = []
    for line in ctx.lines:
        # Past the first page only a running header counts ("請求書 INV-0042" atop page 2),
        # at less weight: the first page's own title lines may have been lost to OCR.
        later = line.page > 0
        if later and line.bbox.y1 > _RUNNING_HEADER:
            continue
        for m in _TITLE_NUMBER.finditer(line.text):
            token = GLUED_QUALIFIER.sub("", m.group("id"))
            if not any(c.isdigit() for c in token) or find_dates(token, day_first=day_first):
                continue
            if line.text[m.end("id") :].lstrip().startswith(("%", "‰")):
                continue  # "Sconto in fattura 10%": a rate the title's word stands before
            if find_registration_numbers(token):
                continue
            if is_vat_id_or_iban(token):
                continue
            if line.from_ocr:
                token = capital_i_for_l(token)
            weight = 0.6 if later else 0.75
            spot = ValueSpot(line, 0, len(line.text), "title", weight)
            out.append(
                _candidate(
                    "invoice_number",
                    token,
                    spot,
                    m.start("id"),
                    m.end("id"),
                    weight,
                    Provenance(kind="title", detail="number"),
                    0.5,
                    y=line.bbox.cy,
                    page=float(line.page),
                )
            )
    return out


def registration_candidates(ctx: PageText) -> list[FieldCandidate]:
    out: list[FieldCandidate] = []
    label_lines = {id(h.line): h for h in ctx.hits if h.label.field == "registration_number"}
    for line in ctx.lines:
        for number in find_registration_numbers(line.text):
            idx = line.text.find(number[1:5])
            start = max(0, line.text.rfind("T", 0, max(idx, 0) + 1)) if idx >= 0 else 0
            labelled = id(line) in label_lines or any(
                h.label.field == "registration_number"
                and h.line.page == line.page
                and 0 <= line.bbox.y0 - h.line.bbox.y0 < 3 * max(h.line.bbox.height, 1e-4)
                for h in ctx.hits
            )
            spot = ValueSpot(line, 0, len(line.text), "page", 1.0)
            out.append(
                _candidate(
                    "registration_number",
                    number,
                    spot,
                    start,
                    min(len(line.text), start + 14 + 3),
                    1.0 if labelled else 0.7,
                    Provenance(kind="pattern", detail="T+13", tags=("label",) if labelled else ()),
                    1.0 if labelled else 0.0,
                )
            )
    return out


# Japanese per-rate summary lines: "10%対象 ¥373,460 消費税 ¥37,346", "内消費税(8%) ¥514",
# "消費税 (10%) 37,346"; the 8% reduced rate is often marked with ※ or 軽.
_RATE_BASE = re.compile(r"(\d{1,2})\s*%\s*(?:対象|対象額|対象計|課税対象)")
_RATE_TAX = re.compile(
    r"(?:消費税|内税|外税|税額|内消費税)[^0-9%]{0,6}(\d{1,2})\s*%|(\d{1,2})\s*%[^0-9]{0,4}(?:消費税|内税|税額|税)"
)


def _row_texts(ctx: PageText) -> list[str]:
    """The text of each row (lines side by side), left to right, for row-wise patterns."""
    rows: list[list[TextLine]] = []
    for line in sorted(ctx.lines, key=lambda ln: (ln.page, ln.bbox.cy)):
        if (
            rows
            and rows[-1][0].page == line.page
            and rows[-1][0].bbox.vertical_overlap(line.bbox) >= 0.5
        ):
            rows[-1].append(line)
        else:
            rows.append([line])
    return ["  ".join(ln.text for ln in sorted(r, key=lambda ln: ln.bbox.x0)) for r in rows]


def tax_breakdown(ctx: PageText, decimal_sep: str | None) -> list[TaxBreakdown]:
    rates: dict[str, dict[str, tuple[str, int]]] = {}
    for index, text in enumerate(_row_texts(ctx)):
        amounts = [m for m in find_amounts(text, decimal_sep=decimal_sep) if m.value >= 0]
        if not amounts:
            continue
        base_m = _RATE_BASE.search(text)
        tax_m = _RATE_TAX.search(text)
        if base_m:
            rate = base_m.group(1)
            after = [a for a in amounts if a.start >= base_m.end()]
            if not after:
                continue
            rates.setdefault(rate, {}).setdefault(
                "base", (to_decimal_string(after[0].value), index)
            )
            # "10%対象 ¥373,460 消費税 ¥37,346": the tax follows its keyword after the base.
            kw = re.compile(r"消費税|税額|内税|税").search(text, after[0].end)
            if kw:
                tax_after = [a for a in amounts if a.start >= kw.end()]
                if tax_after:
                    rates[rate].setdefault("tax", (to_decimal_string(tax_after[0].value), index))
        elif tax_m:
            rate = tax_m.group(1) or tax_m.group(2)
            after = [a for a in amounts if a.start >= tax_m.end()]
            if after:
                rates.setdefault(rate, {}).setdefault(
                    "tax", (to_decimal_string(after[0].value), index)
                )
    out = []
    for rate in sorted(rates, key=lambda r: -int(r)):
        entry = rates[rate]
        if int(rate) > 30:
            continue
        out.append(
            TaxBreakdown(
                rate=rate,
                base=entry["base"][0] if "base" in entry else None,
                tax=entry["tax"][0] if "tax" in entry else None,
            )
        )
    return out


def breakdown_tax_candidate(breakdown: list[TaxBreakdown], ctx: PageText) -> list[FieldCandidate]:
    """The sum of the per-rate taxes, when more than one rate is printed."""
    taxes = [Decimal(b.tax) for b in breakdown if b.tax is not None]
    if len(taxes) < 2 or not ctx.lines:
        return []
    total = sum(taxes, Decimal(0))
    line = ctx.lines[0]
    return [
        FieldCandidate(
            field="tax",
            value=to_decimal_string(total),
            score=0.9,
            page=line.page,
            bbox=None,
            text=" + ".join(b.tax or "" for b in breakdown),
            origin=Provenance(kind="tax-breakdown", detail="sum"),
            label_score=1.0,
        )
    ]
