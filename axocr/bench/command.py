"""Benchmark axocr on labelled dataset folders (``benchmarks/run.py`` and ``axocr bench``).

    python benchmarks/run.py /work/shared/datasets/invoice2data /work/shared/datasets/sroie \
        --jobs 2 --limit 20 --baselines invoice2data,tesseract

Prints the Markdown report and writes OUT/benchmark.md, OUT/benchmark.json and OUT/failures.md.
``main(argv)`` is importable so a CLI can offer the same thing as a sub-command; all the work is
done by :mod:`axocr.bench`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from axocr.bench import DatasetError, render_markdown, run_benchmark, write_reports
from axocr.bench.baselines import BASELINES


def _option(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        value: Any = json.loads(raw)  # 150 -> int, true -> bool, "x" -> str
    except json.JSONDecodeError:
        value = raw
    return key.strip(), value


def _baseline_list(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in BASELINES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown baseline(s) {', '.join(unknown)}; known: {', '.join(BASELINES)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="axocr bench",
        description="Run axocr on labelled datasets (folders with labels.jsonl) and score it.",
    )
    parser.add_argument("datasets", nargs="+", type=Path, metavar="DATASET_DIR")
    parser.add_argument("--engine", help="OCR engine (default: axocr's default)")
    parser.add_argument("--limit", type=int, help="first N documents of each dataset")
    parser.add_argument(
        "--kinds",
        type=lambda v: [k.strip() for k in v.split(",") if k.strip()],
        default=[],
        help="only documents of these comma-separated kinds (labels.jsonl 'kind'), e.g. "
        "scanned-image,degraded-image,scanned-pdf to time scans alone",
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"), help="report folder")
    parser.add_argument(
        "--baselines",
        type=_baseline_list,
        default=[],
        help=f"comma-separated baselines to run on the same documents: {', '.join(BASELINES)}",
    )
    parser.add_argument(
        "--option",
        "-o",
        type=_option,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra axocr.extract option, e.g. -o dpi=150 (repeatable)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--quiet", "-q", action="store_true", help="do not print the report")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.jobs < 1:
        print("--jobs must be at least 1", file=sys.stderr)
        return 2
    # `axocr bench datasets/*` also names the README and other files beside the folders.
    datasets = [d for d in args.datasets if d.is_dir()]
    for d in args.datasets:
        if not d.is_dir():
            print(f"skipping {d}: not a dataset folder", file=sys.stderr)
    if not datasets:
        print("error: no dataset folders given", file=sys.stderr)
        return 2
    try:
        report = run_benchmark(
            datasets,
            engine=args.engine,
            limit=args.limit,
            jobs=args.jobs,
            options=dict(args.option),
            progress=not args.no_progress,
            baselines=args.baselines,
            kinds=args.kinds,
        )
    except (DatasetError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    paths = write_reports(report, args.out)
    if not args.quiet:
        print(render_markdown(report))
    print(f"wrote {', '.join(str(p) for p in paths.values())}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
