"""The benchmark's scorer, checked on hand-made cases with hand-worked expected values."""

from __future__ import annotations

import pytest

from axocr.bench.scoring import (
    FieldScore,
    Prediction,
    ScoredDocument,
    accuracy,
    accuracy_by,
    calibration_pairs,
    expected_calibration_error,
    normalize_vendor,
    predictions_from_result,
    reliability_table,
    review_table,
    score_document,
    score_field,
)
from axocr.types import ExtractedField, InvoiceResult


def verdict(key: str, expected: str, got: str | None, aliases: tuple[str, ...] = ()) -> bool:
    return score_field(key, expected, Prediction(got), aliases).correct


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("got", "expected", "ok"),
    [
        ("4.11", "4.11", True),
        ("4.110", "4.11", True),  # equal as decimal numbers
        ("1378", "1378.00", True),
        (" 4.11 ", "4.11", True),  # surrounding white space is not a different number
        ("-5", "-5.00", True),
        ("4.12", "4.11", False),
        ("4,11", "4.11", False),  # not a normalised amount: axocr promises "4.11"
        ("$4.11", "4.11", False),
        ("1,378.00", "1378.00", False),  # thousands separators are the extractor's job
        ("", "4.11", False),
        (None, "4.11", False),  # missing prediction
    ],
)
def test_amounts_compare_as_decimals(got: str | None, expected: str, ok: bool) -> None:
    for key in ("total", "subtotal", "tax"):
        assert verdict(key, expected, got) is ok


def test_dates_compare_as_iso_strings() -> None:
    assert verdict("date", "2014-08-03", "2014-08-03")
    assert not verdict("date", "2014-08-03", "2014-03-08")
    assert not verdict("date", "2014-08-03", "03/08/2014")
    assert not verdict("due_date", "2014-09-03", None)
    assert verdict("due_date", "2014-09-03", "2014-09-03")


# --- invoice numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("got", "expected", "ok"),
    [
        ("42183017", "42183017", True),
        ("#42183017", "42183017", True),
        ("# 4218 3017", "42183017", True),  # white space goes first, then the '#'
        ("inv-001", "INV-001", True),  # case-insensitive
        ("INV 001", "INV001", True),
        ("##12", "#12", False),  # only one leading '#' is dropped, on both sides
        ("12-3", "123", False),  # hyphens are part of the number
        ("4218301", "42183017", False),
    ],
)
def test_invoice_numbers(got: str, expected: str, ok: bool) -> None:
    assert verdict("invoice_number", expected, got) is ok


# --- vendor -----------------------------------------------------------------------------------


def test_vendor_normalisation_drops_everything_but_letters_and_digits() -> None:
    assert normalize_vendor("Amazon Web Services, Inc.") == "amazonwebservicesinc"
    # NFKC folds full-width letters and the ideographic space; Japanese letters stay.
    assert normalize_vendor("ＡＣＭＥ　株式会社") == "acme株式会社"
    assert normalize_vendor("オーブンテラス 万代店") == "オーブンテラス万代店"
    assert normalize_vendor("Straße & Co. KG") == "strassecokg"  # case folding turns ß into ss


def test_vendor_exact_with_aliases() -> None:
    label, aliases = "Amazon Web Services, Inc.", ("Amazon Web Services",)
    assert verdict("vendor", label, "AMAZON WEB SERVICES, INC")
    assert verdict("vendor", label, "amazon web services", aliases)
    assert not verdict("vendor", label, "amazon web services")  # no alias given
    assert verdict("vendor", "ACME株式会社", "ＡＣＭＥ 株式会社")
    assert not verdict("vendor", label, "")
    assert not verdict("vendor", label, "  ,. ")  # nothing left after normalising


def test_vendor_soft_ratio() -> None:
    # "amazonwebservices" (17) vs "amazonwebservicesinc" (20): 2*17/37 = 91.9 >= 90.
    near = score_field("vendor", "Amazon Web Services, Inc.", Prediction("Amazon Web Services"))
    assert not near.correct
    assert near.soft_correct is True
    assert near.ratio == pytest.approx(100 * 34 / 37)
    # One OCR slip in 17 letters: 2*16/34 = 94.1.
    slip = score_field("vendor", "INDAH GIFT & HOME DECO", Prediction("INDAH GIFT & HOME DEC0"))
    assert (slip.correct, slip.soft_correct) == (False, True)
    assert slip.ratio == pytest.approx(100 * 32 / 34)
    # "amazon" (6) vs 20 letters: 2*6/26 = 46.2.
    far = score_field("vendor", "Amazon Web Services, Inc.", Prediction("Amazon"))
    assert far.soft_correct is False
    assert far.ratio == pytest.approx(100 * 12 / 26)
    # The best of label and aliases counts.
    alias = score_field(
        "vendor", "Grundbesitz GmbH & Co.", Prediction("Lieferant GmbX"), ["Lieferant GmbH"]
    )
    assert alias.soft_correct is True
    missing = score_field("vendor", "X Corp", Prediction(None))
    assert (missing.correct, missing.soft_correct, missing.ratio) == (False, False, 0.0)


def test_currency_and_registration_number() -> None:
    assert verdict("currency", "USD", "USD")
    assert not verdict("currency", "USD", "usd")
    assert not verdict("currency", "USD", "$")
    assert verdict("registration_number", "T1234567890123", "T1234-5678-9012 3")
    assert verdict("registration_number", "T1234567890123", "T 1234567890123")
    assert not verdict("registration_number", "T1234567890123", "1234567890123")


# --- documents ----------------------------------------------------------------------------------


LABELS = {
    "vendor": "Amazon Web Services, Inc.",
    "vendor_aliases": ["Amazon Web Services"],
    "total": "4.11",
    "currency": "USD",
    "date": "2014-08-03",
    "invoice_number": None,  # not labelled: not scored
}


def test_null_labels_are_not_scored_and_missing_predictions_are_wrong() -> None:
    preds = {"vendor": Prediction("Amazon Web Services"), "total": Prediction("4.110")}
    scores = score_document(LABELS, preds)
    assert [s.field for s in scores] == ["vendor", "total", "currency", "date"]
    assert [s.correct for s in scores] == [True, True, False, False]
    crashed = score_document(LABELS, None)
    assert [s.correct for s in crashed] == [False] * 4
    assert all(s.got is None for s in crashed)


def test_result_fields_map_onto_label_names() -> None:
    result = InvoiceResult.model_validate({})
    result.fields.invoice_date = ExtractedField.model_validate(
        {"value": "2014-08-03", "confidence": 0.8}
    )
    result.fields.total = ExtractedField.model_validate(
        {"value": "4.11", "confidence": 0.97, "needs_review": False}
    )
    preds = predictions_from_result(result)
    assert preds["date"].value == "2014-08-03"
    assert preds["total"] == Prediction("4.11", 0.97, False)
    scores = {s.field: s for s in score_document(LABELS, preds)}
    assert scores["date"].correct and scores["total"].correct
    assert scores["date"].confidence == 0.8
    assert not scores["vendor"].correct  # value None


def _doc(doc_id: str, dataset: str, language: str, oks: list[bool]) -> ScoredDocument:
    fields = ["vendor", "total", "date"][: len(oks)]
    scores = [FieldScore(f, "x", "x" if ok else "y", ok) for f, ok in zip(fields, oks, strict=True)]
    return ScoredDocument(doc_id, dataset, language, scores)


def test_accuracy_per_field_dataset_language_and_all_fields() -> None:
    docs = [
        _doc("a", "d1", "en", [True, True, True]),
        _doc("b", "d1", "de", [True, False, True]),
        _doc("c", "d2", "en", [False, False]),  # only vendor and total labelled
        ScoredDocument("d", "d2", "en", []),  # nothing labelled: not in all-fields
    ]
    overall = accuracy(docs)
    assert overall.documents == 4
    assert (overall.fields["vendor"].correct, overall.fields["vendor"].total) == (2, 3)
    assert overall.rate("total") == pytest.approx(1 / 3)
    assert overall.rate("date") == 1.0
    assert (overall.all_fields.correct, overall.all_fields.total) == (1, 3)
    by_dataset = accuracy_by(docs, lambda d: d.dataset)
    assert list(by_dataset) == ["d1", "d2"]
    assert by_dataset["d1"].rate("total") == 0.5
    assert by_dataset["d1"].rate("all_fields") == 0.5
    assert by_dataset["d2"].rate("date") is None  # never labelled there
    by_language = accuracy_by(docs, lambda d: d.language)
    assert by_language["en"].rate("vendor") == 0.5
    assert by_language["de"].rate("all_fields") == 0.0


# --- calibration ----------------------------------------------------------------------------------


PAIRS = [
    (0.95, True),
    (0.95, True),
    (0.95, False),
    (1.0, True),  # 1.0 belongs to the last bin
    (0.85, True),
    (0.15, False),
    (0.15, True),
]


def test_reliability_table_by_hand() -> None:
    bins = reliability_table(PAIRS, bins=10)
    assert [b.count for b in bins] == [0, 2, 0, 0, 0, 0, 0, 0, 1, 4]
    last = bins[9]
    assert last.mean_confidence == pytest.approx((0.95 * 3 + 1.0) / 4)  # 0.9625
    assert last.accuracy == 0.75
    assert bins[1].accuracy == 0.5
    assert bins[0].mean_confidence is None


def test_expected_calibration_error_by_hand() -> None:
    # bin 0.9-1.0: 4/7 * |0.75 - 0.9625| = 4/7 * 0.2125
    # bin 0.8-0.9: 1/7 * |1.0 - 0.85|    = 1/7 * 0.15
    # bin 0.1-0.2: 2/7 * |0.5 - 0.15|    = 2/7 * 0.35
    # total = (0.85 + 0.15 + 0.70) / 7 = 1.7 / 7
    assert expected_calibration_error(PAIRS, bins=10) == pytest.approx(1.7 / 7)
    assert expected_calibration_error([], bins=10) is None
    assert expected_calibration_error([(1.0, True), (0.0, False)]) == 0.0


REVIEW_SCORES = [
    FieldScore("total", "1", "1", True, confidence=0.95, needs_review=False),  # A
    FieldScore("total", "1", "2", False, confidence=0.95, needs_review=True),  # B
    FieldScore("date", "d", "d", True, confidence=0.6, needs_review=True),  # C
    FieldScore("vendor", "v", None, False, confidence=0.0, needs_review=True),  # D: missing
]


def test_calibration_pairs_leave_out_missing_predictions() -> None:
    assert calibration_pairs(REVIEW_SCORES) == [(0.95, True), (0.95, False), (0.6, True)]


def test_review_table_by_hand() -> None:
    rows = review_table(REVIEW_SCORES, thresholds=(0.5, 0.9, 0.99))
    got = [(r.threshold, r.accepted, r.accepted_correct) for r in rows]
    # >= 0.5: A, B, C (D has no value); >= 0.9: A, B; >= 0.99: none;
    # needs_review is False: A only.
    assert got == [(0.5, 3, 2), (0.9, 2, 1), (0.99, 0, 0), (None, 1, 1)]
    assert rows[0].accepted_share == 0.75
    assert rows[0].precision == pytest.approx(2 / 3)
    assert rows[0].silent_error_share == 0.25
    assert rows[1].precision == 0.5
    assert rows[2].precision is None
    assert rows[2].silent_error_share == 0.0
    assert (rows[3].accepted_share, rows[3].precision) == (0.25, 1.0)
