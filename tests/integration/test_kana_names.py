"""A katakana name OCR misreads by one voicing mark, read from a real image."""

from __future__ import annotations

import axocr
from tests.conftest import dataset_dir, dataset_labels


def test_a_degraded_receipts_store_name_reads_as_labelled() -> None:
    # JOMB's noisy parking receipt: OCR reads the store name 中央コインバーク; the label (and the
    # clean copy of the same receipt) says 中央コインパーク.
    doc_id = "jomb-receipt_v020_parking_001-noisy"
    label = next(d for d in dataset_labels("jomb") if d["id"] == doc_id)
    result = axocr.extract(dataset_dir("jomb") / label["path"])
    assert result.fields.vendor.text is not None and "バーク" in result.fields.vendor.text
    assert result.fields.vendor.value == label["fields"]["vendor"] == "中央コインパーク"
