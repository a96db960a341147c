"""The read cache (``ReadConfig.cache_dir``): a second read of the same bytes with the same
reading options comes from the cache; options that cannot change how a file is read do not
split it."""

from __future__ import annotations

from pathlib import Path

from axocr.config import ReadConfig
from axocr.pipeline.read import read_document
from axocr.types import BBox, Document, Line

SYNTH = Path(__file__).resolve().parents[2] / "fixtures" / "synth" / "files"


def test_a_second_read_of_a_scan_comes_from_the_cache_whatever_the_logo_options(
    tmp_path: Path,
) -> None:
    scan = SYNTH / "en_classic_001_scan.jpg"
    first = read_document(scan, ReadConfig(cache_dir=str(tmp_path)), defer_logos=True)
    assert "cached" not in first.timings_ms
    assert first.pages and first.pages[0].words
    # Logos are a PDF matter: an image is read alike with either logo option.
    again = read_document(scan, ReadConfig(cache_dir=str(tmp_path), ocr_images_when="first_page"))
    assert again.timings_ms.get("cached") == 1.0
    assert [w.text for w in again.pages[0].words] == [w.text for w in first.pages[0].words]


def test_a_pdf_read_with_other_logo_options_is_read_again(tmp_path: Path) -> None:
    pdf = SYNTH / "en_classic_001.pdf"
    config = ReadConfig(cache_dir=str(tmp_path))
    read_document(pdf, config, defer_logos=True)
    assert read_document(pdf, config, defer_logos=True).timings_ms.get("cached") == 1.0
    other = read_document(pdf, config.model_copy(update={"ocr_images_when": "first_page"}))
    assert "cached" not in other.timings_ms
    changed = read_document(pdf, config.model_copy(update={"dpi": 150}), defer_logos=True)
    assert "cached" not in changed.timings_ms


def test_a_scan_read_without_looking_for_dropped_words_is_cached_apart(tmp_path: Path) -> None:
    # The words found beside the detector's may differ, so each setting has its own entry.
    scan = SYNTH / "en_classic_001_scan.jpg"
    config = ReadConfig(cache_dir=str(tmp_path))
    read_document(scan, config)
    off = config.model_copy(update={"dropped_words": False})
    assert "cached" not in read_document(scan, off).timings_ms
    assert read_document(scan, off).timings_ms.get("cached") == 1.0
    assert read_document(scan, config).timings_ms.get("cached") == 1.0
    assert "dropped" not in read_document(scan, off).timings_ms
    assert len(list(tmp_path.rglob("*.json"))) == 2


def test_lines_are_built_again_from_the_cached_words(tmp_path: Path) -> None:
    # The cache keeps the words OCR read; lines come from the line builder of the code that
    # loads them. An entry whose lines were built otherwise (here: every word on one line,
    # as a cruder builder might have left it) is laid out again.
    pdf = SYNTH / "en_classic_001.pdf"
    config = ReadConfig(cache_dir=str(tmp_path))
    first = read_document(pdf, config)
    entry = next(tmp_path.rglob("*.json"))
    doc = Document.model_validate_json(entry.read_text(encoding="utf-8"))
    page = doc.pages[0]
    page.lines = [Line(words=page.words, bbox=BBox.enclosing([w.bbox for w in page.words]))]
    entry.write_text(doc.model_dump_json(), encoding="utf-8")
    again = read_document(pdf, config)
    assert again.timings_ms.get("cached") == 1.0
    assert [ln.text for ln in again.pages[0].lines] == [ln.text for ln in first.pages[0].lines]
    assert len(again.pages[0].lines) > 10
