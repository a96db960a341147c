"""PDF input through pypdfium2: the embedded text layer with character boxes, and rendering.

pdfium reads a page's text with a box per character in a few milliseconds, which is both
faster and exact compared with OCR; pages without a usable text layer are rendered and OCR'd.
"""

from __future__ import annotations

import ctypes
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from axocr.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    InputError,
    describe,
)
from axocr.types import BBox, Image, Word, is_cjk

# pdfium is not thread-safe; one lock serialises every call into it within a process.
PDFIUM_LOCK = threading.RLock()

_SPACES = {" ", "\t", "\r", "\n", "\xa0", "\u3000", "\u2002", "\u2003", "\u2009", "\u202f"}


@dataclass(frozen=True)
class TextLayer:
    words: list[Word]
    readable_chars: int
    unreadable_chars: int
    image_boxes: list[BBox]


@contextmanager
def open_pdf(
    data: bytes, *, password: str | None, path: str | None
) -> Iterator[pdfium.PdfDocument]:
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD:
                msg = (
                    "the PDF is encrypted: pass its password (password=... / --password)"
                    if password is None
                    else "the PDF is encrypted and the password given is wrong"
                )
                raise EncryptedDocumentError(msg, path=path) from exc
            if code == pdfium_c.FPDF_ERR_SECURITY:
                raise EncryptedDocumentError(
                    "the PDF uses an unsupported security handler", path=path
                ) from exc
            if _declares_no_pages(data):
                raise EmptyDocumentError("the PDF has no pages", path=path) from exc
            raise CorruptDocumentError(f"cannot parse the PDF: {describe(exc)}", path=path) from exc
    try:
        yield pdf
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def _declares_no_pages(data: bytes) -> bool:
    """A page tree that counts zero pages, and no page object anywhere: pdfium refuses such a
    file like a broken one (its error code is not reliable here: FPDF_GetLastError keeps the
    previous document's error), but it is empty, not corrupt."""
    return (
        re.search(rb"/Count\s+0(?![\d.])", data) is not None
        and re.search(rb"/Type\s*/Page(?![a-zA-Z])", data) is None
    )


def _page_transform(page: pdfium.PdfPage) -> tuple[float, float, float, float, int]:
    # get_bbox() is the effective crop box, inherited boxes included; get_cropbox() reads only
    # the page's own dictionary and falls back to US Letter when the box is inherited.
    left, bottom, right, top = page.get_bbox()
    if right <= left or top <= bottom:
        left, bottom, right, top = page.get_mediabox()
    return left, bottom, right, top, page.get_rotation() % 360


def _to_relative(
    x0: float, y0: float, x1: float, y1: float, tf: tuple[float, float, float, float, int]
) -> BBox:
    bx0, by0, bx1, by1 = _relative_tuple(x0, y0, x1, y1, tf)
    return BBox(x0=bx0, y0=by0, x1=bx1, y1=by1)


def _bounds_to_relative(
    bounds: tuple[float, ...], tf: tuple[float, float, float, float, int]
) -> BBox:
    left, bottom, right, top = bounds[:4]
    return _to_relative(left, bottom, right, top, tf)


def _relative_tuple(
    x0: float, y0: float, x1: float, y1: float, tf: tuple[float, float, float, float, int]
) -> tuple[float, float, float, float]:
    """PDF user space (origin bottom-left) to a 0..1 box on the page as displayed."""
    left, bottom, right, top, rotation = tf
    w, h = right - left, top - bottom
    ax0, ax1 = (min(x0, x1) - left) / w, (max(x0, x1) - left) / w
    ay0, ay1 = (top - max(y0, y1)) / h, (top - min(y0, y1)) / h
    if rotation == 90:
        ax0, ay0, ax1, ay1 = 1 - ay1, ax0, 1 - ay0, ax1
    elif rotation == 180:
        ax0, ay0, ax1, ay1 = 1 - ax1, 1 - ay1, 1 - ax0, 1 - ay0
    elif rotation == 270:
        ax0, ay0, ax1, ay1 = ay0, 1 - ax1, ay1, 1 - ax0

    def clip(v: float) -> float:
        return min(1.0, max(0.0, v))

    return clip(ax0), clip(ay0), clip(ax1), clip(ay1)


def _readable(ch: str) -> bool:
    if not ch or ch == "\ufffd":
        return False
    cat = unicodedata.category(ch)
    # Glyphs without a Unicode map come out as control or private-use code points.
    return cat not in ("Cc", "Co", "Cs", "Cn")


def read_text_layer(page: pdfium.PdfPage) -> TextLayer:
    """Words with boxes from the page's own text; CJK runs stay one word, as there are no spaces."""
    tf = _page_transform(page)
    with PDFIUM_LOCK:
        textpage = page.get_textpage()
        try:
            n = textpage.count_chars()
            rect = pdfium_c.FS_RECTF()
            chars: list[tuple[str, float, float, float, float]] = []
            raw = textpage.raw
            for i in range(n):
                code = pdfium_c.FPDFText_GetUnicode(raw, i)
                ch = chr(code) if 0 < code < 0x110000 else ""
                if ch in _SPACES or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                    chars.append((" ", 0.0, 0.0, 0.0, 0.0))
                    continue
                pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect))
                chars.append((ch, rect.left, rect.bottom, rect.right, rect.top))
        finally:
            textpage.close()
        image_boxes = [
            _bounds_to_relative(obj.get_bounds(), tf)
            for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2)
        ]

    readable = sum(1 for c in chars if c[0] != " " and _readable(c[0]))
    unreadable = sum(1 for c in chars if c[0] != " " and not _readable(c[0]))
    words: list[Word] = []
    cur_text: list[str] = []
    cur_boxes: list[tuple[float, float, float, float]] = []

    def flush() -> None:
        if cur_text:
            words.append(
                Word(
                    text="".join(cur_text),
                    bbox=BBox(
                        x0=min(b[0] for b in cur_boxes),
                        y0=min(b[1] for b in cur_boxes),
                        x1=max(b[2] for b in cur_boxes),
                        y1=max(b[3] for b in cur_boxes),
                    ),
                    confidence=1.0,
                    source="text_layer",
                )
            )
            cur_text.clear()
            cur_boxes.clear()

    for ch, cx0, cy0, cx1, cy1 in chars:
        if ch == " " or not _readable(ch):
            flush()
            continue
        box = _relative_tuple(cx0, cy0, cx1, cy1, tf)
        if cur_boxes:
            _, py0, px1, py1 = cur_boxes[-1]
            gap = box[0] - px1
            height = max(py1 - py0, box[3] - box[1], 1e-6)
            inter = min(py1, box[3]) - max(py0, box[1])
            overlap = inter / max(min(py1 - py0, box[3] - box[1]), 1e-6)
            # A jump to another baseline, backwards, or across a wide gap ends the word even
            # when the producer wrote no space (common in table cells and CJK text).
            if (
                overlap < 0.5
                or gap > 0.6 * height
                or gap < -0.5 * height
                or (is_cjk(ch) != is_cjk(cur_text[-1][-1]) and gap > 0.25 * height)
            ):
                flush()
        cur_text.append(ch)
        cur_boxes.append(box)
    flush()
    return TextLayer(
        words=words, readable_chars=readable, unreadable_chars=unreadable, image_boxes=image_boxes
    )


def text_layer_usable(layer: TextLayer, min_chars: int) -> bool:
    if layer.readable_chars < min_chars:
        return False
    total = layer.readable_chars + layer.unreadable_chars
    return layer.unreadable_chars <= 0.1 * total


def render_page(
    page: pdfium.PdfPage, dpi: float, max_pixels: int, *, colour: bool = False
) -> tuple[Image, float]:
    """Render to a BGR array, in grey unless ``colour``; lowers the DPI if the page would
    exceed max_pixels."""
    width_pt, height_pt = page.get_size()
    scale = dpi / 72.0
    pixels = width_pt * scale * height_pt * scale
    if pixels > max_pixels:
        scale *= (max_pixels / pixels) ** 0.5
    with PDFIUM_LOCK:
        bitmap = page.render(scale=scale, grayscale=not colour)
        grey = np.array(bitmap.to_numpy(), copy=True)
        bitmap.close()
    image = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR) if grey.ndim == 2 else grey[:, :, :3]
    return np.ascontiguousarray(image, dtype=np.uint8), scale * 72.0


def render_with_pdf2image(data: bytes, page_index: int, dpi: float, password: str | None) -> Image:
    try:
        from pdf2image import convert_from_bytes
    except ImportError as exc:
        raise InputError(
            "the pdf2image rasterizer needs pdf2image and poppler "
            "(pip install 'axocr[pdf2image]'; apt-get install poppler-utils)"
        ) from exc
    try:
        images = convert_from_bytes(
            data,
            dpi=int(dpi),
            first_page=page_index + 1,
            last_page=page_index + 1,
            grayscale=True,
            userpw=password or "",
        )
    except Exception as exc:  # poppler errors come in several exception types
        raise CorruptDocumentError(f"pdf2image could not render page: {describe(exc)}") from exc
    grey = np.asarray(images[0].convert("L"), dtype=np.uint8)
    return np.ascontiguousarray(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR))
