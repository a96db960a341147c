"""Default engine: PaddleOCR's PP-OCR models on onnxruntime through RapidOCR.

rapidocr 3.x ships PP-OCRv6 small detection and recognition models inside its wheel, so this
engine works offline right after ``pip install``. Its recognition dictionary covers kanji, kana
and Latin scripts, which is why it is the default for English, Japanese and European invoices.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import Any

from axocr.config import ReadConfig
from axocr.errors import EngineError
from axocr.ocr.base import Image, polygon_to_bbox, split_segment
from axocr.types import Word

# rapidocr resizes anything whose longer side exceeds this; we pass it explicitly so the
# page is never shrunk behind our back (the caller renders at a DPI that fits instead).
MAX_SIDE_LEN = 4000


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
        if config.ocr_threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = config.ocr_threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        self._ocr = RapidOCR(params=params)

    def recognize(self, image: Image) -> list[Word]:
        height, width = image.shape[:2]
        try:
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
        for box, text, score in zip(boxes, texts, scores):
            bbox = polygon_to_bbox(box, width, height)
            words.extend(split_segment(str(text), bbox, float(score)))
        return words


def create(config: ReadConfig) -> RapidOcrEngine:
    return RapidOcrEngine(config)
