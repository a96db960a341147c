"""Generate a labelled set of till-receipt scans in layout families (labels.jsonl + files).

python benchmarks/generate_receipts.py /tmp/receipts                  # 30 families x 4 scans
python benchmarks/generate_receipts.py /tmp/receipts --families 60 --seed 7
python benchmarks/generate_receipts.py /tmp/receipts --extras            # harder kinds too

Malaysian and Singaporean shop receipts (a brand over the registered name, names wrapped over
two lines, company numbers, GST ids, cash rounding) and British or American ones, each drawn
as a thermal-paper PDF and scanned with `axocr.synth.degrade`. The same options and seed
always write the same files. `python benchmarks/run.py /tmp/receipts` scores axocr on it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from axocr.synth.receipts import generate_receipts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("out_dir", type=Path, help="folder to write labels.jsonl and files/ into")
    p.add_argument("--families", type=int, default=30, help="layout families (default 30)")
    p.add_argument("--per-family", type=int, default=4, help="receipts per family (default 4)")
    p.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    p.add_argument(
        "--extras",
        action="store_true",
        help="also draw the harder kinds: the title above the name, names in title case, an "
        "operator's name under the shop's sign, a member's name, a tax summary, photographs "
        "on a table (the sets written without it keep their bytes)",
    )
    args = p.parse_args(argv)
    if args.families < 1 or args.per_family < 1:
        p.error("--families and --per-family must be at least 1")
    start = time.process_time()
    records = generate_receipts(
        args.out_dir, args.families, args.per_family, args.seed, extras=args.extras
    )
    took = time.process_time() - start
    print(f"wrote {len(records)} receipts to {args.out_dir} in {took:.1f} CPU s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
