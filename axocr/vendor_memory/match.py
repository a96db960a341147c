"""Which remembered vendor, if any, a page comes from.

Candidates come from the page's keys (registration number, VAT or tax id, vendor-master id)
and from its rare words; each is then judged on three signals: a key in common, the share of
the vendor's fixed words that the page prints (``overlap``), and whether the vendor's name as
printed is on the page. Where that name is known it must be on the page, with a key or
enough shared words: a key alone is not enough (an invoice can print its customer's VAT id,
a chain's branches share one company's tax id), nor are shared words (two vendors using one
invoicing program share its headings). Only a vendor whose name was never seen printed is
found by a key and shared words, or by nearly all of its words.
"""

from __future__ import annotations

from dataclasses import dataclass

from axocr.errors import AxocrError
from axocr.extract.context import PageText
from axocr.extract.extractor import Extraction
from axocr.validate.vendors import MATCH_THRESHOLD, load_vendor_master
from axocr.vendor_memory.page import line_keys, name_on_page
from axocr.vendor_memory.store import VendorMemory, VendorRecord

# Thresholds on the share of a vendor's fixed words found on the page. In the benchmark
# (benchmarks/memory.py: synthetic families, zugferd, SROIE shops) a vendor's later pages
# print 0.40-1.00 of them (5th percentile 0.61, median 0.77); the most similar taught vendor
# of an untaught page 0.06-1.00 (median 0.43: same template, or a chain's other branch), so
# the share alone never decides when a name is known.
WITH_KEY_AND_NAME = 0.2
WITH_KEY_OR_NAME = 0.4
ALONE = 0.8


@dataclass(frozen=True)
class VendorMatch:
    record: VendorRecord
    keys: list[str]
    overlap: float
    name_printed: bool

    @property
    def how(self) -> str:
        parts = [k.split(":", 1)[0] for k in self.keys[:1]]
        if self.name_printed:
            parts.append("name")
        parts.append(f"text {self.overlap:.2f}")
        return ", ".join(parts)


def overlap(vendor_tokens: frozenset[str], page: frozenset[str]) -> float:
    if not vendor_tokens:
        return 0.0
    return len(vendor_tokens & page) / len(vendor_tokens)


def find_vendor(
    memory: VendorMemory, ctx: PageText, keys: list[str], tokens: frozenset[str]
) -> VendorMatch | None:
    """The remembered vendor this page is from, or None."""
    by_key = memory.find_by_keys(keys)
    by_words = memory.find_by_tokens(tokens, limit=4)
    lines = line_keys(ctx)
    best: VendorMatch | None = None
    for vid in list(dict.fromkeys([*by_key, *by_words]))[:6]:
        matched_keys = by_key.get(vid, [])
        if not matched_keys and by_words.get(vid, 0) < 2:
            continue  # one rare word in common is chance
        record = memory.get(vid)
        if record is None:
            continue
        share = overlap(record.tokens, tokens)
        if share < (WITH_KEY_AND_NAME if matched_keys else WITH_KEY_OR_NAME):
            continue  # not enough in common whatever the name says
        printed = record.profile.printed
        named = bool(printed) and name_on_page(printed or "", ctx, lines) is not None
        # A vendor whose printed name is known but not on the page is another one with the
        # same template (a chain's branch sharing the company's GST id, a program's layout).
        if printed:
            ok = named and (bool(matched_keys) or share >= WITH_KEY_OR_NAME)
        else:
            ok = (bool(matched_keys) and share >= WITH_KEY_OR_NAME) or share >= ALONE
        if not ok:
            continue
        cand = VendorMatch(record, matched_keys, share, named)
        if best is None or _rank(cand) > _rank(best):
            best = cand
    return best


def _rank(m: VendorMatch) -> tuple[int, float]:
    return (int(bool(m.keys)) + int(m.name_printed), m.overlap)


def master_key(extraction: Extraction, text: str, vendors: str | None) -> str | None:
    """``master:<id>`` of the vendor-master entry the page matches, when a master is given."""
    if not vendors:
        return None
    try:
        master = load_vendor_master(vendors)
    except AxocrError:
        return None  # the extraction itself reports an unreadable master
    names = [c.value for c in extraction.ranked["vendor"].ranked[:5]]
    reg = extraction.ranked["registration_number"].best
    m = master.match(names, text, reg.value if reg else None)
    return f"master:{m.vendor.id}" if m is not None and m.score >= MATCH_THRESHOLD else None
