"""Straighten and clean a scanned or photographed page before OCR.

Five independent steps, each switched by :class:`~axocr.config.ReadConfig`, in this order:

``join_dots``
    Blur a dot-matrix print whose dots stand apart at the image's resolution, so that OCR
    sees strokes: PP-OCR's text detector finds few of its words otherwise.
``flatten``
    Find a photographed sheet on a darker ground and stretch its four corners back to a
    rectangle (:mod:`axocr.document.flatten`), undoing a camera's slant that no one angle
    straightens; scans, with square corners and parallel edges or no ground, are not touched.
``deskew``
    Remove a small tilt (up to ~10 degrees) found by a projection-profile search: text rows,
    table rules and underlines all make the row profile of the ink sharpest at the true
    angle, so tables and ruled lines help rather than hurt.
``seals``
    Paint out red seals (判子, 角印) with the paper's colour (:mod:`axocr.document.seals`),
    so OCR does not read the seal's characters into the issuer's name; black text is kept.
    After deskew, so the angle is found as before and an upright seal's box fits it.
``contrast``
    CLAHE on the lightness channel, for faint or unevenly lit photos (off by default: on
    clean scans it only amplifies paper texture).

Orientation (quarter turns) needs an OCR engine's models and lives in
:mod:`axocr.ocr.orientation`; :func:`axocr.pipeline.stages.preprocess` runs them all in order.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from axocr.config import ReadConfig
from axocr.document.flatten import Sheet, find_sheet, flatten
from axocr.document.seals import erase_seals, find_seals
from axocr.types import Image

logger = logging.getLogger(__name__)

# Below this side length there is no text to straighten, and OpenCV's filters misbehave.
MIN_SIDE = 32
# Smaller tilts do not hurt PP-OCR, and rotating resamples (blurs) every glyph.
MIN_SKEW_DEGREES = 0.3
MAX_SKEW_DEGREES = 10.0
# Skew is measured on a copy of about this many pixels: enough for 0.1-degree precision on
# an A4 page (a 1000-px row moves 1.7 px per 0.1 degree) and cheap to threshold.
SKEW_WORK_PIXELS = 1_000_000
# Ink pixels used for the angle search, sampled evenly; more adds time, not precision.
SKEW_MAX_POINTS = 40_000

_ROTATE_CODES: dict[int, int] = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Preprocessed:
    """A page image ready for OCR, and what was done to it."""

    image: Image
    """uint8 BGR (or grey, when the input was grey)."""
    rotation: int
    """Clockwise degrees applied to fix the orientation: 0, 90, 180 or 270."""
    skew_degrees: float
    """Clockwise degrees applied to straighten the page (the tilt that was removed; text that
    rose to the right by 2 degrees gives 2.0). 0.0 when the page was not rotated."""
    sheet: Sheet | None = None
    """The photographed sheet stretched to a rectangle before the rest, if one was found."""
    seals: int = 0
    """How many red seals were painted out."""
    dotted: bool = False
    """The page was a print of separate dots, blurred into strokes before the rest."""
    timings_ms: dict[str, float] = field(default_factory=dict)


def straighten(image: Image, config: ReadConfig) -> Preprocessed:
    """Flatten, deskew, seals and contrast as the config asks, in that order (``config.orientation``
    is not read here: see :func:`axocr.pipeline.stages.preprocess`). Images smaller than
    ``MIN_SIDE`` pixels pass through unchanged."""
    img = as_ocr_image(image)
    timings: dict[str, float] = {}
    if min(img.shape[:2]) < MIN_SIDE:
        return Preprocessed(image=img, rotation=0, skew_degrees=0.0, timings_ms=timings)

    dotted = False
    if config.join_dots:
        start = time.perf_counter()
        dotted = dotted_print(_grey(img))
        if dotted:
            img = join_dots(img)
        timings["dots"] = _ms_since(start)

    sheet = None
    if config.flatten:
        start = time.perf_counter()
        sheet = find_sheet(img)
        if sheet is not None:
            img = flatten(img, sheet)
        timings["flatten"] = _ms_since(start)

    skew = 0.0
    if config.deskew:
        start = time.perf_counter()
        angle = detect_skew(_grey(img))
        if abs(angle) > MIN_SKEW_DEGREES:
            img = rotate_small(img, angle)
            skew = angle
        timings["deskew"] = _ms_since(start)

    seals = 0
    if config.seals:
        start = time.perf_counter()
        found = find_seals(img)
        if found:
            img = erase_seals(img, found)
        seals = len(found)
        timings["seals"] = _ms_since(start)

    if config.contrast:
        start = time.perf_counter()
        img = equalize_contrast(img)
        timings["contrast"] = _ms_since(start)

    return Preprocessed(
        image=img,
        rotation=0,
        skew_degrees=skew,
        sheet=sheet,
        seals=seals,
        dotted=dotted,
        timings_ms=timings,
    )


def rotate_quarter(image: Image, rotation: int) -> Image:
    """Turn clockwise by 90, 180 or 270 degrees (0 returns the image as it is)."""
    if rotation % 360 == 0:
        return image
    return np.ascontiguousarray(cv2.rotate(image, _ROTATE_CODES[rotation % 360]), dtype=np.uint8)


# --- image shapes -------------------------------------------------------------------------


def as_ocr_image(image: Image) -> Image:
    """uint8 BGR, or 2-D grey; BGRA, grey+alpha, (h, w, 1) and other dtypes are converted."""
    img = np.asarray(image)
    if img.size == 0:
        h, w = img.shape[:2] if img.ndim >= 2 else (0, 0)
        return np.zeros((h, w), dtype=np.uint8)
    if img.ndim not in (2, 3):
        # Not a picture; one row of values keeps every later step shape-safe.
        img = img.reshape(1, -1)
    if img.dtype != np.uint8:
        if img.dtype == np.bool_:
            img = img.astype(np.uint8) * 255
        elif np.issubdtype(img.dtype, np.integer) and img.size and int(img.max()) > 255:
            # 16-bit scans: keep the top 8 bits rather than clipping almost everything white.
            img = (img.astype(np.float64) * (255.0 / float(np.iinfo(img.dtype).max))).astype(
                np.uint8
            )
        else:
            img = np.clip(np.nan_to_num(img.astype(np.float64)), 0, 255).astype(np.uint8)
    if img.ndim == 3:
        channels = img.shape[2]
        if channels in (1, 2):  # grey, or grey + alpha
            img = img[:, :, 0]
        elif channels == 4:
            img = np.asarray(cv2.cvtColor(img, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
        elif channels != 3:
            img = img[:, :, :3]
    return np.ascontiguousarray(img, dtype=np.uint8)


def _grey(img: Image) -> Image:
    if img.ndim == 2:
        return img
    return np.asarray(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def _downscale(img: Image, max_pixels: int) -> tuple[Image, float]:
    h, w = img.shape[:2]
    scale = min(1.0, math.sqrt(max_pixels / float(h * w)))
    if scale >= 1.0:
        return img, 1.0
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(cv2.resize(img, size, interpolation=cv2.INTER_AREA), dtype=np.uint8), scale


# --- deskew -------------------------------------------------------------------------------


def detect_skew(grey: Image) -> float:
    """The tilt of the text lines in degrees, counter-clockwise positive (lines rising to the
    right), within +-10. Rotating the page clockwise by this angle straightens it.

    0.0 for blank or tiny images. Pages turned by 90 degrees give a meaningless small angle,
    which is why :func:`preprocess` fixes the orientation first.
    """
    img = as_ocr_image(grey)
    g = _grey(img)
    if min(g.shape[:2]) < MIN_SIDE:
        return 0.0
    small, _ = _downscale(g, SKEW_WORK_PIXELS)
    # A local threshold keeps glyph strokes and rules, not dark table tops or shadows around a
    # photographed receipt, which would drown the text rows.
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    ys, xs = np.nonzero(ink)
    if xs.size < 200:
        return 0.0
    if xs.size > SKEW_MAX_POINTS:
        step = xs.size // SKEW_MAX_POINTS + 1
        ys, xs = ys[::step], xs[::step]
    # Pixel centres sit on a grid that lines up with the bins exactly at 0 degrees, which
    # would make 0 win on every page; a fixed sub-pixel jitter breaks that lattice.
    jitter = np.random.default_rng(0).random((2, xs.size)) - 0.5
    x = xs.astype(np.float64) - small.shape[1] / 2.0 + jitter[0]
    y = ys.astype(np.float64) - small.shape[0] / 2.0 + jitter[1]

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.25)
    coarse_scores = _profile_sharpness(x, y, coarse)
    best = float(coarse[int(np.argmax(coarse_scores))])
    fine = np.arange(best - 0.3, best + 0.3 + 1e-9, 0.02)
    fine_scores = _profile_sharpness(x, y, fine)
    angle = float(fine[int(np.argmax(fine_scores))])
    return round(float(np.clip(angle, -MAX_SKEW_DEGREES, MAX_SKEW_DEGREES)), 2)


def _profile_sharpness(x: FloatArray, y: FloatArray, angles_deg: FloatArray) -> FloatArray:
    """Sum of squared row counts of the ink after undoing each angle: highest when text rows
    fall into as few rows as possible. All angles in one vectorised bincount."""
    theta = np.deg2rad(angles_deg)[:, None]
    # y*cos + x*sin is constant along a line that rises to the right by theta (image y down).
    rows = np.rint(y[None, :] * np.cos(theta) + x[None, :] * np.sin(theta)).astype(np.int64)
    rows -= rows.min()
    nbins = int(rows.max()) + 1
    rows += np.arange(len(angles_deg), dtype=np.int64)[:, None] * nbins
    counts = np.bincount(rows.ravel(), minlength=nbins * len(angles_deg)).astype(np.float64)
    return np.asarray((counts.reshape(len(angles_deg), nbins) ** 2).sum(axis=1), np.float64)


def rotate_small(img: Image, angle_deg: float) -> Image:
    """Rotate clockwise by angle_deg about the centre, keeping the size; the corners that come
    into view are white (paper), not black, so the detector sees no false edges there."""
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), -angle_deg, 1.0)
    white: Any = 255 if img.ndim == 2 else (255, 255, 255)
    out = cv2.warpAffine(
        img,
        matrix,
        (w, h),
        # Cubic keeps strokes sharper than linear: on tilted receipts it lost fewer words
        # (94.1% vs 93.6% recall against the upright page, 12 OCR'd variants).
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=white,
    )
    return np.asarray(out, dtype=np.uint8)


# --- dotted print -------------------------------------------------------------------------

# A dot-matrix print scanned at a resolution that shows the gaps between its dots is, to the
# ink, a field of specks: PP-OCR's detector finds few of its words, and a 3x3 Gaussian blur
# joins the dots into strokes it reads (a generated dot-matrix receipt: 14 text boxes at a
# median 0.67, 34 at 1.00 blurred). On 24 plain generated receipts and 40 SROIE scans the same
# blur changed the confidence-weighted characters read by -1% to +6%, so a page taken for
# dotted by mistake loses little.
DOT_MAX_AREA = 6  # pixels: a dot, at the resolutions where dots stand apart
# Closing the ink with a 3x3 square joins dots up to 2 px apart. A dotted page then has several
# times fewer blobs, and most of its blobs were dots; letters already whole barely change, and
# a scan's specks mostly stay apart. Measured: the generated dot-matrix receipts the blur
# helped most had 6.0-12.5 times as many blobs as after closing, 84-100% of them dots; plain
# receipts 1.3-3.2 times, SROIE scans 1.0-4.4 (the 4.4 a speckled one, 73% dots: blurred, it
# reads as before).
DOTTED_MERGE = 4.0
DOTTED_SHARE = 0.6
MIN_DOTS = 200  # fewer blobs than this make no page of text


def dotted_print(grey: Image) -> bool:
    """The page's ink is mostly separate dots that a 3x3 closing joins (see above)."""
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = count - 1
    if blobs < MIN_DOTS:
        return False
    dots = int((stats[1:, cv2.CC_STAT_AREA] <= DOT_MAX_AREA).sum())
    if dots < DOTTED_SHARE * blobs:
        return False
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    joined = cv2.connectedComponents(closed, connectivity=8)[0] - 1
    return blobs >= DOTTED_MERGE * max(joined, 1)


def join_dots(img: Image) -> Image:
    return np.asarray(cv2.GaussianBlur(img, (3, 3), 0), dtype=np.uint8)


# --- contrast -----------------------------------------------------------------------------


def equalize_contrast(img: Image) -> Image:
    """CLAHE on lightness only, so colours (red stamps, blue ink) keep their hue."""
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    if img.ndim == 2:
        return np.asarray(clahe.apply(img), dtype=np.uint8)
    lab = cv2.cvtColor(img, cv2.COLOR_BGR2LAB)
    lab[:, :, 0] = clahe.apply(np.ascontiguousarray(lab[:, :, 0]))
    return np.asarray(cv2.cvtColor(lab, cv2.COLOR_LAB2BGR), dtype=np.uint8)
