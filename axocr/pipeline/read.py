"""Any supported document to pages of lines with boxes: text layer first, OCR where needed.

The reader runs the page pipeline of :mod:`axocr.pipeline.stages` on every page, records a
page's failure and keeps the others, and caches whole documents."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from axocr.config import ReadConfig
from axocr.document import image as image_input
from axocr.document import pdf as pdf_input
from axocr.document.einvoice import EInvoiceError, parse_einvoice, read_attached_einvoice
from axocr.document.load import PDF, XML, Source, open_source
from axocr.document.seals import WORK_SIDE as SEAL_WORK_SIDE
from axocr.document.seals import erase_seals, find_seals
from axocr.errors import (
    AxocrError,
    CorruptDocumentError,
    EmptyDocumentError,
    TooLargeError,
    UnsupportedFormatError,
)
from axocr.ocr.registry import get_engine
from axocr.pipeline.stages import layout, ocr_page, page_from_ocr
from axocr.types import BBox, Document, ErrorRecord, Image, Page, Word

# The recogniser's default padding: the cache key leaves it out, as before the option existed.
_DEFAULT_REC_MIN_WIDTH = ReadConfig().rec_min_width


def read_document(
    source: str | Path | bytes, config: ReadConfig | None = None, *, defer_logos: bool = False
) -> Document:
    """Read a PDF or image into a :class:`Document`. Raises :class:`axocr.errors.AxocrError`.

    A page that fails (an OCR error) is recorded in ``Document.errors`` and the rest is kept;
    a document over ``max_pages`` keeps its first pages and records ``too_large``.

    With ``defer_logos`` the images of a text-layer first page are not OCR'd but noted in
    ``Page.logo_boxes``, for :func:`add_image_words` to read if extraction needs them.
    """
    config = config or ReadConfig()
    t0 = time.perf_counter()
    src = open_source(source, max_bytes=config.max_file_bytes)
    if src.media_type == XML:
        sent = _read_xml(src, config)
        sent.timings_ms["read"] = round((time.perf_counter() - t0) * 1000, 2)
        return sent
    # Logos are a PDF matter: an image is read the same way whatever the image-OCR options say,
    # so they stay out of its cache key (and the OCR cached before they existed stays valid).
    pdf = src.media_type == PDF
    cache_file = _cache_path(src, config, stage="defer_logos" if defer_logos and pdf else "")
    doc = _cached(cache_file)
    if doc is not None:
        doc.path = src.path
        doc.timings_ms["cached"] = 1.0
    else:
        doc = _read_pdf(src, config, defer_logos) if pdf else _read_image(src, config)
        if cache_file is not None:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(doc.model_dump_json(), encoding="utf-8")
            tmp.replace(cache_file)
    # Read afresh every time, cached pages or not: a millisecond, and never stale.
    if pdf and config.einvoice:
        _attach_einvoice(doc, src, config)
    doc.timings_ms["read"] = round((time.perf_counter() - t0) * 1000, 2)
    return doc


def _read_xml(src: Source, config: ReadConfig) -> Document:
    """An invoice sent as XML alone: the document is its data, with no page to read."""
    if not config.einvoice:
        raise UnsupportedFormatError(
            "an XML invoice, and reading e-invoice XML is off (einvoice=False)", path=src.path
        )
    name = Path(src.path).name if src.path else "invoice.xml"
    try:
        found = parse_einvoice(src.data, name)
    except EInvoiceError as exc:
        raise CorruptDocumentError(
            f"an XML invoice that cannot be read: {exc}", path=src.path
        ) from None
    if found is None or (found.total is None and found.invoice_number is None):
        # another kind of XML, or an <Invoice> of a schema that is neither UBL nor CII
        raise UnsupportedFormatError("an XML file that is not a UBL or CII invoice", path=src.path)
    return Document(path=src.path, media_type=XML, einvoice=found)


def _cached(cache_file: Path | None) -> Document | None:
    if cache_file is None or not cache_file.exists():
        return None
    try:
        doc = Document.model_validate_json(cache_file.read_text(encoding="utf-8"))
    except ValueError:
        return None  # a damaged cache entry is read again
    for page in doc.pages:
        _lay_out_again(page)
    return doc


def _lay_out_again(page: Page) -> None:
    """The cache keeps what was read, words and boxes, which is the slow part; lines are
    built again from them (a millisecond), so a newer line builder applies to old entries."""
    page.lines = layout(page.words, page.width, page.height)


def _attach_einvoice(doc: Document, src: Source, config: ReadConfig) -> None:
    with (
        pdf_input.open_pdf(src.data, password=config.password, path=src.path) as pdf,
        pdf_input.PDFIUM_LOCK,
    ):
        doc.einvoice, error = read_attached_einvoice(pdf)
    if error is not None:
        doc.errors.append(error)


def _cache_path(src: Source, config: ReadConfig, stage: str = "") -> Path | None:
    if not config.cache_dir:
        return None
    options = config.model_dump(
        exclude={"cache_dir", "ocr_threads", "max_file_bytes", "ocr_backend", "einvoice"}
    )
    if src.media_type != PDF:
        options.pop("ocr_images_when", None)
    if options.get("rec_min_width") == _DEFAULT_REC_MIN_WIDTH:  # keys made before it stay valid
        options.pop("rec_min_width")
    if options.get("dropped_words") is False:  # what keys made before it were read with
        options.pop("dropped_words")
    # Keys made before it stay valid: it changes only pages of separate dots, whose cached
    # readings are to be deleted (OCR-stage changes are not in the key, like any code change).
    if options.get("join_dots") is True:
        options.pop("join_dots")
    if stage:
        options["stage"] = stage
    key = hashlib.sha256(src.data + json.dumps(options, sort_keys=True).encode()).hexdigest()
    return Path(config.cache_dir) / key[:2] / f"{key}.json"


def _over_page_limit(count: int, unit: str, limit: int) -> ErrorRecord:
    return ErrorRecord(
        code=TooLargeError.code,
        message=f"{count} {unit}, over the limit of {limit}: only the first {limit} were read",
    )


def _read_pdf(src: Source, config: ReadConfig, defer_logos: bool) -> Document:
    doc = Document(path=src.path, media_type=src.media_type)
    with pdf_input.open_pdf(src.data, password=config.password, path=src.path) as pdf:
        with pdf_input.PDFIUM_LOCK:
            count = len(pdf)
        doc.page_count = count
        if count == 0:
            raise EmptyDocumentError("the PDF has no pages", path=src.path)
        if count > config.max_pages:
            doc.errors.append(_over_page_limit(count, "pages", config.max_pages))
        for index in range(min(count, config.max_pages)):
            try:
                doc.pages.append(_read_pdf_page(pdf, index, src, config, doc.errors, defer_logos))
            except AxocrError as exc:
                if isinstance(exc, TooLargeError) or exc.code == "engine_unavailable":
                    raise
                doc.errors.append(ErrorRecord(code=exc.code, message=str(exc), page=index))
            except pdfium.PdfiumError as exc:
                doc.errors.append(
                    ErrorRecord(code="corrupt", message=f"cannot load page: {exc}", page=index)
                )
    return doc


def _read_pdf_page(
    pdf: pdfium.PdfDocument,
    index: int,
    src: Source,
    config: ReadConfig,
    errors: list[ErrorRecord],
    defer_logos: bool,
) -> Page:
    t0 = time.perf_counter()
    with pdf_input.PDFIUM_LOCK:
        page = pdf[index]
        width, height = page.get_size()
    try:
        timings: dict[str, float] = {}
        layer = pdf_input.read_text_layer(page) if config.text_layer else None
        timings["text_layer"] = round((time.perf_counter() - t0) * 1000, 2)
        if layer is not None and pdf_input.text_layer_usable(layer, config.min_text_chars):
            words = layer.words
            route = "text_layer"
            dpi: float | None = None
            engine_name = None
            # The vendor is read from the first page, where a logo may be all that names it.
            extra: list[Word] = []
            logos = logo_boxes(layer, width, height, config.dpi) if index == 0 else []
            if config.ocr_images and not defer_logos and logos:
                try:
                    extra, dpi, t_ocr = _ocr_images_on_page(
                        page, layer.words, logos, config, index, src.path
                    )
                    timings.update(t_ocr)
                except AxocrError as exc:
                    # The logos are extra evidence; the text layer is the page. Keep it.
                    errors.append(
                        ErrorRecord(
                            code=exc.code,
                            message=f"the page's images were not read: {exc}",
                            page=index,
                        )
                    )
                if extra:
                    words = words + extra
                    route = "text_layer+ocr"
                    engine_name = config.engine
            return Page(
                index=index,
                width=width,
                height=height,
                dpi=dpi,
                route=route,
                engine=engine_name,
                lines=layout(words, width, height),
                timings_ms=timings,
                logo_boxes=logos if config.ocr_images and defer_logos else [],
            )
        t = time.perf_counter()
        if config.rasterizer == "pdf2image":
            image = pdf_input.render_with_pdf2image(src.data, index, config.dpi, config.password)
            dpi = float(config.dpi)
        else:
            image, dpi = _render_for_ocr(page, config)
        timings["render"] = round((time.perf_counter() - t) * 1000, 2)
        # Seals were painted out as the page was rendered, and a grey page has none to find:
        # the OCR stage need not look for them again (19 ms a page).
        unsealed = config.model_copy(update={"seals": False})
        read = ocr_page(image, unsealed, index=index, path=src.path)
        timings.update(read.timings)
        return page_from_ocr(index, width, height, dpi, config, read._replace(timings=timings))
    finally:
        with pdf_input.PDFIUM_LOCK:
            page.close()


def _render_for_ocr(page: pdfium.PdfPage, config: ReadConfig) -> tuple[Image, float]:
    """The page in grey for OCR; with its red seals painted out first when there are any.

    Seals are told from print by colour, so a small colour copy (seals are looked for at that
    size anyway) is rendered to find them: 25-40 ms on the generated scans, as pdfium decodes
    the whole embedded image for it. Only a page with a seal is then rendered in colour at
    full size. A page without one is rendered in grey as it always was, so its OCR is
    unchanged.
    """
    if config.seals:
        small_dpi = 72.0 * SEAL_WORK_SIDE / max(page.get_size())
        small, _ = pdf_input.render_page(page, small_dpi, config.max_pixels, colour=True)
        if find_seals(small):
            image, dpi = pdf_input.render_page(page, config.dpi, config.max_pixels, colour=True)
            # The seals' boxes are found again on the page itself, to fit its pixels.
            found = find_seals(image)
            if found:
                grey = cv2.cvtColor(erase_seals(image, found), cv2.COLOR_BGR2GRAY)
                return np.ascontiguousarray(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)), dpi
    return pdf_input.render_page(page, config.dpi, config.max_pixels)


def logo_boxes(
    layer: pdf_input.TextLayer, width_pt: float, height_pt: float, dpi: float
) -> list[BBox]:
    """The page's embedded images that may hold a logo's text.

    Tiny images are rules, bullets or tracking pixels, not text; one that covers much of
    the page is a scan or a background whose text the text layer already holds.
    """
    w, h = width_pt * dpi / 72.0, height_pt * dpi / 72.0
    return [
        box
        for box in layer.image_boxes
        if box.width * w >= 24 and box.height * h >= 12 and box.width * box.height <= 0.25
    ]


def _ocr_images_on_page(
    page: pdfium.PdfPage,
    layer_words: list[Word],
    boxes: list[BBox],
    config: ReadConfig,
    index: int,
    path: str | None,
) -> tuple[list[Word], float, dict[str, float]]:
    """OCR these image regions of a text page (logos often carry the vendor's name)."""
    t = time.perf_counter()
    image, dpi = pdf_input.render_page(page, config.dpi, config.max_pixels)
    timings = {"render": round((time.perf_counter() - t) * 1000, 2)}
    h, w = image.shape[:2]
    engine = get_engine(config)
    found: list[Word] = []
    t = time.perf_counter()
    for box in boxes:
        x0, y0 = int(box.x0 * w), int(box.y0 * h)
        x1, y1 = int(box.x1 * w) + 1, int(box.y1 * h) + 1
        crop = image[y0:y1, x0:x1]
        if crop.size == 0:
            continue
        try:
            words = engine.recognize(crop)
        except AxocrError as exc:
            exc.page, exc.path = index, path
            raise
        for word in words:
            b = word.bbox
            mapped = BBox(
                x0=box.x0 + b.x0 * box.width,
                y0=box.y0 + b.y0 * box.height,
                x1=box.x0 + b.x1 * box.width,
                y1=box.y0 + b.y1 * box.height,
            )
            # Text drawn over an image is already in the text layer; keep only what is new.
            if any(
                mapped.intersection_area(t.bbox) > 0.3 * (mapped.width * mapped.height)
                for t in layer_words
            ):
                continue
            found.append(word.model_copy(update={"bbox": mapped}))
    timings["ocr"] = round((time.perf_counter() - t) * 1000, 2)
    return found, dpi, timings


def add_image_words(
    source: str | Path | bytes,
    document: Document,
    config: ReadConfig,
    index: int = 0,
    boxes: list[BBox] | None = None,
) -> Document:
    """The document with the words of page ``index``'s logo images (``boxes``, default all
    of the page's ``logo_boxes``) added, when that page was read from its text layer;
    otherwise the document as it is.

    The second half of reading a text page when ``ocr_images_when="weak_vendor"``: the
    caller asks for it only when the text layer alone leaves the vendor in doubt. A failure
    of the engine keeps the text layer and adds an error record for the page.
    """
    page_now = next((p for p in document.pages if p.index == index), None)
    if page_now is None or page_now.route != "text_layer":
        return document
    boxes = page_now.logo_boxes if boxes is None else boxes
    if not boxes:
        return document
    t0 = time.perf_counter()
    src = open_source(source, max_bytes=config.max_file_bytes)
    if src.media_type != PDF:
        return document
    stage = "images:" + json.dumps([index, [b.as_list() for b in boxes]])
    cache_file = _cache_path(src, config, stage=stage)
    if cache_file is not None and cache_file.exists():
        try:
            cached = Page.model_validate_json(cache_file.read_text(encoding="utf-8"))
            _lay_out_again(cached)
            return _with_page(document, cached, [])
        except ValueError:
            pass  # a damaged cache entry is read again
    errors: list[ErrorRecord] = []
    extra: list[Word] = []
    dpi: float | None = None
    timings: dict[str, float] = {}
    with pdf_input.open_pdf(src.data, password=config.password, path=src.path) as pdf:
        with pdf_input.PDFIUM_LOCK:
            page = pdf[index]
        try:
            layer_words = pdf_input.read_text_layer(page).words
            extra, dpi, timings = _ocr_images_on_page(
                page, layer_words, boxes, config, index, src.path
            )
        except AxocrError as exc:
            # The logos are extra evidence; the text layer is the page. Keep it.
            errors.append(
                ErrorRecord(
                    code=exc.code, message=f"the page's images were not read: {exc}", page=index
                )
            )
        finally:
            with pdf_input.PDFIUM_LOCK:
                page.close()
    timings = {**page_now.timings_ms, **timings}
    timings["image_words"] = round((time.perf_counter() - t0) * 1000, 2)
    remaining = [b for b in page_now.logo_boxes if b not in boxes]
    new_page = page_now.model_copy(update={"timings_ms": timings, "logo_boxes": remaining})
    if extra:
        new_page = new_page.model_copy(
            update={
                "dpi": dpi,
                "route": "text_layer+ocr",
                "engine": config.engine,
                "lines": layout(layer_words + extra, page_now.width, page_now.height),
            }
        )
    if cache_file is not None and not errors:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(new_page.model_dump_json(), encoding="utf-8")
        tmp.replace(cache_file)
    return _with_page(document, new_page, errors)


def _with_page(document: Document, page: Page, errors: list[ErrorRecord]) -> Document:
    pages = [page if p.index == page.index else p for p in document.pages]
    return document.model_copy(update={"pages": pages, "errors": [*document.errors, *errors]})


def _read_image(src: Source, config: ReadConfig) -> Document:
    doc = Document(path=src.path, media_type=src.media_type)
    _, _, frames, file_dpi = image_input.probe_image(src.data, path=src.path)
    doc.page_count = frames
    if frames > config.max_pages:
        doc.errors.append(_over_page_limit(frames, "frames", config.max_pages))
    for index, image in enumerate(
        image_input.iter_frames(
            src.data, path=src.path, max_pixels=config.max_pixels, max_pages=config.max_pages
        )
    ):
        h, w = image.shape[:2]
        try:
            read = ocr_page(image, config, index=index, path=src.path)
        except AxocrError as exc:
            if exc.code == "engine_unavailable":
                raise
            doc.errors.append(ErrorRecord(code=exc.code, message=str(exc), page=index))
            continue
        doc.pages.append(page_from_ocr(index, float(w), float(h), file_dpi, config, read))
    return doc
