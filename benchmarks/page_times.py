"""Per-page reading time by route and DPI, with peak memory, on this machine.

    python benchmarks/page_times.py [--repeat 3]

Text-layer pages: every born-digital PDF of ../shared/datasets/zugferd and invoice2data (or
fixtures/synth when those are absent). OCR pages: the committed scanned-PDF fixtures rendered
at 150, 200 and 300 DPI. Each configuration runs in a fresh process so that its peak
resident memory (ru_maxrss) is its own; the engine is loaded once before timing.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _born_digital() -> list[Path]:
    shared = ROOT.parent / "shared" / "datasets"
    found = sorted((shared / "zugferd" / "files").glob("*.pdf")) + sorted(
        (shared / "invoice2data" / "files").glob("*.pdf")
    )
    return found or sorted((ROOT / "fixtures" / "synth" / "files").glob("*[0-9].pdf"))


def _scanned() -> list[Path]:
    return sorted((ROOT / "fixtures" / "synth" / "files").glob("*_scan.pdf"))


def measure(kind: str, dpi: int, repeat: int) -> dict[str, float]:
    import axocr
    from axocr.config import ReadConfig
    from axocr.ocr.registry import get_engine

    files = _born_digital() if kind == "text" else _scanned()
    if kind != "text":
        get_engine(ReadConfig())  # load the models before timing
    per_page: list[float] = []
    extract_ms: list[float] = []
    for _ in range(repeat):
        for path in files:
            t = time.perf_counter()
            result = axocr.extract(path, dpi=dpi)
            elapsed = (time.perf_counter() - t) * 1000
            per_page.append(elapsed / max(result.pages, 1))
            extract_ms.append(result.timings_ms.get("extract", 0.0) / max(result.pages, 1))
    return {
        "pages": float(len(per_page)),
        "median_ms": statistics.median(per_page),
        "mean_ms": statistics.fmean(per_page),
        "extract_ms": statistics.median(extract_ms),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DPI"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]), args.repeat)))
        return 0
    rows = [("text", 200)] + [("ocr", d) for d in (150, 200, 300)]
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(
        "| route | DPI | pages timed | median ms/page | mean ms/page | extraction ms/page | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind, dpi in rows:
        out = (
            subprocess.run(
                [sys.executable, __file__, "--repeat", str(args.repeat), "--child", kind, str(dpi)],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        r = json.loads(out)
        label = "text layer" if kind == "text" else "OCR"
        dpi_cell = "-" if kind == "text" else str(dpi)
        print(
            f"| {label} | {dpi_cell} | {int(r['pages'])} | {r['median_ms']:.0f} | "
            f"{r['mean_ms']:.0f} | {r['extract_ms']:.1f} | {r['peak_mb']:.0f} |"
        )
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
