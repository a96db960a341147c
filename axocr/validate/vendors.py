"""Vendor master: match the extracted vendor to a list of known vendors.

Identifiers decide first (the Japanese registration number, a VAT id), because they are printed
exactly and are unique; names are compared after legal forms are folded to one spelling
(株式会社 = (株) = ㈱, Limited = Ltd, ...), with rapidfuzz so that OCR errors still match.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from axocr.errors import VendorMasterError

MATCH_THRESHOLD = 85.0
# What two names have left once the words they share, and that several vendors of the master
# use ("hardware", "trading", "stationery"), are set aside may differ by OCR slips, about one
# character in four at most: "LJAN HING" for "LIAN HING" is one edit; "HON HWA HARDWARE
# TRADING" scores 86 against "YONG TAT HARDWARE TRADING" as whole names, and 88 against
# "SOON HUAT HARDWARE TRADING", but "hon hwa" is 4 edits from "soon huat".
DISTINCT_EDITS = 0.25

_LEGAL_VARIANTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\(株\)|（株）|㈱"), "株式会社"),
    (re.compile(r"\(有\)|（有）|㈲"), "有限会社"),
    (re.compile(r"\(同\)|（同）"), "合同会社"),
    (re.compile(r"\blimited\b"), "ltd"),
    (re.compile(r"\bincorporated\b"), "inc"),
    (re.compile(r"\bcorporation\b"), "corp"),
    (re.compile(r"\bcompany\b"), "co"),
    (re.compile(r"\bprivate\b"), "pvt"),
    (re.compile(r"\bgesellschaft mit beschränkter haftung\b"), "gmbh"),
    (re.compile(r"\bsendirian berhad\b"), "sdn bhd"),
    (re.compile(r"\bberhad\b"), "bhd"),
]
_LEGAL_WORDS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|"
    r"\b(ltd|inc|llc|llp|plc|corp|co|pvt|pty|gmbh|mbh|ag|kg|ohg|ug|sarl|sas|sa|bv|nv|"
    r"sdn bhd|bhd|pte|srl|spa|oy|ab|kk)\b"
)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_VAT = re.compile(r"\b([A-Z]{2}\s?[0-9A-Z][0-9A-Z .]{6,14}[0-9A-Z])\b")


def canonical_name(name: str) -> str:
    """Casefolded, punctuation-free, legal forms spelled one way."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace(".", "").replace(",", " ")
    for pattern, repl in _LEGAL_VARIANTS:
        text = pattern.sub(repl, text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def core_name(name: str) -> str:
    """The name without its legal form: "Acme Ltd" and "ACME Limited" both give "acme"."""
    text = _LEGAL_WORDS.sub(" ", canonical_name(name))
    return " ".join(text.split())


def canonical_id(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", value)).upper()


@dataclass(frozen=True)
class VendorRecord:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    registration_number: str | None = None
    vat_id: str | None = None


@dataclass(frozen=True)
class VendorMatch:
    vendor: VendorRecord
    score: float  # 0..100
    method: str  # registration_number / vat_id / name


@dataclass
class VendorMaster:
    vendors: list[VendorRecord]
    _by_id: dict[str, VendorRecord] = field(default_factory=dict)
    _common_words: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        vendors_using: dict[str, int] = {}
        for v in self.vendors:
            for ident in (v.registration_number, v.vat_id):
                if ident:
                    self._by_id[canonical_id(ident)] = v
            words = {w for name in (v.name, *v.aliases) for w in core_name(name).split()}
            for w in words:
                vendors_using[w] = vendors_using.get(w, 0) + 1
        self._common_words = frozenset(w for w, n in vendors_using.items() if n >= 2)

    def _distinct_score(self, core: str, other: str) -> float | None:
        """Similarity of the two names without the common words they share, when that part
        differs by more than OCR slips; None when it does not (or they share none)."""
        a, b = core.split(), other.split()
        shared = set(a) & set(b) & self._common_words
        if not shared:
            return None
        rest_a = " ".join(w for w in a if w not in shared)
        rest_b = " ".join(w for w in b if w not in shared)
        allowed = max(1.0, DISTINCT_EDITS * max(len(rest_a), len(rest_b)))
        if Levenshtein.distance(rest_a, rest_b) <= allowed:
            return None
        return float(fuzz.ratio(rest_a, rest_b))

    def by_identifier(self, value: str) -> VendorRecord | None:
        return self._by_id.get(canonical_id(value))

    def match_name(self, text: str) -> VendorMatch | None:
        if not text.strip():
            return None
        full, core = canonical_name(text), core_name(text)
        best: VendorMatch | None = None
        for v in self.vendors:
            for name in (v.name, *v.aliases):
                other = core_name(name)
                score = max(
                    fuzz.ratio(full, canonical_name(name)),
                    fuzz.ratio(core, other) if core and other else 0.0,
                )
                distinct = self._distinct_score(core, other)
                if distinct is not None:
                    score = min(score, distinct)
                if best is None or score > best.score:
                    best = VendorMatch(v, float(score), "name")
        return best

    def match(self, names: list[str], page_text: str, registration: str | None) -> VendorMatch | None:
        """Identifiers on the page first, then the best name among the extractor's candidates."""
        if registration:
            v = self.by_identifier(registration)
            if v is not None:
                return VendorMatch(v, 100.0, "registration_number")
        normalized = unicodedata.normalize("NFKC", page_text)
        for m in _VAT.finditer(normalized):
            v = self.by_identifier(m.group(1))
            if v is not None:
                return VendorMatch(v, 100.0, "vat_id")
        best: VendorMatch | None = None
        for rank, name in enumerate(names):
            found = self.match_name(name)
            if found is None:
                continue
            # The extractor's first choice is preferred when two candidates match about equally.
            adjusted = VendorMatch(found.vendor, found.score - 2.0 * rank, found.method)
            if best is None or adjusted.score > best.score:
                best = adjusted
        return best


def _split_aliases(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(a.strip() for a in re.split(r"[|;]", value) if a.strip())


def _record(raw: dict[str, object], where: str) -> VendorRecord:
    name = str(raw.get("name") or "").strip()
    ident = str(raw.get("id") or "").strip()
    if not name or not ident:
        raise VendorMasterError(f"{where}: every vendor needs an id and a name")
    aliases_raw = raw.get("aliases")
    aliases = (
        tuple(str(a) for a in aliases_raw)
        if isinstance(aliases_raw, list)
        else _split_aliases(str(aliases_raw) if aliases_raw else None)
    )
    reg = str(raw.get("registration_number") or "").strip() or None
    vat = str(raw.get("vat_id") or "").strip() or None
    return VendorRecord(ident, name, aliases, reg, vat)


def load_vendor_master(path: str | Path) -> VendorMaster:
    p = Path(path)
    if not p.is_file():
        raise VendorMasterError("vendor master not found", path=str(p))
    return _load_cached(str(p.resolve()), p.stat().st_mtime)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> VendorMaster:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise VendorMasterError(f"cannot read vendor master: {exc}", path=path) from exc
    except UnicodeDecodeError as exc:
        # Japanese Excel saves CSV as Shift_JIS unless told "CSV UTF-8".
        raise VendorMasterError(
            f"vendor master is not UTF-8 text (byte {exc.start}); save it as UTF-8 "
            "(Excel: 'CSV UTF-8'), not Shift_JIS or another local encoding",
            path=path,
        ) from exc
    records: list[VendorRecord] = []
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(text)
            items = data.get("vendors", data) if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise VendorMasterError("JSON vendor master must be a list", path=path)
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    raise VendorMasterError(f"entry {i} is not an object", path=path)
                records.append(_record(item, f"entry {i}"))
        else:
            for i, row in enumerate(csv.DictReader(text.splitlines()), start=2):
                records.append(_record(dict(row), f"line {i}"))
    except (json.JSONDecodeError, csv.Error) as exc:
        raise VendorMasterError(f"cannot parse vendor master: {exc}", path=path) from exc
    return VendorMaster(records)
