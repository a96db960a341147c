"""Settings, as frozen data. CLI flags map one to one onto these fields."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from axocr.lang.packs import languages

# The languages axocr has labels, dates and words for: one locale pack each (axocr/lang/*.toml).
LANGUAGES: tuple[str, ...] = languages()


def _known_language(value: str | None) -> str | None:
    if value is not None and value not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}; known: {', '.join(LANGUAGES)}")
    return value


class ReadConfig(BaseModel):
    """How a document becomes pages of words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: str = Field("rapidocr", description="OCR engine: rapidocr, paddle or tesseract")
    dpi: int = Field(
        200,
        ge=50,
        le=600,
        description="rendering DPI for PDF pages that need OCR; 150-200 is enough for "
        "invoice print, more only costs time",
    )
    rasterizer: Literal["pdfium", "pdf2image"] = Field(
        "pdfium", description="PDF page renderer; pdf2image needs poppler-utils"
    )
    password: str | None = Field(None, description="password for encrypted PDFs")
    text_layer: bool = Field(True, description="use a PDF's own text layer when it is usable")
    min_text_chars: int = Field(
        16, description="fewer readable characters than this on a PDF page means OCR it"
    )
    ocr_images: bool = Field(
        True,
        description="on a text-layer first page also OCR its embedded images (logos carrying "
        "the vendor name)",
    )
    orientation: bool = Field(True, description="detect and fix 90/180/270 page rotation")
    flatten: bool = Field(
        True,
        description="find a photographed sheet on a darker ground and undo the camera's slant",
    )
    seals: bool = Field(
        True,
        description="paint out red seals (判子, 角印) before OCR, so their characters do not "
        "join the issuer's name; text under a seal is kept",
    )
    deskew: bool = Field(True, description="straighten slightly rotated scans")
    contrast: bool = Field(False, description="normalise contrast (CLAHE) before OCR")
    einvoice: bool = Field(
        True,
        description="read the invoice a PDF carries as XML (ZUGFeRD, Factur-X, XRechnung) "
        "and check the page's reading against it",
    )
    join_dots: bool = Field(
        True,
        description="blur a dot-matrix print whose dots stand apart, so that OCR sees strokes "
        "(PP-OCR's text detector misses most letters made of separate dots)",
    )
    dropped_words: bool = Field(
        True,
        description="read ink beside a read word that no word's box covers, the words the "
        "detector dropped (engines whose recogniser reads a crop alone: RapidOCR)",
    )
    # Not LANGUAGES: this is what Tesseract reads by default and part of the OCR cache key, so
    # a new locale pack changes neither; add its code here to have Tesseract read it too.
    languages: tuple[str, ...] = Field(
        ("en", "ja", "de", "fr", "nl"), description="languages to read (engines that need a list)"
    )
    max_pages: int = Field(200, ge=1, description="pages read per document; more is too_large")
    max_pixels: int = Field(
        100_000_000, description="pixels per page image (decompression-bomb guard)"
    )
    max_file_bytes: int = Field(200 * 1024 * 1024, description="input size limit")
    ocr_threads: int = Field(
        0, ge=0, description="onnxruntime threads per engine; 0 lets the runtime choose"
    )
    det_max_pixels: int = Field(
        1_300_000,
        ge=0,
        description="most pixels the RapidOCR text detector sees: larger pages are shrunk to "
        "this for finding lines only (recognition still reads each line at full resolution); "
        "smaller ones are sized as RapidOCR does. 0 never shrinks (3-4x slower on A4 at "
        "200 DPI for the same text)",
    )
    det_min_side: int = Field(
        736,
        ge=0,
        description="RapidOCR enlarges a small image until its shorter side is this many "
        "pixels before finding text lines (its own default, 736); 0 never enlarges",
    )
    rec_min_width: int = Field(
        320,
        ge=48,
        le=320,
        description="narrowest input of the RapidOCR recogniser (px at its 48 px height): "
        "each batch of lines is padded to its widest line or this. RapidOCR's own 320 makes "
        "a lone amount or quantity cost as much as a 320 px line; 48 takes 0.73-0.76x the "
        "CPU time per scan but read 4 fields of 96 benchmark scans worse and 1 better "
        "(docs/benchmarks.md), so the default stays 320",
    )
    model_dir: str | None = Field(
        None, description="model folder for engines that need one (paddle)"
    )
    cache_dir: str | None = Field(
        None,
        description="keep read documents here, keyed by content and reading options, so a "
        "second run skips OCR (benchmarks, re-extraction after a rule change)",
    )
    ocr_images_when: Literal["weak_vendor", "first_page"] = Field(
        "weak_vendor",
        description="with ocr_images, when extraction reads a text-layer first page's "
        "logo images: weak_vendor only those above the vendor the text gives (all of them "
        "when it gives none or one that needs review), after a first extraction; first_page "
        "all of them while reading, as read_document always does",
    )
    ocr_backend: Literal["auto", "onnxruntime", "openvino"] = Field(
        "auto",
        description="inference runtime of the RapidOCR engine: openvino (pip install "
        "'axocr[openvino]') reads the same words, 0.8x the time with two threads but "
        "0.4-0.55 GB more memory; auto is onnxruntime (measured in docs/benchmarks.md)",
    )


class ExtractConfig(BaseModel):
    """How words become fields, and when a person must look."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Annotated[str | None, AfterValidator(_known_language)] = Field(
        None, description=f"force a language ({', '.join(LANGUAGES)})"
    )
    vendors: str | None = Field(None, description="path of a vendor master (CSV, JSON or SQLite)")
    review_threshold: float = Field(
        0.975,
        ge=0.0,
        le=1.0,
        description="fields below this confidence need review (0.975: chosen by "
        "benchmarks/calibrate.py so that, on each benchmark source and generated layout family "
        "held out in turn, 99.5% of the fields accepted are right; 88% of the real sources' "
        "labelled fields are accepted there, at 99.55%; see docs/benchmarks.md)",
    )
    keep_candidates: bool = Field(False, description="include all ranked candidates in the result")
    split: bool = Field(
        True,
        description="find the invoices of a file that holds several (one result each in "
        "batch and extract_all); off reads a whole file as one invoice",
    )
    timeout_s: float | None = Field(
        None, description="seconds per document (enforced in batch mode by the worker pool)"
    )
    registry: str | None = Field(
        None,
        description="path of a registry of qualified invoice issuers (SQLite, made by `axocr "
        "registry import`): every registration number is looked up, and one not in force on "
        "the invoice date or registered under another name sends the document to review",
    )
    memory: str | None = Field(
        None,
        description="path of a vendor memory (SQLite, taught by `axocr learn`): a document "
        "of a remembered vendor is read where its corrections said",
    )
    ranker: Literal["hand", "learned"] = Field(
        "hand",
        description="how vendor candidates are scored: hand (the hand-set weights) or learned "
        "(a logistic model fitted by benchmarks/fit_ranker.py; opt-in: see docs/benchmarks.md)",
    )


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    read: ReadConfig = Field(default_factory=ReadConfig)
    extract: ExtractConfig = Field(default_factory=ExtractConfig)

    @classmethod
    def from_options(cls, **options: Any) -> Config:
        """Build a config from flat keyword options, routing each to its section."""
        read: dict[str, Any] = {}
        extract: dict[str, Any] = {}
        for key, value in options.items():
            if key in ReadConfig.model_fields:
                read[key] = value
            elif key in ExtractConfig.model_fields:
                extract[key] = value
            else:
                raise TypeError(f"unknown option {key!r}")
        return cls(read=ReadConfig(**read), extract=ExtractConfig(**extract))


class ServeConfig(BaseModel):
    """The HTTP server (``axocr serve``) and the review workbench (``axocr review``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(
        "127.0.0.1", description="address to bind; any other than loopback needs a token"
    )
    port: int = Field(8000, ge=0, le=65535, description="TCP port (0: any free port)")
    workers: int = Field(
        1,
        ge=1,
        description="extraction processes with warm engines; 1 runs in the server process",
    )
    data_dir: str = Field(description="folder of the corrections database and the read cache")
    token: str | None = Field(
        None, description="bearer token every request but /healthz must carry (None: no token)"
    )
    results: str | None = Field(
        None, description="results file (JSON lines or JSON) whose documents the workbench shows"
    )
    user: str = Field("reviewer", description="who is recorded with each correction")
    warm: bool = Field(True, description="load the OCR engines at start-up, not on first use")
    read: ReadConfig = Field(default_factory=ReadConfig)
    extract: ExtractConfig = Field(default_factory=ExtractConfig)
