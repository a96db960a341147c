"""Typed data passed between the pipeline stages.

Every box is relative to its page: ``(x0, y0, x1, y1)`` in 0..1 with the origin at the top
left. Boxes are converted once, where a document is read, so no later stage needs to know
whether a page came from a PDF text layer, a rendered PDF or a photo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field, model_validator

Route = Literal["text_layer", "ocr", "text_layer+ocr"]
Status = Literal["ok", "partial", "failed"]


# A page image as every stage passes it: uint8 BGR (or 2-D grey), rows first.
Image = npt.NDArray[np.uint8]


class BBox(BaseModel):
    """A box relative to the page, 0..1, top-left origin."""

    model_config = ConfigDict(frozen=True)

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def as_list(self) -> list[float]:
        return [round(self.x0, 4), round(self.y0, 4), round(self.x1, 4), round(self.y1, 4)]

    def union(self, other: BBox) -> BBox:
        return BBox(
            x0=min(self.x0, other.x0),
            y0=min(self.y0, other.y0),
            x1=max(self.x1, other.x1),
            y1=max(self.y1, other.y1),
        )

    def vertical_overlap(self, other: BBox) -> float:
        """Overlap of the two vertical extents, as a share of the smaller height."""
        inter = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = min(self.height, other.height)
        if smaller <= 0:
            return 0.0
        return max(0.0, inter) / smaller

    def horizontal_overlap(self, other: BBox) -> float:
        inter = min(self.x1, other.x1) - max(self.x0, other.x0)
        smaller = min(self.width, other.width)
        if smaller <= 0:
            return 0.0
        return max(0.0, inter) / smaller

    def intersection_area(self, other: BBox) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(0.0, w) * max(0.0, h)

    @classmethod
    def enclosing(cls, boxes: list[BBox]) -> BBox:
        return cls(
            x0=min(b.x0 for b in boxes),
            y0=min(b.y0 for b in boxes),
            x1=max(b.x1 for b in boxes),
            y1=max(b.y1 for b in boxes),
        )


class Word(BaseModel):
    """One word (or, for CJK text without spaces, one run of characters)."""

    text: str
    bbox: BBox
    confidence: float = Field(1.0, description="1.0 for text-layer words; the OCR score otherwise")
    source: Literal["text_layer", "ocr"] = "ocr"
    min_char_confidence: float | None = Field(
        None,
        description="the probability of the word's least certain letter or digit, where the engine "
        "reports one per character (RapidOCR); None for text-layer words",
    )


class Line(BaseModel):
    """Words that sit on one baseline close to each other, in reading order (left to right).

    A wide gap ends a line, so a label and a value far apart in a table are two lines on the
    same row; the extractor pairs them by position.
    """

    words: list[Word]
    bbox: BBox

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def confidence(self) -> float:
        if not self.words:
            return 0.0
        return min(w.confidence for w in self.words)

    @property
    def min_char_confidence(self) -> float:
        """The least certain character of the line (1.0 where no engine reported one)."""
        known = [w.min_char_confidence for w in self.words if w.min_char_confidence is not None]
        return min(known, default=1.0)


class Page(BaseModel):
    index: int = Field(description="0-based page number")
    width: float = Field(description="page width in PDF points (1/72 inch), or pixels for images")
    height: float = Field(description="page height in the same unit as width")
    dpi: float | None = Field(None, description="resolution of the image that was OCR'd, if any")
    route: Route = Field(description="where the text came from")
    engine: str | None = Field(None, description="OCR engine used, if any")
    rotation: int = Field(0, description="clockwise rotation applied before OCR (0/90/180/270)")
    skew_degrees: float = Field(0.0, description="deskew angle applied before OCR")
    sheet: list[list[float]] | None = Field(
        None,
        description="the photographed sheet the reader found and stretched to a rectangle "
        "before OCR: its corners (top-left, top-right, bottom-right, bottom-left) as [x, y] "
        "fractions of the image's width and height; width and height are then the sheet's",
    )
    lines: list[Line] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    logo_boxes: list[BBox] = Field(
        default_factory=list,
        description="embedded images of a text-layer first page that may hold a logo, not "
        "read yet (ocr_images_when=weak_vendor); relative to the page",
    )

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class ErrorRecord(BaseModel):
    code: str = Field(
        description="unsupported_format, encrypted, corrupt, too_large, timeout, no_text, "
        "empty, engine_unavailable, bad_input, crashed, no_fields, internal"
    )
    message: str
    page: int | None = None


class LineValues(BaseModel):
    """What an invoice line says: numbers as decimal strings, ``tax_rate`` in percent."""

    description: str = ""
    quantity: str | None = None
    unit: str | None = None
    unit_price: str | None = None
    amount: str | None = None
    tax_rate: str | None = None


class EInvoiceLine(LineValues):
    """One invoice line as the e-invoice gives it: ``unit`` is the UN/ECE Recommendation 20
    code (``C62`` one, ``HUR`` hour, ``KGM`` kilogram), ``unit_price`` the net price of one
    unit, ``amount`` the line's net amount (EN 16931 BT-131)."""

    model_config = ConfigDict(frozen=True)


class EInvoice(BaseModel):
    """The invoice a PDF carries as data: ZUGFeRD, Factur-X and XRechnung attach it as XML
    (UN/CEFACT Cross Industry Invoice or OASIS UBL) beside the printed page. Values are
    written as the result writes them: amounts as plain decimals, dates ISO 8601."""

    model_config = ConfigDict(frozen=True)

    attachment: str = Field(description="the attached file's name, e.g. factur-x.xml")
    syntax: Literal["CII", "UBL"]
    vendor: str | None = None
    total: str | None = Field(None, description="the invoice total with VAT (EN 16931 BT-112)")
    currency: str | None = None
    invoice_date: str | None = None
    invoice_number: str | None = None
    due_date: str | None = None
    subtotal: str | None = Field(None, description="the total without VAT (BT-109)")
    tax: str | None = Field(None, description="the VAT total in the invoice currency (BT-110)")
    tax_rates: tuple[str, ...] = Field((), description="the VAT rates it applies, in percent")
    lines: tuple[EInvoiceLine, ...] = Field((), description="its invoice lines, in order")
    lines_total: str | None = Field(None, description="the sum of its lines' amounts (BT-106)")

    def value(self, name: str) -> str | None:
        """The value of a result field's name, None for a field the syntax does not carry."""
        return cast(str | None, getattr(self, name, None)) if name in FIELD_NAMES else None


class Document(BaseModel):
    path: str | None = None
    media_type: str = Field(description="sniffed from the content, e.g. application/pdf, image/png")
    pages: list[Page] = Field(default_factory=list)
    page_count: int = Field(0, description="pages in the file (more than len(pages) if limited)")
    errors: list[ErrorRecord] = Field(
        default_factory=list, description="pages that could not be read, limits that cut it"
    )
    timings_ms: dict[str, float] = Field(default_factory=dict)
    einvoice: EInvoice | None = Field(
        None, description="the e-invoice data the PDF carries (read afresh, never cached)"
    )

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)


# Katakana letters, small and full size, and the long-vowel mark ー, as a regex class's body.
KATAKANA = "\u30a1-\u30fa\u30fc"


def is_kanji(ch: str) -> bool:
    """A CJK unified ideograph (not kana, not punctuation)."""
    return 0x4E00 <= ord(ch) <= 0x9FFF


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
    )


def alnum_key(text: str) -> str:
    """The letters and digits of ``text``, case-folded: what two readings of one word share
    whatever OCR made of its spaces and punctuation."""
    return "".join(c for c in text.casefold() if c.isalnum())


def join_words(words: list[Word]) -> str:
    """Join words with spaces, except between two CJK characters where Japanese has none."""
    out: list[str] = []
    for w in words:
        if out and out[-1] and w.text and not (is_cjk(out[-1][-1]) and is_cjk(w.text[0])):
            out.append(" ")
        out.append(w.text)
    return "".join(out)


# --- extraction results -------------------------------------------------------------------

FieldName = Literal[
    "vendor",
    "total",
    "currency",
    "invoice_date",
    "invoice_number",
    "due_date",
    "subtotal",
    "tax",
    "registration_number",
    "purchase_order",
]
FIELD_NAMES: tuple[FieldName, ...] = get_args(FieldName)

# What kind of evidence proposed a value: a printed label, a number's pattern, a document
# title, the tax-per-rate table, the vendor signals, arithmetic on other values (derived),
# the vendor memory, a person (corrected); "recorded" keeps a rule string read from old JSON.
ProvenanceKind = Literal[
    "label",
    "unlabelled",
    "title",
    "pattern",
    "tax-breakdown",
    "vendor",
    "derived",
    "memory",
    "currency",
    "corrected",
    "recorded",
    "einvoice",
]
# Where a value stood relative to its label.
Place = Literal["same-line", "right", "below"]

_COLON_KINDS = ("pattern", "memory", "einvoice")


class Provenance(BaseModel):
    """Where a candidate came from, as data: callers test ``kind`` and ``tags`` instead of
    parsing a rule string. :attr:`rule` renders the string the JSON output has always had
    (``label-right:Total``, ``unlabelled-amount``, ``vendor-signals+legal-form``)."""

    model_config = ConfigDict(frozen=True)

    kind: ProvenanceKind
    detail: str = Field("", description="what within the kind: 'amount', 'signals', 'T+13'")
    label: str | None = Field(None, description="the printed label that found the value")
    place: Place | None = Field(None, description="where the value stood from its label")
    language: str | None = Field(None, description="the language of the label or the page")
    tags: tuple[str, ...] = Field((), description="later evidence: 'legal-form', 'master:...'")

    @property
    def labelled(self) -> bool:
        """A printed label (or a document title, or the tax table) named the value."""
        return self.kind in ("label", "title", "tax-breakdown") or "label" in self.tags

    def tagged(self, tag: str) -> Provenance:
        return self.model_copy(update={"tags": (*self.tags, tag)})

    @property
    def rule(self) -> str:
        if self.kind == "label" and self.place is not None:
            base = f"label-{self.place}:{self.label or ''}"
        elif self.kind in _COLON_KINDS:
            base = f"{self.kind}:{self.detail}"
        elif self.kind == "currency":
            base = f"currency-from-{self.detail}"
        elif self.kind in ("derived", "recorded", "corrected"):
            base = self.detail or self.kind
        else:
            base = f"{self.kind}-{self.detail}" if self.detail else self.kind
        return "".join([base, *(f"+{t}" for t in self.tags)])


class Finding(BaseModel):
    """A machine-readable outcome of one validation rule."""

    code: str = Field(description="e.g. total_mismatch, check_digit_invalid")
    field: str | None = None
    ok: bool = Field(description="True when the rule held")
    message: str = ""
    data: dict[str, str] = Field(
        default_factory=dict,
        description="the values the rule compared, as strings (e.g. total, subtotal, tax), so "
        "that a reason can be put in words without parsing the message",
    )


class FieldCandidate(BaseModel):
    """One possible value for a field, with where it came from and why it was proposed."""

    field: FieldName
    value: str
    score: float = Field(description="ranking score, higher is better; not a probability")
    page: int | None = None
    bbox: BBox | None = None
    text: str = Field("", description="the text the value was read from")
    origin: Provenance = Field(description="what proposed the value (typed provenance)")
    ocr_confidence: float = 1.0
    char_confidence: float = Field(
        1.0, description="the least certain OCR character of the words the value was read from"
    )
    label_score: float = 0.0
    features: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_rule_string(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("origin") is None and "rule" in data:
            rule = data["rule"]
            data = {k: v for k, v in data.items() if k != "rule"}
            data["origin"] = Provenance(kind="recorded", detail=str(rule))
        return data

    @computed_field(description="the rule that proposed it, e.g. 'label-right:total'")  # type: ignore[prop-decorator]
    @property
    def rule(self) -> str:
        return self.origin.rule


@dataclass
class Ranked:
    """A field's candidates after ranking: the winner, all of them best first, and how far the
    winner is ahead (review reads the margin, so it sits here, between extract and validate)."""

    best: FieldCandidate | None
    ranked: list[FieldCandidate]
    margin: float  # 0..1: how far the winner is ahead of the best different value
    # The value the other vendor scorer (hand-set weights or the fitted model) would choose:
    # where two scorers built differently disagree, the page is one neither was made for.
    second_opinion: str | None = None


class ExtractedField(BaseModel):
    value: str | None = None
    confidence: float = 0.0
    page: int | None = None
    bbox: list[float] | None = None
    text: str | None = None
    rule: str | None = Field(None, description="what proposed the value, as a string")
    provenance: Provenance | None = Field(
        None, description="what proposed the value, typed (absent in older results)"
    )
    needs_review: bool = True
    findings: list[Finding] = Field(default_factory=list)
    vendor_id: str | None = Field(None, description="vendor field only, when a master is given")
    match_score: float | None = Field(None, description="vendor field only: master match 0-100")

    @classmethod
    def from_candidate(
        cls, cand: FieldCandidate, *, value: str | None = None, origin: Provenance | None = None
    ) -> ExtractedField:
        """The field as the result reports ``cand``: its place and text, with its value and
        origin unless others are given (the currency read where the total stands)."""
        origin = origin or cand.origin
        return cls(
            value=cand.value if value is None else value,
            page=cand.page,
            bbox=cand.bbox.as_list() if cand.bbox else None,
            text=cand.text,
            rule=origin.rule,
            provenance=origin,
        )


class TaxBreakdown(BaseModel):
    rate: str = Field(description="e.g. '10' or '8' (percent)")
    base: str | None = None
    tax: str | None = None


class Fields(BaseModel):
    vendor: ExtractedField = Field(default_factory=ExtractedField)
    total: ExtractedField = Field(default_factory=ExtractedField)
    currency: ExtractedField = Field(default_factory=ExtractedField)
    invoice_date: ExtractedField = Field(default_factory=ExtractedField)
    invoice_number: ExtractedField = Field(default_factory=ExtractedField)
    due_date: ExtractedField = Field(default_factory=ExtractedField)
    subtotal: ExtractedField = Field(default_factory=ExtractedField)
    tax: ExtractedField = Field(default_factory=ExtractedField)
    registration_number: ExtractedField = Field(default_factory=ExtractedField)
    purchase_order: ExtractedField = Field(
        default_factory=ExtractedField, description="the buyer's order number (PO), as printed"
    )

    def get(self, name: str) -> ExtractedField:
        if name not in FIELD_NAMES:
            raise KeyError(name)
        return cast(ExtractedField, getattr(self, name))


class PageInfo(BaseModel):
    """The frame that a page's boxes are relative to, and how the reader got there from the file.

    Boxes are fractions of the page *as read*: a scan the reader turned by ``rotation`` degrees
    clockwise (and straightened by ``skew_degrees``) has its boxes on the turned image; a
    photograph whose ``sheet`` was found has them on that sheet stretched to a rectangle. To
    draw them on the file's own picture, cut out and stretch the sheet, then turn it the same
    way first (the workbench does: ``axocr.serve.workbench``).
    """

    page: int = Field(description="0-based page number, as in a field's `page`")
    width: float = Field(description="width of the page as read (after rotation)")
    height: float = Field(description="height of the page as read, in the same unit")
    unit: Literal["pt", "px"] = Field(description="pt (1/72 inch) for PDF pages, px for images")
    rotation: int = Field(0, description="clockwise quarter turn the reader applied: 0/90/180/270")
    skew_degrees: float = Field(0.0, description="clockwise straightening applied before the turn")
    sheet: list[list[float]] | None = Field(
        None,
        description="corners of the photographed sheet stretched to a rectangle before "
        "straightening and turning (top-left, top-right, bottom-right, bottom-left; [x, y] "
        "fractions of the file's picture), or null",
    )


class Identifier(BaseModel):
    """A company or payment identifier printed on the document, checked by python-stdnum."""

    kind: Literal["registration_number", "corporate_number", "vat_id", "iban"]
    value: str = Field(description="as printed, compacted (no spaces or separators)")
    valid: bool = Field(description="its check digits and format are right")
    message: str = ""


class LineItem(LineValues):
    """One invoice line read from the items table; numbers are decimal strings as printed
    (``unit_price`` net of a printed line discount), ``tax_rate`` in percent."""

    page: int | None = None
    bbox: list[float] | None = None
    confidence: float = 0.0
    findings: list[Finding] = Field(default_factory=list)


class SplitInfo(BaseModel):
    """Where one invoice sits in a file that holds several: ``index`` is 1-based, ``pages``
    the first and last page (1-based) of this invoice."""

    index: int
    of: int
    pages: list[int]
    doubtful: bool = Field(False, description="the boundary before this invoice is uncertain")
    reasons: list[str] = Field(default_factory=list, description="what marked the boundary")


class InvoiceResult(BaseModel):
    """What axocr returns for one document. Every field key is always present."""

    path: str | None = None
    sha256: str | None = None
    status: Status = "ok"
    pages: int = 0
    language: str | None = None
    routes: list[str] = Field(default_factory=list, description="text route of each page")
    fields: Fields = Field(default_factory=Fields)
    tax_breakdown: list[TaxBreakdown] = Field(default_factory=list)
    needs_review: bool = True
    review_reasons: list[str] = Field(default_factory=list)
    errors: list[ErrorRecord] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    candidates: dict[str, list[FieldCandidate]] | None = Field(
        None, description="all ranked candidates per field, when asked for (debugging)"
    )
    confidence_features: dict[str, dict[str, float]] | None = Field(
        None,
        description="the evidence each confidence was computed from, with the candidates "
        "(for calibration and debugging)",
    )
    page_info: list[PageInfo] = Field(
        default_factory=list,
        description="per page read: its size and the rotation the reader applied (the frame of "
        "the boxes)",
    )
    identifiers: list[Identifier] = Field(
        default_factory=list,
        description="registration / corporate numbers, VAT ids and IBANs found on the pages, "
        "each validated",
    )
    line_items: list[LineItem] = Field(default_factory=list, description="the invoice's lines")
    line_item_findings: list[Finding] = Field(
        default_factory=list,
        description="checks of the lines against each other and the totals "
        "(lines_sum / lines_incomplete, lines_tax_rate)",
    )
    split: SplitInfo | None = Field(
        None, description="set when the file holds several invoices: which one this is"
    )
    # The file's further invoices, carried (and pickled) with the first through a batch
    # worker's pipe; never part of the JSON.
    _more_invoices: list[InvoiceResult] = PrivateAttr(default_factory=list)

    def invoices(self) -> list[InvoiceResult]:
        """This result and the file's further invoices, when it was read by a batch run
        (which splits files holding several); just this result otherwise."""
        return [self, *self._more_invoices]

    def carry_invoices(self, more: list[InvoiceResult]) -> None:
        self._more_invoices = list(more)
