"""Write a copy of an ONNX model whose subnormal float32 weights are zero, and time both.

Needs the ``onnx`` package (``pip install 'axocr[bench]'``). The detector axocr uses by
default, ``axocr/models/PP-OCRv6_det_small_ftz.onnx``, is this command's output:

    python benchmarks/flush_subnormals.py write --out axocr/models/PP-OCRv6_det_small_ftz.onnx
    python benchmarks/flush_subnormals.py time axocr/models/PP-OCRv6_det_small_ftz.onnx

Why: 255,000 of the 2.4 million weights of the PP-OCRv6 small detector in the rapidocr wheel
are subnormal floats (magnitude below 1.18e-38), nearly all in two 1x1 convolutions of its
backbone. x86 CPUs compute with subnormal operands through a microcode assist that is
dozens of times slower, and onnxruntime does not flush them on the thread that calls it: on
this machine those two convolutions took 790 of the detector's 1,170 ms. A subnormal weight
contributes less than 1e-38 to an activation, so setting it to zero leaves every output the
same to the last bit (checked by ``time`` and by tests/unit/test_detector_model.py).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from pathlib import Path

import numpy as np

from axocr.ocr.paddle import RAPIDOCR_DET_FILE, rapidocr_model_dir

TINY = float(np.finfo(np.float32).tiny)


def wheel_detector() -> Path:
    return rapidocr_model_dir() / RAPIDOCR_DET_FILE


def flush(source: Path, out: Path) -> tuple[int, int]:
    """Copy ``source`` to ``out`` with subnormal float32 initialisers set to zero."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    flushed = total = 0
    for init in model.graph.initializer:
        weights = numpy_helper.to_array(init)
        if weights.dtype != np.float32:
            continue
        total += weights.size
        subnormal = (weights != 0) & (np.abs(weights) < TINY)
        if subnormal.any():
            flushed += int(subnormal.sum())
            weights = weights.copy()
            weights[subnormal] = 0.0
            init.CopyFrom(numpy_helper.from_array(weights, init.name))
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(out))
    return flushed, total


def _session(path: Path, threads: int):  # type: ignore[no-untyped-def]
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def time_models(models: list[Path], images: list[Path], threads: int, repeat: int) -> None:
    """Median detector time per image for each model, fed RapidOCR-sized inputs."""
    import cv2

    sessions = [_session(m, threads) for m in models]
    diffs = " | ".join(f"max diff {m.name}" for m in models[1:])
    print(f"| image | input | {' | '.join(m.name for m in models)} | {diffs} |")
    print(f"|---|---|{'---|' * (2 * len(models) - 1)}")
    for image_path in images:
        image = cv2.imread(str(image_path))
        if image is None:
            continue
        h, w = image.shape[:2]
        # RapidOCR's rule for small pages: shorter side to 736, both sides multiples of 32.
        scale = max(1.0, 736 / min(h, w))
        size = (max(32, round(w * scale / 32) * 32), max(32, round(h * scale / 32) * 32))
        x = cv2.resize(image, size).astype(np.float32) / 127.5 - 1.0
        x = np.ascontiguousarray(x.transpose(2, 0, 1)[None])
        outputs = []
        cells = []
        for session in sessions:
            name = session.get_inputs()[0].name
            outputs.append(session.run(None, {name: x})[0])
            runs = []
            for _ in range(repeat):
                start = time.perf_counter()
                session.run(None, {name: x})
                runs.append(time.perf_counter() - start)
            cells.append(f"{1000 * statistics.median(runs):.0f} ms")
        cells += [f"{float(np.abs(outputs[0] - o).max()):.3g}" for o in outputs[1:]]
        print(f"| {image_path.name} | {size[0]}x{size[1]} | {' | '.join(cells)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="write the flushed copy")
    write.add_argument("--source", type=Path, default=None, help="default: the rapidocr wheel's")
    write.add_argument("--out", type=Path, required=True)
    timing = sub.add_parser("time", help="time the wheel's detector against flushed copies")
    timing.add_argument("models", type=Path, nargs="+")
    timing.add_argument("--images", type=Path, nargs="*", default=None)
    timing.add_argument("--threads", type=int, default=1)
    timing.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.command == "write":
        source = args.source or wheel_detector()
        flushed, total = flush(source, args.out)
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        print(f"{source} (sha256 {digest}): {flushed:,} of {total:,} weights were subnormal")
        print(f"wrote {args.out} (sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()})")
    else:
        root = Path(__file__).resolve().parent.parent
        images = args.images or sorted((root / "fixtures").rglob("*.png"))[:6]
        time_models([wheel_detector(), *args.models], images, args.threads, args.repeat)


if __name__ == "__main__":
    main()
