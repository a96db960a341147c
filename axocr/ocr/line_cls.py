"""PP-OCR's 0/180 text-line classifier, from the rapidocr wheel, straight on onnxruntime.

Two users: page orientation (``document.preprocess``) and the RapidOCR engine, which asks it
once per page whether the lines it just found are upside down. Run directly rather than
through rapidocr so that all lines go through in one batch.
"""

from __future__ import annotations

import importlib.resources
import logging
import math
import threading
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from axocr.ocr.base import Image

logger = logging.getLogger(__name__)

CLS_MODEL_FILE = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
CLS_HEIGHT, CLS_WIDTH = 48, 192
# A detected box counts as a horizontal (or vertical) line when it is this much longer than
# it is high; squarer boxes (single digits, kanji, stamps) say nothing about direction.
LINE_ASPECT = 1.5

_sessions: dict[int, Any] = {}
_lock = threading.Lock()


def session(threads: int) -> Any:
    """The classifier's onnxruntime session for this thread count (one per process), or None
    when rapidocr or its model is missing."""
    with _lock:
        if threads not in _sessions:
            _sessions[threads] = _load(threads)
        return _sessions[threads]


def _load(threads: int) -> Any:
    try:
        import onnxruntime as ort

        resource = importlib.resources.files("rapidocr") / "models" / CLS_MODEL_FILE
        if not resource.is_file():
            return None
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        with importlib.resources.as_file(resource) as path:
            return ort.InferenceSession(
                str(path), sess_options=options, providers=["CPUExecutionProvider"]
            )
    except Exception as exc:  # a missing or broken model only costs the fast paths
        logger.warning("line orientation classifier unavailable: %s", exc)
        return None


def upright_margin(crops: list[Image], threads: int) -> float | None:
    """Mean of p(upright) - p(upside down) over line crops (BGR, text running left to right
    or right to left); None without crops or without the model."""
    cls = session(threads) if crops else None
    if cls is None:
        return None
    batch = np.stack([_cls_input(c) for c in crops])
    name = cls.get_inputs()[0].name
    probs = np.asarray(cls.run(None, {name: batch})[0], dtype=np.float64)
    # Output columns are the labels "0" and "180".
    return float((probs[:, 0] - probs[:, 1]).mean())


def _cls_input(crop: Image) -> npt.NDArray[np.float32]:
    # The classifier's training input: height 48, width up to 192 keeping the aspect, zero
    # padding on the right, pixels scaled to -1..1, BGR channels first.
    if crop.ndim == 2:
        crop = np.asarray(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    h, w = crop.shape[:2]
    new_w = min(CLS_WIDTH, max(1, math.ceil(CLS_HEIGHT * w / h)))
    resized = cv2.resize(crop, (new_w, CLS_HEIGHT), interpolation=cv2.INTER_LINEAR)
    out = np.zeros((3, CLS_HEIGHT, CLS_WIDTH), dtype=np.float32)
    out[:, :, :new_w] = resized.astype(np.float32).transpose(2, 0, 1) / 127.5 - 1.0
    return out
