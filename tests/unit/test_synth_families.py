"""The layout-grammar families: enough distinct layouts per language, every option used, the
same seed giving the same files, and labels that are really printed on the page."""

from __future__ import annotations

import importlib.util
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

EUROPE: tuple[Any, ...] = ("en", "de", "fr", "nl", "it")
LANGUAGES: tuple[Any, ...] = (*EUROPE, "ja") if japanese_font_available() else EUROPE

_MONTHS = {
    m.casefold(): i + 1
    for names in (
        "January February March April May June July August September October November December",
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "januari februari maart april mei juni juli augustus september oktober november december",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
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
    for language in ("en", "ja", "de", "fr", "nl", "it"):
        assert grammar_size(language) >= 60
        specs = family_specs(language, 60, seed=7)
        assert len({spec.key() for spec in specs}) == 60


def test_sixty_families_use_every_option_of_every_dimension() -> None:
    for language in ("en", "ja", "de", "fr", "nl", "it"):
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
    for language in ("en", "ja", "de", "fr", "nl", "it"):
        specs = family_specs(language, 60, seed=7)
        dims = [d for d, opts in dimension_options(language).items() if len(opts) > 1]
        for a in dims:
            for b in dims:
                if a < b:
                    pairs = {(getattr(s, a), getattr(s, b)) for s in specs}
                    values_a = {getattr(s, a) for s in specs}
                    assert len(pairs) > len(values_a), (language, a, b)


def test_ibans_carry_valid_check_digits() -> None:
    for language in ("de", "fr", "nl", "it"):
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


# --- Italian (opt-in) ---------------------------------------------------------------------

_PIVA = re.compile(r"(?:P\.IVA|Partita IVA|P\. IVA IT|C\.F\. e P\.IVA|C\.F\./P\.IVA):? ?(\d+)")
_IBAN_IT = re.compile(r"\bIT\d\d(?: ?[A-Z0-9]){23}")  # not the "IT21" inside a BIC


def _italian_documents(count: int, seed: int) -> list[tuple[Any, Any, bytes, dict[str, Any]]]:
    """(family, content, pdf, labels) of the first document of ``count`` Italian families."""
    out = []
    for n, spec in enumerate(family_specs("it", count, seed=seed)):
        family = make_family(f"it-t{n}", "it", spec, seed, dejavu=n % 2 == 0)
        content = family_content(family, 1)
        pdf, printed = render_family_document(family, content)
        out.append((family, content, pdf, family_fields(family, content, printed)))
    return out


def _italian_amount(value: Decimal) -> str:
    """``1234.5`` as an Italian page prints it: ``1.234,50``."""
    whole, cents = f"{value:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return ".".join([whole, *groups]) + "," + cents


def test_italian_is_opt_in_and_the_default_languages_stay_as_they_were(tmp_path: Path) -> None:
    from axocr.synth.family_content import ALL_FAMILY_LANGUAGES, FAMILY_LANGUAGES

    assert FAMILY_LANGUAGES == ("en", "ja", "de", "fr", "nl")
    assert FamilyOptions().languages == FAMILY_LANGUAGES
    assert "it" in ALL_FAMILY_LANGUAGES
    spec = importlib.util.spec_from_file_location(
        "generate_families", Path(__file__).parents[2] / "benchmarks" / "generate_families.py"
    )
    assert spec is not None and spec.loader is not None
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    argv = [str(tmp_path), "--languages", "it", "--families", "1", "--per-family", "1"]
    assert cli.main([*argv, "--seed", "3"]) == 0
    (record,) = [json.loads(x) for x in (tmp_path / "labels.jsonl").read_text().splitlines()]
    assert record["language"] == "it" and record["family"] == "it-001"


def test_italian_tax_codes_and_ibans_on_the_page_carry_valid_check_characters() -> None:
    from stdnum import iban
    from stdnum.it import codicefiscale, iva

    from axocr.synth.family_italy import CITIES, cin

    # the national check letter of the Italian banks' own example account
    assert cin("0542811101000000123456") == "X"
    offices = {c.name: c.office for c in CITIES}
    seen_piva = seen_iban = seen_cf = 0
    for n in range(3):
        for family, content, pdf, _ in _italian_documents(10, seed=40 + n):
            assert family.italian is not None
            vendor_vat = content.vendor.vat_id
            assert iva.is_valid(vendor_vat), vendor_vat
            # the partita IVA names the province office where the company is registered
            assert vendor_vat[7:10] == offices[family.italian.city]
            text = _text(pdf)
            for number in _PIVA.findall(text):
                assert iva.is_valid(number), number
                seen_piva += 1
            for printed in _IBAN_IT.findall(text):
                compact = printed.replace(" ", "")
                assert iban.is_valid(compact), printed
                assert compact[4] == cin(compact[5:]), printed
                seen_iban += 1
            for code in re.findall(r"C\.F\. ([A-Z0-9]{16})\b", text):
                assert codicefiscale.is_valid(code), code
                seen_cf += 1
            assert vendor_vat in text
            if content.refs.customer_vat:
                assert content.refs.customer_vat in text
    assert seen_piva >= 60 and seen_iban >= 10 and seen_cf >= 1


def test_italian_labels_add_up_and_name_what_the_page_prints() -> None:
    checked = 0
    for family, content, pdf, labels in _italian_documents(30, seed=17):
        m = content.money
        assert labels["currency"] == "EUR"
        assert labels["total"] == f"{m.gross:.2f}"
        assert labels["subtotal"] == f"{m.net:.2f}"
        # every Italian totals block prints the tax in one line, per rate or added up
        assert labels["tax"] == f"{m.tax:.2f}"
        assert Decimal(labels["total"]) == Decimal(labels["subtotal"]) + Decimal(labels["tax"])
        assert m.net == sum((r.base for r in m.rates), Decimal(0))
        for r in m.rates:
            assert r.tax == (r.base * r.rate).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        rates = {it.tax_rate for it in content.items}
        allowed = {Decimal("0.22"), Decimal("0.10"), Decimal("0.04")}
        assert rates <= allowed if family.spec.multi_rate == "yes" else rates == {Decimal("0.22")}
        assert labels["date"] == content.dates.issue.isoformat()
        shows_due = family.spec.date_set in ("issue_due", "all_dates")
        assert (labels["due_date"] is not None) == shows_due
        text = _text(pdf)
        assert labels["vendor"] in text
        assert labels["invoice_number"] in text
        assert _italian_amount(m.gross) in text
        if "YYYY" in family.scheme:
            assert str(content.dates.issue.year) in labels["invoice_number"]
        checked += 1
    assert checked == 30


def test_italian_pages_speak_italian() -> None:
    words = ("IVA", "Imponibile", "Totale", "Pagina", "Pag.")
    for family, _, pdf, labels in _italian_documents(12, seed=5):
        text = _text(pdf)
        assert any(w in text for w in words), family.id
        title = family.wording["credit_title" if family.spec.credit_note == "yes" else "title"]
        assert title in text or title.upper() in text
        # an Italian amount: thousands with dots, cents after a comma, never "1,234.56"
        assert re.search(r"\d,\d\d\b", text)
        assert not re.search(r"\d,\d{3}\.\d\d\b", text)
        assert labels["vendor"].split()[-1] in (
            "S.r.l.", "Srl", "SRL", "s.r.l.", "S.p.A.", "SpA", "S.n.c.", "snc", "S.a.s.", "sas",
            "S.r.l.s.", "Srls", "S.R.L.", "S.P.A.", "S.N.C.", "SNC", "S.A.S.", "SAS", "S.R.L.S.",
            "SRLS", "SPA",
        )  # fmt: skip


def test_italian_sets_are_the_same_bytes_for_the_same_seed(tmp_path: Path) -> None:
    options = FamilyOptions(families=3, per_family=1, languages=("it",), seed=8, scans=True)
    a = generate_families(tmp_path / "a", options)
    b = generate_families(tmp_path / "b", options)
    assert a == b and len(a) == 6
    for rec in a:
        assert (tmp_path / "a" / rec["path"]).read_bytes() == (
            tmp_path / "b" / rec["path"]
        ).read_bytes()
    other = generate_families(tmp_path / "c", FamilyOptions(**{**options.__dict__, "seed": 9}))
    assert [r["fields"] for r in other] != [r["fields"] for r in a]


def test_italian_invoice_numbers_are_progressive_per_year() -> None:
    import random

    from axocr.synth.family_italy import fill_number

    rng = random.Random(1)
    for _ in range(50):
        assert re.fullmatch(r"2025/\d{5}", fill_number(rng, "YYYY/00000", 2025))
        assert re.fullmatch(r"FT-2025-\d{4}", fill_number(rng, "FT-YYYY-0000", 2025))
        assert re.fullmatch(r"[1-9]\d*/25", fill_number(rng, "#/YY", 2025))
        assert re.fullmatch(r"[1-9]\d*/A", fill_number(rng, "#/A", 2025))


def test_italian_credit_notes_do_not_call_themselves_fatture() -> None:
    credit = [
        make_family(f"nc-{n}", "it", spec, 6, dejavu=True)
        for n, spec in enumerate(family_specs("it", 120, seed=6))
        if spec.credit_note == "yes"
    ]
    assert any(f.scheme.startswith("NC-") for f in credit)
    for family in credit:
        assert "FT" not in family.scheme
        assert "fattura" not in (family.wording["date"] + family.wording["gross"]).casefold()
