"""Where one invoice ends and the next begins, in a file that holds several.

Each page after the first is weighed as the start of a new invoice from what it prints:
page numbering ("Page 1/2" restarting is strong evidence, "Seite 2 von 3" continuing is strong
evidence against), its invoice number against the current invoice's, a document title near its
top, its vendor against the current invoice's, and whether the page before closed with a total.
A clear score splits; a score near the threshold splits or merges as the evidence leans but
marks the boundary *doubtful*, which the caller turns into a review reason: a file is never cut
or merged silently on weak evidence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from axocr.config import ExtractConfig
from axocr.extract.extractor import extract_candidates
from axocr.lang.labels import (
    BARE_PAGE_NO,
    DOCUMENT_TITLES,
    ITEM_CARRIED,
    PAGE_ALONE,
    PAGE_OF_COUNT,
)
from axocr.types import Document, Page

SPLIT_AT = 2.5  # score from which a page starts a new invoice
DOUBT_FROM = 2.0  # from here up to CLEAR the decision is doubtful (a review reason)
CLEAR = 3.5  # score from which a start is sure


@dataclass
class PageSignals:
    index: int
    page_no: tuple[int, int | None] | None = None
    number: str | None = None
    number_sure: bool = False  # found beside a strong label, not a stray "Nr. 10a"
    vendor: str | None = None
    title: bool = False
    total: bool = False
    # "次頁へ繰越", "Carried forward": the page's table goes on overleaf; "前頁より繰越",
    # "Übertrag": it goes on from the page before.
    carries_on: bool = False
    carried_in: bool = False


@dataclass
class Segment:
    """Pages (0-based, inclusive) of one invoice and why it starts where it does."""

    first: int
    last: int
    reasons: list[str] = field(default_factory=list)
    doubtful: bool = False
    score: float = 0.0


@dataclass
class Boundary:
    page: int
    score: float
    reasons: list[str]


def page_number(page: Page) -> tuple[int, int | None] | None:
    """The printed page number of a page, with the page count when printed ("2/3")."""
    for line in page.lines:
        text = line.text
        m = PAGE_OF_COUNT.search(text) or (BARE_PAGE_NO.match(text) if len(text) <= 12 else None)
        if m:
            n, of = int(m.group(1)), int(m.group(2))
            if 1 <= n <= of <= 500:
                return n, of
    for line in page.lines:
        m = PAGE_ALONE.search(line.text)
        if m and len(line.text) <= 20:
            return int(m.group(1)), None
    return None


def page_signals(document: Document, config: ExtractConfig | None = None) -> list[PageSignals]:
    out: list[PageSignals] = []
    for page in document.pages:
        sig = PageSignals(page.index, page_number(page))
        if not page.lines:
            out.append(sig)
            continue
        single = document.model_copy(update={"pages": [page], "page_count": 1})
        ext = extract_candidates(single, config, line_items=False)
        number = ext.ranked["invoice_number"].best
        if number is not None and number.origin.kind != "unlabelled":
            sig.number = number.value
            sig.number_sure = number.score >= 0.75
        vendor = ext.ranked["vendor"].best
        if vendor is not None and vendor.score >= 0.8:
            sig.vendor = vendor.value
        total = ext.ranked["total"].best
        sig.total = total is not None and total.origin.kind != "unlabelled"
        sig.title = any(
            DOCUMENT_TITLES.search(line.text) and line.bbox.y0 < 0.35 for line in page.lines
        )
        carried = [line for line in page.lines if ITEM_CARRIED.search(line.text)]
        sig.carried_in = any(line.bbox.y0 < 0.35 for line in carried)
        sig.carries_on = any(line.bbox.y0 >= 0.35 for line in carried)
        out.append(sig)
    return out


def _same_number(a: str, b: str) -> bool:
    return re.sub(r"[\s#]", "", a).casefold() == re.sub(r"[\s#]", "", b).casefold()


def boundary_score(
    prev: PageSignals, page: PageSignals, current_number: str | None, current_vendor: str | None
) -> Boundary:
    score = 0.0
    reasons: list[str] = []
    if page.page_no is not None:
        n, _ = page.page_no
        if n == 1:
            score += 3.0
            reasons.append("page numbering restarts")
        else:
            score -= 3.0
            reasons.append(f"page {n} continues")
            if prev.page_no is not None and prev.page_no[0] == n - 1:
                score -= 1.0
    elif (
        prev.page_no is not None
        and prev.page_no[1] is not None
        and prev.page_no[0] < (prev.page_no[1])
    ):
        score -= 2.0
        reasons.append("the page before said more pages follow")
    if page.number is not None and current_number is not None:
        if _same_number(page.number, current_number):
            score -= 2.0
            reasons.append("same invoice number")
        else:
            score += 2.5 if page.number_sure else 1.5
            reasons.append(f"new invoice number {page.number}")
    elif page.number is not None:
        score += 0.5
        reasons.append(f"invoice number {page.number}")
    if page.title:
        score += 1.0
        reasons.append("a title at the top")
    if page.vendor is not None and current_vendor is not None:
        if fuzz.ratio(page.vendor.casefold(), current_vendor.casefold()) < 80:
            score += 1.0
            reasons.append(f"another vendor ({page.vendor})")
        else:
            score -= 0.5
    if prev.carries_on or page.carried_in:
        score -= 3.0
        reasons.append("a sum carried over from the page before")
    elif prev.total:
        score += 0.5
        reasons.append("the page before ends with a total")
    return Boundary(page.index, score, reasons)


def find_segments(document: Document, config: ExtractConfig | None = None) -> list[Segment]:
    """The invoices of a document as page ranges; one segment for a one-page document."""
    pages = document.pages
    if len(pages) <= 1:
        return [Segment(pages[0].index if pages else 0, pages[-1].index if pages else 0)]
    sigs = page_signals(document, config)
    segments = [Segment(sigs[0].index, sigs[0].index)]
    number, vendor = sigs[0].number, sigs[0].vendor
    for prev, sig in itertools.pairwise(sigs):
        b = boundary_score(prev, sig, number, vendor)
        doubtful = DOUBT_FROM <= b.score < CLEAR
        if b.score >= SPLIT_AT:
            segments.append(Segment(sig.index, sig.index, b.reasons, doubtful, b.score))
            number, vendor = sig.number, sig.vendor
        else:
            segments[-1].last = sig.index
            if doubtful:
                # a weak start that was merged: the invoice it joined needs a look
                segments[-1].doubtful = True
                segments[-1].reasons.append(f"page {sig.index + 1} may start another invoice")
            number = number or sig.number
            vendor = vendor or sig.vendor
    return segments
