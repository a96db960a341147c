"""Using the memory on a new document: the remembered places first, the generic result kept.

For each field taught, the value is read twice: after the remembered label (found anywhere
on the page: a table that grew moves its totals down, not away from their label) and at the
remembered place. Confidence follows the agreement:

- label and place give the same value (in the vendor's number shape): ``memory:label+place``,
  0.995;
- the label gives it (the place moved): ``memory:label``, 0.98;
- only the place gives it, in the vendor's shape: ``memory:place``, 0.97; an amount or a
  value of another shape there is taken no higher than 0.8 (a person looks);
- the extractor reads the same label and chose another value: its value stays, sent to
  review (``memory_mismatch``);
- neither, or only a remembered place against a labelled value: the generic extractor's value
  stays as it is, with an informational ``memory_unused`` finding.

When most taught fields are not found, the vendor's layout changed: nothing of the memory is
used and ``memory_mismatch`` is a review reason of the document. Memory never lowers a field
silently: every change is a finding on the field, and the rule says ``memory:...``.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz

from axocr.config import ExtractConfig
from axocr.errors import AxocrError
from axocr.extract.context import PageText, TextLine
from axocr.extract.conventions import choose_currency
from axocr.extract.extractor import Extraction
from axocr.types import (
    FIELD_NAMES,
    BBox,
    Document,
    ErrorRecord,
    FieldCandidate,
    Finding,
    InvoiceResult,
    Provenance,
    Ranked,
    is_cjk,
)
from axocr.validate.review import review_field
from axocr.vendor_memory.match import VendorMatch, find_vendor, master_key
from axocr.vendor_memory.page import (
    Found,
    as_bbox,
    fits_shape,
    name_on_page,
    page_keys,
    page_tokens,
    values_in,
)
from axocr.vendor_memory.store import FieldMemory, Spot, VendorProfile, open_for_reading

LABEL_AND_PLACE = 0.995
LABEL_ONLY = 0.98
PLACE_IN_SHAPE = 0.97
NOT_RAISED = 0.8
DISAGREES = 0.5
VENDOR_PRINTED = 0.99
VENDOR_BY_KEY = 0.98
FACT = 0.97

MAIN_FIELDS = ("vendor", "total", "currency", "invoice_date", "invoice_number")


@dataclass
class FieldRecall:
    name: str
    value: str | None
    evidence: str
    confidence: float
    ok: bool
    message: str
    candidate: FieldCandidate | None = None


@dataclass
class Recall:
    """What the memory did for one document."""

    match: VendorMatch | None = None
    fields: dict[str, FieldRecall] = field(default_factory=dict)
    layout_changed: bool = False
    error: ErrorRecord | None = None
    elapsed_ms: float = 0.0

    @property
    def vendor_id(self) -> int | None:
        return self.match.record.id if self.match else None


# ------------------------------------------------------------------ reading a spot
@dataclass(frozen=True)
class _Read:
    found: Found
    line: TextLine
    label_box: BBox | None = None  # where the label was found (label route only)


def _label_positions(ctx: PageText, spot: Spot) -> list[tuple[TextLine, int, int]]:
    label = spot.label or ""
    out: list[tuple[TextLine, int, int]] = []
    # a Latin label stands as words: "total" is not the end of "subtotal"
    edge = "" if not label or is_cjk(label[0]) else r"(?<![^\W_])"
    end = "" if not label or is_cjk(label[-1]) else r"(?![^\W_])"
    pattern = re.compile(edge + re.escape(label) + end)
    for line in ctx.lines:
        if line.page != spot.page:
            continue
        m = pattern.search(line.lower)
        if m:
            out.append((line, m.start(), m.end()))
        elif len(label) >= 5 and line.from_ocr:
            al = fuzz.partial_ratio_alignment(label, line.lower, score_cutoff=90)
            if al is not None:
                out.append((line, al.dest_start, al.dest_end))
    if spot.label_bbox is not None:
        lb = as_bbox(spot.label_bbox)
        out.sort(key=lambda p: abs(p[0].span_bbox(p[1], p[2]).cy - lb.cy))
    return out


def _first(
    mem: FieldMemory, text: str, profile: VendorProfile, *, last: bool = False
) -> Found | None:
    found = values_in(
        mem.kind,
        text,
        day_first=profile.day_first,
        decimal_sep=profile.decimal_sep,
        patterns=mem.patterns,
        last=last,
    )
    return found[0] if found else None


def _by_label(ctx: PageText, spot: Spot, mem: FieldMemory, profile: VendorProfile) -> _Read | None:
    positions = _label_positions(ctx, spot)
    # The remembered arrangement first; a label whose value moved beside or under it (a
    # template revised a little) still names it.
    order = [spot.where, *(w for w in ("same-line", "right", "below") if w != spot.where)]
    for where in order:
        got = _by_label_at(ctx, positions, where, mem, profile)
        if got is not None:
            return got
    return None


def _by_label_at(
    ctx: PageText,
    positions: list[tuple[TextLine, int, int]],
    where: str,
    mem: FieldMemory,
    profile: VendorProfile,
) -> _Read | None:
    for line, start, end in positions:
        if where == "same-line":
            rest = line.text[end:]
            got = _first(mem, rest, profile, last=True)
            if got is not None:
                return _Read(
                    Found(got.value, got.start + end, got.end + end),
                    line,
                    line.span_bbox(start, end),
                )
            continue
        lb = line.span_bbox(start, end)
        h = max(line.bbox.height, 1e-3)
        others = [o for o in ctx.lines_on(line.page) if o is not line]
        if where == "right":
            near = sorted(
                (
                    o
                    for o in others
                    if o.bbox.x0 >= lb.x1 - 0.5 * h and o.bbox.vertical_overlap(line.bbox) >= 0.4
                ),
                key=lambda o: o.bbox.x0,
            )
        else:
            near = sorted(
                (
                    o
                    for o in others
                    if o.bbox.y0 >= line.bbox.y0 + 0.5 * h
                    and o.bbox.y0 - line.bbox.y1 < 2.5 * h
                    and (o.bbox.horizontal_overlap(lb) > 0 or abs(o.bbox.x0 - lb.x0) < 3 * h)
                ),
                key=lambda o: (o.bbox.y0, abs(o.bbox.x0 - lb.x0)),
            )
        for o in near[:2]:
            s0, e1 = 0, len(o.text)
            if where == "below":
                # OCR joins the cells of a row into one line: read the cell under the label
                cells = [
                    (a, b)
                    for a, b, box in o.spans
                    if box.x1 > lb.x0 - 2 * h and box.x0 < lb.x1 + 2 * h
                ]
                if not cells:
                    continue
                s0, e1 = min(a for a, _ in cells), max(b for _, b in cells)
            got = _first(mem, o.text[s0:e1], profile)
            if got is not None:
                return _Read(Found(got.value, got.start + s0, got.end + s0), o, lb)
    return None


def _by_place(ctx: PageText, spot: Spot, mem: FieldMemory, profile: VendorProfile) -> _Read | None:
    box = as_bbox(spot.bbox)
    dx = max(0.03, 0.5 * box.width)
    dy = 0.5 * max(box.height, 0.005)
    area = BBox(x0=box.x0 - dx, y0=box.y0 - dy, x1=box.x1 + dx, y1=box.y1 + dy)
    for line in ctx.lines:
        if line.page != spot.page or line.bbox.intersection_area(area) <= 0:
            continue
        inside = [
            (s, e)
            for s, e, b in line.spans
            if b.intersection_area(area) > 0 and area.y0 <= b.cy <= area.y1
        ]
        if not inside:
            continue
        s0, e1 = min(s for s, _ in inside), max(e for _, e in inside)
        got = _first(mem, line.text[s0:e1], profile)
        if got is not None:
            return _Read(Found(got.value, got.start + s0, got.end + s0), line)
    return None


def _label_moved(read: _Read, spot: Spot) -> bool:
    """Whether the label stands elsewhere than where it was taught (a table grew above it)."""
    if read.label_box is None or spot.label_bbox is None:
        return True
    taught = as_bbox(spot.label_bbox)
    return abs(read.label_box.cy - taught.cy) > max(taught.height, 0.005)


def _same(kind: str, a: str, b: str) -> bool:
    if kind == "amount":
        try:
            return Decimal(a) == Decimal(b)
        except InvalidOperation:
            return False
    return a.casefold() == b.casefold()


def _candidate(
    name: str, read: _Read, evidence: str, ranked: Ranked, value: str | None = None
) -> FieldCandidate:
    line, f = read.line, read.found
    value = value if value is not None else f.value
    same = next((c for c in ranked.ranked if c.value == value), None)
    top = ranked.best.score if ranked.best is not None else 0.0
    return FieldCandidate(
        field=name,
        value=value,
        score=top + 1.0,
        page=line.page,
        bbox=line.span_bbox(f.start, f.end),
        text=line.text[f.start : f.end],
        origin=Provenance(kind="memory", detail=evidence),
        ocr_confidence=line.confidence,
        char_confidence=line.char_confidence(f.start, f.end),
        label_score=1.0,
        features=dict(same.features) if same is not None else {"y": line.bbox.cy},
    )


@dataclass(frozen=True)
class _SpotReading:
    """What one remembered spot reads on the page, and how far that reading is trusted."""

    value: str
    evidence: str  # "label+place", "label" or "place": the rule's suffix
    confidence: float
    read: _Read
    shaped: bool  # in the vendor's form (an id's taught shape; an amount needs its label)
    conflict: str  # why label and place disagree where the label did not move, else ""


def _read_by_label(
    spot: Spot, mem: FieldMemory, by_label: _Read, by_place: _Read | None, generic: str | None
) -> _SpotReading:
    conflict = ""
    shaped = mem.kind != "id" or not mem.patterns
    value = by_label.found.value
    shaped = shaped or fits_shape(value, mem.patterns)
    both = by_place is not None and _same(mem.kind, value, by_place.found.value)
    evidence = "label+place" if both else "label"
    conf = LABEL_AND_PLACE if both else LABEL_ONLY
    read = by_label
    if by_place is not None and not both and not _label_moved(by_label, spot):
        # The label is where it was, but its value is not the one at the value's
        # place: the page decides between them, else a person does.
        placed = by_place.found.value
        if generic is not None and _same(mem.kind, generic, placed):
            value, evidence, conf, read = placed, "place", PLACE_IN_SHAPE, by_place
            shaped = mem.kind != "id" or not mem.patterns or fits_shape(value, mem.patterns)
        elif generic is None or not _same(mem.kind, generic, value):
            conflict = f"{value!r} after {spot.label!r} but {placed!r} at its place"
    return _SpotReading(value, evidence, conf, read, shaped, conflict)


def _read_spot(
    ctx: PageText, spot: Spot, mem: FieldMemory, profile: VendorProfile, ranked: Ranked
) -> _SpotReading | None:
    """The value read after the spot's label and at its place; None when neither reads one."""
    generic = ranked.best.value if ranked.best is not None else None
    by_label = _by_label(ctx, spot, mem, profile) if spot.label else None
    by_place = _by_place(ctx, spot, mem, profile)
    if by_label is not None:
        return _read_by_label(spot, mem, by_label, by_place, generic)
    if by_place is None:
        return None
    shaped = mem.kind != "id" or not mem.patterns
    value = by_place.found.value
    # An amount at a place with no label is as likely another row's amount, unless the
    # page's own label gives the same amount: then place and label agree (on later SROIE
    # receipts of taught shops, 4 totals of 95 went to review for want of this).
    labelled = (
        ranked.best is not None
        and ranked.best.origin.kind == "label"
        and generic is not None
        and _same(mem.kind, generic, value)
    )
    shaped = (shaped and mem.kind != "amount") or fits_shape(value, mem.patterns) or labelled
    return _SpotReading(value, "place", PLACE_IN_SHAPE, by_place, shaped, "")


def _where_read(spot: Spot, evidence: str) -> str:
    return f"after {spot.label!r}" if evidence != "place" else "at its remembered place"


def _overruled(
    name: str,
    mem: FieldMemory,
    spot: Spot,
    reading: _SpotReading,
    ranked: Ranked,
    generic: str | None,
) -> FieldRecall | None:
    """The recall when the extractor's value outweighs the memory's reading, else None."""
    value, evidence = reading.value, reading.evidence
    if (
        evidence == "place"
        and ranked.best is not None
        and ranked.best.origin.kind == "label"
        and generic is not None
        and not _same(mem.kind, generic, value)
    ):
        # A remembered place alone does not outvote a label on the page.
        return FieldRecall(
            name,
            None,
            "unused",
            0.0,
            True,
            f"{value!r} is at this vendor's place for it, but the page labels {generic!r}; "
            "the extractor's value stands",
        )
    where = _where_read(spot, evidence)
    differs = generic is not None and not _same(mem.kind, generic, value)
    if differs and evidence != "label+place" and mem.extractor_right:
        # The extractor read this field right on the vendor's taught invoices, and the
        # memory's claim is weaker than label and place together (two labels printed
        # the same total once, before and after rounding): its value stands as it is.
        return FieldRecall(
            name,
            None,
            "unused",
            0.0,
            True,
            f"{value!r} {where}; the extractor, right on this vendor's taught invoices, "
            f"reads {generic!r} and its value stands",
        )
    if differs and evidence == "label" and spot.known:
        # The extractor reads this label too and chose another occurrence or value:
        # which one is right, the page does not say.
        return FieldRecall(
            name,
            None,
            "conflict",
            DISAGREES,
            False,
            f"{value!r} after {spot.label!r}, where the extractor read {generic!r}",
        )
    return None


def _recalled(
    name: str,
    mem: FieldMemory,
    spot: Spot,
    reading: _SpotReading,
    ranked: Ranked,
    generic: str | None,
) -> FieldRecall:
    """The memory's value for the field, trusted as far as its reading allows."""
    value, evidence, read = reading.value, reading.evidence, reading.read
    where = _where_read(spot, evidence)
    if reading.conflict:
        return FieldRecall(
            name,
            value,
            "conflict",
            NOT_RAISED,
            False,
            f"{reading.conflict}: the page does not say which",
            _candidate(name, read, "label", ranked),
        )
    if not reading.shaped:
        return FieldRecall(
            name,
            value,
            evidence,
            min(reading.confidence, NOT_RAISED),
            False,
            f"{value!r} read {where} does not have this vendor's form "
            f"({' or '.join(mem.patterns) or 'an amount with a label'})",
            _candidate(name, read, evidence, ranked),
        )
    note = (
        ""
        if generic is None or _same(mem.kind, generic, value)
        else (f"; the generic extractor read {generic!r}")
    )
    return FieldRecall(
        name,
        value,
        evidence,
        reading.confidence,
        True,
        f"{value!r} read {where}{' and at its place' if evidence == 'label+place' else ''}" + note,
        _candidate(name, read, evidence, ranked),
    )


def _recall_field(
    name: str, mem: FieldMemory, ctx: PageText, profile: VendorProfile, ranked: Ranked
) -> FieldRecall:
    """The field's value at the first remembered spot that reads one on the page."""
    generic = ranked.best.value if ranked.best is not None else None
    for spot in mem.spots:
        reading = _read_spot(ctx, spot, mem, profile, ranked)
        if reading is None:
            continue
        overruled = _overruled(name, mem, spot, reading, ranked, generic)
        if overruled is not None:
            return overruled
        return _recalled(name, mem, spot, reading, ranked, generic)
    return FieldRecall(
        name,
        None,
        "none",
        0.0,
        True,
        "not found where this vendor prints it"
        + (f" (label {mem.spots[0].label!r})" if mem.spots and mem.spots[0].label else "")
        + "; the extractor's value stands",
    )


def _recall_vendor(match: VendorMatch, ctx: PageText, ranked: Ranked) -> FieldRecall | None:
    profile = match.record.profile
    if not profile.name:
        return None
    printed_line = name_on_page(profile.printed, ctx) if profile.printed else None
    top = ranked.best.score if ranked.best is not None else 0.0
    same = next((c for c in ranked.ranked if c.value == profile.name), None)
    cand = FieldCandidate(
        field="vendor",
        value=profile.name,
        score=top + 1.0,
        page=printed_line.page if printed_line else None,
        bbox=printed_line.bbox if printed_line else None,
        text=printed_line.text if printed_line else "",
        origin=Provenance(
            kind="memory", detail="vendor", tags=("printed",) if printed_line else ()
        ),
        ocr_confidence=printed_line.confidence if printed_line else 1.0,
        char_confidence=printed_line.char_confidence() if printed_line else 1.0,
        label_score=1.0,
        features=dict(same.features) if same is not None else {},
    )
    if printed_line is not None:
        conf, how = VENDOR_PRINTED, f"printed as {printed_line.text!r}"
    elif match.keys:
        conf, how = VENDOR_BY_KEY, f"found by {match.keys[0]}"
    else:
        conf, how = NOT_RAISED, f"found by its page's text ({match.overlap:.0%} of its words)"
    return FieldRecall(
        "vendor", profile.name, "vendor", conf, True, f"vendor #{match.record.id}, {how}", cand
    )


def _tells_layout(mem: FieldMemory) -> bool:
    """Whether missing this field says the vendor's layout changed. A field remembered only
    by unlabelled places, which the extractor read right on the taught invoices, says
    nothing: a receipt grows with its items, so such a place moves on every one (one SROIE
    shop's later receipts all went to review as "layout changed" on its total and date,
    which the extractor read right on every one of them)."""
    return not mem.extractor_right or any(s.label for s in mem.spots)


def recall(extraction: Extraction, document: Document, config: ExtractConfig) -> Recall:
    """Find the document's vendor in the memory and put what it remembers in front of the
    extractor's candidates (in place); what it did is returned for :func:`settle`."""
    t0 = time.perf_counter()
    out = Recall()
    if not config.memory:
        return out
    try:
        memory = open_for_reading(config.memory)
        if not memory.empty:
            ctx = extraction.context
            keys = page_keys(ctx)
            best_reg = extraction.ranked["registration_number"].best
            if best_reg is not None:
                keys.insert(0, f"reg:{best_reg.value}")
            master = master_key(extraction, document.text, config.vendors)
            if master:
                keys.insert(0, master)
            out.match = find_vendor(memory, ctx, keys, page_tokens(ctx))
    except AxocrError as exc:
        out.error = ErrorRecord(code=exc.code, message=str(exc))
        return out
    if out.match is None:
        out.elapsed_ms = round((time.perf_counter() - t0) * 1000, 3)
        return out
    profile = out.match.record.profile
    ctx = extraction.context
    results: dict[str, FieldRecall] = {}
    for name, mem in profile.fields.items():
        if name not in extraction.ranked or not mem.spots:
            continue
        results[name] = _recall_field(name, mem, ctx, profile, extraction.ranked[name])
    taught = [r for name, r in results.items() if _tells_layout(profile.fields[name])]
    missing = [r for r in taught if r.evidence in ("none", "unused")]
    if len(taught) >= 2 and 2 * len(missing) > len(taught):
        out.layout_changed = True
        out.fields = {r.name: r for r in missing}
        out.elapsed_ms = round((time.perf_counter() - t0) * 1000, 3)
        return out
    vendor = _recall_vendor(out.match, ctx, extraction.ranked["vendor"])
    if vendor is not None:
        results["vendor"] = vendor
    for name, r in results.items():
        if r.candidate is None:
            continue
        ranked = extraction.ranked[name]
        rest = [c for c in ranked.ranked if c.value != r.candidate.value]
        extraction.ranked[name] = Ranked(r.candidate, [r.candidate, *rest], 1.0)
    if "total" in results and results["total"].candidate is not None:
        extraction.currency, extraction.currency_source = choose_currency(
            ctx, results["total"].candidate, extraction.language
        )
    fact = profile.fields.get("currency")
    if (
        fact is not None
        and fact.fact
        and extraction.currency_source
        in (
            "language",
            "usual",
            "country",
            "none",
        )
    ):
        extraction.currency, extraction.currency_source = fact.fact, "memory"
        results["currency"] = FieldRecall(
            "currency", fact.fact, "fact", FACT, True, "the vendor's currency, as taught"
        )
    elif fact is not None and fact.fact == extraction.currency:
        results["currency"] = FieldRecall(
            "currency", fact.fact, "fact", FACT, True, "the vendor's currency, as printed"
        )
    out.fields = results
    out.elapsed_ms = round((time.perf_counter() - t0) * 1000, 3)
    return out


def settle(result: InvoiceResult, rec: Recall, threshold: float) -> None:
    """Confidence, findings and review reasons of the fields the memory touched."""
    if rec.error is not None:
        result.errors.append(rec.error)
        if result.status == "ok":
            result.status = "partial"
    if rec.match is None:
        return
    touched: list[str] = []
    for name, r in rec.fields.items():
        f = result.fields.get(name)
        if rec.layout_changed:
            f.findings.append(
                Finding(
                    code="memory_mismatch",
                    field=name,
                    ok=False,
                    message=f"vendor #{rec.vendor_id}'s layout changed: {r.message}; "
                    "the generic extractor's value is kept",
                )
            )
            touched.append(name)
            continue
        if r.evidence in ("none", "unused"):
            # nothing of the memory was used: the field is the generic extractor's, as is
            f.findings.append(
                Finding(
                    code="memory_unused",
                    field=name,
                    ok=True,
                    message=f"vendor #{rec.vendor_id}: {r.message}",
                )
            )
            continue
        if r.ok and f.value is not None and (r.value is None or f.value == r.value):
            f.confidence = (
                max(f.confidence, r.confidence) if r.evidence == "fact" else (r.confidence)
            )
        elif r.value is not None and f.value == r.value:
            f.confidence = min(f.confidence, r.confidence)
        elif r.ok:
            continue  # another stage (the vendor master) changed the value after memory
        else:
            f.confidence = min(f.confidence, r.confidence)
        f.findings.append(
            Finding(
                code="memory" if r.ok else "memory_mismatch",
                field=name,
                ok=r.ok,
                message=f"vendor #{rec.vendor_id}: {r.message}",
            )
        )
        touched.append(name)
    findings = [x for n in FIELD_NAMES for x in result.fields.get(n).findings]
    reasons = [x for x in result.review_reasons if x.split(":", 1)[0] not in touched]
    for name in touched:
        f = result.fields.get(name)
        field_reasons = review_field(name, f, findings, threshold)
        f.needs_review = bool(field_reasons)
        if name in MAIN_FIELDS:
            reasons.extend(f"{name}:{x}" for x in field_reasons)
        elif f.value is not None:
            reasons.extend(f"{name}:{x}" for x in field_reasons if x != "low_confidence")
    if rec.layout_changed:
        reasons.append("memory_mismatch")
    result.review_reasons = reasons
    result.needs_review = bool(reasons)
