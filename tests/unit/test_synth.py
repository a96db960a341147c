"""The synthetic invoice generator: determinism, arithmetic, check digits, and that what the
labels say is really printed in the PDF text layer."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fpdf", reason="the generator needs fpdf2 (pip install fpdf2)")
pdfium = pytest.importorskip("pypdfium2")

from axocr.synth import (  # noqa: E402
    GenerateOptions,
    corporate_check_digit,
    generate_dataset,
    generate_invoice,
    is_valid_corporate_number,
    is_valid_registration_number,
    japanese_font_available,
    layout_names,
    random_registration_number,
)

needs_ja_font = pytest.mark.skipif(
    not japanese_font_available(),
    reason="IPAex fonts not installed (apt-get install fonts-ipaexfont): no Japanese invoices",
)


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        text = str(doc[0].get_textpage().get_text_range())
    finally:
        doc.close()
    # pdfium may return CRLF and NBSP; compare on single spaces, NFC
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _languages() -> tuple[Any, ...]:
    return ("en", "ja") if japanese_font_available() else ("en",)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("synth")
    generate_dataset(out, GenerateOptions(per_layout=1, languages=_languages(), seed=11))
    lines = (out / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return out, [json.loads(line) for line in lines]


def test_corporate_check_digit_known_number() -> None:
    # 国税庁's own corporate number
    assert is_valid_corporate_number("7000012050002")
    assert corporate_check_digit("000012050002") == 7
    assert not is_valid_corporate_number("8000012050002")


def test_random_registration_numbers_are_valid() -> None:
    rng = random.Random(3)
    for _ in range(200):
        number = random_registration_number(rng)
        assert re.fullmatch(r"T\d{13}", number)
        assert is_valid_registration_number(number)


def test_same_seed_same_files(tmp_path: Path) -> None:
    opts = GenerateOptions(per_layout=1, languages=("en",), seed=5)
    generate_dataset(tmp_path / "a", opts)
    generate_dataset(tmp_path / "b", opts)
    a, b = tmp_path / "a", tmp_path / "b"
    assert (a / "labels.jsonl").read_bytes() == (b / "labels.jsonl").read_bytes()
    files = sorted((a / "files").iterdir())
    assert files
    for f in files:
        assert f.read_bytes() == (b / "files" / f.name).read_bytes(), f.name


def test_different_seed_different_content(tmp_path: Path) -> None:
    one = generate_invoice("en_classic", random.Random(1), "x")
    two = generate_invoice("en_classic", random.Random(2), "x")
    assert one.fields() != two.fields()


def test_labels_format_and_arithmetic(dataset: tuple[Path, list[dict[str, Any]]]) -> None:
    out, records = dataset
    assert len(records) == 2 * 8 * len(_languages())
    kinds = {r["kind"] for r in records}
    assert kinds <= {"born-digital-pdf", "degraded-image", "scanned-pdf"}
    assert "scanned-pdf" in kinds
    for r in records:
        assert set(r) >= {"id", "path", "language", "kind", "layout", "fields"}
        assert (out / r["path"]).is_file()
        f = r["fields"]
        assert set(f) == {
            "vendor",
            "vendor_aliases",
            "total",
            "currency",
            "date",
            "invoice_number",
            "due_date",
            "subtotal",
            "tax",
            "registration_number",
        }
        assert Decimal(f["subtotal"]) + Decimal(f["tax"]) == Decimal(f["total"])
        issued = date.fromisoformat(f["date"])
        if f["due_date"] is not None:
            assert date.fromisoformat(f["due_date"]) > issued
        if r["language"] == "ja":
            assert f["currency"] == "JPY"
            assert re.fullmatch(r"\d+", f["total"])
            assert is_valid_registration_number(f["registration_number"])
        else:
            assert re.fullmatch(r"\d+\.\d{2}", f["total"])
            assert f["registration_number"] is None
    assert len({r["id"] for r in records}) == len(records)


@needs_ja_font
def test_japanese_tax_is_floored_per_rate() -> None:
    for seed in range(15):
        inv = generate_invoice("ja_standard", random.Random(seed), "x")
        for line in inv.content.tax_lines:
            exact = line.base * line.rate
            assert line.tax == int(exact)  # truncated, never rounded up
        assert inv.content.tax == sum(t.tax for t in inv.content.tax_lines)


@pytest.mark.parametrize("language", ["en", pytest.param("ja", marks=needs_ja_font)])
def test_text_layer_shows_labelled_values(language: str) -> None:
    for name in layout_names(language):
        inv = generate_invoice(name, random.Random(42), "x")
        text = _text(inv.pdf)
        assert inv.printed["total"] in text, name
        assert inv.content.invoice_number in text, name
        assert inv.content.vendor.name in text, name
        if language == "ja":
            assert inv.printed["registration_number"] in text, name


def test_scans_have_no_text_layer(dataset: tuple[Path, list[dict[str, Any]]]) -> None:
    out, records = dataset
    scans = [r for r in records if r["kind"] == "scanned-pdf"]
    assert scans, "the generated set has no scanned PDF to check"
    for r in scans:
        assert _text((out / r["path"]).read_bytes()).strip() == ""


def test_layouts_differ() -> None:
    # same content drawn by two layouts: the page text comes out in a different order
    for language in _languages():
        texts = {
            _text(generate_invoice(n, random.Random(9), "x").pdf) for n in layout_names(language)
        }
        assert len(layout_names(language)) >= 8
        assert len(texts) == len(layout_names(language))
