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
    return row


def csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_COLUMNS)
    return buf.getvalue()


def csv_line(result: InvoiceResult) -> str:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n").writerow(to_csv_row(result))
    return buf.getvalue()
