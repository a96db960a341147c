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
