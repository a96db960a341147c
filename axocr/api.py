"""The public functions. They only compose the stages; nothing here prints."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from axocr.config import Config, ReadConfig
from axocr.errors import AxocrError
from axocr.extract.extractor import (
    Extraction,
    extract_candidates,
    looks_like_invoice,
    result_fields,
)
from axocr.extract.split import Segment, find_segments
from axocr.pipeline.read import add_image_words
from axocr.pipeline.read import read_document as _read
from axocr.types import (
    BBox,
    Document,
    ErrorRecord,
    InvoiceResult,
    Page,
    PageInfo,
    SplitInfo,
)
from axocr.validate.einvoice import einvoice_alone, einvoice_lines
from axocr.validate.identifiers import find_identifiers
from axocr.validate.review import flag_non_invoice
from axocr.validate.verdict import review_fields, review_xml_invoice
from axocr.vendor_memory.recall import recall, settle

Source = str | Path | bytes


def read_document(source: Source, **options: Any) -> Document:
    """Read a PDF or image (path or bytes) into pages of words with boxes.

    Options are the fields of :class:`axocr.config.ReadConfig` (``dpi``, ``engine``,
    ``password``, ``ocr_images``, ...). Raises :class:`axocr.errors.AxocrError`.
    """
    unknown = set(options) - set(ReadConfig.model_fields)
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    return _read(source, ReadConfig(**options))


def extract(source: Source, *, raise_on_error: bool = False, **options: Any) -> InvoiceResult:
    """Extract the invoice fields of one document.

    Options are the fields of :class:`axocr.config.ReadConfig` and
    :class:`axocr.config.ExtractConfig`. A document that cannot be read gives a result with
    ``status="failed"`` and an error record, unless ``raise_on_error`` is set.
    """
    config = Config.from_options(**options)
    return extract_with_config(source, config, raise_on_error=raise_on_error)


def extract_with_config(
    source: Source, config: Config, *, raise_on_error: bool = False
) -> InvoiceResult:
    """One result for the document. A file that holds several invoices gives the first one,
    with the review reason ``multiple_invoices`` (``extract_all`` returns each of them);
    with ``split=False`` the whole file is read as one invoice, as before splitting existed."""
    return _extract(source, config, raise_on_error=raise_on_error, every=False)[0]


def extract_all(
    source: Source, *, raise_on_error: bool = False, **options: Any
) -> list[InvoiceResult]:
    """Extract every invoice of one file: one result per invoice, each with ``split`` set
    (which invoice, of how many, on which pages) when the file holds more than one."""
    config = Config.from_options(**options)
    return extract_all_with_config(source, config, raise_on_error=raise_on_error)


def extract_all_with_config(
    source: Source, config: Config, *, raise_on_error: bool = False
) -> list[InvoiceResult]:
    return _extract(source, config, raise_on_error=raise_on_error, every=True)


def _extract(
    source: Source, config: Config, *, raise_on_error: bool, every: bool
) -> list[InvoiceResult]:
    t0 = time.perf_counter()
    # Whatever the caller passed, a result comes back (open_source refuses what is not a
    # document with an InputError, which becomes the result's error record).
    path = _source_path(source)
    result = InvoiceResult(path=path)
    try:
        defer = config.read.ocr_images_when == "weak_vendor"
        document = _read(source, config.read, defer_logos=defer)
    except AxocrError as exc:
        if raise_on_error:
            raise
        result.status = "failed"
        result.errors.append(ErrorRecord(code=exc.code, message=str(exc), page=exc.page))
        result.review_reasons = [exc.code]
        result.timings_ms["total"] = _ms(t0)
        return [result]
    if (
        not config.extract.split
        or len(document.pages) <= 1
        or not any(p.lines for p in document.pages)
    ):
        return [_extract_document(source, document, config, path, t0)]
    t1 = time.perf_counter()
    segments = find_segments(document, config.extract)
    split_ms = _ms(t1)
    if len(segments) == 1:
        one = _extract_document(source, document, config, path, t0)
        _note_doubtful(one, segments[0])
        one.timings_ms["split"] = split_ms
        return [one]
    results = []
    for n, seg in enumerate(segments if every else segments[:1], start=1):
        res = _extract_segment(source, document, seg, config, path)
        res.timings_ms["split"] = split_ms
        res.split = SplitInfo(
            index=n,
            of=len(segments),
            pages=[seg.first + 1, seg.last + 1],
            doubtful=seg.doubtful,
            reasons=seg.reasons,
        )
        _note_doubtful(res, seg)
        if not every:
            res.review_reasons.append(f"multiple_invoices:{len(segments)}")
            res.needs_review = True
        results.append(res)
    return results


def _extract_segment(
    source: Source, document: Document, seg: Segment, config: Config, path: str | None
) -> InvoiceResult:
    t0 = time.perf_counter()
    part = document.model_copy(
        update={
            "pages": [p for p in document.pages if seg.first <= p.index <= seg.last],
            "errors": [
                e for e in document.errors if e.page is None or seg.first <= e.page <= seg.last
            ],
            # an attached e-invoice is one invoice: which of the file's it is, nothing says
            "einvoice": None,
        }
    )
    return _extract_document(source, part, config, path, t0)


def _note_doubtful(result: InvoiceResult, segment: Segment) -> None:
    if segment.doubtful:
        result.review_reasons.append("split:doubtful_boundary")
        result.needs_review = True


def _extract_document(
    source: Source, document: Document, config: Config, path: str | None, t0: float
) -> InvoiceResult:
    result = InvoiceResult(path=path)
    _note_document(result, document)
    if document.einvoice is not None and not document.pages:
        result.fields = einvoice_alone(document.einvoice)
        verdict = review_xml_invoice(
            result.fields, document.einvoice.tax_rates, config.extract.review_threshold
        )
        result.line_items, result.line_item_findings = einvoice_lines(document.einvoice, None)
        result.review_reasons = verdict.reasons
        result.needs_review = bool(verdict.reasons)
        result.timings_ms["total"] = _ms(t0)
        return result
    if not document.pages or not any(p.lines for p in document.pages):
        result.status = "failed"
        result.errors.append(
            ErrorRecord(code="no_text", message="no text found on any page (blank or unreadable)")
        )
        result.review_reasons = ["no_text"]
        result.timings_ms["total"] = _ms(t0)
        return result
    extraction = _extract_and_validate(result, document, config)
    document, extraction = _with_logos_if_worth_it(source, result, document, config, extraction)
    if document.errors:
        result.status = "partial"
    if not looks_like_invoice(extraction):
        result.errors.append(
            ErrorRecord(
                code="no_fields",
                message="does not look like an invoice: no labelled total, tax or invoice "
                "number, no registration number and no invoice or receipt title",
            )
        )
        result.status = "partial"
        flag_non_invoice(result)
        result.review_reasons.append("no_fields")
    result.timings_ms["total"] = _ms(t0)
    return result


def _with_logos_if_worth_it(
    source: Source,
    result: InvoiceResult,
    document: Document,
    config: Config,
    extraction: Extraction,
) -> tuple[Document, Extraction]:
    """Read the logos whose text could change the answer, and extract again if any was read
    (the second extraction replaces every field the first one set)."""
    logos = logos_worth_reading(result, document, config.read)
    if not logos:
        return document, extraction
    t1 = time.perf_counter()
    try:
        document = add_image_words(source, document, config.read, boxes=logos)
    except AxocrError as exc:  # the file changed or vanished since it was read
        document.errors.append(
            ErrorRecord(code=exc.code, message=f"images not read: {exc}", page=0)
        )
    result.timings_ms["image_words"] = _ms(t1)
    result.routes = [p.route for p in document.pages]
    result.errors = list(document.errors)
    if document.pages[0].route != "text_layer":
        extraction = _extract_and_validate(result, document, config)
    return document, extraction


def _note_document(result: InvoiceResult, document: Document) -> None:
    result.pages = len(document.pages)
    result.routes = [p.route for p in document.pages]
    result.page_info = [page_info(p, document.media_type) for p in document.pages]
    result.errors.extend(document.errors)
    result.timings_ms.update(document.timings_ms)
    for page in document.pages:
        for key, value in page.timings_ms.items():
            result.timings_ms[key] = round(result.timings_ms.get(key, 0.0) + value, 2)


def _extract_and_validate(result: InvoiceResult, document: Document, config: Config) -> Extraction:
    t1 = time.perf_counter()
    extraction = extract_candidates(document, config.extract)
    result.timings_ms["extract"] = round(result.timings_ms.get("extract", 0.0) + _ms(t1), 2)
    recalled = recall(extraction, document, config.extract) if config.extract.memory else None
    t2 = time.perf_counter()
    fill_result(result, extraction, document, config)
    if recalled is not None:
        settle(result, recalled, config.extract.review_threshold)
        result.timings_ms["memory"] = recalled.elapsed_ms
    result.timings_ms["validate"] = round(result.timings_ms.get("validate", 0.0) + _ms(t2), 2)
    return extraction


def logos_worth_reading(result: InvoiceResult, document: Document, read: ReadConfig) -> list[BBox]:
    """The first page's logo images whose text could change the answer (often none).

    A logo is where a vendor the text does not name (a brand, or the issuer of a page whose
    text names only the customer) is printed, and no other field is read from one. So when
    the text layer gives a vendor that passes review, only logos printed above it are read:
    a logo beside or below the name repeats it or belongs to someone else (a payment
    provider, a certificate). Measured on 38 born-digital dev PDFs (benchmarks/born_digital.py):
    the images of 3 are read instead of 10, p95 of a page 0.9 s instead of 1.0 s (median
    23 ms, a text page either way), and the vendor is right on as many (37).
    """
    if not (read.ocr_images and read.ocr_images_when == "weak_vendor"):
        return []
    first = document.pages[0] if document.pages else None
    if first is None or first.index != 0 or first.route != "text_layer":
        return []
    vendor = result.fields.vendor
    if vendor.value is None or vendor.needs_review or vendor.page != 0 or not vendor.bbox:
        return list(first.logo_boxes)
    top = vendor.bbox[1]
    return [box for box in first.logo_boxes if box.y1 <= top]


def page_info(page: Page, media_type: str) -> PageInfo:
    """The frame of the page's boxes: its size as read, turned as the reader turned it."""
    width, height = page.width, page.height
    if page.rotation % 180 == 90:
        width, height = height, width
    return PageInfo(
        page=page.index,
        width=round(width, 2),
        height=round(height, 2),
        unit="pt" if media_type == "application/pdf" else "px",
        rotation=page.rotation,
        skew_degrees=round(page.skew_degrees, 3),
        sheet=page.sheet,
    )


def _source_path(source: object) -> str | None:
    if isinstance(source, str):
        return source
    if isinstance(source, os.PathLike):
        try:
            return os.fsdecode(source)
        except TypeError:
            return None
    return None


def fill_result(
    result: InvoiceResult, extraction: Extraction, document: Document, config: Config
) -> None:
    """Put the extraction's fields and the review verdict on them into the result."""
    result.language = extraction.language
    fields = result_fields(extraction)
    verdict = review_fields(
        fields,
        extraction.ranked,
        extraction.currency_source,
        document,
        config.extract,
        extraction.context.text,
    )
    result.fields = fields
    result.tax_breakdown = extraction.tax_breakdown
    result.identifiers = find_identifiers(document.text)
    result.line_items = extraction.line_items
    result.line_item_findings = extraction.line_item_findings
    if document.einvoice is not None and document.einvoice.lines:
        result.line_items, result.line_item_findings = einvoice_lines(
            document.einvoice, extraction.line_items, extraction.context.text
        )
    result.review_reasons = verdict.reasons
    result.needs_review = bool(verdict.reasons)
    if config.extract.keep_candidates:
        result.candidates = {k: v.ranked[:10] for k, v in extraction.ranked.items()}
        result.confidence_features = verdict.features


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)


def extract_many(
    sources: Iterable[Source], *, raise_on_error: bool = False, **options: Any
) -> Iterator[InvoiceResult]:
    """Extract every document in turn; a failing document yields a failed result."""
    config = Config.from_options(**options)
    for source in sources:
        yield extract_with_config(source, config, raise_on_error=raise_on_error)
