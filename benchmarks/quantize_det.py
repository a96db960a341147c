"""Static int8 (QDQ) quantisation of RapidOCR's PP-OCRv6 models, and what it costs and saves.

Needs the ``onnx`` package (``pip install 'axocr[bench]'``). axocr shipped the first
command's output as an opt-in detector until the float detector's subnormal weights were
flushed (benchmarks/flush_subnormals.py): that made the float model nearly as fast, reading
exactly the same text, so the int8 copy, which reads ~1% of scanned fields differently, went.

    python benchmarks/quantize_det.py quantize --method minmax                # det -> /tmp/det_int8/det_int8.onnx
    python benchmarks/quantize_det.py quantize --method percentile --out /tmp/det_int8/det_pct.onnx
    python benchmarks/quantize_det.py bench -v mm=/tmp/det_int8/det_int8.onnx -v pct=/tmp/det_int8/det_pct.onnx
    python benchmarks/quantize_det.py quantize --model rec --method minmax --out /tmp/det_int8/rec_mm.onnx
    python benchmarks/quantize_det.py bench --model rec -v mm=/tmp/det_int8/rec_mm.onnx

Why static: dynamic quantisation of the detector turned its convolutions into ConvInteger,
which onnxruntime runs 5x slower than fp32 on CPU. Static QDQ with calibrated activation
ranges lets onnxruntime fuse each DequantizeLinear -> Conv -> QuantizeLinear group into a
QLinearConv, which uses the int8 dot-product (AVX512-VNNI) kernels.

``quantize`` calibrates on images that are never used by ``bench``:

* calibration (``--calibration fixtures``, the default and what axocr shipped): the synthetic
  invoice scans not in ``EVAL_SYNTH`` and the special fixtures' images; ``datasets`` adds
  SROIE receipts 100-109 and four JOMB receipts other than the first four;
* evaluation: SROIE 000-011, the first four JOMB files, four synthetic scans (2 EN, 2 JA).

Detector inputs are made exactly as RapidOCR makes them inside axocr: RapidOCR's global
``resize_image_within_bounds`` and vertical padding, then its own ``DetPreProcess`` with the
size rule axocr sets per page (``axocr.ocr.rapid.detector_limit``: shorter side raised to
736 px, but pages that would exceed ``det_max_pixels`` = 1.3 MP are shrunk to about that).
Recognizer inputs are captured from RapidOCR's own recognizer (a wrapper around its
onnxruntime session) while the fp32 pipeline reads the calibration images.

``bench`` runs everything in one process, one onnxruntime thread (intra = inter = 1), fp32
and every int8 variant interleaved per image (the order rotated per repeat) so machine load
hits all alike:

* model time: CPU (``time.process_time``) and wall ms per image of the quantised model alone
  (median of ``--repeat`` runs); for ``--model rec`` the sum over the image's line batches,
  fed the same crops (those of the fp32 detector);
* end to end: a ``RapidOCR`` per variant (no line classifier, axocr's detector sizing),
  CPU and wall seconds per image, and its text;
* text: F1 of the multiset of words, and of NFKC characters without spaces, against the fp32
  pipeline's text (agreement), and for the synthetic scans the character F1 against the
  text layer of the born-digital PDF the scan was made from (truth).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from axocr.ocr.paddle import RAPIDOCR_DET_FILE, RAPIDOCR_REC_FILE, rapidocr_model_dir

ROOT = Path(__file__).resolve().parent.parent
SYNTH = ROOT / "fixtures" / "synth" / "files"
DATASETS = ROOT.parent / "shared" / "datasets"
SROIE = DATASETS / "sroie" / "files"
JOMB = DATASETS / "jomb" / "files"

# The same word/char measures as benchmarks/ocr_speed.py, so numbers are comparable.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr_speed import bag_f1, chars, truth_source, words  # noqa: E402

# Held out from calibration: two English and two Japanese layouts.
EVAL_SYNTH = (
    "en_classic_001_scan.jpg",
    "en_table_footer_001_scan.jpg",
    "ja_standard_001_scan.jpg",
    "ja_issuer_left_001_scan.jpg",
)
EVAL_SROIE = tuple(f"{i:03d}.jpg" for i in range(12))
CALIB_SROIE = tuple(f"{i:03d}.jpg" for i in range(100, 110))
EVAL_JOMB_COUNT = 4  # the first four files: bakery_001 and cafe_001, clean and noisy
# Other shops than the eval receipts, so no calibration image is a copy of an eval image.
CALIB_JOMB = (
    "receipt_v020_parking_001_noisy.png",
    "receipt_v020_restaurant_002_clean.png",
    "receipt_v020_station_004_noisy.png",
    "receipt_v020_supermarket_002_clean.png",
)

DEFAULT_OUT = Path("/tmp/det_int8/det_int8.onnx")
# rapidocr's Global.max_side_len as axocr sets it (axocr.ocr.rapid.MAX_SIDE_LEN).
MAX_SIDE_LEN = 4000


FP32 = {
    "det": rapidocr_model_dir() / RAPIDOCR_DET_FILE,
    "rec": rapidocr_model_dir() / RAPIDOCR_REC_FILE,
}


# --------------------------------------------------------------------------- images


def synth_scans() -> list[Path]:
    return sorted(SYNTH.glob("*_scan.jpg")) + sorted(SYNTH.glob("*_scan.png"))


SPECIAL = ROOT / "fixtures" / "special"


def calibration_images(source: str = "fixtures") -> list[Path]:
    """``fixtures``: only images made in this repository (the model axocr ships is calibrated
    so, and owes nothing to the evaluation data); ``datasets`` adds SROIE and JOMB receipts."""
    images = [p for p in synth_scans() if p.name not in EVAL_SYNTH]
    images += [SPECIAL / n for n in ("rotated_90.png", "sample.bmp", "sample.webp", "skewed.jpg")]
    if source == "datasets":
        images += [SROIE / n for n in CALIB_SROIE]
        images += [JOMB / n for n in CALIB_JOMB]
    return images


def eval_images() -> list[Path]:
    images = [SROIE / n for n in EVAL_SROIE]
    images += sorted(JOMB.glob("*.png"))[:EVAL_JOMB_COUNT]
    images += [SYNTH / n for n in EVAL_SYNTH]
    calibration = calibration_images("datasets")
    overlap = {p.resolve() for p in images} & {p.resolve() for p in calibration}
    assert not overlap, f"eval images used for calibration: {overlap}"
    return images


def group_of(path: Path) -> str:
    """Which language/source an eval image belongs to, for per-group tables."""
    if path.parent == SROIE:
        return "sroie (en)"
    if path.parent == JOMB:
        return "jomb (ja)"
    return "synth en" if path.name.startswith("en_") else "synth ja"


def load_bgr(path: Path) -> np.ndarray:
    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if img is None:
        raise FileNotFoundError(path)
    return img


def truth_text(scan: Path) -> str | None:
    """Text layer of the born-digital PDF a synthetic scan was rendered from."""
    source = truth_source(scan)
    if source is None:
        return None
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


# --------------------------------------------------------------------------- rapidocr


def detector_sizing(height: int, width: int) -> tuple[str, int]:
    """(limit_type, limit_side_len) axocr gives RapidOCR's detector for this page."""
    from axocr.config import ReadConfig
    from axocr.ocr.rapid import detector_limit

    cfg = ReadConfig()
    limit = detector_limit(height, width, cfg.det_max_pixels, cfg.det_min_side)
    return limit or ("min", cfg.det_min_side)


def det_input(img: np.ndarray) -> np.ndarray:
    """The NCHW float32 tensor RapidOCR (as configured by axocr) feeds the detector."""
    from rapidocr.ch_ppocr_det.utils import DetPreProcess
    from rapidocr.utils.process_img import apply_vertical_padding, resize_image_within_bounds

    # RapidOCR's own page-level steps (Global.min_side_len 30, max_side_len per axocr,
    # width_height_ratio 8, min_height 30 are its config defaults).
    sizing = detector_sizing(*img.shape[:2])  # axocr sizes on the page as it hands it over
    img, _, _ = resize_image_within_bounds(img, 30, MAX_SIDE_LEN)
    img, _ = apply_vertical_padding(img, {}, 8, 30)
    limit_type, side = sizing
    pre = DetPreProcess(side, limit_type, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5])
    x = pre(img)
    assert x is not None
    return x


def make_ocr(det: Path, rec: Path, threads: int = 1) -> Any:
    """A RapidOCR set up as axocr sets it, with the given detector and recognizer files."""
    import logging

    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return RapidOCR(
        params={
            "Global.log_level": "warning",
            "Global.use_cls": False,
            "Global.max_side_len": MAX_SIDE_LEN,
            "Det.model_path": str(det),
            "Rec.model_path": str(rec),
            "Det.limit_type": "min",
            "Det.limit_side_len": 736,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


def ocr_text(ocr: Any, img: np.ndarray) -> str:
    """Run one page with axocr's per-page detector sizing; the recognised lines, joined."""
    det = ocr._load_det_model()
    det.limit_type, det.limit_side_len = detector_sizing(*img.shape[:2])
    result = ocr(img)
    txts = getattr(result, "txts", None) or ()
    return "\n".join(str(t) for t in txts)


class RecordingSession:
    """Stands in for RapidOCR's OrtInferSession to keep a copy of every input it is fed."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.inputs: list[np.ndarray] = []

    def __call__(self, x: np.ndarray) -> Any:
        self.inputs.append(np.array(x, copy=True))
        return self.inner(x)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def capture_rec_inputs(ocr: Any, img: np.ndarray) -> list[np.ndarray]:
    """The line batches RapidOCR's recognizer gets for this page (fp32 detector's crops)."""
    rec = ocr._load_rec_model()
    recorder = RecordingSession(rec.session)
    rec.session = recorder
    try:
        ocr_text(ocr, img)
    finally:
        rec.session = recorder.inner
    return recorder.inputs


def ort_session(path: Path, threads: int = 1) -> Any:
    """An onnxruntime session set up as RapidOCR sets its own (full graph optimisation)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


# --------------------------------------------------------------------------- quantize


class ListReader:
    """Calibration reader over in-memory inputs; set_range lets onnxruntime calibrate one
    input at a time (CalibStridedMinMax), so histogram calibrators do not keep every
    intermediate tensor of every image in memory at once."""

    def __init__(self, input_name: str, data: Sequence[np.ndarray]) -> None:
        self.input_name = input_name
        self.data = list(data)
        self.start, self.end = 0, len(self.data)
        self._it: Iterator[np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.data)

    def set_range(self, start_index: int, end_index: int) -> None:
        self.start, self.end = start_index, min(end_index, len(self.data))
        self._it = None

    def get_next(self) -> dict[str, np.ndarray] | None:
        if self._it is None:
            self._it = iter(self.data[self.start : self.end])
        x = next(self._it, None)
        return None if x is None else {self.input_name: x}

    def rewind(self) -> None:
        self._it = None


def calibration_inputs(model: str, max_rec_batches: int, source: str) -> list[np.ndarray]:
    images = calibration_images(source)
    print(f"calibration images: {len(images)}", flush=True)
    if model == "det":
        return [det_input(load_bgr(p)) for p in images]
    # rec: the line batches the fp32 pipeline produces on the calibration images, thinned
    # evenly (they are sorted by width within a page) to bound calibration time. Kept on
    # disk so calibrating with another method does not re-run OCR.
    saved = DEFAULT_OUT.parent / "rec_calib_batches.npz"
    if saved.exists():
        with np.load(saved) as z:
            batches = [z[k] for k in sorted(z.files, key=int)]
    else:
        ocr = make_ocr(FP32["det"], FP32["rec"], threads=2)
        batches = [b for p in images for b in capture_rec_inputs(ocr, load_bgr(p))]
        saved.parent.mkdir(parents=True, exist_ok=True)
        np.savez(saved, **{str(i): b for i, b in enumerate(batches)})
    if len(batches) > max_rec_batches:
        keep = np.linspace(0, len(batches) - 1, max_rec_batches).round().astype(int)
        batches = [batches[i] for i in sorted(set(keep.tolist()))]
    print(f"rec calibration batches: {len(batches)}", flush=True)
    return batches


def quantize(args: argparse.Namespace) -> int:
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.parent
    fp32 = FP32[args.model]

    # Symbolic shape inference + onnxruntime's basic graph optimisations first, as the
    # quantisation docs advise: the quantiser needs shapes to pick per-channel axes, and
    # folding leaves fewer tensors to calibrate and Q/DQ pairs to insert.
    prep = work / f"{args.model}_prep.onnx"
    if not prep.exists():
        # The PP-OCR exports are opset 11, where DequantizeLinear has no axis attribute, so
        # per-channel weights would make an invalid model: move to opset 13 first.
        from onnx import version_converter

        opset13 = work / f"{args.model}_opset13.onnx"
        onnx.save(version_converter.convert_version(onnx.load(str(fp32)), 13), str(opset13))
        # Shape inference writes scratch files to the current directory: keep them in work.
        with contextlib.chdir(work):
            try:
                quant_pre_process(str(opset13), str(prep), skip_symbolic_shape=False)
            except Exception as exc:  # onnxruntime raises a bare Exception
                # PP-OCR's dynamic H/W defeat symbolic shape inference ("Incomplete symbolic
                # shape inference"); ONNX's own shape inference plus optimisation still runs.
                print(f"symbolic shape inference skipped: {exc}", flush=True)
                quant_pre_process(str(opset13), str(prep), skip_symbolic_shape=True)

    ops = {
        "conv": ["Conv", "ConvTranspose"],
        "convmm": ["Conv", "ConvTranspose", "MatMul"],
        "all": None,  # every op type the QDQ quantiser supports (Add, Mul, Resize, ...)
    }[args.ops]
    method = {
        "minmax": CalibrationMethod.MinMax,
        "percentile": CalibrationMethod.Percentile,
        "entropy": CalibrationMethod.Entropy,
    }[args.method]
    activation = {"quint8": QuantType.QUInt8, "qint8": QuantType.QInt8}[args.activation]

    # Ranges depend on the model, method and which tensors are calibrated, not on the
    # activation type: cache them so other activation types reuse one calibration run.
    cache = work / f"calib_{args.model}_{args.method}_{args.ops}_{args.calibration}.json"
    reader = None
    if not cache.exists():
        input_name = onnx.load(str(prep), load_external_data=False).graph.input[0].name
        reader = ListReader(
            input_name, calibration_inputs(args.model, args.max_rec_batches, args.calibration)
        )

    extra: dict[str, Any] = {"CalibStridedMinMax": 1}
    if args.method == "percentile":
        extra["CalibPercentile"] = args.percentile
    nodes_to_exclude = [n for n in (args.exclude or "").split(",") if n]
    t0 = time.perf_counter()
    quantize_static(
        str(prep),
        str(out),
        reader,
        calibration_cache_path=str(cache),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=activation,
        weight_type=QuantType.QInt8,
        calibrate_method=method,
        op_types_to_quantize=ops,
        nodes_to_exclude=nodes_to_exclude,
        extra_options=extra,
    )
    # RapidOCR reads the recognizer's character list from the model's metadata.
    src_meta = onnx.load(str(fp32), load_external_data=False).metadata_props
    q = onnx.load(str(out))
    have = {p.key for p in q.metadata_props}
    missing = [p for p in src_meta if p.key not in have]
    if missing:
        for p in missing:
            q.metadata_props.add(key=p.key, value=p.value)
        onnx.save(q, str(out))
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB; fp32 {fp32.stat().st_size / 1e6:.2f} MB)"
        f" in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )
    return 0


# --------------------------------------------------------------------------- bench


@dataclass
class ImageResult:
    path: str
    group: str
    shape: tuple[int, ...]
    model_cpu_ms: dict[str, float] = field(default_factory=dict)
    model_wall_ms: dict[str, float] = field(default_factory=dict)
    e2e_cpu_s: dict[str, float] = field(default_factory=dict)
    e2e_wall_s: dict[str, float] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    mask_iou: dict[str, float] = field(default_factory=dict)
    truth: str | None = None


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c0, time.perf_counter() - w0, out


def rotate(seq: Sequence[str], k: int) -> list[str]:
    k %= len(seq)
    return list(seq[k:]) + list(seq[:k])


def run_model(sess: Any, batches: Sequence[np.ndarray]) -> list[np.ndarray]:
    name = sess.get_inputs()[0].name
    return [sess.run(None, {name: b})[0] for b in batches]


def bench(args: argparse.Namespace) -> int:
    variants: dict[str, Path] = {"fp32": FP32[args.model]}
    for spec in args.variant:
        name, _, path = spec.partition("=")
        variants[name] = Path(path)
    names = list(variants)
    images = eval_images()[: args.limit or None]

    sessions = {n: ort_session(p) for n, p in variants.items()}
    ocrs = {
        n: make_ocr(
            p if args.model == "det" else FP32["det"], p if args.model == "rec" else FP32["rec"]
        )
        for n, p in variants.items()
    }
    # Warm up every session and pipeline on one image (arena growth, kernel selection).
    rec_capture = make_ocr(FP32["det"], FP32["rec"]) if args.model == "rec" else None
    warm = load_bgr(images[0])
    warm_in = [det_input(warm)] if rec_capture is None else capture_rec_inputs(rec_capture, warm)
    for n in names:
        run_model(sessions[n], warm_in)
        ocr_text(ocrs[n], warm)

    results: list[ImageResult] = []
    for i, path in enumerate(images):
        img = load_bgr(path)
        # rec: the line batches of the fp32 detector's crops, the same for every variant.
        batches = [det_input(img)] if rec_capture is None else capture_rec_inputs(rec_capture, img)
        res = ImageResult(str(path), group_of(path), tuple(batches[0].shape) if batches else ())
        cpu: dict[str, list[float]] = {n: [] for n in names}
        wall: dict[str, list[float]] = {n: [] for n in names}
        outs: dict[str, list[np.ndarray]] = {}
        for r in range(args.repeat):
            for n in rotate(names, i + r):
                c, w, o = timed(partial(run_model, sessions[n], batches))
                cpu[n].append(c)
                wall[n].append(w)
                outs[n] = o
        for n in names:
            res.model_cpu_ms[n] = 1000 * statistics.median(cpu[n])
            res.model_wall_ms[n] = 1000 * statistics.median(wall[n])
            if args.model == "det":
                # Agreement of the probability maps binarised at DBPostProcess's thresh 0.3.
                a, b = outs["fp32"][0] > 0.3, outs[n][0] > 0.3
                union = np.logical_or(a, b).sum()
                res.mask_iou[n] = float(np.logical_and(a, b).sum() / union) if union else 1.0
        for r in range(args.e2e_repeat):
            for n in rotate(names, i + r):
                c, w, text = timed(partial(ocr_text, ocrs[n], img))
                res.e2e_cpu_s[n] = min(res.e2e_cpu_s.get(n, c), c) if r else c
                res.e2e_wall_s[n] = min(res.e2e_wall_s.get(n, w), w) if r else w
                res.text[n] = text
        res.truth = truth_text(path)
        results.append(res)
        print(
            f"{path.name:34s} in={res.shape} "
            + " ".join(
                f"{n}: {res.model_cpu_ms[n]:.0f}ms/{res.e2e_cpu_s[n]:.2f}s"
                + (
                    f" w{bag_f1(words(res.text['fp32']), words(res.text[n])):.3f}"
                    if n != "fp32"
                    else ""
                )
                for n in names
            ),
            flush=True,
        )

    report = summarise(results, names, args.model)
    print(report)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "variants": {n: str(p) for n, p in variants.items()},
                    "images": [r.__dict__ for r in results],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0


def summarise(results: list[ImageResult], names: list[str], model: str) -> str:
    groups = ["sroie (en)", "jomb (ja)", "synth en", "synth ja", "en (all)", "ja (all)", "all"]

    def members(g: str) -> list[ImageResult]:
        if g == "all":
            return results
        if g == "en (all)":
            return [r for r in results if r.group in ("sroie (en)", "synth en")]
        if g == "ja (all)":
            return [r for r in results if r.group in ("jomb (ja)", "synth ja")]
        return [r for r in results if r.group == g]

    def mean(xs: Iterable[float]) -> float:
        xs = list(xs)
        return sum(xs) / len(xs) if xs else float("nan")

    lines = []
    head = (
        f"{'group':11s} {'variant':10s} {'n':>2s} | {model} cpu ms | wall ms | speed-up (cpu) | "
        "e2e cpu s | e2e wall s | word F1 vs fp32 | char F1 vs fp32 | char F1 vs truth"
        + (" | mask IoU" if model == "det" else "")
    )
    lines += [head, "-" * len(head)]
    for g in groups:
        rs = members(g)
        if not rs:
            continue
        for n in names:
            cpu = mean(r.model_cpu_ms[n] for r in rs)
            base = mean(r.model_cpu_ms["fp32"] for r in rs)
            truth = [r for r in rs if r.truth]
            gt = (
                mean(bag_f1(chars(r.truth or ""), chars(r.text[n])) for r in truth)
                if truth
                else None
            )
            row = (
                f"{g:11s} {n:10s} {len(rs):2d} | {cpu:10.0f} | {mean(r.model_wall_ms[n] for r in rs):7.0f} | "
                f"{base / cpu:14.2f} | {mean(r.e2e_cpu_s[n] for r in rs):9.2f} | "
                f"{mean(r.e2e_wall_s[n] for r in rs):10.2f} | "
                f"{mean(bag_f1(words(r.text['fp32']), words(r.text[n])) for r in rs):15.4f} | "
                f"{mean(bag_f1(chars(r.text['fp32']), chars(r.text[n])) for r in rs):15.4f} | "
                + (f"{gt:16.4f}" if gt is not None else f"{'-':>16s}")
                + (f" | {mean(r.mask_iou[n] for r in rs):.4f}" if model == "det" else "")
            )
            lines.append(row)
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)

    q = sub.add_parser("quantize", help="calibrate and write a QDQ int8 model")
    q.add_argument("--model", choices=("det", "rec"), default="det")
    q.add_argument("--method", choices=("minmax", "percentile", "entropy"), default="minmax")
    q.add_argument("--activation", choices=("quint8", "qint8"), default="quint8")
    q.add_argument(
        "--ops",
        choices=("conv", "convmm", "all"),
        default="all",
        help="op types to quantise: conv = Conv/ConvTranspose only, convmm = also MatMul",
    )
    q.add_argument("--percentile", type=float, default=99.999)
    q.add_argument("--exclude", default="", help="comma-separated node names kept in fp32")
    q.add_argument("--max-rec-batches", type=int, default=120)
    q.add_argument(
        "--calibration",
        choices=("fixtures", "datasets"),
        default="fixtures",
        help="calibration images: the repository's fixtures only, or with SROIE/JOMB receipts",
    )
    q.add_argument("--out", default=str(DEFAULT_OUT))

    b = sub.add_parser("bench", help="fp32 vs int8: model time, end to end, text")
    b.add_argument("--model", choices=("det", "rec"), default="det")
    b.add_argument("-v", "--variant", action="append", default=[], help="name=path.onnx")
    b.add_argument("--repeat", type=int, default=3, help="model-only runs per image")
    b.add_argument("--e2e-repeat", type=int, default=1, help="end-to-end runs per image (min)")
    b.add_argument("--limit", type=int, default=0, help="first N eval images only (smoke test)")
    b.add_argument("--json", default="", help="write per-image results here")

    args = parser.parse_args(argv)
    return quantize(args) if args.cmd == "quantize" else bench(args)


if __name__ == "__main__":
    raise SystemExit(main())
