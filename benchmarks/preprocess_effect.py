"""What page preprocessing buys OCR on turned and tilted scans, and how accurate it is.

    python benchmarks/preprocess_effect.py                    # both parts, ~8 min, 2 idle cores
    python benchmarks/preprocess_effect.py --limit 4          # quicker OCR part
    python benchmarks/preprocess_effect.py --no-ocr --accuracy-pages 86

Part 1 (accuracy, no OCR): real pages from the shared datasets turned by 0/90/180/270 degrees
go through ``detect_orientation`` (a confusion table), and tilted by +-1..8 degrees through
``detect_skew`` (absolute error against the page's own measured skew, since real scans are
rarely perfectly straight to begin with).

Part 2 (effect): ``--limit`` pages (a mix of SROIE, JOMB and invoice2data PNGs) are turned by
90/180/270 and tilted by +-3/+-6 degrees, then OCR'd with the default engine with
preprocessing off and on. The reference text is the OCR of the upright page without
preprocessing; similarity is rapidfuzz's token_sort_ratio (character-level, insensitive to
line order, which a tilt changes) and word recall (share of the reference's words found).

Timings are wall-clock on whatever else the machine is doing; treat them as rough.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
from rapidfuzz import fuzz

from axocr.config import ReadConfig
from axocr.document.preprocess import detect_skew
from axocr.ocr.base import Image
from axocr.ocr.orientation import detect_orientation
from axocr.ocr.registry import get_engine
from axocr.pipeline import preprocess
from axocr.types import Word

ROTATIONS = (0, 90, 180, 270)
SKEW_TESTS = (-8.0, -6.0, -3.0, -1.0, 1.0, 3.0, 6.0, 8.0)
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def pick_pages(root: Path, count: int) -> list[Path]:
    """About half SROIE scans, a third JOMB receipts, the rest invoice2data, evenly spaced."""
    groups = [
        sorted((root / "sroie" / "files").glob("*.jpg")),
        sorted((root / "jomb" / "files").glob("*.png")),
        sorted((root / "invoice2data" / "files").glob("*.png")),
    ]
    shares = [0.5, 0.3, 0.2]
    picked: list[Path] = []
    for files, share in zip(groups, shares, strict=True):
        want = min(len(files), max(1, round(count * share)))
        if files:
            step = len(files) / want
            picked.extend(files[int(i * step)] for i in range(want))
    return picked[:count] if len(picked) > count else picked


def read(path: Path, flags: int = cv2.IMREAD_COLOR) -> Image:
    img = cv2.imread(str(path), flags)
    if img is None:
        raise SystemExit(f"cannot read {path}")
    return np.asarray(img, dtype=np.uint8)


def turn(img: Image, degrees: int) -> Image:
    """Turn clockwise by a multiple of 90 degrees."""
    if degrees == 0:
        return img
    return np.ascontiguousarray(cv2.rotate(img, _ROTATE[degrees]), dtype=np.uint8)


def tilt(img: Image, degrees: float) -> Image:
    """Tilt counter-clockwise (text rising to the right) on a canvas grown to keep every corner,
    so that any text lost afterwards is lost by the step under test."""
    h, w = img.shape[:2]
    rad = math.radians(abs(degrees))
    new_w = math.ceil(w * math.cos(rad) + h * math.sin(rad))
    new_h = math.ceil(h * math.cos(rad) + w * math.sin(rad))
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), degrees, 1.0)
    matrix[0, 2] += (new_w - w) / 2.0
    matrix[1, 2] += (new_h - h) / 2.0
    out = cv2.warpAffine(
        img, matrix, (new_w, new_h), borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255)
    )
    return np.asarray(out, dtype=np.uint8)


# --- part 1: accuracy ---------------------------------------------------------------------


def orientation_accuracy(pages: Sequence[Path]) -> str:
    confusion: Counter[tuple[int, int]] = Counter()
    times: list[float] = []
    misses: list[str] = []
    detect_orientation(np.full((64, 64, 3), 255, np.uint8))  # load the models outside timing
    for path in pages:
        page = read(path)
        for turned in ROTATIONS:
            needed = (360 - turned) % 360
            img = turn(page, turned)
            start = time.perf_counter()
            got = detect_orientation(img)
            times.append((time.perf_counter() - start) * 1000)
            confusion[(needed, got)] += 1
            if got != needed:
                misses.append(f"{path.parent.parent.name}/{path.name} needs {needed}, got {got}")
    total = sum(confusion.values())
    correct = sum(n for (a, b), n in confusion.items() if a == b)
    lines = [
        f"### Orientation: {len(pages)} pages x 4 turns, {correct}/{total} correct "
        f"({100 * correct / max(1, total):.1f}%)",
        "",
        "| needed \\ detected | 0 | 90 | 180 | 270 |",
        "|---|---|---|---|---|",
    ]
    for needed in ROTATIONS:
        row = " | ".join(str(confusion[(needed, got)]) for got in ROTATIONS)
        lines.append(f"| {needed} | {row} |")
    lines += [
        "",
        f"time per page: mean {statistics.mean(times):.0f} ms, median "
        f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms",
    ]
    lines += [f"- miss: {m}" for m in misses]
    return "\n".join(lines)


def skew_accuracy(pages: Sequence[Path]) -> str:
    errors: list[float] = []
    times: list[float] = []
    own: list[float] = []
    for path in pages:
        grey = read(path, cv2.IMREAD_GRAYSCALE)
        h, w = grey.shape
        base = detect_skew(grey)
        own.append(base)
        for angle in SKEW_TESTS:
            matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
            tilted = np.asarray(cv2.warpAffine(grey, matrix, (w, h), borderValue=255), np.uint8)
            start = time.perf_counter()
            got = detect_skew(tilted)
            times.append((time.perf_counter() - start) * 1000)
            errors.append(abs(got - base - angle))
    errs = np.asarray(errors)
    return "\n".join(
        [
            f"### Deskew: {len(pages)} pages x {len(SKEW_TESTS)} tilts "
            f"({', '.join(f'{a:+g}' for a in SKEW_TESTS)} degrees)",
            "",
            f"- absolute error: mean {errs.mean():.3f}, median {np.median(errs):.3f}, "
            f"p95 {np.percentile(errs, 95):.3f}, max {errs.max():.3f} degrees",
            f"- within 0.5 degrees: {100 * (errs <= 0.5).mean():.1f}%; within 0.3: "
            f"{100 * (errs <= 0.3).mean():.1f}%",
            f"- the pages' own skew as measured: {min(own):+.2f} .. {max(own):+.2f} degrees",
            f"- time per page: mean {statistics.mean(times):.0f} ms, median "
            f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms",
        ]
    )


# --- part 2: effect on OCR ----------------------------------------------------------------


def ocr_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def word_recall(reference: str, text: str) -> float:
    want = Counter(reference.split())
    got = Counter(text.split())
    total = sum(want.values())
    return 100.0 * sum((want & got).values()) / total if total else 100.0


def variants(page: Image) -> list[tuple[str, Image]]:
    out: list[tuple[str, Image]] = [("upright", page)]
    out += [(f"turned {d}", turn(page, d)) for d in (90, 180, 270)]
    out += [(f"tilted {a:+g}", tilt(page, a)) for a in (-6.0, -3.0, 3.0, 6.0)]
    return out


def ocr_effect(pages: Sequence[Path]) -> str:
    # model_validate rather than ReadConfig(...): mypy without the pydantic plugin does not
    # see the defaults given positionally to Field() and reports every field as missing.
    on = ReadConfig.model_validate({})
    engine = get_engine(on)
    off = ReadConfig.model_validate({"orientation": False, "deskew": False})
    # name -> mode -> list of (similarity, recall, preprocess ms, ocr ms)
    rows: dict[str, dict[str, list[tuple[float, float, float, float]]]] = {}
    for index, path in enumerate(pages, 1):
        page = read(path)
        reference = ocr_text(engine.recognize(page))
        print(f"[{index}/{len(pages)}] {path.parent.parent.name}/{path.name}", file=sys.stderr)
        for name, img in variants(page):
            for mode, config in (("off", off), ("on", on)):
                start = time.perf_counter()
                prepared = preprocess(img, config).image
                pre_ms = (time.perf_counter() - start) * 1000
                start = time.perf_counter()
                text = ocr_text(engine.recognize(prepared))
                ocr_ms = (time.perf_counter() - start) * 1000
                sim = float(fuzz.token_sort_ratio(reference, text))
                rec = word_recall(reference, text)
                rows.setdefault(name, {}).setdefault(mode, []).append((sim, rec, pre_ms, ocr_ms))

    lines = [
        f"### Effect on OCR: {len(pages)} pages, default engine, reference = upright page "
        "without preprocessing",
        "",
        "| variant | similarity off | similarity on | word recall off | word recall on "
        "| preprocess ms (on) | OCR ms off | OCR ms on |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, modes in rows.items():
        off_rows, on_rows = modes["off"], modes["on"]

        def mean(rs: list[tuple[float, float, float, float]], i: int) -> float:
            return statistics.mean(r[i] for r in rs)

        lines.append(
            f"| {name} | {mean(off_rows, 0):.1f} | {mean(on_rows, 0):.1f} "
            f"| {mean(off_rows, 1):.1f} | {mean(on_rows, 1):.1f} "
            f"| {mean(on_rows, 2):.0f} | {mean(off_rows, 3):.0f} | {mean(on_rows, 3):.0f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--datasets", type=Path, default=Path("/work/shared/datasets"), help="datasets folder"
    )
    parser.add_argument(
        "--limit", type=int, default=10, help="pages OCR'd in part 2 (16 OCR calls each)"
    )
    parser.add_argument(
        "--accuracy-pages", type=int, default=40, help="pages for part 1 (no OCR, ~3 s each)"
    )
    parser.add_argument("--no-ocr", action="store_true", help="skip part 2")
    parser.add_argument("--no-accuracy", action="store_true", help="skip part 1")
    args = parser.parse_args(argv)

    if not args.datasets.is_dir():
        print(f"no datasets folder at {args.datasets}", file=sys.stderr)
        return 2
    print("## Preprocessing benchmark\n")
    print("Timings are wall-clock on a shared 2-core machine; treat them as rough.\n")
    if not args.no_accuracy:
        pages = pick_pages(args.datasets, args.accuracy_pages)
        print(orientation_accuracy(pages), end="\n\n", flush=True)
        print(skew_accuracy(pages), end="\n\n", flush=True)
    if not args.no_ocr:
        print(ocr_effect(pick_pages(args.datasets, args.limit)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
