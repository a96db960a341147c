"""Write a vendor master from the labels of benchmark datasets, holding a share of the vendors.

    python benchmarks/vendor_master.py ../shared/datasets/*/ fixtures/synth \\
        --known 0.5 --out /tmp/vendors.csv
    axocr bench ../shared/datasets/*/ fixtures/synth -o vendors=\\"/tmp/vendors.csv\\"

An accounts-payable team has a vendor master, and most of its invoices come from vendors in
it; some do not. This builds that situation from labelled data so that matching and the
review verdict can be measured with a master: each distinct labelled vendor name (with its
aliases) goes into the master or stays out by a hash of the name, so the split is the same on
every run and about ``--known`` of the vendors are in it. The file is written where ``--out``
says, never into the repository: it is made of the datasets' labels.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from axocr.bench.runner import load_dataset


def labelled_vendors(dirs: Sequence[Path]) -> dict[str, set[str]]:
    """Every labelled vendor name with the union of its aliases."""
    names: dict[str, set[str]] = {}
    for d in dirs:
        for doc in load_dataset(d):
            name = doc.labels.get("vendor")
            if name:
                names.setdefault(name, set()).update(doc.labels.get("vendor_aliases") or [])
    return names


def is_known(name: str, share: float) -> bool:
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return digest / 0xFFFFFFFF < share


def write_master(names: dict[str, set[str]], share: float, out: Path) -> int:
    known = sorted(n for n in names if is_known(n, share))
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "aliases", "registration_number", "vat_id"])
        for i, name in enumerate(known, 1):
            writer.writerow([f"V{i:04d}", name, "|".join(sorted(names[name])), "", ""])
    return len(known)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--known", type=float, default=0.5, help="share of vendors in the master")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    names = labelled_vendors(args.datasets)
    count = write_master(names, args.known, args.out)
    print(f"wrote {args.out}: {count} of {len(names)} labelled vendors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
