"""``rec_min_width``: short lines are recognised on a narrower canvas, and read the same.

RapidOCR pads every batch of line crops to at least 320 px (at the recogniser's 48 px
height), so a lone amount or quantity costs as much as a 320 px line. A lower floor pads each
batch only to its own widest line. These tests read a real scan with the real engine at
RapidOCR's 320 and at a narrow floor, check that the recogniser really got narrower inputs,
and that the text read still matches the born-digital PDF the scan was made from and the
320 px reading. Nothing here is timed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from ocr_text import chars, f1
from pydantic import ValidationError

from axocr.config import ReadConfig
from axocr.ocr import rapid
from axocr.pipeline.read import read_document
from axocr.types import Word

SYNTH = Path(__file__).resolve().parents[2] / "fixtures" / "synth" / "files"
# An A5 invoice scan (1.04 MP) with a table of short cells: quantities, rates, amounts.
SCAN = "en_vendor_bottom_001_scan.jpg"
NARROW = 48
# Character-multiset F1 against the text layer of the PDF the scan was made from (both
# floors read this page at 0.99+; a recogniser fed cut or empty crops falls far lower), and
# against each other (a narrower canvas may read a character of a short line differently).
MIN_TRUTH_F1 = 0.97
MIN_AGREEMENT_F1 = 0.98

pytestmark = pytest.mark.skipif(
    not rapid.availability()[0], reason=f"rapidocr not usable: {rapid.availability()[1]}"
)


class _Widths:
    """Stands in for the recogniser's inference session to note each batch's width."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.widths: list[int] = []

    def __call__(self, batch: np.ndarray) -> Any:
        self.widths.append(int(batch.shape[3]))
        return self.inner(batch)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture(scope="module")
def readings() -> dict[int, tuple[list[Word], list[int]]]:
    image = cv2.imread(str(SYNTH / SCAN))
    assert image is not None
    out = {}
    for floor in (320, NARROW):
        # 320 is the default: RapidOCR's own padding, built from the default config.
        narrow = {} if floor == 320 else {"rec_min_width": floor}
        engine = rapid.create(ReadConfig(ocr_threads=2, **narrow))
        recognizer = engine._ocr._load_rec_model()
        recorder = _Widths(recognizer.session)
        recognizer.session = recorder
        out[floor] = (engine.recognize(np.asarray(image, dtype=np.uint8)), recorder.widths)
    return out


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def test_by_default_every_batch_is_padded_to_rapidocr_s_320_px(
    readings: dict[int, tuple[list[Word], list[int]]],
) -> None:
    widths = readings[320][1]
    assert widths and min(widths) == 320


def test_a_lower_floor_feeds_batches_of_short_lines_narrower(
    readings: dict[int, tuple[list[Word], list[int]]],
) -> None:
    widths = readings[NARROW][1]
    assert len(widths) == len(readings[320][1])  # the same lines, batched alike
    assert min(widths) < 320
    assert sum(widths) < 0.8 * sum(readings[320][1])


def test_a_lower_floor_reads_the_text_of_the_source_pdf(
    readings: dict[int, tuple[list[Word], list[int]]],
) -> None:
    source = SYNTH / SCAN.replace("_scan.jpg", ".pdf")
    doc = read_document(source, ReadConfig(orientation=False, deskew=False))
    truth = " ".join(w.text for p in doc.pages for ln in p.lines for w in ln.words)
    narrow = _text(readings[NARROW][0])
    assert f1(chars(truth), chars(narrow)) >= MIN_TRUTH_F1
    assert f1(chars(_text(readings[320][0])), chars(narrow)) >= MIN_AGREEMENT_F1


def test_rec_min_width_below_the_recogniser_height_is_refused() -> None:
    with pytest.raises(ValidationError):
        ReadConfig(rec_min_width=16)
