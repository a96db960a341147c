"""The till-receipt generator: the same seed draws the same receipt, and what a receipt's labels
say is printed on it (read back from the PDF's text layer, not from the drawing code)."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest

from axocr.synth.receipts import make_receipt_family, render_receipt


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
