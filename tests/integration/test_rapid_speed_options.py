"""The RapidOCR speed options read the same text, with boxes in the same places.

``det_max_pixels`` shrinks only the image the text detector sees; recognition still crops the
lines from the full page, and the boxes come back in the page's own coordinates. These tests
read real scans (the synthetic A4 invoices, larger than the default limit, so the option
really shrinks them) with the option off and on, and compare the words, their boxes, and the
text layer of the born-digital PDF each scan was made from; a page under the limit must read
exactly as before. Nothing here is timed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pytest
from ocr_text import chars, f1
from pydantic import ValidationError

from axocr.config import ReadConfig
from axocr.ocr import rapid
from axocr.ocr.base import Image
from axocr.pipeline.read import read_document
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


def _unique(words: list[Word]) -> dict[str, Word]:
    """Words that occur once on the page ("Units" or "1" repeat in a table), by text."""
    counts = Counter(w.text for w in words)
    return {w.text: w for w in words if counts[w.text] == 1 and len(w.text) >= 4}


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
    truth = chars(_truth(scan))
    for limit in (0, DEFAULT):
        text = " ".join(w.text for w in readings[(scan, limit)])
        assert f1(truth, chars(text)) >= MIN_TRUTH_F1, (scan, limit)


@pytest.mark.parametrize("scan", SCANS)
def test_shrunk_detection_agrees_with_full_size(
    scan: str, readings: dict[tuple[str, int], list[Word]]
) -> None:
    full = " ".join(w.text for w in readings[(scan, 0)])
    shrunk = " ".join(w.text for w in readings[(scan, DEFAULT)])
    assert f1(chars(full), chars(shrunk)) >= MIN_AGREEMENT_F1


@pytest.mark.parametrize("scan", SCANS)
def test_boxes_stay_in_page_coordinates(
    scan: str, readings: dict[tuple[str, int], list[Word]]
) -> None:
    """A word read both ways sits in the same place: boxes are mapped back from the detector."""
    full = _unique(readings[(scan, 0)])
    shrunk = _unique(readings[(scan, DEFAULT)])
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


# --- the detector with subnormal weights flushed ---------------------------------------------


def _wheel_detector() -> Path:
    from axocr.ocr.paddle import RAPIDOCR_DET_FILE, rapidocr_model_dir

    return rapidocr_model_dir() / RAPIDOCR_DET_FILE


def test_flushed_detector_holds_the_wheels_weights_with_subnormals_zeroed() -> None:
    onnx = pytest.importorskip("onnx")
    from onnx import numpy_helper

    assert rapid.DETECTOR.exists()
    ours, theirs = (onnx.load(str(p)) for p in (rapid.DETECTOR, _wheel_detector()))
    assert [n.op_type for n in ours.graph.node] == [n.op_type for n in theirs.graph.node]
    tiny = np.finfo(np.float32).tiny
    theirs_by_name = {i.name: numpy_helper.to_array(i) for i in theirs.graph.initializer}
    flushed = 0
    for init in ours.graph.initializer:
        mine, wheel = numpy_helper.to_array(init), theirs_by_name[init.name]
        changed = mine != wheel
        # Only subnormal weights may differ, and only by becoming zero.
        assert np.all(np.abs(wheel[changed]) < tiny) and np.all(mine[changed] == 0), init.name
        flushed += int(changed.sum())
    assert len(ours.graph.initializer) == len(theirs_by_name)
    assert flushed > 200_000  # 255,958 in PP-OCRv6 small's detector (rapidocr 3.x)


@pytest.mark.parametrize("scan", [*SCANS, SMALL_SCAN])
def test_flushed_detector_reads_exactly_what_the_wheels_detector_reads(
    scan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = _image(scan)
    ours = rapid.create(ReadConfig(ocr_threads=2)).recognize(image)
    # A missing shipped model makes the engine fall back to the wheel's own detector.
    monkeypatch.setattr(rapid, "DETECTOR", Path("/nonexistent/detector.onnx"))
    wheel = rapid.create(ReadConfig(ocr_threads=2)).recognize(image)
    assert len(ours) > 20
    assert [(w.text, w.bbox, w.confidence) for w in ours] == [
        (w.text, w.bbox, w.confidence) for w in wheel
    ]


@pytest.mark.parametrize("scan", SCANS)
def test_upside_down_page_is_read_in_one_pass_like_the_upright_one(scan: str) -> None:
    engine = rapid.RapidOcrEngine(ReadConfig())
    page = cv2.imread(str(SYNTH / scan))
    words, turn = engine.recognize_upright(page)
    assert turn == 0
    assert [(w.text, w.bbox) for w in words] == [(w.text, w.bbox) for w in engine.recognize(page)]

    flipped, turn = engine.recognize_upright(np.ascontiguousarray(page[::-1, ::-1]))
    assert turn == 180
    text = " ".join(w.text for w in flipped)
    assert f1(chars(" ".join(w.text for w in words)), chars(text)) >= MIN_AGREEMENT_F1
    # Boxes come back on the upright page: the same words in the same places.
    ref, got = _unique(words), _unique(flipped)
    matched = [(ref[t].bbox, w.bbox) for t, w in got.items() if t in ref]
    assert len(matched) >= 10
    for a, b in matched:
        assert abs(a.cx - b.cx) < 0.01 and abs(a.cy - b.cy) < 0.01, (a, b)
