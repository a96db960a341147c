"""Page orientation: which quarter turn makes a page's text upright.

The text detector of PP-OCR (the DBNet model that ships in the rapidocr wheel) finds the text
lines on a downscaled copy; whether most lines are wide or tall tells 0/180 from 90/270. The
direction within that pair comes from PP-OCR's tiny line classifier (0 vs 180) voting over
the longest lines. When its vote is close, the recognition model settles it: a line read
upright scores far higher than the same line read upside down, whatever the script. It needs
an OCR engine's models, so it lives with the engines (docTR puts orientation in its predictor
too); the models load once per process, on first use.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from typing import Any

import cv2
import numpy as np

from axocr.document.preprocess import MIN_SIDE, FloatArray, _downscale, _grey, as_ocr_image
from axocr.errors import EngineError, describe
from axocr.ocr import line_cls
from axocr.ocr.rapid import DETECTOR
from axocr.types import Image

logger = logging.getLogger(__name__)

# Text detection for orientation runs on a copy of about this many pixels (~0.5 s would be
# spent on a full A4 at 200 DPI; this copy keeps 10-pt text ~14 px high, which DBNet finds).
ORIENTATION_WORK_PIXELS = 1_000_000
# Lines sent to the 0/180 classifier, and to the recogniser when the classifier is unsure.
CLS_LINES = 16
REC_LINES = 6
# Mean (p_upright - p_flipped) per line below which the classifier is not trusted. Measured
# on SROIE/JOMB/invoice2data pages: every classifier mistake had a margin under 0.06, and
# about one page in six falls under 0.3.
CLS_MIN_MARGIN = 0.3


def detect_orientation(image: Image) -> int:
    """Clockwise rotation (0, 90, 180 or 270) that makes the page's text upright.

    0 for blank pages, tiny images, and when rapidocr is not installed.
    """
    return orientation_turn(as_ocr_image(image), threads=0)


class _OrientationModels:
    """PP-OCR detection, line classifier and recogniser, loaded on first use.

    One RapidOCR instance runs detection and (rarely) recognition on its own settings; the
    classifier is :mod:`axocr.ocr.line_cls`, shared with the OCR engine.
    """

    def __init__(self, threads: int) -> None:
        from rapidocr import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        params: dict[str, Any] = {
            "Global.log_level": "warning",
            "Global.use_cls": False,
            "Global.use_rec": False,
            # We downscale first; these keep rapidocr from resizing our copy again.
            "Global.max_side_len": 4000,
            "Det.limit_type": "max",
            "Det.limit_side_len": 2048,
        }
        if DETECTOR.exists():  # the wheel's detector with subnormals flushed: 3-4x faster
            params["Det.model_path"] = str(DETECTOR)
        if threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        self.ocr = RapidOCR(params=params)
        self.threads = threads
        # RapidOCR's __call__ stores its use_* switches on the instance, so two threads
        # sharing it must take turns.
        self.lock = threading.Lock()


_models: dict[int, _OrientationModels] = {}
_models_lock = threading.Lock()


def _get_models(threads: int) -> _OrientationModels | None:
    with _models_lock:
        models = _models.get(threads)
        if models is None:
            if importlib.util.find_spec("rapidocr") is None:
                return None
            models = _OrientationModels(threads)
            _models[threads] = models
        return models


def orientation_turn(img: Image, *, threads: int) -> int:
    """:func:`detect_orientation` of an image already in OCR form (``as_ocr_image``), with the
    detector on ``threads`` threads (0: onnxruntime's default)."""
    if min(img.shape[:2]) < MIN_SIDE:
        return 0
    models = _get_models(threads)
    if models is None:
        logger.debug("rapidocr is not installed; page orientation is not checked")
        return 0
    bgr = img if img.ndim == 3 else np.asarray(cv2.cvtColor(img, cv2.COLOR_GRAY2BGR), np.uint8)
    # A page of one flat tone has no text to look at; skipping it saves a detector run.
    thumb, _ = _downscale(_grey(img), 65_536)
    if float(thumb.std()) < 2.0:
        return 0
    try:
        return _orientation_from_lines(bgr, models)
    except Exception as exc:  # onnxruntime and rapidocr raise many unrelated types
        raise EngineError(
            f"orientation detection failed: {describe(exc)}", engine="rapidocr"
        ) from exc


def _orientation_from_lines(bgr: Image, models: _OrientationModels) -> int:
    small, scale = _downscale(bgr, ORIENTATION_WORK_PIXELS)
    with models.lock:
        det = models.ocr(small, use_det=True, use_cls=False, use_rec=False)
    boxes = getattr(det, "boxes", None)
    if boxes is None or len(boxes) == 0:
        return 0
    quads = np.asarray(boxes, dtype=np.float64).reshape(-1, 4, 2) / scale
    # Quads start top-left and go clockwise in the image as given, so edge 0-1 runs along the
    # box's width and edge 0-3 along its height, whatever the page's rotation.
    widths = np.linalg.norm(quads[:, 1] - quads[:, 0], axis=1)
    heights = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    wide = widths > line_cls.LINE_ASPECT * heights
    tall = heights > line_cls.LINE_ASPECT * widths
    area = widths * heights
    vertical = float(area[tall].sum()) > float(area[wide].sum())
    chosen = np.flatnonzero(tall if vertical else wide)
    if chosen.size == 0:
        return 0
    base = 90 if vertical else 0

    # Longest lines first: more glyphs per vote, and separators (----) are rare among them.
    length = np.maximum(widths, heights)[chosen]
    chosen = chosen[np.argsort(-length, kind="stable")]
    crops = _line_crops(bgr, quads[chosen[:CLS_LINES]], vertical)
    if not crops:
        return 0

    margin = _classifier_vote(models, crops)
    if margin is None or abs(margin) < CLS_MIN_MARGIN:
        margin = _recognition_vote(models, crops[:REC_LINES])
    return base if margin >= 0 else (base + 180) % 360


def _line_crops(bgr: Image, quads: FloatArray, vertical: bool) -> list[Image]:
    """Axis-aligned crops of the lines at full resolution, turned so that, if the page needs
    ``base`` degrees, each crop reads left to right (upright or upside down)."""
    h, w = bgr.shape[:2]
    crops: list[Image] = []
    for quad in quads:
        x0 = int(np.clip(np.floor(quad[:, 0].min()), 0, w))
        x1 = int(np.clip(np.ceil(quad[:, 0].max()), 0, w))
        y0 = int(np.clip(np.floor(quad[:, 1].min()), 0, h))
        y1 = int(np.clip(np.ceil(quad[:, 1].max()), 0, h))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        crop = bgr[y0:y1, x0:x1]
        if vertical:
            crop = np.asarray(cv2.rotate(crop, cv2.ROTATE_90_CLOCKWISE), dtype=np.uint8)
        crops.append(np.ascontiguousarray(crop))
    return crops


def _classifier_vote(models: _OrientationModels, crops: list[Image]) -> float | None:
    """Mean of p(upright) - p(upside down) over the lines, from PP-OCR's line classifier."""
    return line_cls.upright_margin(crops, models.threads)


def _recognition_vote(models: _OrientationModels, crops: list[Image]) -> float:
    """Mean of rec score upright - rec score upside down: the recogniser's confidence drops
    sharply on flipped text in any script, which the small classifier cannot always see."""
    total = 0.0
    for crop in crops:
        flipped = np.asarray(cv2.rotate(crop, cv2.ROTATE_180), dtype=np.uint8)
        total += _rec_score(models, crop) - _rec_score(models, flipped)
    return total / max(1, len(crops))


def _rec_score(models: _OrientationModels, crop: Image) -> float:
    with models.lock:
        result = models.ocr(crop, use_det=False, use_cls=False, use_rec=True)
    scores = getattr(result, "scores", None)
    if not scores:
        return 0.0
    return float(scores[0])
