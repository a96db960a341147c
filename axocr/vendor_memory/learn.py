"""Teaching the memory: a correction, the document it corrects, what that shows.

For each corrected value the page is searched for where it is printed (amounts and dates are
read as the extractor reads them, so ``1.234,56`` is found for ``1234.56`` and ``03/05/2024``
for ``2024-05-03``, which also tells the vendor's date order). Each place found is kept with
the label that heads it: the words before the value on its line, else the cell to its left,
else the line above it. A value printed nowhere is kept as a vendor fact when it belongs to
the vendor (its name, currency, registration number), and reported as not found otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from axocr.config import ExtractConfig, ReadConfig
from axocr.document.load import file_sha256
from axocr.errors import AxocrError, VendorMemoryError
from axocr.extract.context import PageText, TextLine
from axocr.extract.conventions import detect_decimal_separator
from axocr.extract.extractor import Extraction, extract_candidates
from axocr.normalize import find_amounts, find_dates, find_registration_numbers
from axocr.pipeline.read import read_document
from axocr.types import FIELD_NAMES, BBox, Document, alnum_key
from axocr.vendor_memory.match import find_vendor, master_key
from axocr.vendor_memory.page import (
    FIELD_KINDS,
    VENDOR_FACTS,
    above,
    as_bbox,
    as_tuple,
    label_words,
    left_of,
    name_on_page,
    page_keys,
    page_tokens,
    shape_of,
)
from axocr.vendor_memory.store import FieldMemory, Kind, Spot, VendorMemory, VendorProfile

MAX_SPOTS = 3
MAX_PATTERNS = 4
# Fixed words shared by every taught document; fewer than this and the newest page's words
# are kept instead (a vendor whose pages share almost nothing is found by its keys).
MIN_TOKENS = 8


class CorrectionBox(BaseModel):
    model_config = ConfigDict(extra="ignore")

    # 0-based, as the result's pages and the workbench's boxes (docs/corrections.md)
    page: int = Field(0, ge=0, description="0-based page number")
    bbox: tuple[float, float, float, float]


class Correction(BaseModel):
    """One line of a corrections file (docs/corrections.md); unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    path: str
    fields: dict[str, str | None]
    boxes: dict[str, CorrectionBox] = Field(default_factory=dict)
    who: str | None = None
    when: str | None = None
    sha256: str | None = Field(None, description="the document's content hash, if known")


@dataclass(frozen=True)
class LearnNote:
    """What learning did with one field (or why a correction line could not be used)."""

    path: str
    field: str | None
    action: Literal["learned", "fact", "not_found", "skipped", "error"]
    detail: str
    vendor_id: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else self.path
        return f"{where}: {self.action}: {self.detail}"


def read_corrections(path: str | Path) -> list[Correction | LearnNote]:
    """The corrections of a JSONL file; a line that is not one becomes an error note."""
    out: list[Correction | LearnNote] = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VendorMemoryError(f"cannot read corrections: {exc}", path=str(path)) from exc
    base = Path(path).resolve().parent
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data: Any = json.loads(line)
            corr = Correction.model_validate(data)
        except (ValueError, ValidationError) as exc:
            msg = str(exc).splitlines()[0]
            out.append(LearnNote(f"{path}:{n}", None, "error", f"not a correction: {msg}"))
            continue
        if not Path(corr.path).is_absolute() and not Path(corr.path).exists():
            # a path relative to the corrections file, as a workbench beside its inputs writes
            candidate = base / corr.path
            if candidate.exists():
                corr = corr.model_copy(update={"path": str(candidate)})
        out.append(corr)
    return out


@dataclass
class _Occurrence:
    line: TextLine
    start: int
    end: int
    box: BBox


def _amount_target(value: str) -> Decimal | None:
    try:
        return Decimal(value.replace(",", "").strip())
    except InvalidOperation:
        found = find_amounts(value)
        return found[0].value if len(found) == 1 else None


def _occurrences(
    name: str, value: str, ctx: PageText, decimal_sep: str | None
) -> tuple[list[_Occurrence], bool | None]:
    """Where ``value`` is printed, and (for dates) the date order that reads it so."""
    kind = FIELD_KINDS.get(name)
    out: list[_Occurrence] = []
    day_first: bool | None = None
    for line in ctx.lines:
        if kind == "amount":
            target = _amount_target(value)
            for a in find_amounts(line.text, decimal_sep=decimal_sep):
                if target is not None and a.value == target:
                    out.append(_Occurrence(line, a.start, a.end, line.span_bbox(a.start, a.end)))
        elif kind == "date":
            try:
                target_d = date.fromisoformat(value.strip()[:10])
            except ValueError:
                return [], None
            seen: set[tuple[int, int]] = set()
            for order in (True, False):
                for d in find_dates(line.text, day_first=order):
                    if d.value != target_d:
                        continue
                    day_first = order if d.ambiguous else _order_shown(d.raw, day_first)
                    if (d.start, d.end) not in seen:
                        seen.add((d.start, d.end))
                        box = line.span_bbox(d.start, d.end)
                        out.append(_Occurrence(line, d.start, d.end, box))
        elif kind == "registration":
            if alnum_key(value) in {alnum_key(n) for n in find_registration_numbers(line.text)}:
                out.append(_Occurrence(line, 0, len(line.text), line.bbox))
        elif kind == "id":
            m = _id_in(value, line.text)
            if m is not None:
                out.append(_Occurrence(line, m[0], m[1], line.span_bbox(m[0], m[1])))
    return out, day_first


_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}")


def _order_shown(raw: str, known: bool | None) -> bool | None:
    """The date order an unambiguous numeric date shows: 16/11/2017 is day first."""
    m = _NUMERIC_DATE.fullmatch(raw.strip())
    if m is None:
        return known
    a, b = int(m.group(1)), int(m.group(2))
    if a > 12 >= b:
        return True
    if b > 12 >= a:
        return False
    return known


def _id_in(value: str, text: str) -> tuple[int, int] | None:
    core = re.sub(r"\s+", "", value.strip().lstrip("#"))
    if not core:
        return None
    # spaces may be printed (or read) between the characters of an identifier
    pattern = r"\s?".join(re.escape(c) for c in core)
    m = re.search(rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])", text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _spot(ctx: PageText, occ: _Occurrence) -> Spot:
    label = label_words(occ.line.text[: occ.start])
    if label:
        # the label's own box: the words before the value that label_words kept
        lstart = occ.line.lower.rfind(label, 0, occ.start)
        lbox = occ.line.span_bbox(lstart, lstart + len(label)) if lstart >= 0 else None
        return Spot(
            label=label,
            where="same-line",
            page=occ.line.page,
            bbox=as_tuple(occ.box),
            label_bbox=as_tuple(lbox) if lbox else None,
        )
    for where, other in (
        ("right", left_of(ctx, occ.line, occ.box)),
        ("below", above(ctx, occ.line, occ.box)),
    ):
        if other is None:
            continue
        label = label_words(other.text)
        if label and len(label) <= 40:
            return Spot(
                label=label,
                where=where,
                page=occ.line.page,
                bbox=as_tuple(occ.box),
                label_bbox=as_tuple(other.bbox),
            )
    return Spot(label=None, where="none", page=occ.line.page, bbox=as_tuple(occ.box))


_WHERE_RANK = {"same-line": 0, "right": 1, "below": 2, "none": 3}


def _same_value(name: str, got: str, value: str) -> bool:
    if FIELD_KINDS.get(name) == "amount":
        a, b = _amount_target(got), _amount_target(value)
        return a is not None and a == b
    return alnum_key(got) == alnum_key(value)


def _rank_spots(
    name: str,
    value: str,
    spots: list[Spot],
    ctx: PageText,
    extraction: Extraction,
    box: BBox | None,
) -> list[Spot]:
    known = {h.label.text for h in ctx.hits if h.label.field == name}
    best = extraction.ranked[name].best if name in extraction.ranked else None
    right_value = best is not None and _same_value(name, best.value, value)

    def key(s: Spot) -> tuple[float, ...]:
        near_box = 0.0
        if box is not None:
            b = as_bbox(s.bbox)
            near_box = abs(b.cx - box.cx) + abs(b.cy - box.cy)
        chosen = 0.0
        if best is not None and best.bbox is not None and right_value:
            chosen = 0.0 if as_bbox(s.bbox).intersection_area(best.bbox) > 0 else 1.0
        # Where the extractor found the right value, and places under a label it knows
        # for this field, come before other places that print the same value (a line
        # item's amount equal to the total).
        return (
            near_box,
            chosen,
            0.0 if s.label and any(k in s.label for k in known) else 1.0,
            float(_WHERE_RANK[s.where]),
        )

    return [
        s.model_copy(update={"known": _known_label(s.label, known)}) for s in sorted(spots, key=key)
    ]


def _known_label(label: str | None, known: set[str]) -> bool:
    """Whether the extractor reads this label for the field: one of its labels is most of it
    ("invoice no" in "invoice no.:"), not a word of it ("no" in "control no")."""
    if not label:
        return False
    return any(k in label and len(k) >= 0.6 * len(label) for k in known)


def _merge_spots(old: list[Spot], new: list[Spot]) -> list[Spot]:
    out = list(new)
    for s in old:
        same = any(o.label == s.label and o.where == s.where and o.page == s.page for o in out)
        if not same:
            out.append(s)
    return out[:MAX_SPOTS]


def _printed_name(wanted: str, line: TextLine, extraction: Extraction) -> str:
    """The vendor's name as the page prints it: the extractor's reading when it is the wanted
    name with a legal form or a misread letter, else the wanted name where the line holds it
    (a letterhead line goes on with the address), else the line."""
    best = extraction.ranked["vendor"].best
    if (
        best is not None
        and best.text
        and fuzz.token_set_ratio(best.text, wanted) >= 90
        and name_on_page(best.text, extraction.context) is not None
    ):
        return best.text
    if alnum_key(wanted) in alnum_key(line.text):
        return wanted
    return line.text


def _same_vendor(wanted: str, profile: VendorProfile) -> bool:
    names = [n for n in (profile.name, profile.printed) if n]
    return not names or any(fuzz.token_set_ratio(wanted, n) >= 80 for n in names)


@dataclass
class _Entry:
    """The vendor entry a correction teaches: a copy of a remembered one, or a new one."""

    profile: VendorProfile
    tokens: frozenset[str]
    keys: list[str]
    documents: int
    vendor_id: int | None


def _entry_to_teach(
    memory: VendorMemory,
    document: Document,
    extraction: Extraction,
    fields: dict[str, str],
    config: ExtractConfig | None,
) -> _Entry | None:
    """The remembered vendor this page belongs to, else a new entry; None when the correction
    names no vendor and none remembered matches (there is nothing to file it under)."""
    ctx = extraction.context
    tokens = page_tokens(ctx)
    keys = page_keys(ctx)
    reg = fields.get("registration_number")
    if reg:
        keys.insert(0, f"reg:{reg.upper()}")
    master = master_key(extraction, document.text, (config or ExtractConfig()).vendors)
    if master:
        keys.insert(0, master)
    match = find_vendor(memory, ctx, keys, tokens)
    wanted = fields.get("vendor")
    if match is not None and wanted and not _same_vendor(wanted, match.record.profile):
        match = None  # the person says it is another vendor: a new entry, not a rename
    if match is None and not wanted:
        return None
    if match is None:
        return _Entry(VendorProfile(), tokens, keys, 1, None)
    shared = match.record.tokens & tokens
    return _Entry(
        match.record.profile.model_copy(deep=True),
        shared if len(shared) >= MIN_TOKENS else tokens,
        keys,
        match.record.documents + 1,
        match.record.id,
    )


def _learn_vendor_name(
    path: str, value: str, profile: VendorProfile, extraction: Extraction
) -> LearnNote:
    """Keep the vendor's name and where (and how) the page prints it."""
    ctx = extraction.context
    profile.name = value
    line = name_on_page(value, ctx)
    if line is None and profile.printed and name_on_page(profile.printed, ctx):
        line = name_on_page(profile.printed, ctx)
    if line is None:
        best = extraction.ranked["vendor"].best
        if best is not None and best.text:
            # the page's own name for the vendor finds it again on the next invoice
            profile.printed = best.text
            profile.printed_bbox = as_tuple(best.bbox) if best.bbox else None
        return LearnNote(
            path,
            "vendor",
            "fact",
            f"{value!r} is not printed on the page: kept as the vendor's name"
            + (f" for the one printed as {best.text!r}" if best else ""),
        )
    profile.printed = _printed_name(value, line, extraction)
    profile.printed_bbox = as_tuple(line.bbox)
    return LearnNote(path, "vendor", "learned", f"printed as {line.text!r}")


def _unprinted_value(
    path: str, name: str, value: str, kind: Kind, profile: VendorProfile
) -> LearnNote:
    """A corrected value the page does not print: a fact when it belongs to the vendor."""
    if name in VENDOR_FACTS:
        profile.fields[name] = FieldMemory(kind=kind, fact=value)
        return LearnNote(path, name, "fact", f"{value!r} is not printed: kept as a fact")
    return LearnNote(
        path,
        name,
        "not_found",
        f"{value!r} is not printed on the page: nothing learned (it changes with every invoice)",
    )


def _learn_printed_value(
    path: str,
    name: str,
    value: str,
    kind: Kind,
    profile: VendorProfile,
    extraction: Extraction,
    decimal_sep: str | None,
    box_b: BBox | None,
) -> LearnNote:
    """Remember where the page prints the value and the label heading it, merged with what
    earlier corrections of the vendor taught."""
    ctx = extraction.context
    occ, day_first = _occurrences(name, value, ctx, decimal_sep)
    if day_first is not None:
        profile.day_first = day_first
    if not occ:
        return _unprinted_value(path, name, value, kind, profile)
    spots = _rank_spots(name, value, [_spot(ctx, o) for o in occ], ctx, extraction, box_b)
    old = profile.fields.get(name)
    best = extraction.ranked[name].best
    mem = FieldMemory(
        kind=kind,
        spots=spots[:MAX_SPOTS],
        extractor_right=best is not None and _same_value(name, best.value, value),
    )
    if kind == "id":
        mem.patterns = [shape_of(value)]
    if old is not None:
        mem.spots = _merge_spots(old.spots, mem.spots)
        mem.patterns = list(dict.fromkeys([*mem.patterns, *old.patterns]))[:MAX_PATTERNS]
        mem.taught = old.taught + 1
        mem.extractor_right = mem.extractor_right and old.extractor_right
    profile.fields[name] = mem
    top = mem.spots[0]
    where = f"{top.where} of {top.label!r}" if top.label else "with no label"
    x0, y0 = top.bbox[0], top.bbox[1]
    return LearnNote(path, name, "learned", f"printed at ({x0:.2f}, {y0:.2f}), {where}")


def _learn_field(
    correction: Correction,
    name: str,
    value: str,
    profile: VendorProfile,
    extraction: Extraction,
    decimal_sep: str | None,
) -> LearnNote:
    """Teach the profile one corrected field; the note says what was kept."""
    path = correction.path
    if name not in FIELD_NAMES:
        return LearnNote(path, name, "skipped", "not a field axocr extracts")
    kind = FIELD_KINDS[name]
    box = correction.boxes.get(name)
    box_b = as_bbox(box.bbox) if box is not None else None
    if name == "vendor":
        return _learn_vendor_name(path, value, profile, extraction)
    if kind == "code":
        profile.fields[name] = FieldMemory(kind=kind, fact=value.upper())
        return LearnNote(path, name, "fact", f"{value.upper()} kept as a vendor fact")
    return _learn_printed_value(path, name, value, kind, profile, extraction, decimal_sep, box_b)


def learn_document(
    memory: VendorMemory,
    document: Document,
    correction: Correction,
    config: ExtractConfig | None = None,
    *,
    document_key: str | None = None,
) -> list[LearnNote]:
    """Teach the memory one corrected document; one note per field.

    With ``document_key`` (its content hash), teaching the same document again replaces what
    it taught before instead of adding to it (see ``VendorMemory.undo_document``)."""
    extraction = extract_candidates(document, config or ExtractConfig())
    memory.begin()
    try:
        again = memory.undo_document(document_key) if document_key else None
        notes, vendor_id, before = _teach(memory, document, correction, extraction, config, again)
        if vendor_id is not None and document_key:
            memory.note_taught(document_key, vendor_id, before)
        memory.commit()
    except BaseException:
        memory.rollback()
        raise
    return [LearnNote(n.path, n.field, n.action, n.detail, vendor_id) for n in notes]


def _teach(
    memory: VendorMemory,
    document: Document,
    correction: Correction,
    extraction: Extraction,
    config: ExtractConfig | None,
    again: int | None,
) -> tuple[list[LearnNote], int | None, str | None]:
    """The notes, the vendor taught and its entry before; nothing committed. ``again`` is
    the vendor this document was taught to before, when that could not be taken back."""
    path = correction.path
    decimal_sep = detect_decimal_separator(extraction.context)
    fields = {k: v.strip() for k, v in correction.fields.items() if v and v.strip()}
    entry = _entry_to_teach(memory, document, extraction, fields, config)
    if entry is None:
        note = LearnNote(path, None, "skipped", "no vendor given and none remembered matches")
        return [note], None, None
    profile = entry.profile
    profile.decimal_sep = decimal_sep or profile.decimal_sep
    profile.language = extraction.language
    notes = [
        _learn_field(correction, name, value, profile, extraction, decimal_sep)
        for name, value in fields.items()
    ]
    if profile.name is None:
        best = extraction.ranked["vendor"].best
        profile.name = best.value if best else None
    before = memory.state(entry.vendor_id) if entry.vendor_id is not None else None
    # a document taught again is still one document of its vendor
    counted = again is not None and again == entry.vendor_id
    documents = entry.documents - int(counted)
    if counted and before is not None:
        # The entry before this teaching already counts this document (its earlier teaching
        # could not be taken back): what a later undo restores must not count it, or teaching
        # it once more would count it twice.
        before = _without_one_document(before)
    vendor_id = memory.save(
        entry.vendor_id, profile, entry.tokens, entry.keys, documents=documents, commit=False
    )
    return notes, vendor_id, before


def _without_one_document(state: str) -> str:
    entry = json.loads(state)
    entry["documents"] = max(0, int(entry["documents"]) - 1)
    return json.dumps(entry, ensure_ascii=False)


def learn_correction(
    memory: VendorMemory,
    correction: Correction,
    read: ReadConfig | None = None,
    extract: ExtractConfig | None = None,
) -> list[LearnNote]:
    """Read the corrected document again and teach the memory from it; a document taught
    before (by its content) is taught anew, not twice."""
    try:
        document = read_document(correction.path, read or ReadConfig())
        key = correction.sha256 or file_sha256(correction.path)
    except AxocrError as exc:
        return [LearnNote(correction.path, None, "error", f"{exc.code}: {exc}")]
    except OSError as exc:
        return [LearnNote(correction.path, None, "error", f"cannot read: {exc}")]
    if not any(p.lines for p in document.pages):
        return [LearnNote(correction.path, None, "error", "no text found on the document")]
    try:
        return learn_document(memory, document, correction, extract, document_key=key)
    except VendorMemoryError as exc:  # locked by another writer past the timeout, disk full
        return [LearnNote(correction.path, None, "error", str(exc))]
