"""Words the detector drops are read from the ink beside the words it kept (axocr.ocr.dropped).

The drawn page is a receipt header in a dot-matrix print, as on many real receipts, with the
short first word set apart: PP-OCR's detector finds `EAGLE ENTERPRISE` and leaves `FY` out,
as it does on SROIE-089, whose header this copies. Under it, solid print with a dashed rule
and a tick beside the amount: ink beside words that is no word.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from axocr.config import ReadConfig
from axocr.ocr.registry import get_engine
from axocr.pipeline.read import read_document
from axocr.types import Document, Word

Image = npt.NDArray[np.uint8]

FONT = cv2.FONT_HERSHEY_SIMPLEX
HEADER = ("FY", "EAGLE", "ENTERPRISE")


def _dotted(image: Image, text: str, x: int, baseline: int) -> int:
    """Draw ``text`` as a dot-matrix printer would (every other pixel of the stroke in each
    direction); return where the next word may start."""
    mask = np.zeros(image.shape[:2], np.uint8)
    cv2.putText(mask, text, (x, baseline), FONT, 1.4, 255, 4, cv2.LINE_8)
    rows, cols = np.mgrid[: mask.shape[0], : mask.shape[1]]
    image[(mask > 0) & (rows % 2 == 0) & (cols % 2 == 0)] = 0
    (width, _), _ = cv2.getTextSize(text, FONT, 1.4, 4)
    return x + width


def receipt_top() -> Image:
    image = np.full((1300, 1000, 3), 255, np.uint8)
    x = 40
    for word in HEADER:
        x = _dotted(image, word, x, 100) + 60
    # Long lines of solid print: enough for the engine to tell a page lying upside down.
    for row, text in enumerate(
        ("NO. 42, JALAN PBS 14/11, KAWASAN", "PERINDUSTRIAN BUKIT BERUNTUNG", "TEL: 03-6028 1234")
    ):
        cv2.putText(image, text, (40, 170 + 50 * row), FONT, 1.0, (0, 0, 0), 2, cv2.LINE_AA)
    for dash in range(40, 960, 24):
        cv2.line(image, (dash, 340), (dash + 12, 340), (0, 0, 0), 2)
    cv2.putText(image, "TOTAL", (40, 440), FONT, 1.2, (0, 0, 0), 2, cv2.LINE_AA)
    cv2.putText(image, "7.42", (500, 440), FONT, 1.2, (0, 0, 0), 2, cv2.LINE_AA)
    # A paid amount circled by hand: the circle's ink lies on both sides of a read word.
    cv2.putText(image, "CASH", (40, 520), FONT, 1.2, (0, 0, 0), 2, cv2.LINE_AA)
    cv2.putText(image, "10.00", (500, 520), FONT, 1.2, (0, 0, 0), 2, cv2.LINE_AA)
    # Drawn in two strokes, each as tall as the digits, as a pen leaves it.
    for start, end in ((140, 220), (-40, 40)):
        cv2.ellipse(image, (552, 507), (75, 22), 0, start, end, (0, 0, 0), 3)
    tick = np.array([[600, 425], [610, 437], [630, 405]], np.int32)
    cv2.polylines(image, [tick], False, (0, 0, 0), 3)
    return image


def _png(image: Image) -> bytes:
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def _top_row(document: Document) -> list[Word]:
    """The words of the page's first row of print, left to right (the header's words may be
    set far enough apart to be lines of their own)."""
    words = [w for line in document.pages[0].lines for w in line.words]
    top = min(words, key=lambda w: w.bbox.y0)
    middle = (top.bbox.y0 + top.bbox.y1) / 2
    return sorted((w for w in words if w.bbox.y0 < middle < w.bbox.y1), key=lambda w: w.bbox.x0)


# The drawn header's dots stand apart, and ``join_dots`` would blur them into strokes that the
# detector finds whole (tests/integration/test_dotted_print.py): these tests read the page as
# printed, to see the step that finds what the detector dropped.
AS_PRINTED = ReadConfig(join_dots=False)


@pytest.fixture(scope="module")
def page() -> Image:
    return receipt_top()


def test_the_detector_alone_leaves_the_short_first_word_out(page: Image) -> None:
    # What the stage is for: if the detector ever finds FY itself, this drawing shows nothing.
    texts = [w.text for w in get_engine(ReadConfig()).recognize(page)]
    assert "ENTERPRISE" in texts
    assert "FY" not in texts


def test_the_dropped_word_is_read_beside_its_line(page: Image) -> None:
    row = _top_row(read_document(_png(page), AS_PRINTED))
    # The dotted letters themselves may be misread (EAGI); the word found is the first.
    assert [w.text for w in row][:1] == ["FY"] and len(row) == 3
    fy, eagle = row[0], row[1]
    assert fy.bbox.x1 < eagle.bbox.x0
    # On the same row, no taller than the letters beside it.
    assert abs((fy.bbox.y0 + fy.bbox.y1) - (eagle.bbox.y0 + eagle.bbox.y1)) / 2 < 0.02
    assert fy.bbox.height < 1.5 * eagle.bbox.height
    assert fy.confidence >= 0.95 and fy.source == "ocr"


def test_a_rule_a_tick_and_a_circle_beside_words_add_nothing(page: Image) -> None:
    found = read_document(_png(page), AS_PRINTED)
    kept = read_document(_png(page), AS_PRINTED.model_copy(update={"dropped_words": False}))
    words = [w.text for line in found.pages[0].lines for w in line.words]
    without = [w.text for line in kept.pages[0].lines for w in line.words]
    assert sorted(words) == sorted([*without, "FY"])


def test_switched_off_the_page_keeps_what_the_detector_found(page: Image) -> None:
    row = _top_row(
        read_document(_png(page), AS_PRINTED.model_copy(update={"dropped_words": False}))
    )
    assert len(row) == 2 and "FY" not in [w.text for w in row]


def test_a_page_read_upside_down_finds_the_word_on_the_upright_page(page: Image) -> None:
    # The engine turns such a page within its one pass (its line classifier votes on the long
    # lines), and the ink is looked for on the page as its words' boxes lie: turned too.
    document = read_document(_png(np.ascontiguousarray(page[::-1, ::-1])), AS_PRINTED)
    assert document.pages[0].rotation == 180
    row = _top_row(document)
    assert [w.text for w in row][:1] == ["FY"] and len(row) == 3
    assert row[0].bbox.x1 < row[1].bbox.x0


def test_a_real_receipts_dotted_name_is_read_whole() -> None:
    import axocr
    from tests.conftest import dataset_dir, dataset_labels

    label = next(d for d in dataset_labels("sroie") if d["id"] == "sroie-089")
    path = dataset_dir("sroie") / label["path"]
    assert label["fields"]["vendor"] == "FY EAGLE ENTERPRISE"
    assert axocr.extract(path).fields.vendor.value == "FY EAGLE ENTERPRISE"
    assert axocr.extract(path, dropped_words=False).fields.vendor.value == "EAGLE ENTERPRISE"


def test_a_circled_amount_on_a_real_receipt_is_not_read_twice() -> None:
    # SROIE-100's payable 7.42 is circled by hand; the pen's strokes lie on both sides of it,
    # and a crop over them both would read the amount again as a word of its own.
    from tests.conftest import dataset_dir, dataset_labels

    label = next(d for d in dataset_labels("sroie") if d["id"] == "sroie-100")
    data = (dataset_dir("sroie") / label["path"]).read_bytes()
    texts = {
        found: [
            w.text
            for line in read_document(data, ReadConfig(dropped_words=found)).pages[0].lines
            for w in line.words
        ]
        for found in (False, True)
    }
    assert texts[True].count("7.42") == texts[False].count("7.42")
    assert len(texts[True]) >= len(texts[False])
