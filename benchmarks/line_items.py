"""Line items on generated documents: write a labelled set to a temporary folder, run axocr on
it through the benchmark runner and print the line-item table (and the failures).

    .venv/bin/python benchmarks/line_items.py --per-language 12 --scans 0.4 --seed 7

Each language (en, de, fr, nl, ja) gets ``--per-language`` invoices with 1-60 lines (wrapped
descriptions, several tax rates, tables that run over pages with carried-forward rows) and
``--receipts`` receipts; a share ``--scans`` of the one-page documents is also written as a
degraded scan (an image-only PDF) to measure the OCR route. Nothing is written into the
repository; ``--out`` keeps the generated set.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from axocr.bench import run_benchmark
from axocr.bench.line_scoring import LineScore, line_table, markdown_line_table
from axocr.synth.dataset import derive_seed
from axocr.synth.degrade import degrade_page, encode_image, image_only_pdf
from axocr.synth.lines import LANGUAGES, generate_lines_document


def generate(out: Path, per_language: int, receipts: int, scans: float, seed: int) -> int:
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    records: list[dict[str, Any]] = []
    for language in LANGUAGES:
        plan = [(False, i) for i in range(per_language)] + [(True, i) for i in range(receipts)]
        for receipt, i in plan:
            kind = "receipt" if receipt else "invoice"
            stem = f"{language}_{kind}_{i:03d}"
            rng = random.Random(derive_seed(seed, "lines", language, kind, i))
            doc = generate_lines_document(rng, stem, language, receipt=receipt)
            (files / f"{stem}.pdf").write_bytes(doc.pdf)
            base = {
                "language": language,
                "fields": doc.fields,
                "line_items": doc.line_items,
                "layout": f"lines-{kind}",
            }
            records.append(
                {"id": stem, "path": f"files/{stem}.pdf", "kind": "born-digital-pdf", **base}
            )
            srng = random.Random(derive_seed(seed, "lines-scan", language, kind, i))
            if doc.pages == 1 and srng.random() < scans:
                img, deg = degrade_page(doc.pdf, srng, dpi=200, allow_right_angle=False)
                jpeg = encode_image(img, ".jpg", jpeg_quality=80)
                data = image_only_pdf(jpeg, img.shape[1], img.shape[0], deg.dpi)
                (files / f"{stem}_scan.pdf").write_bytes(data)
                records.append(
                    {
                        "id": f"{stem}-scan",
                        "path": f"files/{stem}_scan.pdf",
                        "kind": "scanned-pdf",
                        **base,
                        "degradations": [f"dpi({deg.dpi})", *deg.ops],
                    }
                )
    with (out / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-language", type=int, default=10)
    parser.add_argument("--receipts", type=int, default=3)
    parser.add_argument("--scans", type=float, default=0.4, help="share of one-page docs scanned")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--out", help="keep the generated set here (default: a temp folder)")
    parser.add_argument("-o", "--option", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--failures", action="store_true", help="list missed and extra lines")
    args = parser.parse_args(argv)
    options: dict[str, Any] = {}
    for item in args.option:
        key, _, value = item.partition("=")
        options[key] = value
    with tempfile.TemporaryDirectory(prefix="axocr-lines-") as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "lines"
        t0 = time.process_time()
        count = generate(out, args.per_language, args.receipts, args.scans, args.seed)
        print(
            f"generated {count} documents in {time.process_time() - t0:.1f} CPU s", file=sys.stderr
        )
        report = run_benchmark([out], options=options, progress=False)
    records = [r for r in report.axocr.records if r.lines is not None]
    groups: dict[str, list[LineScore]] = {}
    for r in records:
        if r.lines is None:
            continue
        layout = "receipt" if "_receipt_" in r.doc_id else "invoice"
        groups.setdefault(f"{r.kind} · {layout}", []).append(r.lines)
        groups.setdefault(f"{r.language} · {r.kind}", []).append(r.lines)
        groups.setdefault(r.kind, []).append(r.lines)
    rows = [(name, line_table(scores)) for name, scores in sorted(groups.items())]
    rows.append(("all", line_table(r.lines for r in records if r.lines is not None)))
    print("\n".join(markdown_line_table(rows)))
    if args.failures:
        for r in records:
            if r.lines is not None and not r.lines.all_right:
                print(f"\n{r.doc_id}: missed {r.lines.misses[:4]} extra {r.lines.extras[:4]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
