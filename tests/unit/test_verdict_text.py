"""The text the review rules read is the text extraction read (its context's): OCR's variant
forms folded."""

from __future__ import annotations

from axocr.extract.context import build_context
from axocr.types import BBox, Document, Line, Page, Word
from axocr.validate.rules import looks_like_receipt


def _document(*texts: str) -> Document:
    lines = [
        Line(
            words=[Word(text=t, bbox=BBox(x0=0.1, y0=0.05 * i, x1=0.5, y1=0.05 * i + 0.03))],
            bbox=BBox(x0=0.1, y0=0.05 * i, x1=0.5, y1=0.05 * i + 0.03),
        )
        for i, t in enumerate(texts)
    ]
    page = Page(index=0, width=595.0, height=842.0, route="ocr", lines=lines)
    return Document(media_type="image/png", pages=[page], page_count=1)


def test_an_invoice_title_ocr_read_in_a_simplified_form_is_still_an_invoice_title() -> None:
    # PP-OCR reads 請 as the simplified 请: the page is still an invoice, whose number is
    # expected (a receipt's is not).
    doc = _document("请求書", "株式会社丸和食品", "合計 ¥12,000")
    assert looks_like_receipt(doc.text) == "no invoice title"
    assert looks_like_receipt(build_context(doc).text) is None
    assert build_context(doc).text.splitlines()[0] == "請求書"
