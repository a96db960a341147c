"""Hand-picked awkward inputs for other tests: encryption, mixed text/scan pages, multi-page
TIFF, a vendor name that exists only inside a logo image, rotations, blank and non-invoice
pages, and unusual image formats. Each file's ground truth is written beside it."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from fpdf import FPDF
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from axocr.synth.blocks import (
    MID_GREY,
    Doc,
    PrintStyle,
    choose_labels,
    customer_block,
    items_table,
    meta_beside,
    meta_pairs,
    notes_block,
    totals_block,
)
from axocr.synth.canvas import DEJAVU_DIR, Canvas, new_pdf
from axocr.synth.content import random_invoice_content
from axocr.synth.degrade import (
    add_noise,
    encode_image,
    rasterize_pdf_page,
    rotate_right_angle,
    rotate_small,
)
from axocr.synth.document import SynthInvoice, draw_invoice, invoice_record

SPECIAL_SEED = 7


def _invoice(layout: str, seed: int, doc_id: str) -> tuple[FPDF, SynthInvoice]:
    pdf, doc, font = draw_invoice(layout, random.Random(seed))
    # the record's bytes are a plain copy; callers may still change ``pdf`` (encrypt, add pages)
    return pdf, invoice_record(doc_id, layout, doc, font, b"")


def _text_page(
    lines: list[tuple[str, float, bool]], *, title: str = "", font: str = "helvetica"
) -> bytes:
    """A plain born-digital text page: (text, size, bold) lines from the top."""
    pdf, fonts = new_pdf((font,), page="A4")
    pdf.set_title(title)
    c = Canvas(pdf, fonts, font)
    y = 25.0
    for text, size, bold in lines:
        y += c.text(25, y, text, size, bold=bold) if text else 5
    return bytes(pdf.output())


def _letter_pdf() -> bytes:
    """A business letter: dates, a company, even an amount, but not an invoice."""
    return _text_page(
        [
            ("Halcyon Media Partners Ltd", 16, True),
            ("14 Queen Street, Bristol, BS1 4JQ", 10, False),
            ("", 0, False),
            ("12 March 2024", 11, False),
            ("", 0, False),
            ("Ms. Jane Whitfield", 11, False),
            ("Oakfield Engineering Ltd", 11, False),
            ("22 Mill Lane, Leeds, LS1 5DT", 11, False),
            ("", 0, False),
            ("Dear Ms. Whitfield,", 11, False),
            ("", 0, False),
            ("Thank you for meeting us last week to discuss the spring campaign.", 11, False),
            ("As agreed, we will send a detailed proposal by the end of the month. Our", 11, False),
            (
                "preliminary estimate of about 4,500 GBP covers design and three revisions.",
                11,
                False,
            ),
            ("", 0, False),
            ("We look forward to working with you.", 11, False),
            ("", 0, False),
            ("Yours sincerely,", 11, False),
            ("", 0, False),
            ("Tom Ashford", 11, False),
            ("Account Director", 11, False),
        ],
        title="Letter",
    )


def _remittance_pdf(inv: SynthInvoice) -> bytes:
    """A second page that only makes sense scanned: a remittance slip for the invoice."""
    c = inv.content
    amount = inv.printed["total"]
    if c.language == "ja":
        return _text_page(
            [
                ("お振込のご案内", 16, True),
                ("", 0, False),
                (f"振込先: {c.vendor.name}", 12, True),
                (f"請求書番号: {c.invoice_number}", 12, False),
                (f"ご請求金額: {amount}", 12, False),
                (f"お客様: {c.customer.name} 様", 11, False),
            ],
            title="Remittance",
            font="gothic",
        )
    return _text_page(
        [
            ("REMITTANCE ADVICE", 16, True),
            ("", 0, False),
            ("Please return this slip with your payment.", 11, False),
            ("", 0, False),
            (f"Pay to: {c.vendor.name}", 12, True),
            (f"Invoice number: {c.invoice_number}", 12, False),
            (f"Amount due: {amount}", 12, False),
            (f"Customer: {c.customer.name}", 11, False),
            ("", 0, False),
            ("Amount enclosed: ______________", 11, False),
        ],
        title="Remittance",
    )


def _terms_pdf() -> bytes:
    return _text_page(
        [
            ("TERMS AND CONDITIONS", 14, True),
            ("", 0, False),
            ("1. Payment is due within 30 days of the invoice date.", 10, False),
            ("2. Late payments may incur interest at 2% per month.", 10, False),
            ("3. Goods remain our property until paid in full.", 10, False),
            ("4. Claims for damaged goods must be made within 7 days.", 10, False),
        ],
        title="Terms",
    )


def _logo_png(name: str) -> tuple[bytes, float]:
    """The vendor name drawn into a raster logo: the only place the name exists. Returns the
    PNG and its width/height ratio."""
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(
            str(Path(DEJAVU_DIR, "DejaVuSans-Bold.ttf")), 64
        )
    except OSError:
        font = ImageFont.load_default(size=64)
    left, _, right, _ = font.getbbox(name)
    w, h = int(right - left) + 200, 180
    img = PILImage.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.ellipse((10, 20, 150, 160), fill=(20, 90, 160))
    draw.polygon([(45, 130), (80, 45), (115, 130)], fill=(255, 255, 255))
    draw.text((175, 52), name, fill=(20, 60, 110), font=font)
    buf = BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue(), w / h


def _logo_only_invoice(seed: int) -> tuple[bytes, dict[str, Any]]:
    """An invoice whose vendor name is only in the logo image; the rest is a text layer."""
    rng = random.Random(seed)
    content = random_invoice_content(rng, "en")
    while len(content.vendor.name) > 24:  # the name must fit the logo in large type
        content = random_invoice_content(rng, "en")
    pdf, fonts = new_pdf(("helvetica",), page="A4")
    c = Canvas(pdf, fonts, "helvetica")
    style = PrintStyle(
        "month_d_y",
        "symbol" if content.currency != "EUR" else "code_suffix",
        10.0,
        (232, 232, 232),
        True,
    )
    doc = Doc(c, content, style, rng, choose_labels(rng, "en"))
    W, m = c.page_w, 16.0
    logo, ratio = _logo_png(content.vendor.name)
    # large (about 20 mm tall) but clear of the INVOICE title at the top right
    logo_w = min(120.0, 20.0 * ratio)
    logo_h = logo_w / ratio
    pdf.image(BytesIO(logo), x=m - 2, y=m, w=logo_w, h=logo_h)
    c.text(W - m, m + 2, "INVOICE", 22, bold=True, align="R")
    v = content.vendor
    top = m + logo_h + 4
    # address and phone as text, but neither the name nor an e-mail domain that spells it
    y = c.lines(m, top, [*v.address_lines, f"Phone: {v.phone}"], 9)
    yr = meta_beside(doc, W - m - 78, top, 78, meta_pairs(doc, distractors=1))
    y = (
        customer_block(doc, m, max(y, yr) + 8, 90, "BILL TO", content.customer, with_number=False)
        + 7
    )
    y = items_table(doc, m, y, W - 2 * m) + 4
    totals_block(doc, W - m - 75, y, 75)
    notes_block(doc, m, y)
    c.text(W / 2, 280, "Thank you for your business!", 9, align="C", color=MID_GREY)
    inv = invoice_record("special-logo-only-vendor", "logo_only", doc, "helvetica", b"")
    return bytes(pdf.output()), inv.fields()


def _null_fields() -> dict[str, Any]:
    return {
        "vendor": None,
        "vendor_aliases": [],
        "total": None,
        "currency": None,
        "date": None,
        "invoice_number": None,
        "due_date": None,
        "subtotal": None,
        "tax": None,
        "registration_number": None,
    }


@dataclass(frozen=True)
class _Special:
    name: str
    kind: str
    language: str | None
    fields: dict[str, Any]
    what: str
    data: bytes


def _encrypted() -> _Special:
    # the password is needed to open it at all
    pdf, inv = _invoice("en_classic", SPECIAL_SEED, "special-encrypted")
    pdf.set_encryption(owner_password="owner-secret", user_password="secret")
    return _Special(
        "encrypted.pdf",
        "born-digital-pdf",
        "en",
        inv.fields(),
        "born-digital invoice (layout en_classic), RC4 encrypted, user password `secret`",
        bytes(pdf.output()),
    )


def _mixed() -> _Special:
    # page 1 has a text layer, page 2 is only a scanned image (remittance slip)
    pdf, inv = _invoice("en_vendor_right", SPECIAL_SEED + 1, "special-mixed")
    scan = add_noise(
        rotate_small(rasterize_pdf_page(_remittance_pdf(inv), 150), 1.2),
        np.random.default_rng(1),
        5,
    )
    jpeg = encode_image(scan, ".jpg", jpeg_quality=70)
    pdf.add_page(format=(scan.shape[1] * 25.4 / 150, scan.shape[0] * 25.4 / 150))
    pdf.image(BytesIO(jpeg), x=0, y=0, w=scan.shape[1] * 25.4 / 150)
    return _Special(
        "mixed.pdf",
        "born-digital-pdf",
        "en",
        inv.fields(),
        "page 1: born-digital invoice (en_vendor_right); page 2: image-only scan of a "
        "remittance slip repeating vendor, invoice number and total",
        bytes(pdf.output()),
    )


def _multipage_tiff() -> _Special:
    # invoice scan, terms, remittance slip
    pdf, inv = _invoice("ja_standard", SPECIAL_SEED + 2, "special-multipage")
    first = bytes(pdf.output())
    pages = [
        rotate_small(rasterize_pdf_page(first, 120), -0.8),
        rasterize_pdf_page(_terms_pdf(), 120),
        rasterize_pdf_page(_remittance_pdf(inv), 120),
    ]
    grey = [PILImage.fromarray(cv2.cvtColor(p, cv2.COLOR_BGR2GRAY)) for p in pages]
    buf = BytesIO()
    grey[0].save(
        buf,
        format="TIFF",
        save_all=True,
        append_images=grey[1:],
        compression="tiff_adobe_deflate",
        dpi=(120, 120),
    )
    return _Special(
        "multipage.tiff",
        "degraded-image",
        "ja",
        inv.fields(),
        "3-page greyscale TIFF at 120 DPI: page 1 a Japanese invoice (ja_standard, skewed "
        "-0.8°), page 2 terms and conditions (English), page 3 a remittance slip",
        buf.getvalue(),
    )


def _logo_only() -> _Special:
    logo_pdf, logo_fields = _logo_only_invoice(SPECIAL_SEED + 3)
    return _Special(
        "logo_only_vendor.pdf",
        "born-digital-pdf",
        "en",
        logo_fields,
        "born-digital invoice whose vendor name exists only inside the raster logo at the top",
        logo_pdf,
    )


def _turned_scans() -> list[_Special]:
    pdf, inv = _invoice("en_amount_due_box", SPECIAL_SEED + 4, "special-rotated-90")
    img = rasterize_pdf_page(bytes(pdf.output()), 120)
    grey_page = np.asarray(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    rotated = _Special(
        "rotated_90.png",
        "degraded-image",
        "en",
        inv.fields(),
        "greyscale scan at 120 DPI turned 90° clockwise (page top is on the right)",
        encode_image(rotate_right_angle(grey_page, 1), ".png"),
    )
    pdf, inv = _invoice("ja_label_above", SPECIAL_SEED + 5, "special-skewed")
    img = rotate_small(rasterize_pdf_page(bytes(pdf.output()), 150), 4.0)
    skewed = _Special(
        "skewed.jpg",
        "degraded-image",
        "ja",
        inv.fields(),
        "scan at 150 DPI rotated 4° counter-clockwise (ja_label_above)",
        encode_image(img, ".jpg", jpeg_quality=75),
    )
    return [rotated, skewed]


def _non_invoices() -> list[_Special]:
    blank, _ = new_pdf(("helvetica",))
    return [
        _Special(
            "blank.pdf",
            "born-digital-pdf",
            None,
            _null_fields(),
            "one blank A4 page",
            bytes(blank.output()),
        ),
        _Special(
            "letter.pdf",
            "born-digital-pdf",
            "en",
            _null_fields(),
            "a short business letter, not an invoice (mentions a date and 4,500 GBP)",
            _letter_pdf(),
        ),
    ]


def _other_image_formats() -> list[_Special]:
    pdf, inv = _invoice("en_table_footer", SPECIAL_SEED + 6, "special-sample")
    img = rasterize_pdf_page(bytes(pdf.output()), 150)
    webp = _Special(
        "sample.webp",
        "degraded-image",
        "en",
        inv.fields(),
        "clean 150 DPI render of an invoice (en_table_footer) as WebP",
        encode_image(img, ".webp", jpeg_quality=80),
    )
    # BMP has no compression: a 1-bit page keeps the same invoice at 150 DPI under 300 kB
    bw = (
        PILImage.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY))
        .point(lambda p: 255 if p > 160 else 0)
        .convert("1")
    )
    buf = BytesIO()
    bw.save(buf, format="BMP")
    bmp = _Special(
        "sample.bmp",
        "degraded-image",
        "en",
        inv.fields(),
        "the same invoice as sample.webp, 1-bit black and white BMP at 150 DPI",
        buf.getvalue(),
    )
    return [webp, bmp]


def make_special_fixtures(out_dir: Path) -> list[dict[str, Any]]:
    """Write the special set and its ``labels.jsonl`` + ``README.md``; returns the records."""
    out_dir.mkdir(parents=True, exist_ok=True)
    specials = [
        _encrypted(),
        _mixed(),
        _multipage_tiff(),
        _logo_only(),
        *_turned_scans(),
        *_non_invoices(),
        *_other_image_formats(),
    ]
    records: list[dict[str, Any]] = []
    for sp in specials:
        (out_dir / sp.name).write_bytes(sp.data)
        records.append(
            {
                "id": "special-" + Path(sp.name).name.replace("_", "-").replace(".", "-"),
                "path": sp.name,
                "language": sp.language,
                "kind": sp.kind,
                "fields": sp.fields,
                "what": sp.what,
            }
        )
    with (out_dir / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(
                json.dumps({k: v for k, v in r.items() if k != "what"}, ensure_ascii=False) + "\n"
            )
    (out_dir / "README.md").write_text(_readme(records), encoding="utf-8")
    return records


def _readme(records: list[dict[str, Any]]) -> str:
    lines = [
        "# Special test inputs",
        "",
        "Small awkward inputs for tests of loading, routing (text layer vs OCR), orientation",
        "and rejection of non-invoices. Generated, not hand-edited: regenerate with",
        "",
        "    python benchmarks/generate_fixtures.py fixtures/special --special",
        "",
        "Ground truth is also in `labels.jsonl` (same format as `fixtures/synth`; `null` means",
        "the field is absent, e.g. for `blank.pdf` and `letter.pdf`).",
        "",
        "| file | what | ground truth |",
        "|---|---|---|",
    ]
    for r in records:
        f = r["fields"]
        truth = ", ".join(f"{k}={v}" for k, v in f.items() if v not in (None, []))
        lines.append(f"| `{r['path']}` | {r['what']} | {truth or 'not an invoice: all null'} |")
    return "\n".join(lines) + "\n"
