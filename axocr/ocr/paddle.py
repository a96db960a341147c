"""PaddleOCR 3.x itself, run offline on ONNX model folders through its onnxruntime engine.

PaddleOCR downloads its models on first use; axocr never does (tests and deployments have no
network), so this engine needs ``ReadConfig.model_dir``: a folder holding two PaddleX model
folders::

    model_dir/
      det/  inference.onnx  inference.yml   text detection (e.g. PP-OCRv6_small_det)
      rec/  inference.onnx  inference.yml   text recognition (e.g. PP-OCRv6_small_rec)

Each ``inference.yml`` names its model in ``Global.model_name`` (PaddleX picks pre- and
post-processing by that name and refuses a folder whose name does not match) and lists the
pre/post-processing; the recognition one also carries the character dictionary under
``PostProcess.character_dict``. Official PaddleOCR model folders exported to ONNX
(``paddlex --paddle2onnx``) have this layout. :func:`prepare_paddle_models` builds it from
the PP-OCRv6 small models that ship inside the rapidocr wheel, so the engine can run with
nothing downloaded (and gives the same models as the default engine, under PaddleOCR's own
pre- and post-processing).

The paddlepaddle framework is not needed: inference runs on onnxruntime.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from axocr.config import ReadConfig
from axocr.errors import EngineError, EngineUnavailableError, describe
from axocr.ocr.base import Image, polygon_to_bbox, split_segment
from axocr.ocr.rapid import DETECTOR
from axocr.types import Word

DET_MODEL_NAME = "PP-OCRv6_small_det"
REC_MODEL_NAME = "PP-OCRv6_small_rec"

# The files in the rapidocr wheel (rapidocr/models/) that hold those two models.
RAPIDOCR_DET_FILE = "PP-OCRv6_det_small.onnx"
RAPIDOCR_REC_FILE = "PP-OCRv6_rec_small.onnx"

# What PaddleX itself writes into inference.yml for PP-OCRv6 detection and recognition
# (paddlex.modules.base.utils.pdparams2safetensors.inference_meta), less the TensorRT shape
# hints and the training-only label encoders that inference skips.
_DET_PIPELINE: dict[str, Any] = {
    "PreProcess": {
        "transform_ops": [
            {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
            # Only a default: the pipeline passes its own limit_side_len / limit_type.
            {"DetResizeForTest": {"resize_long": 960}},
            {
                "NormalizeImage": {
                    "mean": [0.485, 0.456, 0.406],
                    "std": [0.229, 0.224, 0.225],
                    "scale": "1./255.",
                    "order": "hwc",
                }
            },
            {"ToCHWImage": None},
        ]
    },
    "PostProcess": {
        "name": "DBPostProcess",
        "thresh": 0.3,
        "box_thresh": 0.6,
        "max_candidates": 1000,
        "unclip_ratio": 1.5,
    },
}
_REC_PIPELINE: dict[str, Any] = {
    "PreProcess": {
        "transform_ops": [
            {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
            {"RecResizeImg": {"image_shape": [3, 48, 320]}},
        ]
    },
    "PostProcess": {"name": "CTCLabelDecode"},
}

# Same page scaling as the default engine (RapidOCR's PP-OCRv6 settings): grow pages whose
# short side is under 736 px; PaddleOCR's own cap on the long side is 4000 px, like ours for
# RapidOCR, so both engines see the same pixels.
_DET_LIMIT_SIDE_LEN = 736
_DET_LIMIT_TYPE = "min"
# RapidOCR drops lines scored under 0.5 (Global.text_score); PaddleOCR keeps everything by
# default, which lets noise (stamps, lines of a table) through as text.
_REC_SCORE_THRESH = 0.5


def availability() -> tuple[bool, str]:
    if importlib.util.find_spec("paddleocr") is None:
        return False, "the paddleocr package (3.x) is not installed"
    if importlib.util.find_spec("onnxruntime") is None:
        return False, "the onnxruntime package is not installed"
    return True, "PaddleOCR 3.x on onnxruntime; needs model_dir with det/ and rec/"


def rapidocr_model_dir() -> Path:
    """The models/ folder inside the installed rapidocr wheel."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        raise EngineUnavailableError(
            "rapidocr is not installed, so its PP-OCR models cannot be reused", engine="paddle"
        )
    return Path(spec.origin).parent / "models"


def read_onnx_character_dict(model_path: Path) -> list[str]:
    """The recognition dictionary that PaddleOCR's ONNX export stores in the model metadata.

    It is one character per line (key ``character``), without CTC's leading blank and the
    trailing space, which the CTC decoder adds itself. Split on newlines only: the dictionary
    holds characters that ``str.splitlines`` would also treat as line breaks.
    """
    import onnxruntime as ort

    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map
    characters = meta.get("character")
    if not isinstance(characters, str) or not characters:
        raise EngineError(
            f"{model_path} carries no character dictionary in its metadata", engine="paddle"
        )
    return characters.split("\n")


def _link_or_copy(source: Path, target: Path) -> None:
    if target.is_symlink() or target.exists():
        target.unlink()
    try:
        target.symlink_to(source)
    except OSError:  # file systems or platforms without symlinks
        shutil.copyfile(source, target)


def _write_yml(path: Path, data: dict[str, Any]) -> None:
    import yaml  # PyYAML comes with paddleocr, the only user of these folders

    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def prepare_paddle_models(dest: Path) -> Path:
    """Build ``dest/det`` and ``dest/rec`` PaddleOCR model folders from the rapidocr wheel.

    The ONNX files are symlinked (copied where symlinks fail); ``inference.yml`` is written as
    PaddleX writes it for PP-OCRv6 small, with the recognition dictionary read from the ONNX
    metadata. Returns ``dest``, ready for ``ReadConfig(engine="paddle", model_dir=...)``.
    Running it again rewrites the folders.
    """
    source = rapidocr_model_dir()
    det_onnx, rec_onnx = source / RAPIDOCR_DET_FILE, source / RAPIDOCR_REC_FILE
    if DETECTOR.is_file():  # the same detector with subnormal weights zeroed: 3-4x faster
        det_onnx = DETECTOR
    for path in (det_onnx, rec_onnx):
        if not path.is_file():
            raise EngineUnavailableError(
                f"{path} is missing; this rapidocr version ships other models", engine="paddle"
            )
    det_dir, rec_dir = dest / "det", dest / "rec"
    det_dir.mkdir(parents=True, exist_ok=True)
    rec_dir.mkdir(parents=True, exist_ok=True)

    _link_or_copy(det_onnx, det_dir / "inference.onnx")
    _write_yml(
        det_dir / "inference.yml", {"Global": {"model_name": DET_MODEL_NAME}, **_DET_PIPELINE}
    )

    _link_or_copy(rec_onnx, rec_dir / "inference.onnx")
    rec_post = {
        **_REC_PIPELINE["PostProcess"],
        "character_dict": read_onnx_character_dict(rec_onnx),
    }
    _write_yml(
        rec_dir / "inference.yml",
        {"Global": {"model_name": REC_MODEL_NAME}, **_REC_PIPELINE, "PostProcess": rec_post},
    )
    return dest


def _model_name(folder: Path) -> str:
    """``Global.model_name`` of a model folder: PaddleOCR must be told the same name."""
    import yaml

    try:
        data = yaml.safe_load((folder / "inference.yml").read_text(encoding="utf-8"))
        return str(data["Global"]["model_name"])
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise EngineUnavailableError(
            f"{folder / 'inference.yml'} is missing or names no Global.model_name: {exc}",
            engine="paddle",
        ) from exc


def _check_model_dir(model_dir: str | None) -> tuple[Path, Path]:
    if model_dir is None:
        raise EngineUnavailableError(
            "the paddle engine runs offline and needs model_dir: a folder with det/ and rec/ "
            "subfolders, each holding inference.onnx and inference.yml (build one from the "
            "models in the rapidocr wheel with axocr.ocr.paddle.prepare_paddle_models(path))",
            engine="paddle",
        )
    root = Path(model_dir)
    folders = (root / "det", root / "rec")
    for folder in folders:
        for name in ("inference.onnx", "inference.yml"):
            if not (folder / name).is_file():
                raise EngineUnavailableError(
                    f"model_dir {root} lacks {folder.name}/{name} (expected det/ and rec/ "
                    "folders with inference.onnx and inference.yml)",
                    engine="paddle",
                )
    return folders


class PaddleOcrEngine:
    name = "paddle"

    def __init__(self, config: ReadConfig) -> None:
        det_dir, rec_dir = _check_model_dir(config.model_dir)
        det_name, rec_name = _model_name(det_dir), _model_name(rec_dir)
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:
            raise EngineUnavailableError(
                f"paddleocr cannot be imported: {exc}", engine=self.name
            ) from exc
        # Importing paddlex sets its logger to INFO, which prints every model it creates.
        logging.getLogger("paddlex").setLevel(logging.WARNING)
        logging.getLogger("paddleocr").setLevel(logging.WARNING)
        engine_config: dict[str, Any] | None = None
        if config.ocr_threads:
            engine_config = {
                "intra_op_num_threads": config.ocr_threads,
                "inter_op_num_threads": 1,
            }
        try:
            self._ocr = PaddleOCR(
                text_detection_model_name=det_name,
                text_detection_model_dir=str(det_dir),
                text_recognition_model_name=rec_name,
                text_recognition_model_dir=str(rec_dir),
                # Each of these needs one more model download, and axocr fixes page rotation
                # and skew itself before OCR (document.preprocess).
                use_doc_orientation_classify=False,
                use_doc_unwarping=False,
                use_textline_orientation=False,
                text_det_limit_side_len=_DET_LIMIT_SIDE_LEN,
                text_det_limit_type=_DET_LIMIT_TYPE,
                text_rec_score_thresh=_REC_SCORE_THRESH,
                engine="onnxruntime",
                engine_config=engine_config,
                device="cpu",
            )
        except Exception as exc:  # PaddleX raises plain Exception/ValueError/RuntimeError
            raise EngineError(
                f"PaddleOCR could not load the models in {config.model_dir}: {exc}",
                engine=self.name,
            ) from exc

    def recognize(self, image: Image) -> list[Word]:
        height, width = image.shape[:2]
        if image.ndim == 2:
            # PaddleX converts arrays from BGR to RGB, which needs three channels.
            image = np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
        try:
            results = list(self._ocr.predict(image))
        except Exception as exc:  # the engine's own errors have no common base class
            raise EngineError(f"PaddleOCR failed: {describe(exc)}", engine=self.name) from exc
        words: list[Word] = []
        for result in results:
            polys = result.get("rec_polys", [])
            texts = result.get("rec_texts", [])
            scores = result.get("rec_scores", [])
            for poly, text, score in zip(polys, texts, scores, strict=False):
                bbox = polygon_to_bbox(poly, width, height)
                words.extend(split_segment(str(text), bbox, float(score)))
        return words


def create(config: ReadConfig) -> PaddleOcrEngine:
    return PaddleOcrEngine(config)
