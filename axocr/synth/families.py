"""Write a labelled training / evaluation set of grammar families (``labels.jsonl`` + files in
the shared dataset format): born-digital PDFs, and optionally degraded scans of them.

Each record carries ``family`` (for leave-one-family-out) and ``layout`` (the spec's key).
The labels come from the content the page was drawn from; a field is labelled only where the
family prints it (no due date without a due-date line, no single tax amount on a page that
shows one tax line per rate).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from axocr.synth.canvas import FIXED_CREATION_DATE, dejavu_available, japanese_font_available
from axocr.synth.dataset import derive_seed
from axocr.synth.degrade import degrade_page, encode_image, image_only_pdf, photograph_on_table
from axocr.synth.family_content import FAMILY_LANGUAGES, FamilyContent, FamilyLanguage
from axocr.synth.family_pages import render_family_document
from axocr.synth.grammar import Family, family_content, family_specs, make_family


@dataclass(frozen=True)
class FamilyOptions:
    """What to generate; the same options always give the same files."""

    families: int = 60  # per language
    per_family: int = 2
    languages: tuple[FamilyLanguage, ...] = FAMILY_LANGUAGES
    seed: int = 2024
    scans: bool = False
    # One-page scans that arrive as JPEGs are phone photographs instead: the page a slanted
    # quadrilateral on a darker table (scanned PDFs stay scanner output).
    photos: bool = False
    scan_dpis: tuple[int, ...] = (150, 200)
    jpeg_quality: int = 80


def family_fields(
    family: Family, content: FamilyContent, printed: dict[str, str]
) -> dict[str, Any]:
    """The ground truth in the shared labels format, from ``content``; ``printed`` only says
    which fields the page shows at all."""
    m, cur = content.money, content.currency

    def dec(value: Any) -> str:
        return f"{value:.0f}" if cur == "JPY" else f"{value:.2f}"

    return {
        "vendor": content.vendor.name,
        "vendor_aliases": list(content.vendor.aliases),
        # The invoice total with tax (EN 16931 BT-112), not the balance left after a deposit
        # (BT-115): the real e-invoices' labels are the gross total even where a payment on
        # account is deducted on the page, and an AP team books the gross.
        "total": dec(m.gross),
        "currency": cur,
        "date": content.dates.issue.isoformat(),
        "invoice_number": content.invoice_number,
        "due_date": content.dates.due.isoformat() if "due_date" in printed else None,
        "subtotal": dec(m.net),
        "tax": dec(m.tax) if "tax" in printed else None,
        "registration_number": content.vendor.registration_number
        if "registration_number" in printed
        else None,
    }


def _pdf_pages(pdf: bytes) -> list[bytes]:
    """Each page as its own PDF, so that ``degrade_page`` (which reads page 1) can scan it."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(src)):
            one = pdfium.PdfDocument.new()
            one.import_pages(src, [i])
            buf = BytesIO()
            one.save(buf)
            one.close()
            out.append(buf.getvalue())
        return out
    finally:
        src.close()


def _images_pdf(jpegs: list[tuple[bytes, int, int]], dpi: int) -> bytes:
    """Several scanned pages in one image-only PDF (a scanner's multi-page "scan to PDF")."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    pdf.set_creation_date(FIXED_CREATION_DATE)
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    for jpeg, w_px, h_px in jpegs:
        w_mm, h_mm = w_px * 25.4 / dpi, h_px * 25.4 / dpi
        pdf.add_page(format=(w_mm, h_mm))
        pdf.image(BytesIO(jpeg), x=0, y=0, w=w_mm, h=h_mm)
    return bytes(pdf.output())


def scan_document(
    pdf: bytes, rng: random.Random, options: FamilyOptions, as_pdf: bool
) -> tuple[bytes, str, list[str]]:
    """A degraded scan: a JPEG for a one-page document, else an image-only PDF."""
    pages = _pdf_pages(pdf)
    dpi = rng.choice(options.scan_dpis)
    as_pdf = as_pdf or len(pages) > 1
    scans, ops = [], [f"dpi({dpi})"]
    for page in pages:
        img, deg = degrade_page(page, rng, dpi=dpi, allow_right_angle=not as_pdf)
        jpeg = encode_image(img, ".jpg", jpeg_quality=options.jpeg_quality)
        scans.append((jpeg, img.shape[1], img.shape[0]))
        ops += list(deg.ops)
    if not as_pdf:
        if options.photos:
            img = photograph_on_table(img, random.Random(rng.getrandbits(32)))
            photo = encode_image(img, ".jpg", jpeg_quality=options.jpeg_quality)
            return photo, "degraded-image", [*ops, "photo"]
        return scans[0][0], "degraded-image", ops
    if len(scans) == 1:
        return image_only_pdf(scans[0][0], scans[0][1], scans[0][2], dpi), "scanned-pdf", ops
    return _images_pdf(scans, dpi), "scanned-pdf", ops


def family_scan(
    family: Family, index: int, pdf: bytes, options: FamilyOptions
) -> tuple[bytes, str, list[str]]:
    """The degraded scan of the family's document ``index`` (its born-digital ``pdf``), the
    same bytes every time for the same seed."""
    rng = random.Random(derive_seed(options.seed, family.id, index, "scan"))
    # about one scan in three arrives as a scanner's image-only PDF, the rest as photos/JPEGs
    return scan_document(pdf, rng, options, as_pdf=rng.random() < 0.35)


def language_families(language: FamilyLanguage, options: FamilyOptions) -> list[Family]:
    specs = family_specs(language, options.families, options.seed)
    return [
        make_family(f"{language}-{n:03d}", language, spec, options.seed, dejavu=dejavu_available())
        for n, spec in enumerate(specs, start=1)
    ]


def _write_family(out_dir: Path, family: Family, options: FamilyOptions) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for i in range(1, options.per_family + 1):
        content = family_content(family, i)
        pdf, printed = render_family_document(family, content)
        stem = f"fam_{family.id.replace('-', '_')}_{i:02d}"
        base = {
            "language": family.language,
            "layout": family.spec.key(),
            "family": family.id,
            "fields": family_fields(family, content, printed),
        }
        (out_dir / "files" / f"{stem}.pdf").write_bytes(pdf)
        records.append(
            {"id": stem, "path": f"files/{stem}.pdf", "kind": "born-digital-pdf", **base}
        )
        if not options.scans:
            continue
        data, kind, ops = family_scan(family, i, pdf, options)
        path = f"files/{stem}_scan.{'pdf' if kind == 'scanned-pdf' else 'jpg'}"
        (out_dir / path).write_bytes(data)
        records.append(
            {"id": f"{stem}_scan", "path": path, "kind": kind, **base, "degradations": ops}
        )
    return records


def generate_families(out_dir: Path, options: FamilyOptions) -> list[dict[str, Any]]:
    """Generate into ``out_dir/files`` and write ``out_dir/labels.jsonl``; returns the records."""
    if "ja" in options.languages and not japanese_font_available():
        raise RuntimeError(
            "Japanese families need the IPAex fonts (apt-get install fonts-ipaexfont)"
        )
    (out_dir / "files").mkdir(parents=True, exist_ok=True)
    records: list[dict[str, Any]] = []
    for language in options.languages:
        for family in language_families(language, options):
            records += _write_family(out_dir, family, options)
    with (out_dir / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    (out_dir / "README.md").write_text(set_readme(options, records), encoding="utf-8")
    return records


def set_readme(options: FamilyOptions, records: list[dict[str, Any]]) -> str:
    """What a generated folder holds, for whoever finds it without the command line."""
    kinds: dict[str, int] = {}
    for rec in records:
        kinds[rec["kind"]] = kinds.get(rec["kind"], 0) + 1
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    return f"""# Layout-grammar families (generated)

Written by `python benchmarks/generate_families.py` (axocr.synth.families) with
{options.families} families x {options.per_family} documents per language, languages
{",".join(options.languages)}, seed {options.seed}, scans {"on" if options.scans else "off"}{
        ", photographed" if options.photos else ""
    }:
{counts}. The same options write the same files.

`labels.jsonl` follows the shared dataset format (`fields`: vendor, vendor_aliases, total,
currency, date, invoice_number, due_date, subtotal, tax, registration_number; `null` = not
printed on the page, not scored). Extra keys: `family` (hold one out at a time), `layout` (the
grammar combination: header/parties/ref_style/ref_set/date_set/table/totals/totals_place/
footer/seal/multi_rate/credit_note/remittance/pages). `total` is the invoice total with tax
(after a deposit too: the gross, not the balance); `subtotal` the net amount the tax is computed on; `tax` is labelled
only where one tax line is printed. Generated data: never copy it into the repository.
"""
