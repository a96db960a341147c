"""Generate synthetic invoices with ground truth (labels.jsonl), or the special test inputs.

python benchmarks/generate_fixtures.py fixtures/synth --seed 2024 --vendors-csv fixtures/vendors.csv
python benchmarks/generate_fixtures.py /tmp/synth --per-layout 20 --languages ja
python benchmarks/generate_fixtures.py fixtures/special --special
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import cast

from axocr.synth import (
    GenerateOptions,
    generate_dataset,
    japanese_font_available,
    make_special_fixtures,
    write_vendor_master,
)
from axocr.synth.content import Language


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("out_dir", type=Path, help="folder to write labels.jsonl and files/ into")
    p.add_argument("--per-layout", type=int, default=1, help="invoices per layout (default 1)")
    p.add_argument("--languages", default="en,ja", help="comma-separated: en,ja (default both)")
    p.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    p.add_argument("--no-degraded", action="store_true", help="born-digital PDFs only, no scans")
    p.add_argument("--vendors-csv", type=Path, help="also write a vendor master CSV here")
    p.add_argument(
        "--special",
        action="store_true",
        help="write the special test inputs (encrypted, mixed, TIFF, ...) instead",
    )
    args = p.parse_args(argv)

    start = time.perf_counter()
    if args.special:
        records = make_special_fixtures(args.out_dir)
        print(f"wrote {len(records)} special inputs to {args.out_dir}")
        return 0
    languages = tuple(x.strip() for x in args.languages.split(",") if x.strip())
    for lang in languages:
        if lang not in ("en", "ja"):
            p.error(f"unknown language {lang!r}: use en and/or ja")
    if "ja" in languages and not japanese_font_available():
        p.error("Japanese needs the IPAex fonts: apt-get install fonts-ipaexfont")
    options = GenerateOptions(
        per_layout=args.per_layout,
        languages=cast(tuple[Language, ...], languages),
        seed=args.seed,
        degraded=not args.no_degraded,
    )
    docs = generate_dataset(args.out_dir, options)
    if args.vendors_csv is not None:
        invoices = [d.invoice for d in docs if d.record["kind"] == "born-digital-pdf"]
        write_vendor_master(args.vendors_csv, invoices, seed=args.seed)
    took = time.perf_counter() - start
    print(f"wrote {len(docs)} documents to {args.out_dir} in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
