"""The RapidOCR speed options read the same text, with boxes in the same places.

``det_max_pixels`` shrinks only the image the text detector sees; recognition still crops the
lines from the full page, and the boxes come back in the page's own coordinates. These tests
read real scans (the synthetic A4 invoices, larger than the default limit, so the option
really shrinks them) with the option off and on, and compare the words, their boxes, and the
text layer of the born-digital PDF each scan was made from; a page under the limit must read
exactly as before. Nothing here is timed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pytest
from pydantic import ValidationError

from axocr.config import ReadConfig
from axocr.document.reader import read_document
from axocr.ocr import rapid
from axocr.ocr.base import Image
from axocr.types import Word

SYNTH = Path(__file__).resolve().parents[2] / "fixtures" / "synth" / "files"
# One English and one Japanese A4 scan at ~155 DPI (2.3 MP, over the default limit).
SCANS = ("en_classic_001_scan.jpg", "ja_issuer_bottom_001_scan.jpg")
# An A5-sized scan of 1.04 MP: under the default limit, so rapidocr's own sizing applies.
SMALL_SCAN = "en_vendor_bottom_001_scan.jpg"
DEFAULT = ReadConfig().det_max_pixels
# Character-multiset F1 against the born-digital text layer: both settings read these
# pages at 0.98-1.0; a detector that lost lines or returned misplaced crops drops far lower.
MIN_TRUTH_F1 = 0.95
# Against each other the two settings may split a run of text differently, not read it
# differently (measured: 1.0 on the English page, 0.986 on the Japanese one).
MIN_AGREEMENT_F1 = 0.97

pytestmark = pytest.mark.skipif(
    not rapid.availability()[0], reason=f"rapidocr not usable: {rapid.availability()[1]}"
)


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def _f1(reference: Counter[str], candidate: Counter[str]) -> float:
    common = sum((reference & candidate).values())
    if common == 0:
        return 0.0
    recall = common / sum(reference.values())
    precision = common / sum(candidate.values())
    return 2 * recall * precision / (recall + precision)


def _truth(scan: str) -> str:
    source = SYNTH / scan.replace("_scan.jpg", ".pdf")
    doc = read_document(source, ReadConfig(orientation=False, deskew=False))
    return " ".join(w.text for page in doc.pages for line in page.lines for w in line.words)


def _image(scan: str) -> Image:
    image = cv2.imread(str(SYNTH / scan))
    assert image is not None, scan
    return np.asarray(image, dtype=np.uint8)


@pytest.fixture(scope="module")
def engines() -> dict[int, rapid.RapidOcrEngine]:
    # Built directly rather than through the registry: these differ only in det_max_pixels.
    return {
        limit: rapid.create(ReadConfig(det_max_pixels=limit, ocr_threads=2))
        for limit in (0, DEFAULT)
    }


@pytest.fixture(scope="module")
def readings(engines: dict[int, rapid.RapidOcrEngine]) -> dict[tuple[str, int], list[Word]]:
    return {
        (scan, limit): engine.recognize(_image(scan))
        for scan in SCANS
        for limit, engine in engines.items()
    }


def test_default_shrinks_a4_scans_for_detection() -> None:
    # Otherwise these tests would compare the detector with itself.
    for scan in SCANS:
        height, width = _image(scan).shape[:2]
        assert rapid.detector_limit(height, width, DEFAULT) is not None


def test_detector_limit_shrinks_only_what_is_over_the_limit() -> None:
    # A4 at 200 DPI: shrunk on its longer side to about 1.3 MP, aspect kept.
    kind, side = rapid.detector_limit(2339, 1654, 1_300_000) or ("", 0)
    assert kind == "max"
    assert 0.95 < side * side * 1654 / 2339 / 1_300_000 < 1.0
    # A receipt that rapidocr enlarges to 736 px wide stays under the limit: untouched.
    assert rapid.detector_limit(1013, 463, 1_300_000) is None
    # A wide strip that rapidocr would enlarge past the limit is enlarged less.
    kind, side = rapid.detector_limit(100, 300, 1_300_000) or ("", 0)
    assert kind == "min" and 100 < side < 736
    assert rapid.detector_limit(2339, 1654, 0) is None


def test_page_under_the_limit_reads_exactly_as_before(
    engines: dict[int, rapid.RapidOcrEngine],
) -> None:
    image = _image(SMALL_SCAN)
    height, width = image.shape[:2]
    assert rapid.detector_limit(height, width, DEFAULT) is None
    before = engines[0].recognize(image)
    after = engines[DEFAULT].recognize(image)
    assert [(w.text, w.bbox) for w in after] == [(w.text, w.bbox) for w in before]


@pytest.mark.parametrize("scan", SCANS)
def test_shrunk_detection_reads_the_printed_text(
    scan: str, readings: dict[tuple[str, int], list[Word]]
) -> None:
    truth = _chars(_truth(scan))
    for limit in (0, DEFAULT):
        text = " ".join(w.text for w in readings[(scan, limit)])
        assert _f1(truth, _chars(text)) >= MIN_TRUTH_F1, (scan, limit)


@pytest.mark.parametrize("scan", SCANS)
def test_shrunk_detection_agrees_with_full_size(
    scan: str, readings: dict[tuple[str, int], list[Word]]
) -> None:
    full = " ".join(w.text for w in readings[(scan, 0)])
    shrunk = " ".join(w.text for w in readings[(scan, DEFAULT)])
    assert _f1(_chars(full), _chars(shrunk)) >= MIN_AGREEMENT_F1


@pytest.mark.parametrize("scan", SCANS)
def test_boxes_stay_in_page_coordinates(
    scan: str, readings: dict[tuple[str, int], list[Word]]
) -> None:
    """A word read both ways sits in the same place: boxes are mapped back from the detector."""
    def unique(words: list[Word]) -> dict[str, Word]:
        # Words that occur once on the page ("Units" or "1" repeat in a table).
        counts = Counter(w.text for w in words)
        return {w.text: w for w in words if counts[w.text] == 1 and len(w.text) >= 4}

    full = unique(readings[(scan, 0)])
    shrunk = unique(readings[(scan, DEFAULT)])
    matched = [(full[t].bbox, w.bbox) for t, w in shrunk.items() if t in full]
    assert len(matched) >= 10
    for a, b in matched:
        # A detector at ~1350 px rounds box edges to ~1.5 px of the original: far below 1%.
        assert abs(a.cx - b.cx) < 0.01, (a, b)
        assert abs(a.cy - b.cy) < 0.01, (a, b)
        assert 0.0 <= b.x0 < b.x1 <= 1.0 and 0.0 <= b.y0 < b.y1 <= 1.0


def test_det_max_pixels_must_not_be_negative() -> None:
    with pytest.raises(ValidationError):
        ReadConfig(det_max_pixels=-1)


# --- the int8 detector ----------------------------------------------------------------------


def test_int8_detector_ships_and_is_opt_in() -> None:
    # It reads ~1% of scanned fields differently (docs/benchmarks.md): never by default.
    assert not ReadConfig().det_int8
    assert rapid.INT8_DETECTOR.exists()
    # int8 weights: a quarter of the float model's 9.9 MB.
    assert rapid.INT8_DETECTOR.stat().st_size < 4_000_000


@pytest.fixture(scope="module")
def by_precision() -> dict[tuple[str, bool], list[Word]]:
    engines = {
        int8: rapid.create(ReadConfig(det_int8=int8, ocr_threads=2)) for int8 in (True, False)
    }
    return {
        (scan, int8): engine.recognize(_image(scan))
        for scan in SCANS
        for int8, engine in engines.items()
    }


@pytest.mark.parametrize("scan", SCANS)
def test_int8_detector_reads_the_printed_text_as_the_float_one_does(
    scan: str, by_precision: dict[tuple[str, bool], list[Word]]
) -> None:
    truth = _chars(_truth(scan))
    int8 = " ".join(w.text for w in by_precision[(scan, True)])
    fp32 = " ".join(w.text for w in by_precision[(scan, False)])
    assert _f1(truth, _chars(int8)) >= MIN_TRUTH_F1
    assert _f1(_chars(fp32), _chars(int8)) >= MIN_AGREEMENT_F1
