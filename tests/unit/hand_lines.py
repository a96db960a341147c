"""Lines built by hand, as OCR would return them, for tests of pure functions over a page."""

from __future__ import annotations

from axocr.extract.context import TextLine
from axocr.types import BBox


def ocr_line(index: int, text: str, box: BBox, *, from_ocr: bool = True) -> TextLine:
    """One line of ``text`` in ``box``, read as one word-run at confidence 0.95 (by OCR, or
    from a text layer)."""
    return TextLine(
        page=0,
        index=index,
        text=text,
        lower=text.casefold(),
        bbox=box,
        confidence=0.95,
        from_ocr=from_ocr,
        from_image=False,
        spans=[(0, len(text), box)],
        span_char_confidence=[0.95],
    )
