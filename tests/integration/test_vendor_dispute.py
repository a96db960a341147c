"""A vendor the hand-set weights and the fitted vendor model choose differently goes to a
person, whatever its confidence: the two scorers agree on the pages they were made on, and
where they part the page is of a kind neither knows. A vendor master that vouches for the
value settles it."""

from __future__ import annotations

import pytest

import axocr
from axocr.types import ExtractedField, FieldCandidate, Finding, Provenance, Ranked
from axocr.validate.review import disputed, field_features, review_field
from tests.conftest import dataset_dir


def _ranked(best: str, second: str | None) -> Ranked:
    cand = FieldCandidate(
        field="vendor", value=best, score=1.2, origin=Provenance(kind="vendor", detail="signals")
    )
    return Ranked(best=cand, ranked=[cand], margin=0.5, second_opinion=second)


def test_two_scorers_that_choose_differently_send_the_vendor_to_review() -> None:
    features = field_features(
        "vendor", _ranked("Dommal Food Services Sdn Bhd", "DOMINO'S PIZZA"), [], True
    )
    assert features is not None and features["disputed"] == 1.0
    field = ExtractedField(value="Dommal Food Services Sdn Bhd", confidence=0.999)
    assert "disputed" in review_field("vendor", field, [], 0.975, features)


def test_scorers_that_agree_raise_no_dispute() -> None:
    for second in ("Dommal Food Services Sdn Bhd", None):
        features = field_features(
            "vendor", _ranked("Dommal Food Services Sdn Bhd", second), [], True
        )
        assert features is not None and features["disputed"] == 0.0
        field = ExtractedField(value="Dommal Food Services Sdn Bhd", confidence=0.999)
        assert review_field("vendor", field, [], 0.975, features) == []


def test_a_vendor_master_that_vouches_for_the_value_settles_the_dispute() -> None:
    features = field_features(
        "vendor", _ranked("Dommal Food Services Sdn Bhd", "DOMINO'S PIZZA"), [], True
    )
    vouched = Finding(code="vendor_master", field="vendor", ok=True, message="in the master")
    field = ExtractedField(
        value="Dommal Food Services Sdn Bhd", confidence=0.999, findings=[vouched]
    )
    assert not disputed("vendor", field, features)
    assert "disputed" not in review_field("vendor", field, [vouched], 0.975, features)


def test_a_receipt_the_scorers_read_differently_is_held_for_review() -> None:
    # SROIE receipt 173: the operating company's name (the label) heads its company number
    # under the brand "DOMINO'S PIZZA" printed large at the top; the hand-set weights take the
    # company, the fitted model the brand.
    path = dataset_dir("sroie") / "files" / "173.jpg"
    if not path.exists():
        pytest.skip(f"{path} not found")
    result = axocr.extract(path)
    assert result.fields.vendor.value == "Dommal Food Services Sdn Bhd"
    assert result.fields.vendor.needs_review
    assert "vendor:disputed" in result.review_reasons
