"""A dot-matrix print whose dots stand apart is blurred into strokes before OCR (``join_dots``).

The page is a generated till receipt rendered at 200 DPI and printed with a dot-matrix head
(every third pixel row and column left blank: dots about 0.4 mm apart, as a 9-pin head
prints), read by the real engine with and without the step.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import axocr
from axocr.config import ReadConfig
from axocr.document.preprocess import dotted_print, straighten
from axocr.pipeline.read import read_document
from axocr.synth.degrade import dot_matrix, encode_image, rasterize_pdf_page
from axocr.synth.receipts import Receipt, make_receipt_family, render_receipt
from axocr.types import Image


@pytest.fixture(scope="module")
def receipt() -> Receipt:
    return render_receipt(make_receipt_family(3, seed=2468), 1, seed=2468)


@pytest.fixture(scope="module")
def plain(receipt: Receipt) -> Image:
    return rasterize_pdf_page(receipt.pdf, 200)


@pytest.fixture(scope="module")
def dotted(plain: Image) -> Image:
    return dot_matrix(plain, 3)


def _grey(image: Image) -> Image:
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def test_a_print_of_separate_dots_is_told_from_solid_print(plain: Image, dotted: Image) -> None:
    assert dotted_print(_grey(dotted))
    assert not dotted_print(_grey(plain))


def test_only_a_dotted_page_is_blurred(plain: Image, dotted: Image) -> None:
    config = ReadConfig(deskew=False, flatten=False, seals=False)
    done = straighten(dotted, config)
    assert done.dotted and "dots" in done.timings_ms
    assert not np.array_equal(done.image, dotted)
    kept = straighten(plain, config)
    assert not kept.dotted
    assert np.array_equal(kept.image, plain)
    off = straighten(dotted, config.model_copy(update={"join_dots": False}))
    assert not off.dotted and np.array_equal(off.image, dotted)


def test_the_dotted_receipt_is_read_once_its_dots_are_joined(
    receipt: Receipt, dotted: Image
) -> None:
    data = encode_image(dotted, ".png")
    joined = read_document(data, ReadConfig())
    apart = read_document(data, ReadConfig(join_dots=False))
    read = " ".join(line.text for line in joined.pages[0].lines)
    missed = " ".join(line.text for line in apart.pages[0].lines)
    # The labels' total, printed with thousands separators, is among the words read.
    total = f"{float(receipt.fields['total']):,.2f}"
    assert total in read
    assert len(read) > 1.5 * len(missed)

    result = axocr.extract(data)
    assert result.fields.total.value == receipt.fields["total"]
    assert result.fields.invoice_date.value == receipt.fields["date"]


def test_a_dotted_header_word_set_apart_is_found_by_the_detector_once_joined() -> None:
    # The drawn page of test_dropped_words: a header of one-pixel dots whose short first word
    # the detector leaves out as printed.
    from tests.integration.test_dropped_words import receipt_top

    config = ReadConfig(dropped_words=False)
    for join, found in ((False, False), (True, True)):
        document = read_document(
            encode_image(receipt_top(), ".png"), config.model_copy(update={"join_dots": join})
        )
        top = min(document.pages[0].lines, key=lambda ln: ln.bbox.y0)
        row = [ln.text for ln in document.pages[0].lines if ln.bbox.y0 < top.bbox.y1]
        assert any("FY" in text.split() for text in row) is found
