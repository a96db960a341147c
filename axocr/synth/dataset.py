"""Write a labelled synthetic set: PDFs, degraded scans, ``labels.jsonl`` and a vendor master."""

from __future__ import annotations

import csv
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axocr.synth.content import Language, random_invoice_content
from axocr.synth.degrade import degrade_page, encode_image, image_only_pdf
from axocr.synth.document import SynthInvoice, generate_invoice, layout_names


@dataclass(frozen=True)
class GenerateOptions:
    """What to generate; the same options and seed always give the same files."""

    per_layout: int = 1
    languages: tuple[Language, ...] = ("en", "ja")
    seed: int = 2024
    degraded: bool = True
    scan_dpis: tuple[int, ...] = (100, 150)
    jpeg_quality: int = 75
    # every n-th scan is wrapped as an image-only PDF instead of a bare image file
    scanned_pdf_every: int = 4


@dataclass(frozen=True)
class GeneratedDocument:
    """One written file with its label record; ``invoice`` is the source it was made from."""

    record: dict[str, Any]
    invoice: SynthInvoice


def derive_seed(seed: int, *parts: object) -> int:
    """A stable per-document seed: adding a language or layout leaves the others unchanged
    (Python's ``hash`` is salted per process, so it cannot be used here)."""
    text = "/".join([str(seed), *map(str, parts)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _record(inv: SynthInvoice, doc_id: str, path: str, kind: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "path": path,
        "language": inv.language,
        "kind": kind,
        "layout": inv.layout,
        "fields": inv.fields(),
    }


def generate_dataset(out_dir: Path, options: GenerateOptions) -> list[GeneratedDocument]:
    """Generate into ``out_dir/files`` and write ``out_dir/labels.jsonl``."""
    files = out_dir / "files"
    files.mkdir(parents=True, exist_ok=True)
    written: list[GeneratedDocument] = []
    scan_no = 0
    for language in options.languages:
        for name in layout_names(language):
            for i in range(1, options.per_layout + 1):
                stem = f"{name}_{i:03d}"
                doc_id = f"synth-{stem.replace('_', '-')}"
                rng = random.Random(derive_seed(options.seed, name, i))
                inv = generate_invoice(name, rng, doc_id)
                (files / f"{stem}.pdf").write_bytes(inv.pdf)
                written.append(
                    GeneratedDocument(
                        _record(inv, doc_id, f"files/{stem}.pdf", "born-digital-pdf"), inv
                    )
                )
                if not options.degraded:
                    continue
                scan_no += 1
                srng = random.Random(derive_seed(options.seed, name, i, "scan"))
                dpi = srng.choice(options.scan_dpis)
                as_pdf = scan_no % options.scanned_pdf_every == 0
                # a scanner's PDF is never sideways-and-skewed in our set: keep 90° turns to
                # image files, where the tests for orientation detection look for them
                img, deg = degrade_page(inv.pdf, srng, dpi=dpi, allow_right_angle=not as_pdf)
                jpeg = encode_image(img, ".jpg", jpeg_quality=options.jpeg_quality)
                if as_pdf:
                    path, kind = f"files/{stem}_scan.pdf", "scanned-pdf"
                    data = image_only_pdf(jpeg, img.shape[1], img.shape[0], deg.dpi)
                else:
                    path, kind, data = f"files/{stem}_scan.jpg", "degraded-image", jpeg
                (out_dir / path).write_bytes(data)
                rec = _record(inv, f"{doc_id}-scan", path, kind)
                rec["degradations"] = [f"dpi({deg.dpi})", *deg.ops]
                written.append(GeneratedDocument(rec, inv))
    with (out_dir / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for doc in written:
            fh.write(json.dumps(doc.record, ensure_ascii=False) + "\n")
    return written


def write_vendor_master(
    path: Path, invoices: list[SynthInvoice], *, seed: int, extra: int = 10
) -> None:
    """A vendor master CSV (``id,name,aliases,registration_number,vat_id``): the vendors of
    ``invoices`` plus ``extra`` others that appear on no document, as a real master would."""
    rows: dict[str, tuple[str, str, str, str]] = {}
    for inv in invoices:
        v = inv.content.vendor
        rows[v.name] = (v.name, "|".join(v.aliases), v.registration_number or "", v.vat_id or "")
    rng = random.Random(derive_seed(seed, "vendor-master"))
    added = 0
    while added < extra:
        language: Language = "ja" if added % 2 else "en"
        v = random_invoice_content(rng, language).vendor
        if v.name in rows:
            continue
        rows[v.name] = (v.name, "|".join(v.aliases), v.registration_number or "", v.vat_id or "")
        added += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "aliases", "registration_number", "vat_id"])
        for n, row in enumerate(rows.values(), start=1):
            w.writerow([f"V{n:04d}", *row])
