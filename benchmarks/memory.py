"""Vendor memory: accuracy and review share on later invoices of taught vendors, with and
without the memory; the other vendors' documents; learning time; a 10,000-vendor memory.

    python benchmarks/memory.py --cache-dir /work/ocr-cache --out /tmp/memory-bench \
        [--datasets zugferd,sroie] [--families 2] [--per-family 5] [--markdown]

Groups:
- synthetic vendor families (axocr.synth.family): one vendor and layout, new values each
  time, 16 layouts with their usual labels and the English ones again with label wordings the
  generic extractor does not know; one family in four is scanned (degraded images), the rest
  born-digital PDFs;
- real dev documents grouped by their labelled vendor (zugferd, SROIE receipts of the same
  shop), read from ``<datasets>/<name>/labels.jsonl`` at run time.

The first document of each vendor is taught from its labels (as ``axocr learn`` would from a
correction); the others are extracted without and with the memory. Documents of vendors
never taught (singletons of the datasets, and one new vendor per synthetic layout) are
extracted with and without the memory holding every taught vendor: no field may get worse.
Times are CPU seconds of this process (``time.process_time``), the documents read once
through the OCR cache so OCR is not in them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axocr.api import extract_with_config
from axocr.bench.scoring import predictions_from_result, score_document
from axocr.config import Config, ExtractConfig, ReadConfig
from axocr.extract.context import build_context
from axocr.pipeline.read import read_document
from axocr.synth.degrade import degrade_page, encode_image
from axocr.synth.document import layout_names
from axocr.synth.family import UNUSUAL_LABELS, vendor_family
from axocr.types import Document, ExtractedField, InvoiceResult, alnum_key
from axocr.vendor_memory import Correction, VendorMemory, learn_document
from axocr.vendor_memory.match import overlap
from axocr.vendor_memory.page import page_tokens
from axocr.vendor_memory.store import FieldMemory, Spot, VendorProfile

FIELDS = ("vendor", "total", "currency", "date", "invoice_number")
LABEL_TO_FIELD = {"date": "invoice_date"}
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


@dataclass
class Doc:
    group: str  # "synth-usual", "synth-unusual", "zugferd", "sroie", ...
    vendor: str  # the family / vendor key
    path: Path
    labels: dict[str, Any]


@dataclass
class Tallies:
    n: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    accepted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    accepted_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, key: str, correct: bool, accepted: bool) -> None:
        self.n[key] += 1
        self.right[key] += correct
        self.accepted[key] += accepted
        self.accepted_right[key] += accepted and correct


# ------------------------------------------------------------------ documents
def _from_memory(field: ExtractedField) -> bool:
    return field.provenance is not None and field.provenance.kind == "memory"


def synth_docs(out: Path, families: int, per_family: int, seed: int) -> list[Doc]:
    docs: list[Doc] = []
    files = out / "synth"
    files.mkdir(parents=True, exist_ok=True)
    unusual_keys = list(UNUSUAL_LABELS)
    specs: list[tuple[str, str, dict[str, str] | None]] = []
    for name in layout_names():
        specs.append(("synth-usual", name, None))
    for i, name in enumerate(layout_names("en")):
        # two label wordings the extractor does not know, different pairs per layout
        a, b = unusual_keys[i % 3], unusual_keys[(i + 1) % 3]
        wa, wb = UNUSUAL_LABELS[a], UNUSUAL_LABELS[b]
        wording = {a: wa[i % len(wa)], b: wb[(i + 1) % len(wb)]}
        specs.append(("synth-unusual", name, wording))
    for k, (group, name, wording) in enumerate(specs):
        for f in range(families):
            fam_seed = seed * 1000 + k * 10 + f
            key = f"{group}/{name}/{f}"
            scanned = (k + f) % 4 == 3
            invoices = vendor_family(name, fam_seed, per_family, labels=wording)
            for j, inv in enumerate(invoices):
                stem = f"{group}-{name}-{f}-{j}"
                if scanned and j > 0:
                    path = files / f"{stem}.jpg"
                    if not path.exists():
                        img, _ = degrade_page(
                            inv.pdf, random.Random(fam_seed + j), dpi=150, allow_right_angle=False
                        )
                        path.write_bytes(encode_image(img, ".jpg"))
                else:
                    path = files / f"{stem}.pdf"
                    if not path.exists():
                        path.write_bytes(inv.pdf)
                docs.append(Doc(group, key, path, inv.fields()))
    return docs


def other_synth_docs(out: Path, seed: int) -> list[Doc]:
    """One invoice of a vendor never taught, per layout: the same layouts, other vendors."""
    files = out / "synth"
    docs = []
    for k, name in enumerate(layout_names()):
        inv = vendor_family(name, seed * 7919 + k, 1)[0]
        path = files / f"other-{name}.pdf"
        if not path.exists():
            path.write_bytes(inv.pdf)
        docs.append(Doc("synth-other", f"other/{name}", path, inv.fields()))
    return docs


def dataset_docs(root: Path, names: list[str]) -> list[Doc]:
    docs = []
    for name in names:
        labels = root / name / "labels.jsonl"
        if not labels.exists():
            print(f"skipping {name}: no {labels}", file=sys.stderr)
            continue
        for line in labels.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            vendor = alnum_key(rec["fields"].get("vendor") or rec["id"])
            docs.append(Doc(name, f"{name}/{vendor}", root / name / rec["path"], rec["fields"]))
    return docs


# ------------------------------------------------------------------ running
def correction_of(doc: Doc) -> Correction:
    fields = {LABEL_TO_FIELD.get(k, k): str(doc.labels[k]) for k in FIELDS if doc.labels.get(k)}
    return Correction(path=str(doc.path), fields=fields)


def score(result: InvoiceResult, doc: Doc, tallies: Tallies) -> dict[str, bool]:
    out = {}
    for s in score_document(doc.labels, predictions_from_result(result), FIELDS):
        tallies.add(s.field, s.correct, s.needs_review is False)
        out[s.field] = s.correct
    return out


def _fmt(a: int, n: int) -> str:
    return f"{100 * a / n:.1f}% ({a}/{n})" if n else "—"


def table(title: str, rows: list[tuple[str, Tallies, Tallies]]) -> str:
    lines = [
        f"**{title}**",
        "",
        "| documents | field | right without | right with memory | accepted without "
        "| accepted with memory | accepted and right, with memory |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, gen, mem in rows:
        for f in FIELDS:
            n = gen.n[f]
            if not n:
                continue
            lines.append(
                f"| {name} | {f} | {_fmt(gen.right[f], n)} | {_fmt(mem.right[f], n)} | "
                f"{_fmt(gen.accepted[f], n)} | {_fmt(mem.accepted[f], n)} | "
                f"{_fmt(mem.accepted_right[f], mem.accepted[f])} |"
            )
    return "\n".join(lines)


def read(doc: Doc, read_cfg: ReadConfig) -> Document | None:
    try:
        return read_document(str(doc.path), read_cfg)
    except Exception as exc:  # a benchmark reports and goes on
        print(f"cannot read {doc.path}: {exc}", file=sys.stderr)
        return None


def fill_memory(path: Path, n: int, seed: int) -> float:
    """Add ``n`` made-up vendors with fixed words, keys and taught places; CPU seconds."""
    rng = random.Random(seed)
    syll = ["ka", "ro", "mi", "ten", "sa", "bel", "dor", "lin", "vas", "to", "ner", "qui"]
    common = ["invoice", "total", "date", "due", "tax", "amount", "bill", "to", "qty", "price"]
    t0 = time.process_time()
    with VendorMemory(path) as mem:
        for i in range(n):
            name = " ".join(
                "".join(rng.choice(syll) for _ in range(rng.randint(2, 3))) for _ in range(2)
            ).title()
            words = {"".join(rng.choice(syll) for _ in range(3)) for _ in range(40)}
            words |= set(rng.sample(common, 6)) | set(name.casefold().split())
            box = (0.6, rng.random() * 0.9, 0.7, 0.0 + rng.random())
            profile = VendorProfile(
                name=name,
                printed=name,
                fields={
                    "total": FieldMemory(
                        kind="amount",
                        spots=[Spot(label="total", where="right", page=0, bbox=box)],
                    ),
                    "invoice_number": FieldMemory(
                        kind="id",
                        spots=[Spot(label="invoice no", where="same-line", page=0, bbox=box)],
                        patterns=[r"INV-\d{5}"],
                    ),
                },
            )
            keys = [f"vat:DE{rng.randrange(10**8, 10**9)}"] if i % 2 else []
            mem.save(None, profile, frozenset(words), keys, commit=False)
        mem.commit()
    return time.process_time() - t0


def run(args: argparse.Namespace) -> str:
    out = Path(args.out or tempfile.mkdtemp(prefix="axocr-memory-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    read_cfg = ReadConfig(cache_dir=args.cache_dir)
    docs = synth_docs(out, args.families, args.per_family, args.seed)
    docs += dataset_docs(Path(args.datasets_dir), [d for d in args.datasets.split(",") if d])
    others = other_synth_docs(out, args.seed)
    by_vendor: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        by_vendor[d.vendor].append(d)
    taught = {v: ds for v, ds in by_vendor.items() if len(ds) >= 2}
    others += [ds[0] for v, ds in by_vendor.items() if len(ds) == 1]
    mem_path = out / "memory.sqlite"
    if mem_path.exists():
        mem_path.unlink()
    learn_s: list[float] = []
    generic_cfg = Config(read=read_cfg, extract=ExtractConfig())
    memory_cfg = Config(read=read_cfg, extract=ExtractConfig(memory=str(mem_path)))
    print(f"{len(taught)} vendors to teach, {len(others)} other documents", file=sys.stderr)
    with VendorMemory(mem_path) as mem:
        for ds in taught.values():
            ds.sort(key=lambda d: str(d.path))
            document = read(ds[0], read_cfg)
            if document is None:
                continue
            t0 = time.process_time()
            learn_document(mem, document, correction_of(ds[0]))
            learn_s.append(time.process_time() - t0)
    gen_t: dict[str, Tallies] = defaultdict(Tallies)
    mem_t: dict[str, Tallies] = defaultdict(Tallies)
    # per (vendor, field): generic right / n, to find the layouts the extractor gets wrong
    fam_gen: dict[tuple[str, str], list[bool]] = defaultdict(list)
    fam_mem: dict[tuple[str, str], list[tuple[bool, bool]]] = defaultdict(list)
    mismatches = 0
    for vendor, ds in taught.items():
        for d in ds[1:]:
            g = extract_with_config(d.path, generic_cfg)
            m = extract_with_config(d.path, memory_cfg)
            mismatches += "memory_mismatch" in m.review_reasons
            sg, sm = score(g, d, gen_t[d.group]), score(m, d, mem_t[d.group])
            score(g, d, gen_t["all later documents"])
            score(m, d, mem_t["all later documents"])
            for f in sg:
                fam_gen[(vendor, f)].append(sg[f])
                fam_mem[(vendor, f)].append((sm[f], not m.fields.get(_rf(f)).needs_review))
            if args.verbose:
                bad = [f for f in sm if not sm[f]]
                if bad:
                    print(d.path.name, bad, m.review_reasons, file=sys.stderr)
    hard_gen, hard_mem = Tallies(), Tallies()
    hard_pairs = 0
    for key, gs in fam_gen.items():
        if sum(gs) / len(gs) < 0.5:
            hard_pairs += 1
            for ok in gs:
                hard_gen.add(key[1], ok, False)
            for ok, acc in fam_mem[key]:
                hard_mem.add(key[1], ok, acc)
    # other vendors: with the memory of every taught vendor, nothing may get worse
    other_gen, other_mem = Tallies(), Tallies()
    worse = 0
    false_matches = 0
    for d in others:
        g = extract_with_config(d.path, generic_cfg)
        m = extract_with_config(d.path, memory_cfg)
        sg, sm = score(g, d, other_gen), score(m, d, other_mem)
        false_matches += any(_from_memory(m.fields.get(_rf(f))) for f in sm)
        for f in sg:
            g_acc = not g.fields.get(_rf(f)).needs_review
            m_acc = not m.fields.get(_rf(f)).needs_review
            worse += (sg[f] and not sm[f]) or (g_acc and sg[f] and not m_acc)
            if args.verbose and sg[f] and not sm[f]:
                got = (g.fields.get(_rf(f)).value, m.fields.get(_rf(f)).value)
                print("worse on another vendor:", d.path.name, f, got, file=sys.stderr)
    # how much of a vendor's fixed words its own later pages print, and other vendors' pages
    same_share, other_share = overlap_shares(mem_path, taught, others, read_cfg)
    # speed: learning, and a 10,000-vendor memory
    big = out / "memory-10k.sqlite"
    big.write_bytes(mem_path.read_bytes())
    fill_s = fill_memory(big, args.vendors, args.seed)
    with VendorMemory(big, readonly=True) as m10k:
        size = m10k.vendor_count()
    big_cfg = Config(read=read_cfg, extract=ExtractConfig(memory=str(big)))
    sample = [ds[1] for ds in taught.values()][: args.timing_docs]
    sample += others[: args.timing_docs // 2]
    for d in sample:  # warm the cache and the parsers' lru caches alike for both
        extract_with_config(d.path, generic_cfg)
    deltas, recall_ms = [], []
    for _ in range(3):
        for d in sample:
            t0 = time.process_time()
            extract_with_config(d.path, generic_cfg)
            t1 = time.process_time()
            r = extract_with_config(d.path, big_cfg)
            t2 = time.process_time()
            deltas.append((t2 - t1) - (t1 - t0))
            recall_ms.append(r.timings_ms.get("memory", 0.0))
    report = [
        "## Vendor memory: the next invoice from a taught vendor",
        "",
        f"`python benchmarks/memory.py --cache-dir /work/ocr-cache --datasets {args.datasets} "
        f"--families {args.families} --per-family {args.per_family}` "
        f"(run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}). "
        f"{len(taught)} vendors taught from the labels of their first document, "
        f"{sum(len(ds) - 1 for ds in taught.values())} later documents extracted without and "
        f"with the memory; 'accepted' = the field does not need review (threshold "
        f"{ExtractConfig().review_threshold}). Later documents flagged memory_mismatch: "
        f"{mismatches}.",
        "",
        table(
            "Later documents of taught vendors",
            [(k, gen_t[k], mem_t[k]) for k in sorted(gen_t)],
        ),
        "",
        table(
            f"Fields the generic extractor got right on under half of a vendor's later "
            f"documents ({hard_pairs} vendor-field pairs)",
            [("those fields", hard_gen, hard_mem)],
        ),
        "",
        table(
            f"Other vendors (never taught; {len(others)} documents) with the memory of every "
            "taught vendor",
            [("other vendors", other_gen, other_mem)],
        ),
        "",
        f"Other vendors: fields right or accepted without memory that became wrong or "
        f"reviewed with it: {worse}; documents where a memory value was used: "
        f"{false_matches}.",
        "",
        "| share of a taught vendor's fixed words printed on | min | 5th pct | median | max |",
        "|---|---|---|---|---|",
        f"| its later documents ({len(same_share)}) | {_pct(same_share)} |",
        f"| other vendors' documents, the most similar taught vendor ({len(other_share)}) "
        f"| {_pct(other_share)} |",
        "",
        "| speed (CPU seconds of one process) | median | max |",
        "|---|---|---|",
        f"| learning one correction (document from the OCR cache), {len(learn_s)} corrections "
        f"| {1000 * statistics.median(learn_s):.0f} ms | {1000 * max(learn_s):.0f} ms |",
        f"| extraction with a memory of {size:,} vendors minus without, per document "
        f"({len(sample)} documents x 3, interleaved) | {1000 * statistics.median(deltas):.2f} ms "
        f"(mean {1000 * statistics.mean(deltas):.2f}) | {1000 * max(deltas):.2f} ms |",
        f"| the memory step alone (find the vendor, read its places), wall | "
        f"{statistics.median(recall_ms):.2f} ms | {max(recall_ms):.2f} ms |",
        "",
        f"Filling the memory with {args.vendors:,} made-up vendors took {fill_s:.1f} s CPU.",
    ]
    return "\n".join(report)


def _pct(values: list[float]) -> str:
    if not values:
        return "— | — | — | —"
    v = sorted(values)
    return " | ".join(f"{x:.2f}" for x in (v[0], v[len(v) // 20], statistics.median(v), v[-1]))


def overlap_shares(
    mem_path: Path, taught: dict[str, list[Doc]], others: list[Doc], read_cfg: ReadConfig
) -> tuple[list[float], list[float]]:
    with VendorMemory(mem_path, readonly=True) as mem:
        records = mem.vendors()
    by_name = {r.profile.name: r for r in records}
    same, other = [], []
    for ds in taught.values():
        rec = by_name.get(str(ds[0].labels.get("vendor")))
        for d in ds[1:]:
            document = read(d, read_cfg)
            if rec is not None and document is not None:
                same.append(overlap(rec.tokens, page_tokens(build_context(document))))
    for d in others:
        document = read(d, read_cfg)
        if document is not None and records:
            tokens = page_tokens(build_context(document))
            other.append(max(overlap(r.tokens, tokens) for r in records))
    return same, other


def _rf(label_key: str) -> str:
    return LABEL_TO_FIELD.get(label_key, label_key)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", help="folder for generated documents and memories (default: temp)")
    p.add_argument("--cache-dir", default=None, help="OCR cache (ReadConfig.cache_dir)")
    p.add_argument("--datasets-dir", default=str(DATASETS))
    p.add_argument("--datasets", default="zugferd,sroie", help="comma-separated dataset names")
    p.add_argument("--families", type=int, default=2, help="vendor families per layout spec")
    p.add_argument("--per-family", type=int, default=5, help="invoices per family")
    p.add_argument("--vendors", type=int, default=10_000, help="vendors in the big memory")
    p.add_argument("--timing-docs", type=int, default=40)
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    print(run(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
