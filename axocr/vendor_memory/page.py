"""What the memory reads off a page: its fixed words, its vendor keys, values at a place, labels.

Values are read with the extractor's own parsers (``find_amounts``, ``find_dates``,
``find_registration_numbers``), so a value taught and a value recalled are normalised alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from axocr.extract.context import PageText, TextLine
from axocr.normalize import (
    find_amounts,
    find_dates,
    find_registration_numbers,
    to_decimal_string,
)
from axocr.types import BBox, alnum_key, is_cjk
from axocr.vendor_memory.store import Kind

FIELD_KINDS: dict[str, Kind] = {
    "vendor": "name",
    "total": "amount",
    "subtotal": "amount",
    "tax": "amount",
    "invoice_date": "date",
    "due_date": "date",
    "invoice_number": "id",
    "registration_number": "registration",
    "currency": "code",
}

# Fields that belong to the vendor, not to one invoice: kept as facts when not printed.
VENDOR_FACTS = ("vendor", "currency", "registration_number")

_STRIP = " \t:：;,.#()[]{}<>\"'`*|/\\-–—_!?¥$€£%@=+~^、。・「」『』（）【】"
_HAS_DIGIT = re.compile(r"\d")
# A tax rate printed at the end of a label ("Total Incl. GST@6%", "Total Includes GST 0%")
# belongs to the label; read as its last word, its digits ended the label before it began,
# and the total was remembered by its place alone (which moves on every receipt).
_TRAILING_RATE = re.compile(r"\s*@?\s*\d{1,2}(?:[.,]\d{1,3})?\s*%\s*[:：]?\s*$")


def page_tokens(ctx: PageText, page: int = 0) -> frozenset[str]:
    """The words of a page that are not numbers, dates or amounts: its fixed text."""
    out: set[str] = set()
    for line in ctx.lines:
        if line.page != page:
            continue
        for raw in line.lower.split():
            tok = raw.strip(_STRIP)
            if not tok or _HAS_DIGIT.search(tok):
                continue
            if len(tok) < 2 and not is_cjk(tok[0]):
                continue
            out.add(tok)
    return frozenset(out)


_VAT = re.compile(
    r"(?<![A-Z0-9])(?:AT ?U\d{8}|BE ?[01]\d{9}|DE ?\d{9}|FR ?[0-9A-Z]{2} ?\d{9}|"
    r"NL ?\d{9} ?B\d{2}|GB ?\d{9}(?:\d{3})?|ES ?[0-9A-Z]\d{7}[0-9A-Z]|IT ?\d{11}|"
    r"LU ?\d{8}|CHE[- ]?\d{3}\.?\d{3}\.?\d{3})(?![0-9])"
)
# A tax or company number after its label: "GST ID: 000123456789", "ABN 12 345 678 901".
_TAX_ID = re.compile(
    r"(?i:\b(?:gst|sst|vat|tin|abn|ust|steuer|siret|siren|kvk|btw|tva|co\.? ?reg|roc)\b)"
    r"[^0-9\n]{0,16}(?P<id>[0-9][0-9 .\-]{6,18}[0-9])"
)


def page_keys(ctx: PageText) -> list[str]:
    """Identifiers of the issuer printed on the page: registration numbers, VAT and tax ids.
    A customer's id can be among them, so a key alone never decides a match."""
    keys: list[str] = []
    for line in ctx.lines:
        if line.page != 0:
            continue
        keys += [f"reg:{n}" for n in find_registration_numbers(line.text)]
        keys += [f"vat:{m.group(0).replace(' ', '')}" for m in _VAT.finditer(line.text)]
        for m in _TAX_ID.finditer(line.text):
            digits = re.sub(r"\D", "", m.group("id"))
            if 8 <= len(digits) <= 15:
                keys.append(f"tax:{digits}")
    return list(dict.fromkeys(keys))


def line_keys(ctx: PageText) -> list[tuple[TextLine, str]]:
    """The first page's lines with their letters and digits, case-folded (for name lookups)."""
    return [(ln, alnum_key(ln.text)) for ln in ctx.lines if ln.page == 0]


def name_on_page(
    name: str, ctx: PageText, keys: list[tuple[TextLine, str]] | None = None
) -> TextLine | None:
    """The line that prints ``name`` (letters and digits compared, case-folded; a near match
    where OCR misread a letter), or None."""
    key = alnum_key(name)
    if len(key) < 2:
        return None
    lines = keys if keys is not None else line_keys(ctx)
    for line, lk in lines:
        if key in lk:
            return line
    best: tuple[float, TextLine] | None = None
    if len(key) >= 5:
        for line, lk in lines:
            if not line.from_ocr or len(lk) < 0.6 * len(key):
                continue
            score = fuzz.partial_ratio(key, lk, score_cutoff=90)
            if score and (best is None or score > best[0]):
                best = (score, line)
    return best[1] if best else None


def shape_of(value: str) -> str:
    """A regex for values of the same form: ``INV-2024-00123`` -> ``[A-Z]{3}-\\d{4}-\\d{5}``.
    Digit and letter runs keep their length, not their characters: series letters change
    (``FA-2017-0009`` for an invoice, ``AV-2017-0005`` for a credit note of the same vendor);
    letters of other scripts are kept as printed."""
    out: list[str] = []
    for m in re.finditer(r"\d+|[^\W\d_]+|.", value.upper()):
        run = m.group(0)
        if run.isdigit():
            out.append(rf"\d{{{len(run)}}}")
        elif run.isalpha() and run.isascii():
            out.append(f"[A-Z]{{{len(run)}}}")
        elif run.isalpha():
            out.append(re.escape(run))
        else:
            out.append(re.escape(run))
    return "".join(out)


def fits_shape(value: str, patterns: list[str]) -> bool:
    up = value.upper()
    return any(re.fullmatch(p, up) for p in patterns)


_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/_.#]*[A-Za-z0-9]|[0-9]")


@dataclass(frozen=True)
class Found:
    value: str
    start: int
    end: int


def values_in(
    kind: Kind,
    text: str,
    *,
    day_first: bool | None,
    decimal_sep: str | None,
    patterns: list[str] | None = None,
    last: bool = False,
) -> list[Found]:
    """The values of a kind in ``text``, in reading order (``last``: the last amount first,
    as on a line where quantity and rate come before the amount)."""
    out: list[Found] = []
    if kind == "amount":
        for a in find_amounts(text, decimal_sep=decimal_sep):
            out.append(Found(to_decimal_string(a.value), a.start, a.end))
        return out[::-1] if last else out
    if kind == "date":
        return [
            Found(d.value.isoformat(), d.start, d.end)
            for d in find_dates(text, day_first=day_first)
        ]
    if kind == "registration":
        return [Found(n, 0, len(text)) for n in find_registration_numbers(text)]
    if kind == "id":
        tokens = [
            Found(m.group(0).strip(".-/#"), m.start(), m.end())
            for m in _ID_TOKEN.finditer(text)
            if _HAS_DIGIT.search(m.group(0))
        ]
        if patterns:
            fitting = [t for t in tokens if fits_shape(t.value, patterns)]
            return fitting + [t for t in tokens if t not in fitting]
        return tokens
    return []


def label_words(text: str) -> str | None:
    """The label at the end of ``text``: its last words before any number, up to five."""
    words: list[str] = []
    for word in reversed(_TRAILING_RATE.sub("", text).split()):
        if _HAS_DIGIT.search(word) or len(words) >= 5:
            break
        words.append(word)
    label = " ".join(reversed(words)).strip(_STRIP).casefold()
    # "x" of "1 x 22.90", "@": a quantity sign, not a label
    longest = max((sum(c.isalpha() for c in w) for w in label.split()), default=0)
    return label if longest >= 2 or (longest == 1 and is_cjk(label[0])) else None


def left_of(ctx: PageText, line: TextLine, box: BBox) -> TextLine | None:
    """The nearest line to the left of a value on its row (a label in its own cell)."""
    row = [
        o
        for o in ctx.lines_on(line.page)
        if o is not line
        and o.bbox.x1 <= box.x0 + 0.5 * box.height
        and o.bbox.vertical_overlap(box) >= 0.5
        and box.x0 - o.bbox.x1 < 0.5
    ]
    return max(row, key=lambda o: o.bbox.x1) if row else None


def above(ctx: PageText, line: TextLine, box: BBox) -> TextLine | None:
    """The nearest line just above a value, in its column (a label heading a cell)."""
    h = max(box.height, 1e-3)
    over = [
        o
        for o in ctx.lines_on(line.page)
        if o is not line
        and o.bbox.y1 <= box.y0 + 0.3 * h
        and box.y0 - o.bbox.y1 < 2.5 * h
        and (o.bbox.horizontal_overlap(box) > 0 or abs(o.bbox.x0 - box.x0) < 3 * h)
    ]
    return max(over, key=lambda o: o.bbox.y1) if over else None


def as_tuple(box: BBox) -> tuple[float, float, float, float]:
    return (round(box.x0, 4), round(box.y0, 4), round(box.x1, 4), round(box.y1, 4))


def as_bbox(t: tuple[float, float, float, float]) -> BBox:
    return BBox(x0=t[0], y0=t[1], x1=t[2], y1=t[3])
