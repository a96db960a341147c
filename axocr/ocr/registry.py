"""Engine registry: names to lazily imported factories, and one engine per process."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from axocr.config import ReadConfig
from axocr.errors import EngineUnavailableError
from axocr.ocr.base import OcrEngine


@dataclass(frozen=True)
class EngineInfo:
    name: str
    module: str
    extra: str | None
    description: str


ENGINES: dict[str, EngineInfo] = {
    "rapidocr": EngineInfo(
        "rapidocr",
        "axocr.ocr.rapid",
        None,
        "PP-OCR models (PP-OCRv6 small) on onnxruntime via RapidOCR; models ship in the wheel",
    ),
    "paddle": EngineInfo(
        "paddle",
        "axocr.ocr.paddle",
        "paddle",
        "PaddleOCR 3.x itself, offline on ONNX model folders given with model_dir",
    ),
    "tesseract": EngineInfo(
        "tesseract",
        "axocr.ocr.tesseract",
        "tesseract",
        "Tesseract 5 through pytesseract (needs the tesseract binary and language data)",
    ),
}

_cache: dict[tuple[str, str], OcrEngine] = {}
_lock = threading.Lock()


def _module(name: str) -> ModuleType:
    if name not in ENGINES:
        raise EngineUnavailableError(
            f"unknown OCR engine {name!r}; known: {', '.join(ENGINES)}", engine=name
        )
    return importlib.import_module(ENGINES[name].module)


def engine_status(name: str) -> tuple[bool, str]:
    """(available, reason) without loading any model."""
    try:
        mod = _module(name)
    except ImportError as exc:
        return False, f"cannot import the engine module: {exc}"
    check: Callable[[], tuple[bool, str]] = mod.availability
    return check()


def get_engine(config: ReadConfig) -> OcrEngine:
    """The engine for this config, created once per process and reused (loading costs time)."""
    key = (
        config.engine,
        f"{config.ocr_threads}|{config.det_max_pixels}|{config.det_min_side}|{config.model_dir}|"
        f"{','.join(config.languages)}|{config.ocr_backend}|{config.rec_min_width}",
    )
    with _lock:
        engine = _cache.get(key)
        if engine is None:
            info = ENGINES.get(config.engine)
            available, reason = engine_status(config.engine)
            if not available:
                hint = f" (pip install 'axocr[{info.extra}]')" if info and info.extra else ""
                raise EngineUnavailableError(
                    f"OCR engine {config.engine!r} is not available: {reason}{hint}",
                    engine=config.engine,
                )
            factory: Callable[[ReadConfig], OcrEngine] = _module(config.engine).create
            engine = factory(config)
            _cache[key] = engine
        return engine
