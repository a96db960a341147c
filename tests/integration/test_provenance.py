"""Typed provenance: callers read a candidate's origin as data, and the rule string the JSON
has always carried is written from it."""

from __future__ import annotations

from pathlib import Path

import axocr
from axocr.types import FieldCandidate, InvoiceResult, Provenance

FIXTURE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "synth" / "files" / "en_classic_001.pdf"
)


def test_a_provenance_writes_the_rule_strings_of_the_json_output() -> None:
    label = Provenance(kind="label", label="Total Due", place="right", language="en")
    assert label.rule == "label-right:Total Due"
    assert Provenance(kind="unlabelled", detail="date-repaired").rule == "unlabelled-date-repaired"
    registration = Provenance(kind="pattern", detail="T+13", tags=("label",))
    assert registration.rule == "pattern:T+13+label"
    assert registration.labelled and label.labelled
    assert not Provenance(kind="unlabelled", detail="amount").labelled
    vendor = Provenance(kind="vendor", detail="signals").tagged("legal-form")
    assert vendor.tagged("master:name").rule == "vendor-signals+legal-form+master:name"
    assert Provenance(kind="currency", detail="total").rule == "currency-from-total"


def test_a_candidate_read_from_old_json_keeps_its_rule_string() -> None:
    old = {"field": "total", "value": "12.50", "score": 0.9, "rule": "label-below:Amount"}
    cand = FieldCandidate.model_validate(old)
    assert cand.origin.kind == "recorded"
    assert cand.rule == "label-below:Amount"
    assert cand.model_dump(mode="json")["rule"] == "label-below:Amount"


def test_an_extracted_field_carries_its_typed_origin_beside_the_same_rule_string() -> None:
    result = axocr.extract(FIXTURE)
    total = result.fields.total
    assert total.value == "8153.69"  # as printed on the fixture's totals block
    assert total.provenance is not None and total.provenance.kind == "label"
    assert total.provenance.label and total.provenance.language == "en"
    assert total.rule == total.provenance.rule
    vendor = result.fields.vendor
    assert vendor.provenance is not None and vendor.provenance.kind == "vendor"
    again = InvoiceResult.model_validate_json(result.model_dump_json())
    assert again.fields.total.provenance == total.provenance
