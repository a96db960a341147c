"""Tesseract 5 through pytesseract: a second opinion that needs no neural model download.

Tesseract reads Latin scripts well on clean scans and is packaged by every Linux
distribution, which makes it a useful fallback and a benchmark baseline. It is weaker than
PP-OCR on photos and on Japanese. Needs ``pip install 'axocr[tesseract]'`` plus the
``tesseract`` binary and its language data (Debian: ``apt-get install tesseract-ocr
tesseract-ocr-jpn tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-nld``).
"""

from __future__ import annotations

import collections
import importlib.util
import os
import shutil
from typing import Any

import numpy as np

from axocr.config import ReadConfig
from axocr.errors import EngineError, EngineUnavailableError, describe
from axocr.lang.packs import tesseract_codes
from axocr.ocr.base import Image
from axocr.types import BBox, Word

# axocr's language codes (ISO 639-1) to Tesseract's traineddata names, from the locale packs.
TESSERACT_LANGUAGES: dict[str, str] = tesseract_codes()

# Tesseract's OpenMP build starts a thread team per page; on small machines (and when
# several pages are read in parallel processes) the threads fight each other and a page
# takes several times longer than single-threaded. Tesseract's own docs advise this limit.
_THREAD_LIMIT = {"OMP_THREAD_LIMIT": "1"}


def availability() -> tuple[bool, str]:
    if importlib.util.find_spec("pytesseract") is None:
        return False, "the pytesseract package is not installed"
    if shutil.which("tesseract") is None:
        return False, "the tesseract binary is not on PATH (apt-get install tesseract-ocr)"
    return True, "Tesseract (LSTM) through pytesseract"


def tesseract_languages(wanted: tuple[str, ...], installed: list[str]) -> list[str]:
    """Tesseract codes for ``wanted`` (axocr or Tesseract codes), in order, that are installed.

    The order matters: Tesseract treats the first language as the main one.
    """
    codes: list[str] = []
    for lang in wanted:
        code = TESSERACT_LANGUAGES.get(lang, lang)
        if code in installed and code not in codes:
            codes.append(code)
    return codes


class TesseractEngine:
    name = "tesseract"

    def __init__(self, config: ReadConfig) -> None:
        import pytesseract

        self._pytesseract = pytesseract
        # pytesseract has no per-call environment argument: it hands the module attribute
        # ``pytesseract.pytesseract.environ`` (os.environ) to every tesseract subprocess. We
        # point that attribute at a view of os.environ that adds OMP_THREAD_LIMIT=1 unless the
        # user set it, so only tesseract's subprocesses see the limit and os.environ (and with
        # it onnxruntime, OpenCV and any other OpenMP user in this process) stays untouched.
        module = pytesseract.pytesseract
        if not isinstance(getattr(module, "environ", None), collections.ChainMap):
            module.environ = collections.ChainMap(os.environ, _THREAD_LIMIT)
        try:
            installed = list(pytesseract.get_languages(config=""))
        except Exception as exc:  # TesseractNotFoundError, OSError
            raise EngineUnavailableError(
                f"cannot run tesseract --list-langs: {exc}", engine=self.name
            ) from exc
        self.languages = tesseract_languages(config.languages, installed)
        if not self.languages:
            wanted = ", ".join(TESSERACT_LANGUAGES.get(x, x) for x in config.languages)
            raise EngineUnavailableError(
                f"no Tesseract language data for {wanted} (installed: {', '.join(installed)}); "
                "install e.g. tesseract-ocr-eng",
                engine=self.name,
            )
        self._lang = "+".join(self.languages)

    def recognize(self, image: Image) -> list[Word]:
        height, width = image.shape[:2]
        if image.ndim == 3:
            # Pillow (inside pytesseract) reads arrays as RGB; ours are BGR.
            image = np.ascontiguousarray(image[:, :, 2::-1])
        try:
            data: dict[str, list[Any]] = self._pytesseract.image_to_data(
                image,
                lang=self._lang,
                output_type=self._pytesseract.Output.DICT,
            )
        except Exception as exc:  # TesseractError, TesseractNotFoundError, OSError
            raise EngineError(f"Tesseract failed: {describe(exc)}", engine=self.name) from exc
        return tsv_to_words(data, width, height)


def tsv_to_words(data: dict[str, list[Any]], width: int, height: int) -> list[Word]:
    """Word rows of Tesseract's TSV (as pytesseract's dict) to words with relative boxes.

    Rows for pages, blocks, paragraphs and lines carry conf -1 and no text; empty word rows
    are noise. Tesseract's confidence is 0..100.
    """
    words: list[Word] = []
    for text, conf, left, top, w, h in zip(
        data.get("text", []),
        data.get("conf", []),
        data.get("left", []),
        data.get("top", []),
        data.get("width", []),
        data.get("height", []),
        strict=False,
    ):
        text = str(text).strip()
        confidence = float(conf)
        if confidence < 0 or not text:
            continue
        x0, y0 = float(left) / width, float(top) / height
        x1, y1 = (float(left) + float(w)) / width, (float(top) + float(h)) / height
        words.append(
            Word(
                text=text,
                bbox=BBox(
                    x0=min(max(x0, 0.0), 1.0),
                    y0=min(max(y0, 0.0), 1.0),
                    x1=min(max(x1, 0.0), 1.0),
                    y1=min(max(y1, 0.0), 1.0),
                ),
                confidence=min(max(confidence / 100.0, 0.0), 1.0),
                source="ocr",
            )
        )
    return words


def create(config: ReadConfig) -> TesseractEngine:
    return TesseractEngine(config)
