"""RapidOCR on onnxruntime or on OpenVINO: the same models, the same words, the same boxes.

Both runtimes run the real engine on the top of a real invoice render (fixtures/special,
150 DPI). Nothing here is timed: speed is measured by benchmarks/speed.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import cv2
import pytest
from pydantic import ValidationError

from axocr.config import ReadConfig
from axocr.ocr import rapid
from axocr.ocr.base import Image
from axocr.ocr.registry import get_engine

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "special" / "sample.webp"
HAS_OPENVINO = importlib.util.find_spec("openvino") is not None
needs_openvino = pytest.mark.skipif(
    not HAS_OPENVINO, reason="openvino not installed (pip install 'axocr[openvino]')"
)


def _letterhead() -> Image:
    image = cv2.imread(str(SAMPLE))
    if image is None:
        pytest.skip("special fixtures not generated")
    return image[:450]  # the issuer, the invoice number and dates, the customer


@pytest.mark.parametrize("backend", ["onnxruntime", pytest.param("openvino", marks=needs_openvino)])
def test_each_backend_reads_the_letterhead(backend: str) -> None:
    engine = get_engine(ReadConfig(ocr_backend=backend, ocr_threads=1))
    assert getattr(engine, "backend", None) == backend
    text = " ".join(w.text for w in engine.recognize(_letterhead()))
    # As printed on the page (checked by eye).
    for expected in ("Pinecrest Analytics LLC", "INV-2024-99059", "June 14, 2024", "PO-952432"):
        assert expected in text


@needs_openvino
def test_openvino_gives_the_words_and_boxes_of_onnxruntime() -> None:
    image = _letterhead()
    ort = get_engine(ReadConfig(ocr_backend="onnxruntime", ocr_threads=1)).recognize(image)
    ov = get_engine(ReadConfig(ocr_backend="openvino", ocr_threads=1)).recognize(image)
    assert [w.text for w in ov] == [w.text for w in ort]
    for a, b in zip(ov, ort, strict=True):
        # The same ONNX graphs on another runtime: float sums in another order may move a
        # box edge by a pixel at most (measured: not at all on the dev pages).
        edges = zip(a.bbox.as_list(), b.bbox.as_list(), strict=True)
        assert max(abs(p - q) for p, q in edges) < 2 / 1241
        assert abs(a.confidence - b.confidence) < 0.01


def test_auto_stays_on_onnxruntime_and_openvino_is_chosen_by_name() -> None:
    # OpenVINO's memory went over a worker's 1.2 GB where it was faster (two threads).
    assert rapid.resolve_backend("auto") == "onnxruntime"
    if HAS_OPENVINO:
        assert rapid.resolve_backend("openvino") == "openvino"


def test_an_unknown_backend_is_refused_by_the_config() -> None:
    with pytest.raises(ValidationError):
        ReadConfig(ocr_backend="tensorrt")
