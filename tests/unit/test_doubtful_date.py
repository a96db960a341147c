"""An invoice date with a character the recogniser was unsure of goes to a person, whatever its
fitted confidence (pure functions over a ranked candidate as the extractor gives it)."""

from __future__ import annotations

import pytest

from axocr.types import ExtractedField, FieldCandidate, Provenance, Ranked
from axocr.validate.review import field_features, review_field


def _reasons(name: str, value: str, char_confidence: float) -> list[str]:
    cand = FieldCandidate(
        field=name,  # type: ignore[arg-type]
        value=value,
        score=1.0,
        origin=Provenance(kind="label", label="date", place="right"),
        char_confidence=char_confidence,
    )
    features = field_features(name, Ranked(best=cand, ranked=[cand], margin=1.0), [], True)
    # as the fitted model put two dot-matrix dates read wrong on generated receipts
    field = ExtractedField(value=value, confidence=0.989)
    return review_field(name, field, [], 0.975, features)


@pytest.mark.parametrize(("char_confidence", "held"), [(0.51, True), (0.59, True), (0.61, False)])
def test_a_date_with_a_character_read_under_sixty_percent_goes_to_a_person(
    char_confidence: float, held: bool
) -> None:
    # 2018-04-26 printed, its 6 read as 8 at p = 0.51 (a generated dot-matrix receipt)
    assert ("doubtful_character" in _reasons("invoice_date", "2018-04-28", char_confidence)) is held


def test_an_amount_as_unsure_is_left_to_its_checks() -> None:
    # totals so read were all right across the generated sets: arithmetic checks them
    assert _reasons("total", "116.60", 0.51) == []
