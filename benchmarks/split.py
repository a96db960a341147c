"""Several invoices in one PDF: concatenate 2-5 invoices at run time (into a temporary folder),
run ``axocr.extract_all`` on each file and check where it cut.

    .venv/bin/python benchmarks/split.py --files 40 --datasets ../shared/datasets
    .venv/bin/python benchmarks/split.py --files 40 --generated-only

Sources: real born-digital PDFs of the dev sets (zugferd, invoice2data) and generated invoices
of :mod:`axocr.synth.lines` (of one to three pages). A file is *split right* when the result
page ranges equal the invoices' page ranges. An invoice is *lost silently* when its first page
does not start a result and the result that swallowed it carries no review reason about the
split (``split:doubtful_boundary``); a *false cut* splits one invoice in two.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from axocr.api import extract_all
from axocr.synth.dataset import derive_seed
from axocr.synth.lines import LANGUAGES, generate_lines_document


def real_sources(datasets: Path) -> list[Path]:
    out: list[Path] = []
    for name in ("zugferd", "invoice2data"):
        folder = datasets / name / "files"
        if folder.is_dir():
            out.extend(sorted(folder.glob("*.pdf")))
    return out


def generated_sources(folder: Path, count: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        rng = random.Random(derive_seed(seed, "split", i))
        language = LANGUAGES[i % len(LANGUAGES)]
        n = rng.choice((2, 4, 8, 15, 30, 50))
        doc = generate_lines_document(rng, f"g{i}", language, n_lines=n)
        path = folder / f"gen_{i:03d}_{language}.pdf"
        path.write_bytes(doc.pdf)
        out.append(path)
    return out


def concatenate(parts: Sequence[Path], target: Path) -> list[tuple[int, int]]:
    """Write the parts one after the other; returns each part's (first, last) page, 1-based."""
    out = pdfium.PdfDocument.new()
    ranges = []
    for part in parts:
        src = pdfium.PdfDocument(str(part))
        start = len(out) + 1
        out.import_pages(src)
        ranges.append((start, len(out)))
        src.close()
    out.save(str(target))
    out.close()
    return ranges


def judge(ranges: list[tuple[int, int]], results: list[Any]) -> dict[str, int]:
    got = [tuple(r.split.pages) if r.split else (1, r.pages) for r in results]
    starts = {g[0]: r for g, r in zip(got, results, strict=True)}
    lost = silent = 0
    for first, _ in ranges:
        if first in starts:
            continue
        lost += 1
        owner = max(
            (r for g, r in zip(got, results, strict=True) if g[0] <= first),
            key=lambda r: r.split.pages[0] if r.split else 1,
        )
        if "split:doubtful_boundary" not in owner.review_reasons:
            silent += 1
    truth_starts = {f for f, _ in ranges}
    false_cuts = sum(1 for g in got if g[0] not in truth_starts)
    flagged = sum(1 for r in results if "split:doubtful_boundary" in r.review_reasons)
    return {
        "right": int(got == ranges),
        "lost": lost,
        "silent": silent,
        "false_cuts": false_cuts,
        "flagged": flagged,
        "invoices": len(ranges),
    }


def run(
    pool: list[Path], files: int, seed: int, tmp: Path, options: dict[str, Any]
) -> dict[str, Any]:
    rng = random.Random(seed)
    totals: dict[str, int] = {}
    failures: list[str] = []
    cpu = 0.0
    pages = 0
    for i in range(files):
        parts = rng.sample(pool, rng.randint(2, min(5, len(pool))))
        target = tmp / f"concat_{i:03d}.pdf"
        ranges = concatenate(parts, target)
        t0 = time.process_time()
        results = extract_all(target, **options)
        cpu += time.process_time() - t0
        pages += ranges[-1][1]
        verdict = judge(ranges, results)
        for k, v in verdict.items():
            totals[k] = totals.get(k, 0) + v
        if not verdict["right"]:
            got = [r.split.pages if r.split else [1, r.pages] for r in results]
            failures.append(
                f"{target.name}: {[p.name for p in parts]} truth {ranges} got {got} "
                f"flagged {verdict['flagged']}"
            )
    return {"files": files, **totals, "cpu_s": cpu, "pages": pages, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=40, help="concatenated files per source")
    parser.add_argument(
        "--datasets", default=str(Path(__file__).resolve().parents[2] / "shared" / "datasets")
    )
    parser.add_argument("--generated", type=int, default=30, help="generated invoices in the pool")
    parser.add_argument("--generated-only", action="store_true")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("-o", "--option", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    options: dict[str, Any] = {}
    for item in args.option:
        key, _, value = item.partition("=")
        options[key] = value
    rows = []
    with tempfile.TemporaryDirectory(prefix="axocr-split-") as name:
        tmp = Path(name)
        pools = {"generated": generated_sources(tmp / "gen", args.generated, args.seed)}
        real = [] if args.generated_only else real_sources(Path(args.datasets))
        if real:
            pools["real dev PDFs"] = real
        elif not args.generated_only:
            print(f"no dev PDFs under {args.datasets}: generated only", file=sys.stderr)
        for label, pool in pools.items():
            rows.append((label, run(pool, args.files, args.seed, tmp, options)))
    print(
        "| source | files | invoices | split right | invoices lost | lost silently | "
        "false cuts | flagged doubtful | CPU s/page |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r in rows:
        print(
            f"| {label} | {r['files']} | {r['invoices']} | {100 * r['right'] / r['files']:.1f}% | "
            f"{r['lost']} | {r['silent']} | {r['false_cuts']} | {r['flagged']} | "
            f"{r['cpu_s'] / max(r['pages'], 1):.3f} |"
        )
    for label, r in rows:
        for line in r["failures"]:
            print(f"\n[{label}] {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
