"""Generate a training / evaluation set of layout-grammar families (labels.jsonl + files).

python benchmarks/generate_families.py /tmp/families                  # 60 families x 2, en,ja,de,fr,nl
python benchmarks/generate_families.py /tmp/families --per-family 5 --languages de --scans
python benchmarks/generate_families.py /tmp/it --languages it --families 30 --scans --photos

Born-digital PDFs by default; --scans adds one degraded scan per document. The same options and
seed always write the same files. `python benchmarks/run.py /tmp/families` scores axocr on it.
Italian (it) is written only when asked for: a language nobody tuned the extractor for, and
the default sets stay what they were.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import cast

from axocr.synth.families import FamilyOptions, generate_families
from axocr.synth.family_content import ALL_FAMILY_LANGUAGES, FAMILY_LANGUAGES, FamilyLanguage
from axocr.synth.grammar import grammar_size


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("out_dir", type=Path, help="folder to write labels.jsonl and files/ into")
    p.add_argument("--families", type=int, default=60, help="families per language (default 60)")
    p.add_argument("--per-family", type=int, default=2, help="documents per family (default 2)")
    p.add_argument(
        "--languages",
        default=",".join(FAMILY_LANGUAGES),
        help=f"comma-separated, of {','.join(ALL_FAMILY_LANGUAGES)} "
        f"(default: {','.join(FAMILY_LANGUAGES)})",
    )
    p.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    p.add_argument("--scans", action="store_true", help="also write a degraded scan of each")
    p.add_argument(
        "--photos",
        action="store_true",
        help="with --scans: one-page scans written as JPEGs are phone photographs of the page "
        "on a table instead (a slanted quadrilateral on a darker ground)",
    )
    args = p.parse_args(argv)
    languages = tuple(x.strip() for x in args.languages.split(",") if x.strip())
    for lang in languages:
        if lang not in ALL_FAMILY_LANGUAGES:
            p.error(f"unknown language {lang!r}: use {', '.join(ALL_FAMILY_LANGUAGES)}")
        if args.families > grammar_size(cast(FamilyLanguage, lang)):
            p.error(f"--families: the {lang} grammar has fewer combinations")
    options = FamilyOptions(
        families=args.families,
        per_family=args.per_family,
        languages=cast(tuple[FamilyLanguage, ...], languages),
        seed=args.seed,
        scans=args.scans,
        photos=args.photos,
    )
    start = time.process_time()
    try:
        records = generate_families(args.out_dir, options)
    except RuntimeError as exc:
        p.error(str(exc))
    took = time.process_time() - start
    print(f"wrote {len(records)} documents to {args.out_dir} in {took:.1f} CPU s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
