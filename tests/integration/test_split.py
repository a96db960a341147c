"""Several invoices in one PDF: generated invoices concatenated in the test, the truth being
where each one starts."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from axocr import extract, extract_all
from axocr.api import read_document
from axocr.cli import app
from axocr.export.formats import csv_header, csv_line, unneutralize_cell
from axocr.extract.split import find_segments, page_number
from axocr.lang.labels import BARE_PAGE_NO, PAGE_OF_COUNT
from axocr.synth.canvas import japanese_font_available
from axocr.synth.family_content import FamilyContent, FamilyLanguage
from axocr.synth.family_pages import render_family_document
from axocr.synth.grammar import FamilySpec, family_content, make_family
from axocr.synth.lines import LinesDocument, generate_lines_document

Three = tuple[Path, list[list[int]], list[LinesDocument]]


def _concat(tmp_path: Path, pdfs: list[bytes]) -> tuple[Path, list[list[int]]]:
    out = pdfium.PdfDocument.new()
    ranges = []
    for i, data in enumerate(pdfs):
        part = tmp_path / f"part{i}.pdf"
        part.write_bytes(data)
        src = pdfium.PdfDocument(str(part))
        start = len(out) + 1
        out.import_pages(src)
        ranges.append([start, len(out)])
    target = tmp_path / "batch.pdf"
    out.save(str(target))
    return target, ranges


@pytest.fixture(scope="module")
def three_invoices(tmp_path_factory: pytest.TempPathFactory) -> Three:
    tmp = tmp_path_factory.mktemp("split")
    docs = [
        generate_lines_document(random.Random(1), "a", "en", n_lines=3),
        generate_lines_document(random.Random(2), "b", "de", n_lines=30),
        generate_lines_document(random.Random(4), "c", "fr", n_lines=2),
    ]
    assert docs[1].pages >= 2  # the middle one runs over pages
    path, ranges = _concat(tmp, [d.pdf for d in docs])
    return path, ranges, docs


def test_extract_all_returns_each_invoice_with_its_pages_and_numbers(three_invoices: Three) -> None:
    path, ranges, docs = three_invoices
    results = extract_all(path)
    assert [r.split.pages for r in results if r.split] == ranges
    assert [r.split.of for r in results if r.split] == [3, 3, 3]
    assert [r.fields.invoice_number.value for r in results] == [
        d.fields["invoice_number"] for d in docs
    ]
    assert [len(r.line_items) for r in results] == [3, 30, 2]


def test_extract_returns_the_first_invoice_and_says_the_file_holds_more(
    three_invoices: Three,
) -> None:
    path, ranges, docs = three_invoices
    result = extract(path)
    assert result.split is not None and result.split.pages == ranges[0]
    assert "multiple_invoices:3" in result.review_reasons and result.needs_review
    assert result.fields.invoice_number.value == docs[0].fields["invoice_number"]


def test_no_split_reads_the_whole_file_as_one_invoice(three_invoices: Three) -> None:
    path, ranges, _ = three_invoices
    result = extract(path, split=False)
    assert result.split is None
    assert result.pages == ranges[-1][1]
    assert len(result.line_items) == 35


def test_a_multi_page_invoice_is_one_invoice(tmp_path: Path) -> None:
    doc = generate_lines_document(random.Random(2), "b", "de", n_lines=30)
    path = tmp_path / "one.pdf"
    path.write_bytes(doc.pdf)
    segments = find_segments(read_document(path))
    assert [(s.first, s.last) for s in segments] == [(0, doc.pages - 1)]


def test_printed_page_numbers_are_read_in_each_language(tmp_path: Path) -> None:
    doc = generate_lines_document(random.Random(2), "b", "de", n_lines=30)
    path = tmp_path / "one.pdf"
    path.write_bytes(doc.pdf)
    pages = read_document(path).pages
    assert [page_number(p) for p in pages] == [(n, len(pages)) for n in range(1, len(pages) + 1)]


def test_the_cli_writes_one_record_per_invoice_and_lines_as_csv(three_invoices: Three) -> None:
    path, _, docs = three_invoices
    runner = CliRunner()
    out = runner.invoke(app, ["extract", str(path), "-f", "csv", "--no-progress", "-j", "1"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    # "1/3" would open as a date in a spreadsheet, so the cell carries a leading ' (output.md)
    assert [r["split"] for r in rows] == ["'1/3", "'2/3", "'3/3"]
    assert [unneutralize_cell(r["split"]) for r in rows] == ["1/3", "2/3", "3/3"]
    assert [r["line_items"] for r in rows] == ["3", "30", "2"]
    out = runner.invoke(app, ["extract", str(path), "--lines", "--no-progress", "-j", "1"])
    assert out.exit_code == 0, out.output
    lines = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(lines) == 35
    numbers = {unneutralize_cell(r["invoice_number"]) for r in lines}
    assert numbers == {d.fields["invoice_number"] for d in docs}
    want = [li["amount"] for d in docs for li in d.line_items]
    assert [r["amount"] for r in lines] == want


@pytest.mark.skipif(not japanese_font_available(), reason="IPAex fonts not installed")
def test_the_invoice_csv_carries_the_japanese_per_rate_breakdown(tmp_path: Path) -> None:
    doc = generate_lines_document(random.Random(8), "j", "ja", n_lines=6)
    rates = {li["tax_rate"] for li in doc.line_items}
    path = tmp_path / "ja.pdf"
    path.write_bytes(doc.pdf)
    row = next(csv.DictReader(io.StringIO(csv_header() + csv_line(extract(path)))))
    for rate in ("10", "8"):
        base = sum(int(li["amount"]) for li in doc.line_items if li["tax_rate"] == rate)
        if rate in rates:
            assert row[f"tax_{rate}_base"] == str(base)
            assert row[f"tax_{rate}"] == str((base * int(rate) + 50) // 100)  # rounded half up
        else:
            assert row[f"tax_{rate}_base"] == ""


def test_weak_evidence_for_a_new_invoice_is_a_doubtful_boundary_not_a_silent_one() -> None:
    from axocr.extract.split import CLEAR, DOUBT_FROM, SPLIT_AT, PageSignals, boundary_score

    first = PageSignals(0, None, "INV-1", True, "Acme Ltd", True, False)
    # a title and a number beside a weak label: enough to cut, not enough to be sure
    weak = boundary_score(first, PageSignals(1, None, "77", False, None, True), "INV-1", None)
    assert SPLIT_AT <= weak.score < CLEAR
    # "Seite 2 von 3" with the same number: the same invoice, no doubt
    same = boundary_score(
        PageSignals(0, (1, 3), "INV-1", True), PageSignals(1, (2, 3), "INV-1", True), "INV-1", None
    )
    assert same.score < DOUBT_FROM
    # numbering that restarts, a new number and a title: a sure start
    sure = boundary_score(
        PageSignals(0, (1, 1), "INV-1", True, total=True),
        PageSignals(1, (1, 1), "INV-2", True, title=True),
        "INV-1",
        None,
    )
    assert sure.score >= CLEAR and "page numbering restarts" in sure.reasons


def _family_pdf(
    path: Path, language: FamilyLanguage, family_id: str, layout: str, index: int
) -> tuple[Path, FamilyContent]:
    """Document ``index`` of the generated family ``family_id``, drawn in ``layout`` (a
    FamilySpec's fields joined by "/") with seed 7, written to ``path``."""
    family = make_family(family_id, language, FamilySpec(*layout.split("/")), 7, dejavu=True)
    content = family_content(family, index)
    pdf, _ = render_family_document(family, content)
    path.write_bytes(pdf)
    return path, content


@pytest.mark.skipif(not japanese_font_available(), reason="no Japanese font installed")
def test_a_two_page_invoice_that_carries_its_sum_over_is_one_invoice(tmp_path: Path) -> None:
    """A generated two-page Japanese invoice (a layout the generator drew for a held-out seed):
    page 2 repeats the title and number at its top and its table's first position number
    ("22") reads as a new invoice number, but page 1 ends "次頁へ繰越" and page 2 begins
    "前頁より繰越", and each page prints "1 / 2 ページ", "2 / 2 ページ"."""
    layout = (
        "wordmark_centre/customer_right/column/customer_order/all_dates/positions/deposit/right/"
        "columns/none/yes/no/no/2"
    )
    path, content = _family_pdf(tmp_path / "two-pages.pdf", "ja", "ja-022", layout, 1)
    results = extract_all(path)
    assert [r.pages for r in results] == [2]
    assert results[0].fields.invoice_number.value == content.invoice_number


def test_italian_page_numbers_are_read_and_a_long_fattura_stays_one(tmp_path: Path) -> None:
    """An Italian invoice over several pages prints "Pag. 1/3" (or "Pagina 1 di 2"): each
    page's number is read, and the pages stay one invoice."""
    layout = (
        "wordmark_centre/customer_below/column/customer_order/all_dates/plain/freight/in_table/"
        "bank_terms/none/yes/no/yes/2"
    )
    path, _ = _family_pdf(tmp_path / "fattura.pdf", "it", "it-019", layout, 2)
    pages = read_document(path).pages
    assert len(pages) >= 2
    assert [page_number(p) for p in pages] == [(n, len(pages)) for n in range(1, len(pages) + 1)]
    assert [r.pages for r in extract_all(path)] == [len(pages)]
    for text in ("Pagina 2 di 3", "Pag. 2/3"):
        found = PAGE_OF_COUNT.search(text)
        assert found is not None and (found.group(1), found.group(2)) == ("2", "3")


@pytest.mark.parametrize(
    "text", ["2 / 3", "2/3 pages", "2/3ページ", "- 2/3 Seiten -", "2/3 pagine"]
)
def test_a_count_alone_on_its_line_is_a_page_number_with_any_pack_s_page_word(text: str) -> None:
    found = BARE_PAGE_NO.match(text)
    assert found is not None and (found.group(1), found.group(2)) == ("2", "3")


@pytest.mark.parametrize("text", ["2/3 total", "12/2024", "Seite 2/3 Rechnung 4711"])
def test_a_count_with_other_words_beside_it_is_no_bare_page_number(text: str) -> None:
    assert BARE_PAGE_NO.match(text) is None
