"""One contract for every OCR engine in the registry, run on real rendered images.

Each engine that is installed here must read drawn English (and, where it has the script,
Japanese) text into words with relative boxes where the text was drawn, confidences in 0..1,
and nothing at all from a blank page. Engines that are not installed are skipped with the
reason their ``availability()`` gives.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import unicodedata
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from engines_images import (
    JAPANESE_FONT,
    DrawnLine,
    Image,
    blank_page,
    english_lines,
    japanese_lines,
)
from rapidfuzz import fuzz

from axocr.config import ReadConfig
from axocr.errors import EngineUnavailableError
from axocr.ocr import registry
from axocr.ocr.base import OcrEngine
from axocr.ocr.registry import ENGINES, engine_status, get_engine
from axocr.types import Word

# How far (relative page height) a word's centre may sit outside the band the text was
# drawn in: engines pad their boxes differently.
Y_TOLERANCE = 0.05
# rapidfuzz ratio (0..100) a read line must reach against what was drawn: one misread
# digit in "Total 1,234.56" still passes, a wrong line does not.
MIN_SIMILARITY = 80


@pytest.fixture(scope="module", params=list(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> OcrEngine:
    name: str = request.param
    available, reason = engine_status(name)
    if not available:
        pytest.skip(f"{name} is not available: {reason}")
    model_dir: str | None = None
    if name == "paddle":
        from axocr.ocr.paddle import prepare_paddle_models

        model_dir = str(prepare_paddle_models(tmp_path_factory.mktemp("paddle-models")))
    return get_engine(ReadConfig(engine=name, model_dir=model_dir))


def normalise(text: str) -> str:
    """NFKC (full-width forms to ASCII) without whitespace: engines differ in both."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def words_in(words: list[Word], line: DrawnLine) -> list[Word]:
    """The words whose vertical centre lies in the band a line was drawn in, left to right."""
    picked = [w for w in words if line.y0 - Y_TOLERANCE <= w.bbox.cy <= line.y1 + Y_TOLERANCE]
    return sorted(picked, key=lambda w: w.bbox.x0)


def check_words_are_well_formed(words: list[Word]) -> None:
    for word in words:
        box = word.bbox
        assert 0.0 <= box.x0 <= box.x1 <= 1.0, word
        assert 0.0 <= box.y0 <= box.y1 <= 1.0, word
        assert 0.0 <= word.confidence <= 1.0, word
        assert word.source == "ocr"
        assert word.text.strip() == word.text and word.text, word


def check_lines(words: list[Word], drawn: list[DrawnLine], anchors: list[list[str]]) -> None:
    """Every drawn line is read, where it was drawn, in the same top-to-bottom order."""
    check_words_are_well_formed(words)
    assert words, "no words read"
    for word in words:
        assert any(words_in([word], line) for line in drawn), f"stray word {word}"
    centres: list[float] = []
    for line, tokens in zip(drawn, anchors, strict=True):
        found = words_in(words, line)
        read = normalise("".join(w.text for w in found))
        assert fuzz.ratio(read, normalise(line.text)) >= MIN_SIMILARITY, (line.text, read)
        for token in tokens:
            assert normalise(token) in read, (token, read)
        # Drawn 60 px from the left edge of a 1000 px wide image.
        assert abs(found[0].bbox.x0 - 0.06) < 0.05, found[0]
        centres.append(sum(w.bbox.cy for w in found) / len(found))
    assert centres == sorted(centres)


def test_engine_follows_the_protocol(engine: OcrEngine) -> None:
    assert isinstance(engine, OcrEngine)
    assert engine.name in ENGINES


def test_reads_english(engine: OcrEngine) -> None:
    image, drawn = english_lines()
    check_lines(engine.recognize(image), drawn, [["Invoice", "4711"], ["Total"]])


def test_reads_greyscale(engine: OcrEngine) -> None:
    image, drawn = english_lines()
    grey: Image = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    check_lines(engine.recognize(grey), drawn, [["Invoice", "4711"], ["Total"]])


def japanese_skip_reason(engine: OcrEngine) -> str | None:
    if not JAPANESE_FONT.is_file():
        return f"no Japanese font at {JAPANESE_FONT} (apt-get install fonts-ipaexfont-gothic)"
    # Tesseract reads Japanese only with its jpn data; the PP-OCR engines always can.
    languages: list[str] | None = getattr(engine, "languages", None)
    if engine.name == "tesseract" and (languages is None or "jpn" not in languages):
        return "Tesseract has no jpn language data (apt-get install tesseract-ocr-jpn)"
    return None


def test_reads_japanese(engine: OcrEngine) -> None:
    reason = japanese_skip_reason(engine)
    if reason:
        pytest.skip(reason)
    image, drawn = japanese_lines()
    check_lines(engine.recognize(image), drawn, [["株式会社"], ["合計", "1,378"]])


@pytest.mark.parametrize("grey", [False, True], ids=["bgr", "grey"])
def test_blank_page_gives_no_words(engine: OcrEngine, grey: bool) -> None:
    image = blank_page()
    assert engine.recognize(image[:, :, 0] if grey else image) == []


# --- when an engine cannot be had ---------------------------------------------------------


@pytest.fixture
def empty_engine_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """get_engine reuses engines per process; these tests must reach the availability check."""
    monkeypatch.setattr(registry, "_cache", {})


def test_unknown_engine_is_unavailable(empty_engine_cache: None) -> None:
    with pytest.raises(EngineUnavailableError) as caught:
        get_engine(ReadConfig(engine="no-such-engine"))
    assert caught.value.engine == "no-such-engine"
    assert caught.value.code == "engine_unavailable"
    for known in ENGINES:
        assert known in str(caught.value)


# The package each optional engine cannot work without.
REQUIRED_PACKAGE = {"paddle": "paddleocr", "tesseract": "pytesseract"}


@pytest.mark.parametrize("name", [n for n, info in ENGINES.items() if info.extra])
def test_missing_package_names_the_extra(
    name: str, monkeypatch: pytest.MonkeyPatch, empty_engine_cache: None
) -> None:
    """Hide the engine's package from importlib, as on a machine without the extra."""
    real_find_spec = importlib.util.find_spec
    hidden = REQUIRED_PACKAGE[name]

    def find_spec(module: str, package: str | None = None) -> Any:
        return None if module == hidden else real_find_spec(module, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(EngineUnavailableError) as caught:
        get_engine(ReadConfig(engine=name))
    assert f"pip install 'axocr[{ENGINES[name].extra}]'" in str(caught.value)
    assert caught.value.engine == name


def test_paddle_without_model_dir_says_what_to_pass(empty_engine_cache: None) -> None:
    available, reason = engine_status("paddle")
    if not available:
        pytest.skip(f"paddle is not available: {reason}")
    with pytest.raises(EngineUnavailableError) as caught:
        get_engine(ReadConfig(engine="paddle"))
    message = str(caught.value)
    assert "model_dir" in message and "prepare_paddle_models" in message


def test_paddle_model_folders_carry_the_rapidocr_dictionary(tmp_path: Path) -> None:
    if importlib.util.find_spec("yaml") is None or importlib.util.find_spec("rapidocr") is None:
        pytest.skip("needs PyYAML (comes with paddleocr) and rapidocr")
    import yaml

    from axocr.ocr.paddle import prepare_paddle_models, read_onnx_character_dict

    root = prepare_paddle_models(tmp_path)
    rec = yaml.safe_load((root / "rec" / "inference.yml").read_text(encoding="utf-8"))
    characters = rec["PostProcess"]["character_dict"]
    assert characters == read_onnx_character_dict(root / "rec" / "inference.onnx")
    assert {"合", "計", "¥", "ä", "é"} <= set(characters)
    assert yaml.safe_load((root / "det" / "inference.yml").read_text(encoding="utf-8"))["Global"][
        "model_name"
    ].endswith("_det")


# --- Tesseract specifics ------------------------------------------------------------------


def test_tesseract_language_codes() -> None:
    from axocr.ocr.tesseract import tesseract_languages

    installed = ["deu", "eng", "osd"]
    assert tesseract_languages(("en", "ja", "de", "fra"), installed) == ["eng", "deu"]
    assert tesseract_languages(("ja",), installed) == []


def test_tesseract_thread_limit_stays_out_of_os_environ(empty_engine_cache: None) -> None:
    available, reason = engine_status("tesseract")
    if not available:
        pytest.skip(reason)
    had_limit = "OMP_THREAD_LIMIT" in os.environ
    get_engine(ReadConfig(engine="tesseract", languages=("en",)))
    assert ("OMP_THREAD_LIMIT" in os.environ) == had_limit
    # What pytesseract hands to every tesseract subprocess.
    subprocess_env = importlib.import_module("pytesseract.pytesseract").environ
    assert subprocess_env["OMP_THREAD_LIMIT"] == os.environ.get("OMP_THREAD_LIMIT", "1")
