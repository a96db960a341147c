"""Confidence per field and the needs-review verdict.

Confidence combines what the extractor knows about its choice: how strong the label and its
place were, how far ahead of the runner-up the winner is, how sure the OCR was of the
characters, and whether the rules held. The weights map these onto a probability of being
right (see docs/benchmarks.md for the reliability table they were checked against).
"""

from __future__ import annotations

import math

from axocr.extract.rank import Ranked
from axocr.types import ExtractedField, Finding

# A failed rule of this kind is enough to send the field to a person.
BLOCKING = {
    "total_mismatch": ("total", "subtotal", "tax"),
    "tax_mismatch": ("tax",),
    "check_digit_invalid": ("registration_number",),
    "date_implausible": ("invoice_date",),
    "due_before_issue": ("due_date", "invoice_date"),
    "invoice_number_suspicious": ("invoice_number",),
    "currency_inconsistent": ("currency",),
    "vendor_unknown": ("vendor",),
}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def field_confidence(name: str, ranked: Ranked, findings: list[Finding]) -> float:
    best = ranked.best
    if best is None:
        return 0.0
    labelled = best.rule.startswith("label") or "+label" in best.rule
    x = -2.0
    x += 2.5 * min(best.score, 1.5)
    x += 2.0 * ranked.margin
    x += 1.5 * (best.ocr_confidence - 0.9) * 10 / 10
    if labelled:
        x += 0.8
    if name == "vendor" and best.features.get("legal"):
        x += 0.5
    for f in findings:
        if f.field == name or name in BLOCKING.get(f.code, ()):
            x += 0.8 if f.ok else -2.5
    return round(_sigmoid(x), 4)


def review_field(
    name: str, field: ExtractedField, findings: list[Finding], threshold: float
) -> list[str]:
    """Reasons this field needs a person (empty when it can be accepted as is)."""
    reasons: list[str] = []
    if field.value is None:
        return ["missing"]
    for f in findings:
        if not f.ok and name in BLOCKING.get(f.code, (f.field,)):
            reasons.append(f.code)
    if field.confidence < threshold:
        reasons.append("low_confidence")
    return reasons
