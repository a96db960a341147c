"""The layout-grammar families: enough distinct layouts per language, every option used, the
same seed giving the same files, and labels that are really printed on the page."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fpdf", reason="the generator needs fpdf2 (pip install fpdf2)")
pdfium = pytest.importorskip("pypdfium2")

from axocr.synth.canvas import japanese_font_available  # noqa: E402
from axocr.synth.families import FamilyOptions, family_fields, generate_families  # noqa: E402
from axocr.synth.family_pages import render_family_document  # noqa: E402
from axocr.synth.grammar import (  # noqa: E402
    FamilySpec,
    dimension_options,
    family_content,
    family_specs,
    grammar_size,
    make_family,
)

EUROPE: tuple[Any, ...] = ("en", "de", "fr", "nl")
LANGUAGES: tuple[Any, ...] = (*EUROPE, "ja") if japanese_font_available() else EUROPE

_MONTHS = {
    m.casefold(): i + 1
    for names in (
        "January February March April May June July August September October November December",
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "januari februari maart april mei juni juli augustus september oktober november december",
    )
    for i, m in enumerate(names.split())
}


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        text = " ".join(str(page.get_textpage().get_text_range()) for page in doc)
    finally:
        doc.close()
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _amount(printed: str) -> Decimal:
    """Read a printed amount the way a person would: ``1.234,56 €``, ``$1,234.56``, ``￥990,077-``."""
    digits = re.sub(r"[^\d.,]", "", unicodedata.normalize("NFKC", printed))
    if re.search(r",\d{2}$", digits):
        return Decimal(digits.replace(".", "").replace(",", "."))
    return Decimal(digits.replace(",", ""))


def _date(printed: str) -> date:
    """Read a printed date in any of the formats the families use."""
    t = unicodedata.normalize("NFKC", printed)
    if m := re.fullmatch(r"令和(\d+|元)年(\d+)月(\d+)日", t):
        year = 1 if m[1] == "元" else int(m[1])
        return date(2018 + year, int(m[2]), int(m[3]))
    patterns = (
        (r"(\d{4})[-/年](\d+)[-/月](\d+)日?", "ymd"),
        (r"(\d+)[./-](\d+)[./-](\d{4})", "dmy"),
        (r"(\d+)\.? (\w+) (\d{4})", "dMy"),
        (r"(\w+) (\d+), (\d{4})", "Mdy"),
    )
    for pattern, order in patterns:
        if m := re.fullmatch(pattern, t):
            parts = dict(zip(order, m.groups(), strict=True))
            name = parts.get("M", "").casefold()
            month = parts.get("m") or next(v for k, v in _MONTHS.items() if k.startswith(name))
            return date(int(parts["y"]), int(month), int(parts["d"]))
    raise AssertionError(f"unreadable date {printed!r}")


def test_the_grammar_yields_at_least_sixty_distinct_families_per_language_group() -> None:
    for language in ("en", "ja", "de", "fr", "nl"):
        assert grammar_size(language) >= 60
        specs = family_specs(language, 60, seed=7)
        assert len({spec.key() for spec in specs}) == 60


def test_sixty_families_use_every_option_of_every_dimension() -> None:
    for language in ("en", "ja", "de", "fr", "nl"):
        specs = family_specs(language, 60, seed=7)
        for dim, options in dimension_options(language).items():
            used = {getattr(spec, dim) for spec in specs}
            assert used == set(options), (language, dim)
    assert {f.name for f in fields(FamilySpec)} == set(dimension_options("en"))


def test_japanese_families_have_seals_and_others_do_not() -> None:
    assert {s.seal for s in family_specs("ja", 60, seed=1)} >= {"over_name", "beside_name"}
    assert {s.seal for s in family_specs("de", 60, seed=1)} == {"none"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_labelled_value_is_printed_in_the_text_layer(language: Any) -> None:
    checked = 0
    for n, spec in enumerate(family_specs(language, 6, seed=3)):
        family = make_family(f"t-{n}", language, spec, 3, dejavu=True)
        content = family_content(family, 1)
        pdf, printed = render_family_document(family, content)
        labels = family_fields(family, content, printed)
        text = _text(pdf)
        assert labels["vendor"] in text
        assert labels["invoice_number"] in text
        if labels["registration_number"]:
            assert labels["registration_number"] in text
        for field in ("total", "subtotal", "tax"):
            if labels[field] is not None:
                assert printed[field] in text, (field, printed[field])
                assert _amount(printed[field]) == Decimal(labels[field]), field
        for field, key in (("date", "date"), ("due_date", "due_date")):
            if labels[field] is not None:
                assert printed[key] in text
                assert _date(printed[key]).isoformat() == labels[field], field
        checked += 1
    assert checked == 6


def test_two_page_families_print_more_than_one_page_and_carry_the_sum_forward() -> None:
    spec = next(s for s in family_specs("de", 60, seed=5) if s.pages == "2")
    family = make_family("t-pages", "de", spec, 5, dejavu=True)
    pdf, _ = render_family_document(family, family_content(family, 1))
    doc = pdfium.PdfDocument(pdf)
    try:
        assert len(doc) >= 2
        second = str(doc[1].get_textpage().get_text_range())
    finally:
        doc.close()
    assert family.wording["brought"] in second


def test_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    options = FamilyOptions(families=2, per_family=1, languages=("de",), seed=9)
    a = generate_families(tmp_path / "a", options)
    b = generate_families(tmp_path / "b", options)
    assert a == b
    for rec in a:
        assert (tmp_path / "a" / rec["path"]).read_bytes() == (
            tmp_path / "b" / rec["path"]
        ).read_bytes()
    line = (tmp_path / "a" / "labels.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert json.loads(line)["family"] == "de-001"
    assert "seed 9" in (tmp_path / "a" / "README.md").read_text(encoding="utf-8")


def test_no_two_dimensions_always_choose_together() -> None:
    # with equal-sized dimensions cycled in step, 'deposit' would always come with one party
    # arrangement, and a measurement could not tell which of the two made a field fail
    for language in ("en", "ja", "de", "fr", "nl"):
        specs = family_specs(language, 60, seed=7)
        dims = [d for d, opts in dimension_options(language).items() if len(opts) > 1]
        for a in dims:
            for b in dims:
                if a < b:
                    pairs = {(getattr(s, a), getattr(s, b)) for s in specs}
                    values_a = {getattr(s, a) for s in specs}
                    assert len(pairs) > len(values_a), (language, a, b)


def test_ibans_carry_valid_check_digits() -> None:
    for language in ("de", "fr", "nl"):
        for n, spec in enumerate(family_specs(language, 5, seed=2)):
            iban = make_family(f"i-{n}", language, spec, 2, dejavu=True).iban.replace(" ", "")
            assert iban[:2] == language.upper()
            # ISO 13616: move the first four characters to the end, letters to numbers, mod 97
            moved = iban[4:] + iban[:4]
            assert int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def test_scans_are_images_with_the_labels_of_their_born_digital_page(tmp_path: Path) -> None:
    options = FamilyOptions(families=2, per_family=1, languages=("de",), seed=4, scans=True)
    records = generate_families(tmp_path, options)
    born = {r["id"]: r for r in records if r["kind"] == "born-digital-pdf"}
    scans = [r for r in records if r["kind"] != "born-digital-pdf"]
    assert len(scans) == len(born) == 2
    for scan in scans:
        assert scan["kind"] in ("degraded-image", "scanned-pdf")
        assert scan["fields"] == born[scan["id"].removesuffix("_scan")]["fields"]
        data = (tmp_path / scan["path"]).read_bytes()
        if scan["kind"] == "scanned-pdf":
            assert _text(data).strip() == ""  # no text layer: only OCR can read it
        else:
            assert data[:3] == b"\xff\xd8\xff"  # a JPEG
