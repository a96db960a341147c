"""The evidence the confidence model reads, on real PDFs made here and read by the pipeline.

Each pair of documents differs only in the thing the feature is about, so each feature is
shown both firing and not firing, and its effect on the calibrated confidence has the sign
the fitted model gives it.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

import axocr
from axocr.extract.vendor import _damaged


def _pdf(path: Path, lines: list[tuple[float, str]]) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_page()
    for y, text in lines:
        pdf.set_font("helvetica", size=14 if y < 25 else 10)
        pdf.text(20, y, text)
    pdf.output(str(path))
    return path


def _receipt(path: Path, vendor: str, totals: list[str], footer: str = "") -> Path:
    lines = [
        (20, vendor),
        (27, "Lot 12, Jalan Besar, 47000 Sungai Buloh"),
        (40, "INVOICE NO: CS00012345"),
        (46, "DATE: 12/03/2018"),
        (60, "MILO 1KG        2 x 15.90      31.80"),
        (66, "SUGAR 2KG       1 x  5.60       5.60"),
        *[(80 + 6 * i, t) for i, t in enumerate(totals)],
    ]
    if footer:
        lines.append((120, footer))
    return _pdf(path, lines)


def test_total_beside_a_cash_rounding_amount_is_flagged(tmp_path: Path) -> None:
    rounded = axocr.extract(
        _receipt(
            tmp_path / "a.pdf",
            "KEDAI RUNCIT MAJU SDN BHD",
            ["TOTAL (RM): 37.42", "ROUNDING ADJ: -0.02", "TOTAL ROUNDED: 37.40"],
        ),
        keep_candidates=True,
    )
    plain = axocr.extract(
        _receipt(tmp_path / "b.pdf", "KEDAI RUNCIT MAJU SDN BHD", ["TOTAL (RM): 37.40"]),
        keep_candidates=True,
    )
    # The rounded amount on the line below the adjustment is the payable total.
    assert rounded.fields.total.value == "37.40"
    assert plain.fields.total.value == "37.40"
    assert rounded.confidence_features and plain.confidence_features
    assert rounded.confidence_features["total"]["near_amount"] == 1.0
    assert plain.confidence_features["total"]["near_amount"] == 0.0
    assert rounded.fields.total.confidence < plain.fields.total.confidence


def test_vendor_name_damaged_the_way_ocr_damages_it() -> None:
    for damaged in (
        "99 SPEED MART S/B (519537-X",  # bracket left open
        "SLF CASH & CARRY <97",
        "MR. D.I.. (M) SDN BHD",
        "baskinBRrobbins",
        "BILLION SIX ENTERPRISE P",
        "perbang Alaf Restaurants Sdn Bhd",
    ):
        assert _damaged(damaged), damaged
    for clean in (
        "99 SPEED MART S/B",
        "MR. D.I.Y. (M) SDN BHD",
        "AEON CO. (M) BHD",
        "McDonald's",
        "Au bon moulin SARL",
        "株式会社サンプル商事",
        "Initech Services Ltd",
    ):
        assert not _damaged(clean), clean


def test_damaged_vendor_gets_lower_confidence(tmp_path: Path) -> None:
    clean = axocr.extract(
        _receipt(tmp_path / "a.pdf", "KEDAI RUNCIT MAJU ENTERPRISE", ["TOTAL (RM): 37.40"]),
        keep_candidates=True,
    )
    # A stray letter after the name, as OCR reads a smudge at the line's end.
    damaged = axocr.extract(
        _receipt(tmp_path / "b.pdf", "KEDAI RUNCIT MAJU ENTERPRISE P", ["TOTAL (RM): 37.40"]),
        keep_candidates=True,
    )
    assert clean.confidence_features and damaged.confidence_features
    assert clean.confidence_features["vendor"]["damaged"] == 0.0
    assert damaged.confidence_features["vendor"]["damaged"] == 1.0
    assert damaged.fields.vendor.confidence < clean.fields.vendor.confidence


def test_vendor_name_printed_again_is_echoed(tmp_path: Path) -> None:
    echoed = axocr.extract(
        _receipt(
            tmp_path / "a.pdf",
            "KEDAI RUNCIT MAJU SDN BHD",
            ["TOTAL (RM): 37.40"],
            footer="Thank you for shopping at Runcit Maju!",
        ),
        keep_candidates=True,
    )
    alone = axocr.extract(
        _receipt(tmp_path / "b.pdf", "KEDAI RUNCIT MAJU SDN BHD", ["TOTAL (RM): 37.40"]),
        keep_candidates=True,
    )
    assert echoed.fields.vendor.value == alone.fields.vendor.value == "KEDAI RUNCIT MAJU SDN BHD"
    assert echoed.confidence_features and alone.confidence_features
    assert echoed.confidence_features["vendor"]["echoed"] == 1.0
    assert alone.confidence_features["vendor"]["echoed"] == 0.0


def test_short_invoice_number_is_less_sure(tmp_path: Path) -> None:
    def read(number: str, name: str) -> axocr.InvoiceResult:
        path = _pdf(
            tmp_path / name,
            [
                (20, "Initech Services Ltd"),
                (40, f"Invoice No: {number}"),
                (46, "Invoice Date: 03 May 2024"),
                (80, "Total: GBP 1,200.00"),
            ],
        )
        return axocr.extract(path, keep_candidates=True)

    short, full = read("30", "a.pdf"), read("INV-2024-0042", "b.pdf")
    assert short.fields.invoice_number.value == "30"
    assert full.fields.invoice_number.value == "INV-2024-0042"
    assert short.confidence_features and full.confidence_features
    assert short.confidence_features["invoice_number"]["short_id"] == 1.0
    assert full.confidence_features["invoice_number"]["short_id"] == 0.0
    # What the feature is worth is fitted (benchmarks/calibrate.py): never a reward.
    assert short.fields.invoice_number.confidence <= full.fields.invoice_number.confidence


def _letterhead(path: Path, name: str) -> Path:
    return _pdf(
        path,
        [
            (20, name),
            (27, "12 Harbour Road, Bristol BS1 4DJ"),
            (45, "Invoice No: INV-2024-0042"),
            (51, "Invoice Date: 03 May 2024"),
            (65, "Consulting, 8 hours        1,000.00"),
            (80, "Subtotal: 1,000.00"),
            (86, "VAT 20%: 200.00"),
            (92, "Total: GBP 1,200.00"),
        ],
    )


def test_a_vendor_with_a_word_mark_or_an_identifier_glued_to_it_goes_to_a_person(
    tmp_path: Path,
) -> None:
    plain = axocr.extract(_letterhead(tmp_path / "a.pdf", "Orion Instruments Ltd"))
    assert plain.fields.vendor.value == "Orion Instruments Ltd"
    for n, name in enumerate(
        ["ORION INSTRUMENTS Orion Instruments Ltd", "GLN 4304171000002 Orion Instruments Ltd"]
    ):
        glued = axocr.extract(_letterhead(tmp_path / f"g{n}.pdf", name), keep_candidates=True)
        assert glued.confidence_features is not None
        evidence = glued.confidence_features["vendor"]
        # A value that still carries the word mark or the number reads as such and goes to a
        # person whatever its confidence; an extractor that strips them gives the plain name.
        if glued.fields.vendor.value == name:
            assert evidence["name_twice"] + evidence["long_number"] == 1.0
            assert "vendor:glued" in glued.review_reasons
            assert glued.fields.vendor.needs_review
            assert not plain.fields.vendor.needs_review
        elif name.startswith("GLN"):
            # The labelled GLN is cut from the name, but a customer's box prints one on its
            # name's line too: the line's number still sends the name to a person.
            assert glued.fields.vendor.value == "Orion Instruments Ltd"
            assert evidence["long_number"] == 1.0
            assert "vendor:glued" in glued.review_reasons
        else:
            assert glued.fields.vendor.value == "Orion Instruments Ltd"
            assert evidence["name_twice"] == evidence["long_number"] == 0.0
