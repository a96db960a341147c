"""The page pipeline: the stages a page goes through, each a small callable with a typed input
and output, and the one list that names them in order.

    load (document/load.py: bytes → Source)
      → text layer (document/pdf.py: PdfPage → TextLayer | None)
      | render (document/pdf.py, document/image.py: page → Image, dpi)
          → preprocess (dots, flatten, deskew, seals and contrast, document/preprocess.py:
            Image → Preprocessed)
          → OCR (ocr/: Image → list[Word]); orientation (ocr/orientation.py) is checked
            first only on landscape pages, otherwise only when the first pass looks turned
      → layout (layout/lines.py: list[Word] → list[Line])
      → Page (axocr.types), its status decided by the reader at the end (read.py)

The stages below the pipeline never import one another upwards: ``document`` knows nothing of
OCR and ``ocr`` nothing of lines. This module is where they meet.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from axocr.config import ReadConfig
from axocr.document.flatten import Sheet
from axocr.document.load import open_source
from axocr.document.pdf import read_text_layer, render_page
from axocr.document.preprocess import (
    MIN_SIDE,
    Preprocessed,
    as_ocr_image,
    rotate_quarter,
    straighten,
)
from axocr.errors import AxocrError
from axocr.layout.lines import build_lines
from axocr.memory import LARGE_PAGE_PIXELS, release_memory
from axocr.ocr.base import LineReadingEngine, UprightOcrEngine, without_repeats
from axocr.ocr.dropped import dropped_words
from axocr.ocr.orientation import detect_orientation, orientation_turn
from axocr.ocr.registry import get_engine
from axocr.types import Image, Line, Page, Word


class Stage(NamedTuple):
    name: str
    run: Callable[..., object]
    takes: str
    gives: str


def preprocess(image: Image, config: ReadConfig) -> Preprocessed:
    """Orientation, joined dots, flattening, deskew, seals and contrast as the config asks, in
    that order, in one call: for a caller with an image and no OCR pass to judge it by. The
    reader does not use it: it straightens, reads, and checks orientation around that pass
    (:func:`ocr_page`).
    Orientation comes first because the skew search only looks within +-10 degrees of
    horizontal. Images smaller than ``MIN_SIDE`` pixels pass through unchanged."""
    img = as_ocr_image(image)
    if min(img.shape[:2]) < MIN_SIDE:
        return Preprocessed(image=img, rotation=0, skew_degrees=0.0, timings_ms={})
    rotation = 0
    timings: dict[str, float] = {}
    if config.orientation:
        start = time.perf_counter()
        rotation = orientation_turn(img, threads=config.ocr_threads)
        if rotation:
            img = rotate_quarter(img, rotation)
        timings["orientation"] = round((time.perf_counter() - start) * 1000, 2)
    done = straighten(img, config)
    return Preprocessed(
        image=done.image,
        rotation=rotation,
        skew_degrees=done.skew_degrees,
        sheet=done.sheet,
        seals=done.seals,
        dotted=done.dotted,
        timings_ms={**timings, **done.timings_ms},
    )


# Wider than tall by this much: check the page's orientation before reading it.
LANDSCAPE = 1.2


def looks_misoriented(words: list[Word], width: int, height: int) -> bool:
    """Does OCR output suggest the page is turned?

    Measured with PP-OCRv6 on receipts and invoices: upright pages give a median word
    confidence of 0.99 and wide boxes; pages turned 180 degrees drop to 0.67-0.83, and pages
    turned 90 or 270 degrees give tall boxes for nearly every word.
    """
    longer = [w for w in words if len(w.text) >= 3]
    if len(longer) < 3:
        return False
    tall = sum(1 for w in longer if w.bbox.height * height > w.bbox.width * width)
    if tall > 0.5 * len(longer):
        return True
    confidences = sorted(w.confidence for w in words)
    return confidences[len(confidences) // 2] < 0.9


class PageRead(NamedTuple):
    """One page image read by OCR, and what was done to the image first."""

    words: list[Word]
    rotation: int
    skew: float
    timings: dict[str, float]
    sheet: Sheet | None
    """The photographed sheet stretched to a rectangle, if one was found."""
    scale: tuple[float, float]
    """The width and height of the image read over those of the image given: the flattened
    sheet's share of the photograph, (1.0, 1.0) where nothing was flattened."""


def ocr_page(image: Image, config: ReadConfig, *, index: int, path: str | None) -> PageRead:
    """OCR one page image: its words, and the rotation, skew and flattening applied.

    Orientation is checked only when the first OCR pass looks wrong: the detector costs as
    much as a third of an OCR pass, and nearly every page arrives upright.
    """
    timings: dict[str, float] = {}
    rotation, skew, sheet = 0, 0.0, None
    given_h, given_w = image.shape[:2]
    if image.shape[0] * image.shape[1] > LARGE_PAGE_PIXELS:
        release_memory(0)  # room for a page larger than the last ones (axocr.memory)
    if config.flatten or config.seals or config.deskew or config.contrast or config.join_dots:
        t = time.perf_counter()
        done = straighten(image, config)
        image, skew, sheet = done.image, done.skew_degrees, done.sheet
        timings["preprocess"] = round((time.perf_counter() - t) * 1000, 2)
    scale = (image.shape[1] / given_w, image.shape[0] / given_h)
    engine = get_engine(config)

    def recognize(img: Image, *, upright: bool = False) -> tuple[list[Word], int]:
        t = time.perf_counter()
        try:
            if upright and isinstance(engine, UprightOcrEngine):
                found, turn = engine.recognize_upright(img)
            else:
                found, turn = engine.recognize(img), 0
        except AxocrError as exc:
            exc.page = index
            exc.path = path
            raise
        timings["ocr"] = round(timings.get("ocr", 0.0) + (time.perf_counter() - t) * 1000, 2)
        # Engines that can say where the time went (RapidOCR: det, cls, rec) add it.
        stages = getattr(engine, "last_stage_ms", None)
        for key, ms in (stages() if callable(stages) else {}).items():
            timings[key] = round(timings.get(key, 0.0) + ms, 2)
        return found, turn

    def orient(img: Image) -> Image:
        nonlocal rotation
        t = time.perf_counter()
        turn = detect_orientation(img)
        timings["orientation"] = round((time.perf_counter() - t) * 1000, 2)
        if turn:
            rotation = turn
            return rotate_quarter(img, turn)
        return img

    h, w = image.shape[:2]
    # A landscape image is most often a portrait page scanned sideways: finding out first
    # (about 0.5 s) saves an OCR pass (1.5-2 s) over text lying on its side.
    checked = config.orientation and w > LANDSCAPE * h
    if checked:
        image = orient(image)
    # An engine that can tell a page lying upside down reads it in this one pass.
    words, flipped = recognize(image, upright=config.orientation and not checked)
    rotation = rotation or flipped
    h, w = image.shape[:2]
    if config.orientation and not checked and looks_misoriented(words, w, h):
        rotation = 0
        turned = orient(image)
        if rotation or flipped:  # a wrong flip is undone by reading the page as it is
            image, (words, flipped) = turned, recognize(turned)
    words = without_repeats(words)
    if config.dropped_words and isinstance(engine, LineReadingEngine):
        t = time.perf_counter()
        # The words' boxes are on the page as read: turned, where the engine turned it.
        upright = np.ascontiguousarray(image[::-1, ::-1]) if flipped else image
        words = words + dropped_words(upright, words, engine.read_lines)
        timings["dropped"] = round((time.perf_counter() - t) * 1000, 2)
    return PageRead(words, rotation, skew, timings, sheet, scale)


def page_from_ocr(
    index: int,
    width: float,
    height: float,
    dpi: float | None,
    config: ReadConfig,
    read: PageRead,
) -> Page:
    """The page of ``read``; ``width`` and ``height`` are the size, in the page's own unit, of
    the image that was given to :func:`ocr_page`."""
    # A flattened sheet is the page now: its size in the page's unit, the same number of
    # units per pixel as the image it was cut from.
    width *= read.scale[0]
    height *= read.scale[1]
    return Page(
        index=index,
        width=width,
        height=height,
        dpi=dpi,
        route="ocr",
        engine=config.engine,
        rotation=read.rotation,
        skew_degrees=read.skew,
        # Four decimals: under half a pixel of a 4000-px photograph.
        sheet=None
        if read.sheet is None
        else [[round(x, 4), round(y, 4)] for x, y in read.sheet.corners],
        lines=layout(read.words, width, height),
        timings_ms=read.timings,
    )


def layout(words: list[Word], width: float, height: float) -> list[Line]:
    """Stage 4: words to lines (and the geometry ``layout/`` builds on them)."""
    # Boxes are fractions of the page's width and height: line building needs their ratio.
    return build_lines(words, height / width if width > 0 else 1.0)


# The page pipeline in order, for readers of the code and for docs/architecture.md; read.py
# runs these functions (a PDF page takes the text-layer branch when its layer is usable).
PAGE_STAGES: tuple[Stage, ...] = (
    Stage("load", open_source, "path | bytes", "Source"),
    Stage("text layer", read_text_layer, "PdfPage", "TextLayer"),
    Stage("render", render_page, "PdfPage", "Image, dpi"),
    Stage("preprocess", straighten, "Image", "Preprocessed"),
    Stage("ocr", ocr_page, "Image", "PageRead"),  # calls straighten first
    Stage("layout", layout, "list[Word]", "list[Line]"),
)
