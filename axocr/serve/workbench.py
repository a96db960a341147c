"""The documents of one results file, as the review workbench shows and exports them.

Only the files named by the results file are ever opened, and only through their index in
it: a request names document 3, never a path, so nothing a browser sends reaches the file
system.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from axocr.errors import AxocrError
from axocr.export.formats import csv_header, csv_line, result_dict, to_json_line
from axocr.ocr.base import Image
from axocr.serve.store import Correction, CorrectionStore, now_iso
from axocr.types import FIELD_NAMES, InvoiceResult, PageInfo, Provenance
from axocr.validate.explain import LABELS, reasons_by_field

# Long side of a page picture sent to the browser: enough to read 8-pt print on a laptop
# screen, small enough to render in a fraction of a second.
PAGE_LONG_SIDE = 1600
_CACHED_PAGES = 16


class ResultsFileError(ValueError):
    """The results file cannot be read."""


def load_results(path: str | Path) -> list[InvoiceResult]:
    """Results written by ``axocr extract``: JSON lines, a JSON array or one JSON object."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ResultsFileError(f"cannot read {p}: {exc}") from exc
    records: list[Any]
    stripped = text.lstrip()
    try:
        if stripped.startswith("["):
            records = json.loads(stripped)
        elif stripped.startswith("{") and "\n{" not in stripped.strip():
            records = [json.loads(stripped)]
        else:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise ResultsFileError(f"{p} is not JSON lines or JSON: {exc}") from exc
    out: list[InvoiceResult] = []
    for i, record in enumerate(records):
        try:
            out.append(InvoiceResult.model_validate(record))
        except ValueError as exc:
            raise ResultsFileError(f"{p}: record {i + 1} is not an axocr result: {exc}") from exc
    if not out:
        raise ResultsFileError(f"{p} holds no results")
    return out


def resolve_document(path: str | None, results_file: Path) -> Path | None:
    """Where a result's document is: its path as given (relative to the folder the extraction
    ran in), else relative to the results file's folder."""
    if not path:
        return None
    candidate = Path(path)
    for p in (candidate, results_file.parent / candidate):
        if p.is_file():
            return p.resolve()
    return None


def apply_corrections(result: InvoiceResult, corrections: dict[str, Correction]) -> InvoiceResult:
    """The result as the reviewer left it: corrected values in, checked fields accepted."""
    fixed = result.model_copy(deep=True)
    checked = set()
    for name, c in corrections.items():
        if name not in FIELD_NAMES:
            continue
        field = fixed.fields.get(name)
        if c.changed:
            field.value = c.new_value or None
            field.text = c.new_value or None
            field.provenance = Provenance(kind="corrected")
            field.rule = field.provenance.rule
            if c.bbox is not None:
                field.page, field.bbox = c.page, c.bbox
        elif field.rule and not field.rule.endswith("+reviewed"):
            field.rule = f"{field.rule}+reviewed"
            if field.provenance is not None:
                field.provenance = field.provenance.tagged("reviewed")
        field.needs_review = False
        checked.add(name)
    if checked:
        # Only a person's check changes the verdict; an unreviewed result keeps its own.
        fixed.review_reasons = [
            r for r in fixed.review_reasons if r.partition(":")[0] not in checked
        ]
        fixed.needs_review = bool(fixed.review_reasons)
    return fixed


def corrections_record(result: InvoiceResult, corrections: dict[str, Correction]) -> dict[str, Any]:
    """One line of the corrections file (docs/corrections.md)."""
    ordered = [corrections[n] for n in FIELD_NAMES if n in corrections]
    latest = max(ordered, key=lambda c: c.id)
    record: dict[str, Any] = {
        "path": result.path,
        "fields": {c.field: c.new_value for c in ordered},
        "boxes": {
            c.field: {"page": c.page, "bbox": c.bbox}
            for c in ordered
            if c.bbox is not None and c.page is not None
        },
        "who": latest.who,
        "when": latest.at,
        "sha256": result.sha256,
        "corrected": [c.field for c in ordered if c.changed],
        "accepted": [c.field for c in ordered if not c.changed],
        "previous": {c.field: c.old_value for c in ordered if c.changed},
    }
    return record


class Workbench:
    """A results file, its documents, and the corrections made to them."""

    def __init__(self, results_file: str | Path, store: CorrectionStore, user: str) -> None:
        self.results_file = Path(results_file).resolve()
        self.results = load_results(self.results_file)
        self.store = store
        self.user = user
        self.files = [resolve_document(r.path, self.results_file) for r in self.results]
        self._pages: OrderedDict[tuple[int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.results)

    def check_index(self, index: int) -> InvoiceResult:
        if not 0 <= index < len(self.results):
            raise KeyError(index)
        return self.results[index]

    def corrections(self, index: int) -> dict[str, Correction]:
        result = self.check_index(index)
        return self.store.latest(result.path or "", result.sha256)

    def current(self, index: int) -> InvoiceResult:
        return apply_corrections(self.check_index(index), self.corrections(index))

    def queue(self) -> list[dict[str, Any]]:
        """Every document, those still needing review first (in file order within each)."""
        items = []
        for i, result in enumerate(self.results):
            now = self.current(i)
            name = Path(result.path).name if result.path else f"document {i + 1}"
            items.append(
                {
                    "id": i,
                    "name": name,
                    "path": result.path,
                    "status": result.status,
                    "needs_review": now.needs_review,
                    "open": sorted(
                        {r.partition(":")[0] for r in now.review_reasons if ":" in r},
                        key=FIELD_NAMES.index,
                    ),
                    "reviewed": bool(self.corrections(i)),
                    "file_found": self.files[i] is not None,
                }
            )
        items.sort(key=lambda d: (not d["needs_review"], d["id"]))
        return items

    def view(self, index: int) -> dict[str, Any]:
        """What the workbench draws for one document."""
        original = self.check_index(index)
        corrections = self.corrections(index)
        now = apply_corrections(original, corrections)
        words = reasons_by_field(original)
        in_reasons = {r.partition(":")[0] for r in now.review_reasons}
        fields = []
        for name in FIELD_NAMES:
            field = now.fields.get(name)
            c = corrections.get(name)
            fields.append(
                {
                    "name": name,
                    "label": LABELS[name],
                    "value": field.value,
                    "original": original.fields.get(name).value,
                    "confidence": field.confidence,
                    # An optional field that is simply absent (no registration number on a
                    # German invoice) is nothing to check.
                    "needs_review": field.needs_review
                    and (field.value is not None or name in in_reasons),
                    "was_flagged": original.fields.get(name).needs_review,
                    "page": field.page,
                    "bbox": field.bbox,
                    "reasons": words.get(name, []),
                    "checked": c is not None,
                    "corrected": c is not None and c.changed,
                    "who": c.who if c else None,
                    "when": c.at if c else None,
                }
            )
        return {
            "id": index,
            "name": Path(original.path).name if original.path else f"document {index + 1}",
            "path": original.path,
            "status": original.status,
            "needs_review": now.needs_review,
            "document_reasons": words.get("document", []),
            "errors": [e.model_dump() for e in original.errors],
            "pages": self.page_frames(index),
            "file_found": self.files[index] is not None,
            "fields": fields,
        }

    def page_frames(self, index: int) -> list[dict[str, Any]]:
        result = self.check_index(index)
        info = {p.page: p for p in result.page_info}
        # A failed document may still show its first page's picture; an invoice sent as XML
        # alone has no page to show.
        shown = 1 if self.files[index] and result.status == "failed" else 0
        return [
            (info.get(n) or PageInfo(page=n, width=0, height=0, unit="px")).model_dump()
            for n in range(max(result.pages, shown))
        ]

    def save(
        self,
        index: int,
        field: str,
        value: str | None,
        *,
        page: int | None = None,
        bbox: list[float] | None = None,
    ) -> Correction:
        result = self.check_index(index)
        if field not in FIELD_NAMES:
            raise KeyError(field)
        old = result.fields.get(field).value
        new = value.strip() if value is not None else None
        if new == "":
            new = None
        if new == old and bbox is None:
            # accepted as read: the box is the one the extractor found
            page, bbox = result.fields.get(field).page, result.fields.get(field).bbox
        correction = Correction(
            path=result.path or "",
            sha256=result.sha256 or "",
            field=field,
            old_value=old,
            new_value=new,
            page=page,
            bbox=[round(float(v), 4) for v in bbox] if bbox is not None else None,
            who=self.user,
            at=now_iso(),
        )
        return self.store.add(correction, results=str(self.results_file))

    # --- pictures ---------------------------------------------------------------------

    def page_png(self, index: int, page: int) -> bytes:
        """The page as the reader saw it (turned and straightened the same way), as PNG."""
        key = (index, page)
        with self._lock:
            cached = self._pages.get(key)
            if cached is not None:
                self._pages.move_to_end(key)
                return cached
        image = self.page_image(index, page)
        ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 3])
        if not ok:
            raise AxocrError("cannot encode the page picture")
        data = buf.tobytes()
        with self._lock:
            self._pages[key] = data
            while len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)
        return data

    def page_image(self, index: int, page: int) -> Image:
        from axocr.document.flatten import Sheet, flatten
        from axocr.document.preprocess import rotate_quarter, rotate_small

        result = self.check_index(index)
        path = self.files[index]
        if path is None:
            raise FileNotFoundError(f"the document of {result.path!r} is not found")
        info = {p.page: p for p in result.page_info}.get(page)
        image = render_source_page(path, page)
        if info is not None and info.sheet:
            image = flatten(image, Sheet(tuple((x, y) for x, y in info.sheet)))
        if info is not None and info.skew_degrees:
            image = rotate_small(image, info.skew_degrees)
        if info is not None and info.rotation:
            image = rotate_quarter(image, info.rotation)
        return image

    # --- export -----------------------------------------------------------------------

    def corrected_results(self) -> list[InvoiceResult]:
        return [self.current(i) for i in range(len(self.results))]

    def export(self, output: str | Path) -> int:
        """Write the results with corrections applied; CSV or JSON lines by the suffix."""
        out = Path(output)
        results = self.corrected_results()
        if out.suffix.lower() == ".csv":
            text = csv_header() + "".join(csv_line(r) for r in results)
        elif out.suffix.lower() == ".json":
            text = json.dumps([result_dict(r) for r in results], ensure_ascii=False, indent=2)
        else:
            text = "".join(to_json_line(r) + "\n" for r in results)
        out.write_text(text, encoding="utf-8", newline="")
        return len(results)

    def export_corrections(self, output: str | Path) -> int:
        """Write the corrections file: one line per reviewed document."""
        lines = []
        for i, result in enumerate(self.results):
            corrections = self.corrections(i)
            if corrections:
                lines.append(
                    json.dumps(corrections_record(result, corrections), ensure_ascii=False)
                )
        Path(output).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return len(lines)


def render_source_page(path: Path, page: int) -> Image:
    """One page of a PDF or image file as a BGR array, its long side at most PAGE_LONG_SIDE."""
    from axocr.config import ReadConfig
    from axocr.document import image as image_input
    from axocr.document import pdf as pdf_input
    from axocr.document.load import PDF, open_source

    limits = ReadConfig()
    src = open_source(path, max_bytes=limits.max_file_bytes)
    if src.media_type == PDF:
        with pdf_input.open_pdf(src.data, password=None, path=src.path) as pdf:
            with pdf_input.PDFIUM_LOCK:
                count = len(pdf)
            if not 0 <= page < count:
                raise KeyError(page)
            with pdf_input.PDFIUM_LOCK:
                pdf_page = pdf[page]
                w, h = pdf_page.get_size()
            try:
                dpi = min(200.0, PAGE_LONG_SIDE * 72.0 / max(w, h, 1.0))
                image, _ = pdf_input.render_page(pdf_page, dpi, limits.max_pixels)
            finally:
                with pdf_input.PDFIUM_LOCK:
                    pdf_page.close()
        return image
    for n, frame in enumerate(
        image_input.iter_frames(
            src.data, path=src.path, max_pixels=limits.max_pixels, max_pages=page + 1
        )
    ):
        if n == page:
            return _shrink(frame)
    raise KeyError(page)


def _shrink(image: Image) -> Image:
    h, w = image.shape[:2]
    scale = PAGE_LONG_SIDE / max(h, w)
    if scale >= 1:
        return image
    out = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    return np.asarray(out, dtype=np.uint8)
