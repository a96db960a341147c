"""Image OCR on a text-layer page runs only where it can change the vendor.

Real PDFs, the real engine. Whether the images were read is asserted from the result's
routes and timings (what the pipeline did), never from how long it took.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

import axocr
from axocr.pipeline.read import read_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _invoice_with_logo(path: Path, logo_y_mm: float) -> Path:
    """A born-digital invoice whose text names its issuer on the first line (a legal form,
    at the top left), with an image of the word NORDWIND placed ``logo_y_mm`` from the top."""
    from fpdf import FPDF

    png = path.with_suffix(".png")
    canvas = np.full((120, 600, 3), 255, np.uint8)
    cv2.putText(canvas, "NORDWIND", (20, 95), cv2.FONT_HERSHEY_SIMPLEX, 3.0, (0, 0, 0), 8)
    cv2.imwrite(str(png), canvas)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.text(20, 40, "Kestrel Trading Ltd")
    pdf.set_font("helvetica", size=10)
    pdf.text(20, 46, "12 Harbour Road, Leeds LS1 4AB")
    pdf.text(20, 80, "INVOICE")
    pdf.text(20, 90, "Invoice No: INV-2291")
    pdf.text(20, 96, "Invoice Date: 03 May 2024")
    pdf.text(20, 140, "Subtotal: 100.00 GBP")
    pdf.text(20, 146, "VAT 20%: 20.00 GBP")
    pdf.text(20, 152, "Total: 120.00 GBP")
    pdf.image(str(png), x=20, y=logo_y_mm, w=60, h=12)
    pdf.output(str(path))
    return path


def test_a_vendor_only_in_a_logo_is_still_found_by_reading_the_logo_on_demand() -> None:
    path = FIXTURES / "special" / "logo_only_vendor.pdf"
    if not path.exists():
        pytest.skip("special fixtures not generated")
    result = axocr.extract(path)
    assert result.routes == ["text_layer+ocr"]
    assert "image_words" in result.timings_ms
    assert result.fields.vendor.value is not None
    assert result.fields.vendor.value.rstrip(".") == "Summit Trading Ltd"


def test_a_logo_below_a_confident_text_vendor_is_not_read(tmp_path: Path) -> None:
    result = axocr.extract(_invoice_with_logo(tmp_path / "below.pdf", logo_y_mm=200))
    assert result.fields.vendor.value == "Kestrel Trading Ltd"
    assert not result.fields.vendor.needs_review
    assert result.routes == ["text_layer"]
    assert "image_words" not in result.timings_ms and "ocr" not in result.timings_ms


def test_a_logo_above_the_text_vendor_is_read(tmp_path: Path) -> None:
    # Printed above the issuer's name, a logo may be a brand the text never names.
    result = axocr.extract(_invoice_with_logo(tmp_path / "above.pdf", logo_y_mm=10))
    assert result.routes == ["text_layer+ocr"]
    assert "image_words" in result.timings_ms


def test_first_page_mode_and_read_document_read_every_logo(tmp_path: Path) -> None:
    path = _invoice_with_logo(tmp_path / "below.pdf", logo_y_mm=200)
    eager = axocr.extract(path, ocr_images_when="first_page")
    assert eager.routes == ["text_layer+ocr"]
    doc = read_document(path)
    assert "NORDWIND" in {w.text.upper() for w in doc.pages[0].words if w.source == "ocr"}
    deferred = read_document(path, defer_logos=True)
    assert deferred.pages[0].route == "text_layer"
    assert len(deferred.pages[0].logo_boxes) == 1
    off = axocr.extract(path, ocr_images=False)
    assert off.routes == ["text_layer"] and "image_words" not in off.timings_ms
