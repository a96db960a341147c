"""The review verdict on a document's fields: the rules, the vendor master and the registry
give findings; each field gets a calibrated confidence from its features; and the fields a
person must look at are named, with reasons. It reads the extraction only through
``axocr.types`` (the fields and each field's ranked candidates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from axocr.config import ExtractConfig
from axocr.types import (
    FIELD_NAMES,
    Document,
    ExtractedField,
    FieldCandidate,
    Fields,
    Finding,
    Ranked,
)
from axocr.validate.einvoice import CONFIRMED, einvoice_findings, take_einvoice
from axocr.validate.registry import check_registration
from axocr.validate.review import confidence_from_features, field_features, review_field
from axocr.validate.rules import looks_like_receipt, run_rules
from axocr.validate.vendors import apply_vendor_master

# The fields a document is booked by: a doubt about any of them holds the whole document.
_HEADLINE = ("vendor", "total", "currency", "invoice_date", "invoice_number")


@dataclass
class Verdict:
    reasons: list[str] = field(default_factory=list)
    """``field:reason`` for every doubt that holds the document for review."""
    features: dict[str, dict[str, float]] = field(default_factory=dict)
    """The confidence model's inputs per field (kept for ``keep_candidates``)."""


def review_fields(
    fields: Fields,
    ranked: Mapping[str, Ranked],
    currency_source: str,
    document: Document,
    config: ExtractConfig,
    text: str,
) -> Verdict:
    """Set every field's confidence, findings and ``needs_review``; say why the document
    needs review, if it does. ``text`` is the document's as extraction read it (its
    context's): the rules find the title or the rate the fields were read by (请求書 is
    請求書 there)."""
    einvoice = document.einvoice
    printed = take_einvoice(fields, ranked, einvoice, text) if einvoice is not None else {}
    findings = run_rules(fields, text)
    if einvoice is not None:
        findings.extend(einvoice_findings(printed, einvoice))
    if config.vendors:
        names = [c.value for c in ranked["vendor"].ranked[:5]]
        findings.append(
            apply_vendor_master(
                fields.vendor,
                names,
                text,
                fields.registration_number.value,
                config.vendors,
            )
        )
    if config.registry:
        findings.extend(check_registration(fields, config.registry))
    receipt = looks_like_receipt(text)
    from_ocr = any(p.route != "text_layer" for p in document.pages)
    verdict = Verdict()
    for name in FIELD_NAMES:
        item = fields.get(name)
        mine = [f for f in findings if f.field == name]
        if name == "currency":
            total = ranked["total"].best
            features = (
                currency_features(total, currency_source, mine, from_ocr) if item.value else None
            )
        else:
            features = field_features(name, ranked[name], findings, from_ocr)
        if features is not None:
            verdict.features[name] = features
        item.confidence = confidence_from_features(name, features)
        item.findings = mine
        if name in printed:
            # The page's reading is no longer the evidence: the XML and the page are.
            item.confidence = CONFIRMED if printed[name] else min(item.confidence, 0.5)
            features = None
        field_reasons = review_field(name, item, findings, config.review_threshold, features)
        if name == "invoice_number" and item.value is None and receipt is not None:
            # A receipt has no invoice number to miss; asking a person for one wastes a look.
            field_reasons = []
            item.findings = [
                Finding(
                    code="receipt",
                    field=name,
                    ok=True,
                    message=f"a receipt ({receipt}): no invoice number expected",
                )
            ]
        item.needs_review = bool(field_reasons)
        _hold(verdict, name, item, field_reasons)
    return verdict


def _hold(verdict: Verdict, name: str, item: ExtractedField, reasons: list[str]) -> None:
    """A headline field's doubts hold the document; another field's only when it was found
    and a rule failed on it (not for its confidence alone)."""
    if name in _HEADLINE:
        verdict.reasons.extend(f"{name}:{r}" for r in reasons)
    elif item.value is not None:
        verdict.reasons.extend(f"{name}:{r}" for r in reasons if r != "low_confidence")


def review_xml_invoice(fields: Fields, rates: tuple[str, ...], threshold: float) -> Verdict:
    """The verdict on an invoice sent as XML alone (``einvoice_alone``): its values are the
    invoice's own, so only the rules can doubt them (subtotal + tax = total at its ``rates``,
    the dates)."""
    findings = run_rules(fields, "\n".join(f"{rate} %" for rate in rates))
    verdict = Verdict()
    for name in FIELD_NAMES:
        item = fields.get(name)
        item.findings = [f for f in findings if f.field == name]
        reasons = review_field(name, item, findings, threshold)
        item.needs_review = bool(reasons)
        _hold(verdict, name, item, reasons)
    return verdict


_CURRENCY_SOURCE_SCORE = {
    "total": 1.5, "label": 1.5, "page": 1.0, "language": 0.5, "usual": 0.5, "country": 0.3,
}  # fmt: skip


def currency_features(
    total: FieldCandidate | None, currency_source: str, findings: list[Finding], from_ocr: bool
) -> dict[str, float]:
    """The confidence model's inputs for the currency, which has no candidates of its own:
    where it was decided (the total's sign, a label, the page, the language, the country)."""
    return {
        "bias": 1.0,
        "score": _CURRENCY_SOURCE_SCORE.get(currency_source, 0.0),
        "margin": 1.0 if currency_source in ("total", "label", "page") else 0.0,
        "ocr_confidence": total.ocr_confidence if total else 1.0,
        "from_ocr": 1.0 if from_ocr else 0.0,
        "labelled": 1.0 if currency_source in ("total", "label") else 0.0,
        "rule_failed": 1.0 if any(not f.ok for f in findings) else 0.0,
        "rule_passed": 1.0 if any(f.ok for f in findings) else 0.0,
    }
