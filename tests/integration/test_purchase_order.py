"""The buyer's order number (`purchase_order`): read beside its label in every language that
labels it, left null where only a weak "Order No." or nothing stands, and never taken from the
invoice number's place."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fpdf import FPDF

import axocr
from axocr.synth.canvas import japanese_font_available
from axocr.synth.document import SynthInvoice, generate_invoice


def _invoice(path: Path, lines: list[str]) -> Path:
    """A plain one-page invoice: the seller, the meta lines given, a net/tax/total block."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=15)
    pdf.text(20, 20, "Hansen Bürotechnik GmbH")
    pdf.set_font("helvetica", size=10)
    for i, text in enumerate(lines):
        pdf.text(20, 60 + 7 * i, text)
    for i, (label, value) in enumerate([("Netto", "100,00"), ("MwSt 19%", "19,00")]):
        pdf.text(110, 140 + 7 * i, label)
        pdf.text(160, 140 + 7 * i, value)
    pdf.text(110, 156, "Total EUR")
    pdf.text(160, 156, "119,00")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("PO Number:", "4500012345"),
        ("P.O. No.", "PO-77812"),
        ("Bestellnummer:", "BN-2024-118"),
        ("Ihre Bestellung:", "4711-A"),
        ("Bon de commande :", "BC0042"),
        ("Inkoopordernummer:", "IO-99120"),
    ],
)
def test_the_order_number_is_read_beside_its_label(tmp_path: Path, label: str, number: str) -> None:
    path = _invoice(
        tmp_path / "po.pdf",
        ["Rechnungsnummer: RE-2024-0815", "Datum: 12.03.2024", f"{label} {number}"],
    )
    result = axocr.extract(path)
    po = result.fields.purchase_order
    assert po.value == number
    assert po.provenance is not None and po.provenance.kind == "label"
    assert result.fields.invoice_number.value == "RE-2024-0815"


def test_an_order_date_beside_the_order_label_is_neither_the_number_nor_the_invoice_date(
    tmp_path: Path,
) -> None:
    path = _invoice(
        tmp_path / "po.pdf",
        ["Rechnungsnummer: RE-2024-0815", "Ihre Bestellung vom 02.03.2024", "Datum: 12.03.2024"],
    )
    result = axocr.extract(path)
    assert result.fields.purchase_order.value is None
    assert result.fields.invoice_date.value == "2024-03-12"


def test_a_weak_order_label_or_none_leaves_the_field_null(tmp_path: Path) -> None:
    # "Order No." alone is as often a till's ticket as a buyer's PO: not reported.
    weak = _invoice(tmp_path / "weak.pdf", ["Invoice No: INV-553", "Order No. 5531"])
    absent = _invoice(tmp_path / "none.pdf", ["Invoice No: INV-553", "Date: 2024-03-12"])
    for path in (weak, absent):
        result = axocr.extract(path)
        assert result.fields.purchase_order.value is None
        assert result.fields.invoice_number.value == "INV-553"
        assert not any(r.startswith("purchase_order:") for r in result.review_reasons)


_PO_LABELS = {"PO Number", "Purchase Order", "注文番号", "ご注文番号", "発注番号"}


def _generated_with_po(layout: str) -> SynthInvoice:
    """The first seed whose invoice prints its order number under a PO label."""
    for seed in range(40):
        invoice = generate_invoice(layout, random.Random(seed), f"po-{layout}-{seed}")
        if invoice.printed.get("order_label") in _PO_LABELS:
            return invoice
    raise AssertionError(f"no seed of {layout} printed a PO label")


@pytest.mark.parametrize("layout", ["en_vendor_right", "en_letter_style", "ja_issuer_left"])
def test_a_generated_invoice_gives_the_order_number_it_prints(tmp_path: Path, layout: str) -> None:
    if layout.startswith("ja") and not japanese_font_available():
        pytest.skip("IPAex fonts not installed")
    invoice = _generated_with_po(layout)
    path = tmp_path / "generated.pdf"
    path.write_bytes(invoice.pdf)
    fields = axocr.extract(path).fields
    assert fields.purchase_order.value == invoice.content.order_number
    assert fields.invoice_number.value == invoice.content.invoice_number
