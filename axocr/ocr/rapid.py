"""Default engine: PaddleOCR's PP-OCR models on onnxruntime through RapidOCR.

rapidocr 3.x ships PP-OCRv6 small detection and recognition models inside its wheel, so this
engine works offline right after ``pip install``. Its recognition dictionary covers kanji, kana
and Latin scripts, which is why it is the default for English, Japanese and European invoices.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import threading
from pathlib import Path
from typing import Any

from axocr.config import ReadConfig
from axocr.errors import EngineError
from axocr.ocr.base import Image, polygon_to_bbox, split_segment
from axocr.types import Word

# rapidocr resizes anything whose longer side exceeds this; we pass it explicitly so the
# page is never shrunk behind our back (the caller renders at a DPI that fits instead).
MAX_SIDE_LEN = 4000

# rapidocr sizes the detector's input so that its shorter side is at least this (and never
# shrinks it): an A4 page at 200 DPI reaches the detector at its full 1654 x 2339 pixels,
# where detection costs 80% of the page. Pages whose detector input would exceed
# det_max_pixels are shrunk to it for detection only; recognition still crops each line from
# the full-resolution image. Smaller images (receipts, logos) are sized exactly as rapidocr
# does, so their text does not change. Measurements: benchmarks/ocr_speed.py.
_RAPID_DET_MIN_SIDE = 736

# The PP-OCRv6 small detector from the rapidocr wheel with its 256k subnormal weights set to
# zero (benchmarks/flush_subnormals.py). Its outputs are the wheel model's to the last bit,
# but x86 CPUs multiply subnormals through a slow microcode path that onnxruntime does not
# switch off on the calling thread: detection takes 0.3 s instead of 1.1 s on a receipt.
DETECTOR = Path(__file__).resolve().parent.parent / "models" / "PP-OCRv6_det_small_ftz.onnx"


def availability() -> tuple[bool, str]:
    if importlib.util.find_spec("rapidocr") is None:
        return False, "the rapidocr package is not installed"
    if importlib.util.find_spec("onnxruntime") is None:
        return False, "the onnxruntime package is not installed"
    return True, "PP-OCRv6 small (bundled with rapidocr)"


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, config: ReadConfig) -> None:
        from rapidocr import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        params: dict[str, Any] = {
            "Global.log_level": "warning",
            "Global.max_side_len": MAX_SIDE_LEN,
            # Page orientation is fixed before OCR (document.preprocess), so the per-line
            # 180-degree classifier would only cost time.
            "Global.use_cls": False,
        }
        # Pinned rather than inherited, since detector_limit() reproduces this rule to know
        # when a page is small enough to keep it.
        params["Det.limit_type"] = "min"
        params["Det.limit_side_len"] = config.det_min_side
        if DETECTOR.exists():
            params["Det.model_path"] = str(DETECTOR)
        else:  # a broken install: the wheel's own copy reads the same text, 3-4x slower
            logging.getLogger(__name__).warning(
                "%s is missing; using rapidocr's own detector (slower)", DETECTOR
            )
        if config.ocr_threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = config.ocr_threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        self._ocr = RapidOCR(params=params)
        self._det_max_pixels = config.det_max_pixels
        self._det_min_side = config.det_min_side
        # The detector's size limit is set per page on the shared detector, so a page's
        # setting and its run must not interleave with another thread's.
        self._lock = threading.Lock()

    def _size_detector(self, height: int, width: int) -> None:
        """Shrink this page's detector input to det_max_pixels, or keep rapidocr's sizing."""
        limit = detector_limit(height, width, self._det_max_pixels, self._det_min_side)
        # rapidocr builds its detector on first use; its sizing rule is read on every call.
        detector = getattr(self._ocr, "text_det", None)
        if detector is None:
            load = getattr(self._ocr, "_load_det_model", None)
            detector = load() if callable(load) else None
        if detector is None or not hasattr(detector, "limit_side_len"):
            return  # another rapidocr layout: its own sizing, slower but the same text
        detector.limit_type, detector.limit_side_len = limit or ("min", self._det_min_side)

    def recognize(self, image: Image) -> list[Word]:
        height, width = image.shape[:2]
        try:
            with self._lock:
                self._size_detector(height, width)
                result = self._ocr(image)
        except Exception as exc:  # the engine's own errors have no common base class
            raise EngineError(f"RapidOCR failed: {exc}", engine=self.name) from exc
        boxes = getattr(result, "boxes", None)
        texts = getattr(result, "txts", None)
        scores = getattr(result, "scores", None)
        # A blank page comes back as None rather than empty sequences.
        if boxes is None or texts is None or scores is None:
            return []
        words: list[Word] = []
        for box, text, score in zip(boxes, texts, scores, strict=False):
            bbox = polygon_to_bbox(box, width, height)
            words.extend(split_segment(str(text), bbox, float(score)))
        return words


def detector_limit(
    height: int, width: int, max_pixels: int, min_side: int = _RAPID_DET_MIN_SIDE
) -> tuple[str, int] | None:
    """The detector's sizing for this page, or None to keep rapidocr's rule.

    rapidocr raises the shorter side to ``min_side`` px (0: keeps the image's own size);
    when that input would hold more than ``max_pixels``, the scale is lowered until it holds
    about ``max_pixels``, aspect kept.
    """
    if max_pixels <= 0 or height <= 0 or width <= 0:
        return None
    own = max(1.0, min_side / min(height, width))
    if height * width * own * own <= max_pixels:
        return None
    scale = math.sqrt(max_pixels / (height * width))
    if scale < 1.0:  # "max" shrinks the longer side to the limit
        return "max", max(32, int(max(height, width) * scale))
    # A small but very wide image (a logo strip): enlarge less than rapidocr would.
    return "min", int(min(height, width) * scale)


def create(config: ReadConfig) -> RapidOcrEngine:
    return RapidOcrEngine(config)
