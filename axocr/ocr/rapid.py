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
import time
from pathlib import Path
from typing import Any

import numpy as np

from axocr.config import ReadConfig
from axocr.errors import EngineError, EngineUnavailableError, describe
from axocr.ocr.base import Image, LineReading, polygon_to_bbox, split_segment
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

# recognize_upright(): the longest lines found on the page (at most FLIP_LINES, each longer
# than line_cls.LINE_ASPECT times its height) go to PP-OCR's 0/180 line classifier, and a page whose
# mean margin p(upright) - p(upside down) is at or below -FLIP_MARGIN has every line turned
# before recognition. Measured on 233 upright scans and renders of the benchmark, each also
# turned 180 degrees (one thread): the classifier costs 12.5 ms a page; upright pages gave
# margins of 0.14 and up, turned pages -0.44 and down, and 227 of the 233 turned pages passed
# -0.5. The few it misses are still caught by the reader's orientation check, at the cost of
# a second pass.
FLIP_LINES = 10
FLIP_MARGIN = 0.5


# The wheel's recognition and line-classifier models. onnxruntime finds them by itself;
# other runtimes must be given the paths or rapidocr would try to download its own copies.
_REC_MODEL = "PP-OCRv6_rec_small.onnx"
_CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


def availability() -> tuple[bool, str]:
    if importlib.util.find_spec("rapidocr") is None:
        return False, "the rapidocr package is not installed"
    if importlib.util.find_spec("onnxruntime") is None:
        return False, "the onnxruntime package is not installed"
    return True, "PP-OCRv6 small (bundled with rapidocr) on onnxruntime or openvino"


def resolve_backend(requested: str) -> str:
    """The inference runtime ``ocr_backend`` names.

    OpenVINO reads the same ONNX files and gives the same words and boxes (and the same
    fields on 30 SROIE receipts). Measured (docs/benchmarks.md): with two threads it takes
    0.73x the CPU time of onnxruntime and 0.8x the wall time, but its peak memory reached
    1.40 GB against 0.85 GB over 30 receipts, over the 1.2 GB a worker may use; with one
    thread, what each batch worker of ``--jobs 2`` gets on two cores, 0.89-0.97x the CPU
    time for ~0.4 GB more and ~1.5 s of compiling on a worker's first page. So ``auto``
    stays on onnxruntime; OpenVINO is there to choose where memory allows.
    """
    if requested == "auto":
        return "onnxruntime"
    if requested == "openvino" and importlib.util.find_spec("openvino") is None:
        raise EngineUnavailableError(
            "ocr_backend='openvino' needs the openvino package (pip install 'axocr[openvino]')",
            engine="rapidocr",
        )
    return requested


def _pin_openvino_to_f32() -> None:
    """Make rapidocr's OpenVINO sessions compute in f32, as onnxruntime does.

    On a CPU with native bf16 (AVX512_BF16 or AMX) OpenVINO's CPU plugin computes in bf16
    unless told otherwise, and rapidocr's config has no key for that. Measured on 12 SROIE
    receipts on an AVX512_BF16 machine (2 threads): bf16 took 0.6x the time of f32 but read
    other words on 6 of them (``NO.5:`` for ``NO.55``) and moved box edges by 5 px, so what
    OpenVINO reads would depend on the CPU it runs on. The class that builds the sessions'
    properties is patched before an engine builds them; idempotent, and a rapidocr without
    this class keeps its own rule.
    """
    try:
        from rapidocr.inference_engine.openvino import main as openvino_session
    except ImportError:
        return
    base = getattr(openvino_session, "CPUConfig", None)
    if base is None or getattr(base, "axocr_f32", False):
        return

    class _F32Config(base):  # type: ignore[misc,valid-type]
        axocr_f32 = True

        def get_config(self) -> dict[str, Any]:
            config: dict[str, Any] = super().get_config()
            config.setdefault("INFERENCE_PRECISION_HINT", "f32")
            return config

    setattr(openvino_session, "CPUConfig", _F32Config)  # noqa: B010 (mypy: not exported)


def _backend_params(backend: str, threads: int) -> dict[str, Any]:
    from rapidocr import EngineType

    params: dict[str, Any] = {}
    if backend == "openvino":
        import rapidocr

        models = Path(rapidocr.__file__).resolve().parent / "models"
        engine = EngineType.OPENVINO
        params["Rec.model_path"] = str(models / _REC_MODEL)
        params["Cls.model_path"] = str(models / _CLS_MODEL)
        if threads:
            params["EngineConfig.openvino.inference_num_threads"] = threads
        # One page at a time per worker: one stream, tuned for the latency of that page.
        params["EngineConfig.openvino.num_streams"] = 1
        params["EngineConfig.openvino.performance_hint"] = "LATENCY"
    else:
        engine = EngineType.ONNXRUNTIME
        if threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    for model in ("Det", "Cls", "Rec"):
        params[f"{model}.engine_type"] = engine
    return params


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
        self.backend = resolve_backend(config.ocr_backend)
        params.update(_backend_params(self.backend, config.ocr_threads))
        if self.backend == "openvino":
            _pin_openvino_to_f32()  # before rapidocr builds its sessions below
        self._ocr = _page_flipping(RapidOCR)(params=params)
        _set_rec_min_width(self._ocr, config.rec_min_width)
        self._ocr.threads = config.ocr_threads
        self._det_max_pixels = config.det_max_pixels
        self._det_min_side = config.det_min_side
        # The detector's size limit is set per page on the shared detector, so a page's
        # setting and its run must not interleave with another thread's.
        self._lock = threading.Lock()
        self._stages = threading.local()

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
        return self._read(image, flip_check=False)[0]

    def read_lines(self, crops: list[Image]) -> list[LineReading]:
        if not crops:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput

        try:
            with self._lock:
                recognizer = self._ocr._load_rec_model()
                result = recognizer(TextRecInput(img=crops, return_word_box=True))
        except Exception as exc:  # the engine's own errors have no common base class
            raise EngineError(f"RapidOCR failed: {describe(exc)}", engine=self.name) from exc
        texts = list(result.txts or ())
        if len(texts) != len(crops):
            return [("", 0.0, None)] * len(crops)
        details = _word_details(result, len(texts))
        return [
            (str(text), float(score), getattr(detail, "confs", None) or None)
            for text, score, detail in zip(texts, result.scores, details, strict=False)
        ]

    def last_stage_ms(self) -> dict[str, float]:
        """Where this thread's last page went: detection, line classifier, recognition (ms)."""
        return dict(getattr(self._stages, "ms", {}))

    def recognize_upright(self, image: Image) -> tuple[list[Word], int]:
        """Like :meth:`recognize`, but a page lying upside down is read in the same pass:
        its lines are turned before recognition and the words come back with boxes on the
        upright page. Returns the words and the rotation applied (0 or 180)."""
        return self._read(image, flip_check=True)

    def _read(self, image: Image, *, flip_check: bool) -> tuple[list[Word], int]:
        height, width = image.shape[:2]
        try:
            with self._lock:
                self._size_detector(height, width)
                self._ocr.flipped = False
                # rapidocr's line-classifier step is where the page-level check runs.
                result = self._ocr(image, use_cls=flip_check)
                flipped = bool(self._ocr.flipped)
                self._stages.ms = _stage_ms(result)
        except Exception as exc:  # the engine's own errors have no common base class
            raise EngineError(f"RapidOCR failed: {describe(exc)}", engine=self.name) from exc
        boxes = getattr(result, "boxes", None)
        texts = getattr(result, "txts", None)
        scores = getattr(result, "scores", None)
        # A blank page comes back as None rather than empty sequences.
        if boxes is None or texts is None or scores is None:
            return [], 0
        details = _word_details(result, len(texts))
        words: list[Word] = []
        for box, text, score, detail in zip(boxes, texts, scores, details, strict=False):
            corners = np.asarray(box, dtype=np.float64).reshape(-1, 2)
            if flipped:  # from the upside-down image to the upright page
                corners = np.array([width, height], dtype=np.float64) - corners
            bbox = polygon_to_bbox(corners, width, height)
            confs = getattr(detail, "confs", None)
            words.extend(split_segment(str(text), bbox, float(score), confs or None))
        return words, 180 if flipped else 0


def _set_rec_min_width(ocr: Any, width: int) -> None:
    """Pad each recognition batch to at least ``width`` px instead of rapidocr's 320.

    rapidocr starts every batch's width at its model input's (3, 48, 320) and widens it for
    longer lines, so a lone amount or quantity is read on a 320 px canvas, mostly padding.
    Only that starting width is read from ``rec_image_shape`` (the height stays 48).
    """
    if width == 320:
        return  # rapidocr's own: leave its recogniser unloaded until the first page
    recognizer = ocr._load_rec_model()
    channels, height, _ = recognizer.rec_image_shape[:3]
    recognizer.rec_image_shape = [channels, height, width]


def _word_details(result: Any, count: int) -> list[Any]:
    """The per-character details of each of ``count`` text segments, or a None for each where
    rapidocr gave none or not one per segment: then no character is tied to the wrong text."""
    details = list(getattr(result, "word_results", None) or ())
    return details if len(details) == count else [None] * count


def _stage_ms(result: Any) -> dict[str, float]:
    elapsed = list(getattr(result, "elapse_list", None) or ())
    return {
        f"ocr_{stage}": round(seconds * 1000, 2)
        for stage, seconds in zip(("det", "cls", "rec"), elapsed, strict=False)
        if isinstance(seconds, float)
    }


def _page_flipping(base: Any) -> Any:
    """A subclass of rapidocr's RapidOCR whose line-classifier step decides once for the
    whole page instead of per line.

    Per-line decisions on an upright page turn some short lines upside down (the classifier
    is tiny), which is why the engine runs without that step; one vote over the longest
    lines is reliable, and turning all lines of a page that lies upside down saves a second
    OCR pass after the orientation check.
    """
    from rapidocr.ch_ppocr_cls import TextClsOutput
    from rapidocr.ch_ppocr_rec import TextRecInput
    from rapidocr.main import RapidOCRError

    class PageFlippingRapidOCR(base):  # type: ignore[misc]
        threads = 0
        flipped = False

        def cls_and_rotate(self, img: list[Image]) -> tuple[list[Image], Any]:
            t = time.perf_counter()
            self.flipped = page_upside_down(img, self.threads)
            if self.flipped:
                img = [np.ascontiguousarray(crop[::-1, ::-1]) for crop in img]
            return img, TextClsOutput(elapse=time.perf_counter() - t)

        def recognize_txt(self, img: list[Image]) -> Any:
            # The recogniser's per-character probabilities come with its word details, which
            # rapidocr keeps only when asked for word boxes. Asking the recogniser alone gives
            # them without the cost of the boxes: the line's mean hides one doubtful character
            # of a name ("LJAN" for "LIAN"), its weakest character does not.
            result = self._load_rec_model()(TextRecInput(img=img, return_word_box=True))
            if result.txts is None:  # as rapidocr's own recognize_txt reports it
                raise RapidOCRError("The text recognize result is empty")
            return result

    return PageFlippingRapidOCR


def page_upside_down(crops: list[Image], threads: int) -> bool:
    """Do the longest of these line crops (as cut from the page) read upside down?"""
    from axocr.ocr import line_cls

    lines = [c for c in crops if c.shape[1] > line_cls.LINE_ASPECT * c.shape[0]]
    lines.sort(key=lambda c: -c.shape[1])
    margin = line_cls.upright_margin(lines[:FLIP_LINES], threads)
    return margin is not None and margin <= -FLIP_MARGIN


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
