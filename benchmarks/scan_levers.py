"""Reading options for scans, A/B in one process: CPU time per page and fields, same pages.

    python benchmarks/scan_levers.py -v before:rec_min_width=320 -v now: --sroie 24 --jomb 6 --synth 8

Every page goes through ``axocr.extract`` once per variant, the variants' order rotated from
page to page so that load from other work on the machine falls on all of them alike. Each
variant's engine is loaded (and has read one page) before timing starts, with
``ocr_threads=1``: what each worker of ``axocr extract --jobs 2`` gets on two cores. Per
variant: CPU seconds per page (``time.process_time``, median and mean), the engine's own
detection and recognition times (wall ms, median), the words read, and the fields (vendor,
total, date, invoice number where labelled) scored by the benchmark's rules, with how many
fields differ from the first variant's and the character agreement (F1 of the multiset of
NFKC characters) of each page's words with the first variant's.

Pages: the first ``--sroie`` receipts of ../shared/datasets/sroie, the first ``--jomb`` of
../shared/datasets/jomb, the first ``--synth`` synthetic scans of fixtures/synth (sorted by
name), and with ``--sroie-val N`` the first N of sroie-val (totals only are printed for it,
as the datasets README asks).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = Path(os.environ.get("AXOCR_DATASETS", ROOT.parent / "shared" / "datasets"))
SYNTH = ROOT / "fixtures" / "synth"
SCORED = ("vendor", "total", "date", "invoice_number")
RESULT_FIELD = {"date": "invoice_date"}


def labelled(folder: Path, limit: int, only: str = "") -> list[tuple[Path, dict[str, Any], str]]:
    rows = [json.loads(x) for x in (folder / "labels.jsonl").read_text().splitlines() if x]
    if only:
        rows = [r for r in rows if only in Path(r["path"]).name]
    rows.sort(key=lambda r: r["path"])
    if only:  # synthetic scans: languages taken in turn, so a short run has both
        by_lang: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_lang.setdefault(Path(r["path"]).name.split("_")[0], []).append(r)
        turns = zip(*by_lang.values(), strict=False)
        rows = [r for turn in turns for r in turn]
    return [(folder / r["path"], r["fields"], folder.name) for r in rows[:limit]]


def pages(args: argparse.Namespace) -> list[tuple[Path, dict[str, Any], str]]:
    out = labelled(DATASETS / "sroie", args.sroie) if args.sroie else []
    out += labelled(DATASETS / "jomb", args.jomb) if args.jomb else []
    out += labelled(SYNTH, args.synth, "_scan.") if args.synth else []
    out += labelled(DATASETS / "sroie-val", args.sroie_val) if args.sroie_val else []
    return out


def parse_variant(spec: str) -> tuple[str, dict[str, Any]]:
    name, _, rest = spec.partition(":")
    opts: dict[str, Any] = {}
    for item in filter(None, rest.split(",")):
        key, _, raw = item.partition("=")
        try:
            opts[key] = json.loads(raw)
        except json.JSONDecodeError:
            opts[key] = raw
    return name, opts


@dataclass
class Tally:
    cpu: list[float] = field(default_factory=list)
    det: list[float] = field(default_factory=list)
    rec: list[float] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    right: Counter[str] = field(default_factory=Counter)
    scored: Counter[str] = field(default_factory=Counter)
    changed: int = 0
    char_f1: list[float] = field(default_factory=list)


def chars(text: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def bag_f1(a: Counter[str], b: Counter[str]) -> float:
    common = sum((a & b).values())
    total = sum(a.values()) + sum(b.values())
    return 1.0 if total == 0 else 2 * common / total


_LAST: list[Any] = []


def keep_documents() -> None:
    """Remember the document each extract reads (the result carries fields, not words)."""
    import axocr.api

    read = axocr.api._read

    def reading(*args: Any, **kwargs: Any) -> Any:
        document = read(*args, **kwargs)
        _LAST[:] = [document]
        return document

    axocr.api._read = reading


def page_text() -> str:
    return " ".join(ln.text for p in _LAST[0].pages for ln in p.lines) if _LAST else ""


def run(args: argparse.Namespace) -> dict[str, Tally]:
    import axocr
    from axocr.bench.scoring import Prediction, score_document

    keep_documents()
    variants = dict(parse_variant(v) for v in args.variant)
    names = list(variants)
    todo = pages(args)
    print(f"{len(todo)} pages, variants {names}; load {os.getloadavg()}", file=sys.stderr)
    for opts in variants.values():  # engine loading and first-page costs are not timed
        axocr.extract(todo[0][0], ocr_threads=1, **opts)
    tallies = {n: Tally() for n in names}
    for i, (path, labels, source) in enumerate(todo):
        texts: dict[str, str] = {}
        values: dict[str, dict[str, str | None]] = {}
        for n in names[i % len(names) :] + names[: i % len(names)]:
            c = time.process_time()
            result = axocr.extract(path, ocr_threads=1, **variants[n])
            tallies[n].cpu.append(time.process_time() - c)
            tallies[n].det.append(result.timings_ms.get("ocr_det", 0.0))
            tallies[n].rec.append(result.timings_ms.get("ocr_rec", 0.0))
            texts[n] = page_text()
            tallies[n].words.append(len(texts[n].split()))
            got = {k: getattr(result.fields, RESULT_FIELD.get(k, k)).value for k in SCORED}
            values[n] = got
            preds = {k: Prediction(None if v is None else str(v)) for k, v in got.items()}
            for s in score_document(labels, preds, fields=SCORED):
                tallies[n].scored[f"{source}/{s.field}"] += 1
                tallies[n].right[f"{source}/{s.field}"] += int(s.correct)
        for n in names:
            tallies[n].changed += sum(values[n][k] != values[names[0]][k] for k in SCORED)
            tallies[n].char_f1.append(bag_f1(chars(texts[names[0]]), chars(texts[n])))
        line = " ".join(f"{n}={tallies[n].cpu[-1]:.2f}s" for n in names)
        print(f"{path.name:36s} {line}", file=sys.stderr, flush=True)
    return tallies


def report(tallies: dict[str, Tally], n_pages: int) -> None:
    names = list(tallies)
    keys = sorted({k for t in tallies.values() for k in t.scored})
    shown = [k for k in keys if not k.startswith("sroie-val/") or k.endswith("/total")]
    print(f"{n_pages} pages, one thread; load after {os.getloadavg()}")
    print(
        "| variant | CPU s/page (median) | CPU s/page (mean) | x base CPU | det ms | rec ms | "
        "words/page | chars vs base | fields changed | " + " | ".join(shown) + " |"
    )
    print("|---" * (9 + len(shown)) + "|")
    base = statistics.mean(tallies[names[0]].cpu)
    for n in names:
        t = tallies[n]
        cells = [
            f"{statistics.median(t.cpu):.2f}",
            f"{statistics.mean(t.cpu):.2f}",
            f"{statistics.mean(t.cpu) / base:.3f}",
            f"{statistics.median(t.det):.0f}",
            f"{statistics.median(t.rec):.0f}",
            f"{statistics.mean(t.words):.1f}",
            f"{statistics.mean(t.char_f1):.4f}",
            str(t.changed),
        ]
        cells += [f"{t.right[k]}/{t.scored[k]}" for k in shown]
        print(f"| {n} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "-v",
        "--variant",
        action="append",
        required=True,
        help="name:key=value,... (ReadConfig options; the first variant is the baseline)",
    )
    parser.add_argument("--sroie", type=int, default=0)
    parser.add_argument("--jomb", type=int, default=0)
    parser.add_argument("--synth", type=int, default=0)
    parser.add_argument("--sroie-val", type=int, default=0)
    args = parser.parse_args()
    tallies = run(args)
    report(tallies, len(next(iter(tallies.values())).cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
