"""Results to JSON, JSON lines and CSV rows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from axocr.types import FIELD_NAMES, InvoiceResult

CSV_COLUMNS: list[str] = [
    "path",
    "status",
    "pages",
    "language",
    "needs_review",
    "review_reasons",
    *[f"{name}{suffix}" for name in FIELD_NAMES for suffix in ("", "_confidence", "_needs_review")],
    "vendor_id",
    "errors",
    "sha256",
]


def result_dict(result: InvoiceResult) -> dict[str, Any]:
    return result.model_dump(mode="json", exclude_none=False, exclude={"candidates"} if result.candidates is None else set())


def to_json_line(result: InvoiceResult) -> str:
    return json.dumps(result_dict(result), ensure_ascii=False, separators=(",", ":"))


def to_csv_row(result: InvoiceResult) -> dict[str, str]:
    row: dict[str, str] = {
        "path": result.path or "",
        "status": result.status,
        "pages": str(result.pages),
        "language": result.language or "",
        "needs_review": str(result.needs_review).lower(),
        "review_reasons": ";".join(result.review_reasons),
        "vendor_id": result.fields.vendor.vendor_id or "",
        "errors": ";".join(f"{e.code}: {e.message}" for e in result.errors),
        "sha256": result.sha256 or "",
    }
    for name in FIELD_NAMES:
        field = result.fields.get(name)
        row[name] = field.value or ""
        row[f"{name}_confidence"] = f"{field.confidence:.3f}"
        row[f"{name}_needs_review"] = str(field.needs_review).lower()
    row.update(breakdown_csv_fields(result))
    return row


# --- per-rate breakdown, vendor match, split: columns after the base ones ------------------

# A CSV header is written before the first document is read, so the rate columns are fixed:
# the rates of the supported countries (JP 10/8, DE 19/7, FR 20/10/5.5, NL 21/9, UK 20/5/0);
# any other rate goes to tax_other as "rate:base:tax" items.
BREAKDOWN_RATES: tuple[str, ...] = ("10", "8", "19", "7", "20", "5.5", "21", "9", "5", "0")


def _rate_key(rate: str) -> str:
    return rate.replace(".", "_")


EXTRA_CSV_COLUMNS: list[str] = [
    *[f"tax_{_rate_key(r)}{s}" for r in BREAKDOWN_RATES for s in ("_base", "")],
    "tax_other",
    "match_score",
    "vendor_printed",
    "split",
    "line_items",
]
CSV_COLUMNS.extend(EXTRA_CSV_COLUMNS)


def breakdown_csv_fields(result: InvoiceResult) -> dict[str, str]:
    """The per-rate breakdown, the vendor-master match score, the vendor name as printed
    (the master's canonical name may replace it in ``vendor``) and the split position."""
    row = dict.fromkeys(EXTRA_CSV_COLUMNS, "")
    other: list[str] = []
    for entry in result.tax_breakdown:
        if entry.rate in BREAKDOWN_RATES:
            row[f"tax_{_rate_key(entry.rate)}_base"] = entry.base or ""
            row[f"tax_{_rate_key(entry.rate)}"] = entry.tax or ""
        else:
            other.append(f"{entry.rate}:{entry.base or ''}:{entry.tax or ''}")
    row["tax_other"] = ";".join(other)
    vendor = result.fields.vendor
    row["match_score"] = "" if vendor.match_score is None else f"{vendor.match_score:.1f}"
    printed = vendor.text if vendor.vendor_id and vendor.text else vendor.value
    row["vendor_printed"] = printed or ""
    if result.split is not None:
        row["split"] = f"{result.split.index}/{result.split.of}"
    row["line_items"] = str(len(result.line_items))
    return row


# --- one row per invoice line (--lines) ---------------------------------------------------

LINE_CSV_COLUMNS: list[str] = [
    "path",
    "split",
    "invoice_number",
    "vendor",
    "invoice_date",
    "currency",
    "line",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "tax_rate",
    "page",
    "confidence",
    "checks_failed",
    "sha256",
]


def line_csv_rows(result: InvoiceResult) -> list[dict[str, str]]:
    """One row per line item, each with the invoice's key fields (none for an invoice
    without lines)."""
    fields = result.fields
    base = {
        "path": result.path or "",
        "split": f"{result.split.index}/{result.split.of}" if result.split else "",
        "invoice_number": fields.invoice_number.value or "",
        "vendor": fields.vendor.value or "",
        "invoice_date": fields.invoice_date.value or "",
        "currency": fields.currency.value or "",
        "sha256": result.sha256 or "",
    }
    rows = []
    for n, item in enumerate(result.line_items, start=1):
        rows.append(
            {
                **base,
                "line": str(n),
                "description": item.description,
                "quantity": item.quantity or "",
                "unit": item.unit or "",
                "unit_price": item.unit_price or "",
                "amount": item.amount or "",
                "tax_rate": item.tax_rate or "",
                "page": "" if item.page is None else str(item.page + 1),
                "confidence": f"{item.confidence:.3f}",
                "checks_failed": ";".join(f.code for f in item.findings if not f.ok),
            }
        )
    return rows


def lines_csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(LINE_CSV_COLUMNS)
    return buf.getvalue()


def lines_csv(result: InvoiceResult) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=LINE_CSV_COLUMNS, lineterminator="\n")
    for row in line_csv_rows(result):
        writer.writerow(row)
    return buf.getvalue()


def csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_COLUMNS)
    return buf.getvalue()


def csv_line(result: InvoiceResult) -> str:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n").writerow(to_csv_row(result))
    return buf.getvalue()
