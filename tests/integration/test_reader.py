"""Reading documents into words with boxes, through the real text layer and the real OCR engine."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from axocr import read_document
from axocr.config import ReadConfig
from axocr.document.load import sniff
from axocr.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    TooLargeError,
    UnsupportedFormatError,
)
from axocr.ocr.base import Image as OcrImage
from axocr.types import Word
from tests.conftest import FIXTURES, dataset_dir, dataset_labels

NO_PREPROCESS = {"orientation": False, "deskew": False}


def _words(doc: object) -> list[str]:
    return [unicodedata.normalize("NFKC", w.text) for p in doc.pages for w in p.words]  # type: ignore[attr-defined]


def test_zugferd_pages_use_the_text_layer_with_exact_characters() -> None:
    labels = dataset_labels("zugferd")
    root = dataset_dir("zugferd")
    assert len(labels) >= 4
    for item in labels[:4]:
        doc = read_document(root / item["path"], ocr_images=False, **NO_PREPROCESS)
        assert doc.pages, item["id"]
        assert all(p.route == "text_layer" for p in doc.pages), item["id"]
        text = doc.text
        assert item["fields"]["invoice_number"] in text, item["id"]
        for page in doc.pages:
            for word in page.words:
                b = word.bbox
                assert 0.0 <= b.x0 <= b.x1 <= 1.0 and 0.0 <= b.y0 <= b.y1 <= 1.0


def test_degraded_japanese_receipt_reads_store_name_total_label_and_amount() -> None:
    labels = dataset_labels("jomb")
    root = dataset_dir("jomb")
    item = next(x for x in labels if x["kind"] == "degraded-image")
    doc = read_document(root / item["path"])
    text = unicodedata.normalize("NFKC", doc.text)
    assert doc.pages[0].route == "ocr"
    assert item["fields"]["vendor"] in text.replace(" ", "")
    assert "合計" in text
    total = int(float(item["fields"]["total"]))
    assert f"{total:,}" in text or str(total) in text


def test_sniffing_uses_content_not_name() -> None:
    assert sniff(b"%PDF-1.7\n...") == "application/pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert sniff(b"II*\x00....") == "image/tiff"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"<html><body>not a pdf</body></html>") is None
    assert sniff(b"PK\x03\x04zip") is None


def test_bad_inputs_raise_clear_errors(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(EmptyDocumentError):
        read_document(b"")
    with pytest.raises(UnsupportedFormatError, match="HTML"):
        read_document(b"<!DOCTYPE html><html><body>hello</body></html>")
    with pytest.raises(UnsupportedFormatError, match="ZIP"):
        read_document(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(CorruptDocumentError):
        read_document(b"%PDF-1.4\n1 0 obj garbage")
    with pytest.raises(CorruptDocumentError):
        read_document(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)


def test_decompression_bomb_is_refused_before_decoding() -> None:
    # A 30000 x 30000 PNG compresses to a few hundred KB but would need 2.7 GB decoded.
    img = Image.new("1", (30000, 30000), 1)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    with pytest.raises(TooLargeError, match="pixels"):
        read_document(buf.getvalue())


def _text_image(lines: list[str], size: tuple[int, int] = (1200, 500)) -> np.ndarray:
    img = np.full((size[1], size[0], 3), 255, np.uint8)
    for i, text in enumerate(lines):
        cv2.putText(img, text, (40, 90 + 110 * i), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (0, 0, 0), 4)
    return img


@pytest.mark.parametrize("ext", [".png", ".jpg", ".bmp", ".webp", ".tiff"])
def test_every_image_format_is_read_by_ocr(ext: str) -> None:
    ok, buf = cv2.imencode(ext, _text_image(["INVOICE 4711", "TOTAL 123.45"]))
    assert ok
    doc = read_document(buf.tobytes(), **NO_PREPROCESS)
    words = _words(doc)
    assert doc.pages[0].route == "ocr"
    assert "4711" in words and "123.45" in words, words


def test_multipage_tiff_gives_one_page_per_frame() -> None:
    frames = [Image.fromarray(_text_image([f"PAGE {n} OF 3"])[:, :, ::-1]) for n in (1, 2, 3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    doc = read_document(buf.getvalue(), **NO_PREPROCESS)
    assert len(doc.pages) == 3
    assert [p.index for p in doc.pages] == [0, 1, 2]
    for n, page in enumerate(doc.pages, start=1):
        assert str(n) in [w.text for w in page.words]


def test_blank_image_has_a_page_without_words() -> None:
    ok, buf = cv2.imencode(".png", np.full((800, 600, 3), 255, np.uint8))
    assert ok
    doc = read_document(buf.tobytes(), **NO_PREPROCESS)
    assert len(doc.pages) == 1 and doc.pages[0].lines == []


def test_lines_group_japanese_words_in_reading_order() -> None:
    root = dataset_dir("jomb")
    item = dataset_labels("jomb")[0]
    doc = read_document(root / item["path"])
    lines = doc.pages[0].lines
    ys = [ln.bbox.y0 for ln in lines]
    # Rows run top to bottom; a store name printed at the top comes first.
    assert ys[0] == min(ys)
    assert item["fields"]["vendor"] in lines[0].text.replace(" ", "")


def test_max_pages_keeps_first_pages_and_records_the_cut() -> None:
    root = dataset_dir("zugferd")
    item = next(x for x in dataset_labels("zugferd") if "Elektron.pdf" in x["path"])
    doc = read_document(root / item["path"], max_pages=1)
    assert len(doc.pages) == 1 and doc.page_count > 1
    assert doc.errors and doc.errors[0].code == "too_large"


def test_encrypted_pdf_needs_its_password() -> None:
    path = FIXTURES / "special" / "encrypted.pdf"
    if not path.exists():
        pytest.skip("special fixtures not generated")
    with pytest.raises(EncryptedDocumentError, match="password"):
        read_document(path)
    with pytest.raises(EncryptedDocumentError, match="wrong"):
        read_document(path, password="nope")
    doc = read_document(path, password="secret")
    assert doc.pages and doc.pages[0].route == "text_layer"


def test_mixed_pdf_decides_the_route_per_page() -> None:
    path = FIXTURES / "special" / "mixed.pdf"
    if not path.exists():
        pytest.skip("special fixtures not generated")
    doc = read_document(path, **NO_PREPROCESS)
    assert [p.route for p in doc.pages] == ["text_layer", "ocr"]
    assert doc.pages[1].words, "the scanned page must be OCR'd"


def test_pdf2image_rasterizer_reads_a_scanned_page() -> None:
    path = FIXTURES / "special" / "mixed.pdf"
    if not path.exists():
        pytest.skip("special fixtures not generated")
    pytest.importorskip("pdf2image")
    import shutil

    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    a = read_document(path, rasterizer="pdf2image", **NO_PREPROCESS)
    b = read_document(path, **NO_PREPROCESS)
    assert a.pages[1].route == "ocr"
    words_a, words_b = set(w.text for w in a.pages[1].words), set(w.text for w in b.pages[1].words)
    assert len(words_b) >= 10, words_b  # the page was read at all
    assert len(words_a & words_b) >= 0.7 * len(words_b)


def test_logo_text_is_ocrd_unless_turned_off() -> None:
    path = FIXTURES / "special" / "logo_only_vendor.pdf"
    readme = FIXTURES / "special" / "README.md"
    if not path.exists():
        pytest.skip("special fixtures not generated")
    plain = read_document(path, ocr_images=False)
    with_images = read_document(path)
    assert plain.pages[0].route == "text_layer"
    assert with_images.pages[0].route == "text_layer+ocr"
    new_words = {w.text for w in with_images.pages[0].words if w.source == "ocr"}
    assert new_words, "the logo's words must be added"
    assert readme.exists()
    assert not {w.text for w in plain.pages[0].words if w.source == "ocr"}


def test_read_config_is_frozen_and_rejects_unknown_options() -> None:
    cfg = ReadConfig()
    with pytest.raises(ValueError):
        cfg.dpi = 300  # type: ignore[misc]
    with pytest.raises(ValueError):
        ReadConfig(dpi=10)
    with pytest.raises(TypeError):
        read_document(b"%PDF-1.4", not_an_option=True)


def test_turned_scan_is_detected_and_read_upright() -> None:
    path = FIXTURES / "special" / "rotated_90.png"
    doc = read_document(path, deskew=False)
    page = doc.pages[0]
    # The file is turned 90 degrees clockwise, so it needs 270 more to stand upright.
    assert page.rotation == 270
    text = unicodedata.normalize("NFKC", doc.text)
    assert "Beacon Engineering AG" in text and "INV-2025-77283" in text
    wide = [w for w in page.words if len(w.text) >= 3]
    assert sum(w.bbox.width > w.bbox.height for w in wide) > 0.8 * len(wide)


def test_upright_scan_is_not_turned() -> None:
    doc = read_document(FIXTURES / "special" / "skewed.jpg")
    page = doc.pages[0]
    assert page.rotation == 0
    assert "orientation" not in page.timings_ms, "an upright page must not pay for detection"
    # Generated 4 degrees counter-clockwise; deskew straightens it back.
    assert 3.0 < abs(page.skew_degrees) < 5.0
    assert "T5011118561008" in unicodedata.normalize("NFKC", doc.text).replace(" ", "")


def _counting_engine(monkeypatch: pytest.MonkeyPatch, config: ReadConfig) -> list[tuple[int, ...]]:
    """Record the shape of every image the (real) engine is asked to read."""
    from axocr.ocr.registry import get_engine

    engine = get_engine(config)
    real = engine.recognize
    real_upright = engine.recognize_upright  # type: ignore[attr-defined]
    shapes: list[tuple[int, ...]] = []

    def counted(image: OcrImage) -> list[Word]:
        shapes.append(image.shape)
        return real(image)

    def counted_upright(image: OcrImage) -> tuple[list[Word], int]:
        shapes.append(image.shape)
        return real_upright(image)  # type: ignore[no-any-return]

    monkeypatch.setattr(engine, "recognize", counted)
    monkeypatch.setattr(engine, "recognize_upright", counted_upright)
    return shapes


def test_sideways_page_is_turned_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = _counting_engine(monkeypatch, ReadConfig(deskew=False))
    doc = read_document(FIXTURES / "special" / "rotated_90.png", deskew=False)
    assert doc.pages[0].rotation == 270
    # One OCR pass, over the page standing upright (taller than wide).
    assert len(shapes) == 1 and shapes[0][0] > shapes[0][1]
    assert "INV-2025-77283" in unicodedata.normalize("NFKC", doc.text)


def test_upright_landscape_page_is_checked_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.integration.engines_images import english_lines

    image, _ = english_lines()  # 1000 x 400, upright
    path = tmp_path / "wide.png"
    cv2.imwrite(str(path), image)
    shapes = _counting_engine(monkeypatch, ReadConfig(deskew=False))
    doc = read_document(path, deskew=False)
    page = doc.pages[0]
    assert page.rotation == 0 and "orientation" in page.timings_ms
    assert len(shapes) == 1
    assert "1,234.56" in doc.text and "4711" in doc.text


def test_upside_down_scan_is_read_upright_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upright = cv2.imread(str(FIXTURES / "special" / "skewed.jpg"))
    path = tmp_path / "upside_down.png"
    cv2.imwrite(str(path), cv2.rotate(upright, cv2.ROTATE_180))
    shapes = _counting_engine(monkeypatch, ReadConfig())
    doc = read_document(path)
    page = doc.pages[0]
    assert page.rotation == 180
    assert len(shapes) == 1 and "orientation" not in page.timings_ms
    text = unicodedata.normalize("NFKC", doc.text).replace(" ", "")
    assert "T5011118561008" in text
    # Boxes are on the upright page: the document's title line sits in its top third.
    title = [w for w in page.words if "請求書" in unicodedata.normalize("NFKC", w.text)]
    assert title and title[0].bbox.y1 < 0.33


def _image_pdf(path: Path, images: list[tuple[int, float, float, float, float]]) -> Path:
    """A text page per page number; each image (page, x, y, w, h in mm) a word on white."""
    from fpdf import FPDF

    png = path.with_suffix(".png")
    canvas = np.full((120, 600, 3), 255, np.uint8)
    cv2.putText(canvas, "KESTREL", (20, 95), cv2.FONT_HERSHEY_SIMPLEX, 3.2, (0, 0, 0), 8)
    cv2.imwrite(str(png), canvas)
    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=10)
    for page in range(1 + max(i[0] for i in images)):
        pdf.add_page()
        for p, x, y, w, h in images:
            if p == page:
                pdf.image(str(png), x=x, y=y, w=w, h=h)
        pdf.text(20, 120, "Invoice No: INV-1 Invoice Date: 03 May 2024 Total: 120.00 EUR")
    pdf.output(str(path))
    return path


def test_only_first_page_images_that_are_not_the_page_itself_are_ocrd(tmp_path: Path) -> None:
    # A logo on the first page is read; the same image on the second page is not (the vendor
    # is read from the first), nor one that covers the page: a scan under its own text layer.
    path = _image_pdf(tmp_path / "logos.pdf", [(0, 20, 10, 60, 12), (1, 20, 10, 60, 12)])
    doc = read_document(path)
    assert [p.route for p in doc.pages] == ["text_layer+ocr", "text_layer"]
    assert "KESTREL" in {w.text.upper() for w in doc.pages[0].words if w.source == "ocr"}
    full = read_document(_image_pdf(tmp_path / "scan.pdf", [(0, 0, 0, 210, 297)]))
    assert full.pages[0].route == "text_layer"


def test_a_logo_the_engine_cannot_read_loses_nothing_of_the_text_layer(tmp_path: Path) -> None:
    # Image OCR is on by default; with an engine that cannot run, the text page stays whole
    # and the document says what was not read.
    from axocr.ocr.registry import engine_status

    if engine_status("paddle")[0]:
        pytest.skip("needs an engine that is not installed; paddleocr is")
    path = _image_pdf(tmp_path / "logo.pdf", [(0, 20, 10, 60, 12)])
    doc = read_document(path, engine="paddle")
    assert doc.pages[0].route == "text_layer"
    assert "INV-1" in doc.pages[0].text
    [error] = doc.errors
    assert error.code == "engine_unavailable" and error.page == 0
    assert "images were not read" in error.message
