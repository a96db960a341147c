"""Born-digital PDFs end to end: milliseconds per page and vendor accuracy, on this machine.

    python benchmarks/born_digital.py [--repeat 3] [-o ocr_images_when=first_page]

Documents: every labelled born-digital PDF of ../shared/datasets/invoice2data and zugferd,
fixtures/synth and fixtures/special (``kind == "born-digital-pdf"``) whose every page has a text layer. Each one goes through
``axocr.extract`` in this process, after the OCR engine is loaded (as in a long batch or
``axocr serve``); per document the median over ``--repeat`` runs of wall and CPU
(``time.process_time``) milliseconds divided by its pages. The table gives the median and
p95 over documents, how many had their images OCR'd, and vendor accuracy against the labels.
CPU milliseconds hold up better than wall time when other processes share the cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"


@dataclass
class DocRun:
    path: Path
    pages: int
    wall_ms: float
    cpu_ms: float
    image_ocr: bool
    vendor: str | None
    vendor_ok: bool


def born_digital_documents() -> list[tuple[Path, dict[str, Any]]]:
    """(path, labels) of every labelled born-digital PDF found."""
    found: list[tuple[Path, dict[str, Any]]] = []
    for folder in (
        DATASETS / "invoice2data",
        DATASETS / "zugferd",
        ROOT / "fixtures" / "synth",
        ROOT / "fixtures" / "special",
    ):
        labels = folder / "labels.jsonl"
        if not labels.exists():
            continue
        for line in labels.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            path = folder / row["path"]
            if row.get("kind") == "born-digital-pdf" and path.suffix == ".pdf" and path.exists():
                found.append((path, row))
    return found


def run(options: dict[str, Any], repeat: int) -> list[DocRun]:
    import axocr
    from axocr.bench.scoring import vendor_equal
    from axocr.config import ReadConfig
    from axocr.ocr.registry import get_engine

    read_options = {k: v for k, v in options.items() if k in ReadConfig.model_fields}
    get_engine(ReadConfig(**read_options))  # loading the models is not a page's cost
    runs: list[DocRun] = []
    for path, row in born_digital_documents():
        walls, cpus = [], []
        result = None
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            result = axocr.extract(path, password=row.get("password"), **options)
            walls.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
        if result is None or result.status == "failed" or "ocr" in result.routes:
            continue  # not a text-layer document (a scanned page, a password, blank)
        pages = max(result.pages, 1)
        label = row["fields"].get("vendor")
        vendor = result.fields.vendor.value
        runs.append(
            DocRun(
                path=path,
                pages=pages,
                wall_ms=statistics.median(walls) / pages,
                cpu_ms=statistics.median(cpus) / pages,
                image_ocr="text_layer+ocr" in result.routes,
                vendor=vendor,
                vendor_ok=bool(
                    label
                    and vendor
                    and vendor_equal(vendor, label, row["fields"].get("vendor_aliases") or [])
                ),
            )
        )
    return runs


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(runs: list[DocRun]) -> dict[str, float]:
    walls = [r.wall_ms for r in runs]
    cpus = [r.cpu_ms for r in runs]
    return {
        "documents": len(runs),
        "median_ms": statistics.median(walls),
        "p95_ms": percentile(walls, 0.95),
        "median_cpu_ms": statistics.median(cpus),
        "p95_cpu_ms": percentile(cpus, 0.95),
        "image_ocr_docs": sum(r.image_ocr for r in runs),
        "vendor_right": sum(r.vendor_ok for r in runs),
    }


def _option(text: str) -> tuple[str, Any]:
    key, _, value = text.partition("=")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-o", "--option", action="append", default=[], type=_option)
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per document")
    args = parser.parse_args()
    runs = run(dict(args.option), args.repeat)
    if args.verbose:
        for r in runs:
            print(
                f"{r.path.name:60s} {r.pages:2d}p wall {r.wall_ms:7.1f} cpu {r.cpu_ms:7.1f} "
                f"img_ocr={int(r.image_ocr)} vendor_ok={int(r.vendor_ok)} {r.vendor!r}"
            )
    s = summary(runs)
    print(
        f"| {int(s['documents'])} PDFs | {s['median_ms']:.1f} | {s['p95_ms']:.1f} | "
        f"{s['median_cpu_ms']:.1f} | {s['p95_cpu_ms']:.1f} | {int(s['image_ocr_docs'])} | "
        f"{int(s['vendor_right'])}/{int(s['documents'])} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
