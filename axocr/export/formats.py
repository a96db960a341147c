"""Results to JSON, JSON lines and CSV rows.

Two kinds of text must not break or abuse what reads the output:

- File names that are not valid UTF-8 reach Python as ``str`` with lone surrogates (the OS's
  undecodable bytes, :func:`os.fsdecode`); no UTF-8 writer accepts those. They are written as
  the JSON escape ``\\udcXX`` (in CSV, the same six characters of text), so that
  ``os.fsencode(json.loads(line)["path"])`` gives the original bytes back.
- A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, tab or CR is a formula to Excel and
  LibreOffice (a vendor printed as ``=cmd|' /C calc'!A0``, a file named ``=1+1.pdf``). Such a
  cell gets a leading ``'`` (OWASP's rule, "CSV injection"). Amount cells that are plain
  numbers (``-12.50``) are left alone: a number is not a formula, and a refund must stay a
  number one can add up. Identifiers that a spreadsheet would turn into a number or a date
  (``00123``, ``1-2``, a 16-digit number) get the same ``'`` so that they stay text. A value
  that itself begins with ``'`` gets one too, so the rule reads back exactly: strip one
  leading ``'`` from a cell that has one (:func:`unneutralize_cell`).
"""

from __future__ import annotations

import csv
import io
import json
import re
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

# Columns whose values are numbers by construction (or normalised amounts).
NUMERIC_COLUMNS = frozenset(
    {"pages", "total", "subtotal", "tax", *(f"{name}_confidence" for name in FIELD_NAMES)}
)
# Values the library writes in a fixed form a spreadsheet reads right (ISO dates, true/false).
PLAIN_COLUMNS = frozenset(
    {"status", "needs_review", "invoice_date", "due_date"}
    | {f"{name}_needs_review" for name in FIELD_NAMES}
)

_SURROGATE = re.compile("[\ud800-\udfff]")
# What starts a formula: OWASP's list, their full-width forms (Japanese Excel takes "＝" from
# the IME as "="), and a line break, which some importers strip before looking.
_FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# What Excel turns into a number or a date on opening: digits (leading zeros and digits after
# the 15th are lost), decimals, exponents, percentages, day-month pairs, clock times.
_COERCED = re.compile(
    r"\s*[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?%?\s*"
    r"|\s*\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?\s*"
    r"|\s*\d{1,2}:\d{2}(:\d{2})?\s*"
)


def escape_surrogates(text: str) -> str:
    """Lone surrogates (undecodable bytes of a file name) as ``\\udcXX`` text."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def result_dict(result: InvoiceResult) -> dict[str, Any]:
    return result.model_dump(
        mode="json",
        exclude_none=False,
        exclude={"candidates"} if result.candidates is None else set(),
    )


def to_json(result: InvoiceResult, indent: int | None = None) -> str:
    """One result as JSON text that any UTF-8 writer accepts."""
    separators = (",", ":") if indent is None else None
    text = json.dumps(result_dict(result), ensure_ascii=False, indent=indent, separators=separators)
    # Surrogates only occur inside JSON strings, where "\udcXX" is a valid escape.
    return escape_surrogates(text)


def to_json_line(result: InvoiceResult) -> str:
    return to_json(result)


def to_csv_row(result: InvoiceResult) -> dict[str, str]:
    """The result's CSV cells as plain values (no neutralisation)."""
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


def neutralize_cell(value: str, column: str = "") -> str:
    """The cell as written to CSV: a ``'`` in front of what a spreadsheet would run as a
    formula or turn into a number or date (see the module docstring)."""
    value = escape_surrogates(value)
    if not value:
        return value
    if column in NUMERIC_COLUMNS and _PLAIN_NUMBER.fullmatch(value):
        return value
    first = value.lstrip(" \u3000")[:1]
    if value[0] in _FORMULA_START or first in _FORMULA_START or value[0] == "'":
        return "'" + value
    if column not in NUMERIC_COLUMNS | PLAIN_COLUMNS and _COERCED.fullmatch(value):
        return "'" + value
    return value


def unneutralize_cell(value: str) -> str:
    """The value :func:`neutralize_cell` was given (for reading axocr's CSV back)."""
    return value[1:] if value.startswith("'") else value


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


# The amounts, rates, counts and scores of the extra and the line columns are numbers the
# library writes; a plain one (a negative credit-note line too) stays a number.
NUMERIC_COLUMNS = NUMERIC_COLUMNS | {
    *(c for c in EXTRA_CSV_COLUMNS if c.startswith("tax_") and c != "tax_other"),
    "match_score",
    "line_items",
    "line",
    "quantity",
    "unit_price",
    "amount",
    "tax_rate",
    "page",
    "confidence",
}


def lines_csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(LINE_CSV_COLUMNS)
    return buf.getvalue()


def lines_csv(result: InvoiceResult, *, raw: bool = False) -> str:
    """The line-item rows of one result, cells neutralised and CRs quoted as in
    :func:`csv_line`."""
    out = []
    for row in line_csv_rows(result):
        cells = {k: escape_surrogates(v) if raw else neutralize_cell(v, k) for k, v in row.items()}
        buf = io.StringIO()
        csv.DictWriter(buf, fieldnames=LINE_CSV_COLUMNS, lineterminator="\r\n").writerow(cells)
        out.append(buf.getvalue()[:-2] + "\n")
    return "".join(out)


def csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_COLUMNS)
    return buf.getvalue()


def csv_line(result: InvoiceResult, *, raw: bool = False) -> str:
    """One CSV row; ``raw`` writes cells as they are, formulas included (``--raw-csv``)."""
    row = to_csv_row(result)
    cells = {k: escape_surrogates(v) if raw else neutralize_cell(v, k) for k, v in row.items()}
    buf = io.StringIO()
    # The csv module quotes a cell holding a character of the line terminator, and only
    # those: with "\n" alone a bare CR (a file name can hold one) would go out unquoted and
    # split the row for every reader. Write CRLF, then end the row with "\n" as the rest.
    csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n").writerow(cells)
    return buf.getvalue()[:-2] + "\n"
