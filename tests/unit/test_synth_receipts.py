"""The till-receipt generator: the same seed draws the same receipt, and what a receipt's labels
say is printed on it (read back from the PDF's text layer, not from the drawing code)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from axocr.synth.degrade import dot_matrix, rasterize_pdf_page
from axocr.synth.receipts import make_receipt_family, render_receipt, scan_receipt

_OPERATOR_PHRASES = ("OPERATED BY:", "Dimiliki oleh:", "Managed by")


def _printed(pdf: bytes) -> str:
    page = pdfium.PdfDocument(pdf)[0]
    return " ".join(page.get_textpage().get_text_range().split())


def test_the_same_seed_draws_the_same_receipt() -> None:
    family = make_receipt_family(4, seed=11)
    assert render_receipt(family, 1, seed=11).pdf == render_receipt(family, 1, seed=11).pdf
    assert render_receipt(family, 1, seed=11).pdf != render_receipt(family, 2, seed=11).pdf


@pytest.mark.parametrize("family", range(1, 21))
def test_a_receipts_labels_are_printed_on_it(family: int) -> None:
    receipt = render_receipt(make_receipt_family(family, seed=11), 1, seed=11)
    text = _printed(receipt.pdf)
    fields = receipt.fields
    # a wrapped name is one line broken at a space
    assert fields["vendor"] in text or all(w in text for w in fields["vendor"].split())
    assert f"{float(fields['total']):,.2f}" in text
    sold = date.fromisoformat(fields["date"])
    numeric = ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%Y-%m-%d")
    month = sold.strftime("%b")
    spelled = {f"{sold.day:02d} {month.upper()} {sold.year}", f"{month} {sold.day}, {sold.year}"}
    assert any(form in text for form in {sold.strftime(f) for f in numeric} | spelled)
    sign = {"MYR": "RM", "SGD": "S$", "USD": ("$", "USD"), "GBP": "GBP"}[fields["currency"]]
    assert any(s in text for s in ((sign,) if isinstance(sign, str) else sign))


def test_the_harder_kinds_are_drawn_only_when_asked_for() -> None:
    plain = make_receipt_family(2, seed=8080)
    harder = make_receipt_family(2, seed=8080, extras=True)
    assert plain.extras is None and harder.extras is not None
    # the other choices of the family are the same either way
    assert replace(harder, extras=None) == plain


def test_an_operated_shop_prints_its_sign_and_then_the_company_that_runs_it() -> None:
    families = [make_receipt_family(n, seed=8080, extras=True) for n in range(1, 31)]
    family = next(f for f in families if f.extras is not None and f.extras.operator)
    receipt = render_receipt(family, 1, seed=8080)
    text = _printed(receipt.pdf)
    assert any(f"{p} {receipt.fields['vendor']}" in text for p in _OPERATOR_PHRASES)


def test_a_photographed_receipt_lies_on_a_darker_ground() -> None:
    families = [make_receipt_family(n, seed=8080, extras=True) for n in range(1, 31)]
    family = next(f for f in families if f.extras is not None and f.extras.photo)
    receipt = render_receipt(family, 1, seed=8080)
    jpeg, ops = scan_receipt(receipt, seed=8080)
    assert "photo" in ops
    img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    # the corners are the table, the middle is paper
    corners = [img[0, 0], img[0, -1], img[-1, 0], img[-1, -1]]
    assert max(corners) < 180 < int(np.median(img[img.shape[0] // 3 : img.shape[0] // 2]))


def test_a_dot_matrix_receipt_prints_its_strokes_as_dots() -> None:
    families = [make_receipt_family(n, seed=8080, extras=True) for n in range(1, 31)]
    dotted = next(f for f in families if f.extras is not None and f.extras.dots)
    solid = next(f for f in families if f.extras is not None and not f.extras.dots)
    page = dot_matrix(rasterize_pdf_page(render_receipt(dotted, 1, seed=8080).pdf, 200), 3)
    # Every third row and column is paper: no stroke runs on through it.
    assert page[2::3, :].min() == 255 and page[:, 2::3].min() == 255
    assert page.min() < 100  # and the dots between are ink
    _, ops = scan_receipt(render_receipt(dotted, 1, seed=8080), seed=8080)
    assert any(op.startswith("dot_matrix(") for op in ops)
    _, ops = scan_receipt(render_receipt(solid, 1, seed=8080), seed=8080)
    assert not any(op.startswith("dot_matrix(") for op in ops)
