"""Document → ranked candidates for every field → the chosen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from axocr.config import ExtractConfig
from axocr.errors import DateParseError
from axocr.extract import fields as finders
from axocr.extract.context import PageText, build_context
from axocr.extract.conventions import (
    choose_currency,
    date_order_guessed,
    decide_day_first,
    detect_decimal_separator,
    detect_language,
)
from axocr.extract.line_items import find_tables, line_items_of, table_header_lines
from axocr.extract.name_readings import NameReadings
from axocr.extract.rank import (
    adjust_amounts,
    demote_per_rate_taxes,
    mark_till_doubt,
    payment_total_candidates,
    rank,
    subtotals_from_taxes,
    summed_tax_candidates,
)
from axocr.extract.ranker import load_ranker, rescore
from axocr.extract.vendor import vendor_candidates
from axocr.lang.labels import DOCUMENT_TITLES
from axocr.normalize import dollar_prefix_lost, parse_date, to_decimal, to_decimal_string
from axocr.types import (
    FIELD_NAMES,
    Document,
    ExtractedField,
    FieldCandidate,
    Fields,
    Finding,
    LineItem,
    Provenance,
    Ranked,
    TaxBreakdown,
)


@dataclass
class Extraction:
    language: str
    ranked: dict[str, Ranked]
    currency: str | None
    currency_source: str
    context: PageText
    tax_breakdown: list[TaxBreakdown] = field(default_factory=list)
    line_items: list[LineItem] = field(default_factory=list)
    line_item_findings: list[Finding] = field(default_factory=list)


# Payment terms in days; an issue/due pair that is this far apart in one reading of an
# ambiguous date (03/11 vs 11/03) and not in the other tells which reading is right.
PAYMENT_TERMS_DAYS = {7, 10, 14, 15, 20, 21, 28, 30, 31, 45, 60, 90}
_TERMS = "date-order-from-terms"


def resolve_date_order(ranked: dict[str, Ranked], day_first: bool | None) -> None:
    issue, due = ranked["invoice_date"].best, ranked["due_date"].best
    if issue is None or due is None or day_first is None:
        return
    if not (issue.features.get("ambiguous") and due.features.get("ambiguous")):
        return
    try:
        alt_issue = parse_date(issue.text, day_first=not day_first)
        alt_due = parse_date(due.text, day_first=not day_first)
        cur = (date.fromisoformat(due.value) - date.fromisoformat(issue.value)).days
    except (DateParseError, ValueError):
        return
    alt = (alt_due - alt_issue).days
    if cur not in PAYMENT_TERMS_DAYS and alt in PAYMENT_TERMS_DAYS:
        ranked["invoice_date"].best = issue.model_copy(
            update={"value": alt_issue.isoformat(), "origin": issue.origin.tagged(_TERMS)}
        )
        ranked["due_date"].best = due.model_copy(
            update={"value": alt_due.isoformat(), "origin": due.origin.tagged(_TERMS)}
        )


def _mark_order_guessed(ranked: dict[str, Ranked]) -> None:
    """A date both orders can read, on a page that shows nothing of its country, is marked
    for review: its order is the usual one, not the page's (``date_order_guessed``). Dates
    whose order the terms of payment fixed are not guesses."""
    for name in ("invoice_date", "due_date"):
        best = ranked[name].best
        if best is not None and best.features.get("ambiguous") and _TERMS not in best.origin.tags:
            best.features["order_guessed"] = 1.0


_CREDIT = "magnitude-of-credit"


def as_magnitudes(ranked: dict[str, Ranked]) -> None:
    """A credit note printing its amounts negative ("Total TTC -233,47 €") is reported in
    magnitudes, as its lines are: the document's kind says it is a credit (EN 16931 carries
    a credit note's amounts positive)."""
    total = ranked["total"].best
    value = to_decimal(total.value) if total is not None else None
    if value is None or value >= 0:
        return
    for name in ("total", "subtotal", "tax"):
        best = ranked[name].best
        amount = to_decimal(best.value) if best is not None else None
        if best is not None and amount is not None and amount < 0:
            ranked[name].best = best.model_copy(
                update={"value": to_decimal_string(-amount), "origin": best.origin.tagged(_CREDIT)}
            )


def _vendor_scorings(
    ctx: PageText, language: str, ranker: str
) -> tuple[list[FieldCandidate], list[FieldCandidate]]:
    """The vendor candidates scored by the chosen scorer, and by the other one (hand-set
    weights or the fitted model), whose choice review reads as a second opinion."""
    hand = vendor_candidates(ctx, 0, language=language)
    learned = rescore(hand, load_ranker("vendor"))
    return (learned, hand) if ranker == "learned" else (hand, learned)


def _dates(
    ctx: PageText, day_first: bool | None
) -> tuple[list[FieldCandidate], list[FieldCandidate]]:
    """The issue-date and due-date candidates."""
    dates = finders.date_candidates(ctx, day_first)
    invoice_dates = [c for c in dates if c.field == "invoice_date"]
    due_dates = [c for c in dates if c.field == "due_date"]
    # An issue date is rarely after the due date printed on the same page.
    due_values = {c.value for c in due_dates}
    for c in invoice_dates:
        if c.value in due_values and c.origin.kind == "unlabelled":
            c.score -= 0.2
    return invoice_dates, due_dates


def _rank_vendor(ctx: PageText, language: str, ranker: str) -> Ranked:
    """The vendor's ranking, with the other scorer's choice as its second opinion. Both names
    are spelled as the page's other readings of them say, so that a slip the readings settle
    does not make the two disagree."""
    chosen, other = _vendor_scorings(ctx, language, ranker)
    readings = NameReadings(ctx)
    ranked = rank(chosen)
    ranked.best = readings.settle(ranked.best)
    second = readings.settle(rank(other).best)
    ranked.second_opinion = second.value if second is not None else None
    return ranked


def extract_candidates(
    document: Document, config: ExtractConfig | None = None, *, line_items: bool = True
) -> Extraction:
    """Every field's ranked candidates; ``line_items=False`` skips reading the invoice lines
    (for callers that only need the header fields, such as the invoice splitter)."""
    config = config or ExtractConfig()
    ctx = build_context(document)
    language = config.language or detect_language(ctx)
    decimal_sep = detect_decimal_separator(ctx)
    day_first = decide_day_first(language, ctx)

    tables = find_tables(ctx)  # once: their headers label no totals, their bodies are items
    heads = table_header_lines(tables)
    amounts = finders.amount_candidates(ctx, decimal_sep, heads)
    totals = [c for c in amounts if c.field == "total"]
    subtotals = [c for c in amounts if c.field == "subtotal"]
    taxes = [c for c in amounts if c.field == "tax"]
    breakdown = finders.tax_breakdown(ctx, decimal_sep)
    taxes += finders.breakdown_tax_candidate(breakdown, ctx)
    demote_per_rate_taxes(taxes, breakdown)
    totals += finders.unlabelled_amounts(ctx, decimal_sep)
    payment = finders.payment_amounts(ctx, decimal_sep)
    totals += finders.rounded_total_candidates(totals, payment)
    totals += payment_total_candidates(totals, payment, ctx)
    adjust_amounts(totals, subtotals, taxes, payment, language)
    subtotals += subtotals_from_taxes(totals, subtotals, taxes)
    taxes += summed_tax_candidates(totals, subtotals, taxes)

    invoice_dates, due_dates = _dates(ctx, day_first)

    by_field: dict[str, list[FieldCandidate]] = {
        "total": totals,
        "subtotal": subtotals,
        "tax": taxes,
        "invoice_date": invoice_dates,
        "due_date": due_dates,
        "invoice_number": finders.invoice_number_candidates(ctx, day_first, heads)
        + finders.title_number_candidates(ctx, day_first),
        "registration_number": finders.registration_candidates(ctx),
        "purchase_order": finders.purchase_order_candidates(ctx, day_first),
    }
    vendor = _rank_vendor(ctx, language, config.ranker)
    ranked: dict[str, Ranked] = {
        name: vendor if name == "vendor" else rank(by_field.get(name, []))
        for name in FIELD_NAMES
        if name != "currency"
    }
    resolve_date_order(ranked, day_first)
    if date_order_guessed(language, ctx):
        _mark_order_guessed(ranked)
    as_magnitudes(ranked)
    mark_till_doubt(ranked["total"], ctx, decimal_sep)
    total_best = ranked["total"].best
    currency, currency_source = choose_currency(ctx, total_best, language)
    subtotal_best = ranked["subtotal"].best
    items: list[LineItem] = []
    line_findings: list[Finding] = []
    if line_items:
        items, line_findings = line_items_of(
            ctx,
            decimal_sep,
            subtotal_best.value if subtotal_best else None,
            total_best.value if total_best else None,
            ranked["tax"].best.value if ranked["tax"].best else None,
            breakdown,
            tables,
        )
    return Extraction(
        language=language,
        ranked=ranked,
        currency=currency,
        currency_source=currency_source,
        context=ctx,
        tax_breakdown=breakdown,
        line_items=items,
        line_item_findings=line_findings,
    )


def looks_like_invoice(extraction: Extraction) -> bool:
    """Evidence that the document is an invoice or receipt, not a letter or a form."""
    for name in ("total", "subtotal", "tax", "invoice_number", "registration_number"):
        best = extraction.ranked[name].best
        if best is not None and best.origin.kind != "unlabelled":
            return True
    return any(DOCUMENT_TITLES.search(line.text) for line in extraction.context.lines[:60])


def result_fields(extraction: Extraction) -> Fields:
    """Each field's winning candidate as the result reports it (before validation)."""
    fields = Fields()
    for name in FIELD_NAMES:
        if name == "currency":
            continue
        best = extraction.ranked[name].best
        if best is None:
            continue
        setattr(fields, name, ExtractedField.from_candidate(best))
    if extraction.currency:
        total = extraction.ranked["total"].best
        origin = Provenance(kind="currency", detail=extraction.currency_source)
        if extraction.currency == "USD" and dollar_prefix_lost(extraction.context.text):
            origin = origin.tagged("prefix_lost")
        fields.currency = (
            ExtractedField.from_candidate(total, value=extraction.currency, origin=origin)
            if total
            else ExtractedField(value=extraction.currency, rule=origin.rule, provenance=origin)
        )
    return fields
