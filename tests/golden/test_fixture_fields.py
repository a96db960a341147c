"""Every labelled field of the committed born-digital fixtures, against the generator's truth.

The truth in fixtures/*/labels.jsonl is what the generator printed, written independently of
the extractor; the comparison uses the benchmark's own scoring rules.
"""

from __future__ import annotations

from typing import Any

import pytest

import axocr
from axocr.bench.scoring import predictions_from_result, score_document
from tests.conftest import FIXTURES, fixture_labels


def _docs(name: str, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    path = FIXTURES / name / "labels.jsonl"
    if not path.exists():
        return []
    return [d for d in fixture_labels(name) if d["kind"] in kinds]


SYNTH_PDFS = _docs("synth", ("born-digital-pdf",))


@pytest.mark.parametrize("doc", SYNTH_PDFS, ids=[d["id"] for d in SYNTH_PDFS])
def test_born_digital_fixture_fields_are_all_right(doc: dict[str, Any]) -> None:
    result = axocr.extract(FIXTURES / "synth" / doc["path"])
    assert result.status == "ok"
    assert result.routes == ["text_layer"]
    scores = score_document(doc["fields"], predictions_from_result(result))
    assert len(scores) >= 6, "the label has lost its fields"
    wrong = [(s.field, s.expected, s.got) for s in scores if not s.correct]
    assert not wrong


def test_encrypted_fixture_extracts_with_its_password() -> None:
    doc = next(d for d in fixture_labels("special") if d["path"].endswith("encrypted.pdf"))
    locked = axocr.extract(FIXTURES / "special" / doc["path"])
    assert locked.status == "failed" and locked.errors[0].code == "encrypted"
    result = axocr.extract(FIXTURES / "special" / doc["path"], password="secret")
    scores = score_document(doc["fields"], predictions_from_result(result))
    assert len(scores) >= 6, "the label has lost its fields"
    assert [s.field for s in scores if not s.correct] == []


def test_logo_only_vendor_needs_image_ocr() -> None:
    doc = next(d for d in fixture_labels("special") if "logo_only" in d["path"])
    path = FIXTURES / "special" / doc["path"]
    with_ocr = axocr.extract(path)  # image OCR is on by default
    assert with_ocr.fields.vendor.value is not None
    assert with_ocr.fields.vendor.value.rstrip(".") == doc["fields"]["vendor"].rstrip(".")


@pytest.mark.parametrize("name", ["blank.pdf", "letter.pdf"])
def test_non_invoices_are_not_silently_ok(name: str) -> None:
    result = axocr.extract(FIXTURES / "special" / name)
    assert result.status in ("failed", "partial")
    assert result.errors, "a non-invoice must carry an error record"
    assert result.needs_review
