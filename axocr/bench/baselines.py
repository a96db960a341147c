"""What a user could get without axocr, run on the same documents in the same benchmark.

- ``invoice2data``: invoice2data 1.x with its bundled templates, PDFs only (its text backends
  are pdfium and poppler's pdftotext). Its templates were written against its own test files,
  which include the documents of our ``invoice2data`` dataset, so its figure there is a ceiling,
  not a fair comparison; on other data it shows what template matching gives out of the box.
- ``tesseract``: plain Tesseract 5 text (PDF pages rasterised at 200 DPI with pypdfium2) and the
  regular expressions a user would write in an afternoon: first line as vendor, largest amount
  after a "total" word, first date, an "invoice no" pattern. It is told the document's language
  (``jpn+eng`` for Japanese), which only makes it stronger.

Each baseline maps its output onto dataset label keys (``vendor``, ``total``, ``date``, ...) and
is scored by exactly the same rules as axocr. Heavy imports stay inside the functions, so the
benchmark runs without either baseline installed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

Predictions = dict[str, str | None]


@dataclass(frozen=True)
class Baseline:
    name: str
    description: str
    fields: tuple[str, ...]  # label keys it attempts; only these are compared side by side
    availability: Callable[[], tuple[bool, str]]
    applies_to: Callable[[Path], bool]
    predict: Callable[[Path, str], Predictions]  # (path, language) -> label key -> value


# --- invoice2data ---------------------------------------------------------------------------

_I2D_FIELDS = ("vendor", "total", "currency", "date", "invoice_number")
_i2d_instance: Any = None  # templates load once per process (about 0.3 s)


def _i2d_availability() -> tuple[bool, str]:
    try:
        import invoice2data  # noqa: F401
    except ImportError:
        return False, "not installed (pip install invoice2data)"
    if shutil.which("pdftotext") is None:
        return False, "pdftotext (poppler-utils) not found"
    return True, ""


def _i2d_applies(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def _i2d_predict(path: Path, language: str) -> Predictions:
    global _i2d_instance
    from invoice2data import Invoice2Data

    if _i2d_instance is None:
        # invoice2data logs every miss at ERROR level; that is expected here, not news.
        logging.getLogger("invoice2data").setLevel(logging.CRITICAL)
        _i2d_instance = Invoice2Data()
    out: dict[str, Any] = _i2d_instance.extract_data(str(path)) or {}
    return {
        "vendor": _as_text(out.get("issuer")),
        "total": _as_amount(out.get("amount")),
        "currency": _as_text(out.get("currency")),
        "date": _as_date(out.get("date")),
        "invoice_number": _as_text(out.get("invoice_number")),
    }


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _as_amount(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        # str() of a float is its shortest round-tripping form, so 4.11 stays "4.11".
        return str(Decimal(str(value)))
    except InvalidOperation:
        return None


def _as_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _as_text(value)


# --- Tesseract + regular expressions --------------------------------------------------------

_TESS_FIELDS = ("vendor", "total", "currency", "date", "invoice_number", "registration_number")
_TESS_LANG = {"en": "eng", "ja": "jpn+eng", "de": "deu+eng", "fr": "fra+eng", "nl": "nld+eng"}
_RASTER_DPI = 200
_MAX_PAGES = 5


def _tess_availability() -> tuple[bool, str]:
    try:
        import pytesseract
    except ImportError:
        return False, "not installed (pip install pytesseract)"
    try:
        pytesseract.get_tesseract_version()
    except Exception as exc:  # pytesseract raises its own NotFound, or OSError
        return False, f"tesseract binary not usable: {exc}"
    return True, ""


def _tess_applies(path: Path) -> bool:
    return path.suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}


def _page_images(path: Path) -> list[Any]:
    from PIL import Image

    if path.suffix.lower() != ".pdf":
        with Image.open(path) as im:
            return [im.convert("RGB")]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [
            pdf[i].render(scale=_RASTER_DPI / 72).to_pil() for i in range(min(len(pdf), _MAX_PAGES))
        ]
    finally:
        pdf.close()


def tesseract_text(path: Path, language: str) -> str:
    import pytesseract

    # Tesseract's OpenMP threads fight the other processes on a small machine; one per process.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    lang = _TESS_LANG.get(language, "eng")
    return "\n".join(pytesseract.image_to_string(im, lang=lang) for im in _page_images(path))


def _tess_predict(path: Path, language: str) -> Predictions:
    return naive_fields(tesseract_text(path, language))


# The naive rules. Written the way a user would, on purpose: good enough to be a floor.

_TOTAL_WORDS = re.compile(r"total|totaal|gesamt|summe|montant|合計|合 計", re.IGNORECASE)
_AMOUNT = re.compile(r"\d[\d.,]*\d|\d")
_INVOICE_NO = re.compile(
    r"\b(?:invoice|inv|bill|receipt|rechnungs?|facture|factuur)\s*-?\s*"
    r"(?:no\.?|number|nr\.?|num(?:ber|mer)?\.?|n°|#)\s*[:#.]?\s*"
    r"([A-Z0-9][A-Z0-9\-/_.]*\d[A-Z0-9\-/_.]*)",
    re.IGNORECASE,
)
_CURRENCY_AMOUNT = re.compile(r"(?:[$€£¥]|RM)\s*(\d[\d.,]*\d|\d)|(\d[\d.,]*\d|\d)\s*円")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b"), "ymd"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
    (re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b"), "dmy"),
    (re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})\s*,?\s*(\d{4})\b"), "mdy-name"),
    (re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b"), "dmy-name"),
]
_CURRENCIES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(USD|EUR|GBP|JPY|MYR|INR|CHF)\b"), ""),
    (re.compile(r"€"), "EUR"),
    (re.compile(r"£"), "GBP"),
    (re.compile(r"[¥円]"), "JPY"),
    (re.compile(r"₹|\bRs\.?\b"), "INR"),
    (re.compile(r"\bRM\b"), "MYR"),
    (re.compile(r"\$"), "USD"),
]
_REGISTRATION = re.compile(r"T[\s-]?(\d(?:[\s-]?\d){12})")


def parse_naive_amount(text: str) -> Decimal | None:
    """``1,234.56``/``1.234,56``/``1,378`` -> Decimal: the last separator before 1-2 digits is
    the decimal point, every other separator groups thousands."""
    text = text.strip()
    m = re.fullmatch(r"(.*?)([.,](\d{1,2}))?", text)
    if not m:
        return None
    whole = re.sub(r"[.,]", "", m.group(1))
    if not whole.isdigit():
        return None
    frac = m.group(3) or ""
    try:
        return Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:
        return None


def _date_from(pattern_kind: str, groups: tuple[str, ...]) -> str | None:
    try:
        if pattern_kind == "ymd":
            y, mo, d = int(groups[0]), int(groups[1]), int(groups[2])
        elif pattern_kind == "dmy":
            d, mo, y = int(groups[0]), int(groups[1]), int(groups[2])
            y = y + 2000 if y < 100 else y
        elif pattern_kind == "mdy-name":
            mo, d, y = _MONTHS.get(groups[0][:3].lower(), 0), int(groups[1]), int(groups[2])
        else:
            d, mo, y = int(groups[0]), _MONTHS.get(groups[1][:3].lower(), 0), int(groups[2])
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def naive_fields(text: str) -> Predictions:
    """The regular-expression reading of plain OCR text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]

    vendor = next((line for line in lines if len(re.findall(r"\w", line)) >= 3), None)

    amounts: list[Decimal] = []
    for line in lines:
        hit = _TOTAL_WORDS.search(line)
        if hit:
            for m in _AMOUNT.finditer(line[hit.end() :]):
                value = parse_naive_amount(m.group())
                if value is not None:
                    amounts.append(value)
    if not amounts:
        # No "total" line was read. A user would fall back on the largest price on the page:
        # an amount with cents, else one written with a currency sign (yen have no cents).
        # Bare integers are left alone: they are years, phone and customer numbers.
        amounts = [
            v
            for m in _AMOUNT.finditer(text)
            if re.search(r"[.,]\d{2}$", m.group()) and (v := parse_naive_amount(m.group()))
        ]
    if not amounts:
        amounts = [
            v
            for m in _CURRENCY_AMOUNT.finditer(text)
            if (v := parse_naive_amount(m.group(1) or m.group(2) or "")) is not None
        ]
    total = str(max(amounts)) if amounts else None

    date: str | None = None
    first_pos = len(text) + 1
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if m.start() >= first_pos:
                break
            iso = _date_from(kind, m.groups())
            if iso:
                date, first_pos = iso, m.start()
                break

    inv = _INVOICE_NO.search(text)
    currency: str | None = None
    for pattern, code in _CURRENCIES:
        found = pattern.search(text)
        if found:
            currency = code or found.group(1)
            break
    reg = _REGISTRATION.search(text)
    return {
        "vendor": vendor,
        "total": total,
        "currency": currency,
        "date": date,
        "invoice_number": inv.group(1) if inv else None,
        "registration_number": "T" + re.sub(r"[\s-]", "", reg.group(1)) if reg else None,
    }


BASELINES: dict[str, Baseline] = {
    "invoice2data": Baseline(
        "invoice2data",
        "invoice2data 1.x, bundled templates, PDFs only",
        _I2D_FIELDS,
        _i2d_availability,
        _i2d_applies,
        _i2d_predict,
    ),
    "tesseract": Baseline(
        "tesseract",
        "Tesseract 5 text + naive regular expressions",
        _TESS_FIELDS,
        _tess_availability,
        _tess_applies,
        _tess_predict,
    ),
}


def get_baseline(name: str) -> Baseline:
    try:
        return BASELINES[name]
    except KeyError:
        raise ValueError(f"unknown baseline {name!r}; known: {', '.join(BASELINES)}") from None


def baseline_availability(name: str) -> tuple[bool, str]:
    """(available, reason); never raises, so a missing baseline only adds a note."""
    with contextlib.suppress(Exception):
        return get_baseline(name).availability()
    return False, "availability check failed"
