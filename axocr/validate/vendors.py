"""Vendor master: match the extracted vendor to a list of known vendors, and know when unsure.

Identifiers decide first (the Japanese registration number, a VAT id), because they are printed
exactly and are unique. Names are compared on a *match key*: legal forms folded away
(株式会社 = (株) = ㈱ = nothing, Limited = Ltd = nothing), spaces and punctuation dropped, and
the characters OCR confuses with each other written as one (small and large kana ュ/ユ ッ/ツ,
バ/パ/ハ, カ/力, 0/O, 1/l/I, 5/S, 8/B, rn/m). A confusion therefore costs nothing, a dropped
character little, a cut-off end of the name less; a character replaced by one OCR does not
mistake for it (東/西, 下/田) is what tells two companies apart, so a name that differs from a
vendor in such a character is never accepted as that vendor.

A name is accepted only when its score clears :data:`MATCH_THRESHOLD` *and* beats the best
other vendor by :data:`MATCH_MARGIN`: a name that fits two vendors equally well goes to a person.

Lookups are fast at any size: the match keys are computed once, a character-bigram index picks
the few hundred vendors that share most of the query's bigrams, rapidfuzz ranks those in C++,
and only the best twenty are scored in detail (about 1 ms at 100,000 vendors).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from axocr.errors import VendorMasterError
from axocr.lang.labels import CORE_LEGAL_FORMS, FORM_FAMILIES, LEGAL_SPELLINGS
from axocr.types import ExtractedField, Finding, is_cjk

# A name scoring this (0-100) or more against a vendor can be accepted as that vendor ...
MATCH_THRESHOLD = 85.0
# ... when no other vendor comes within this many points of it. Measured with
# benchmarks/vendor_matching.py: 8 points keeps accepted matches right on near-twin masters
# (東日本/西日本) while still accepting most misread names.
MATCH_MARGIN = 8.0

# Legal forms, from the locale packs (axocr/lang/*.toml): other spellings -> the form, and the
# forms a name's core is without.
_LEGAL_VARIANTS: list[tuple[re.Pattern[str], str]] = LEGAL_SPELLINGS
_LEGAL_WORDS = CORE_LEGAL_FORMS
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_VAT = re.compile(r"\b([A-Z]{2}\s?[0-9A-Z][0-9A-Z .]{6,14}[0-9A-Z])\b")

# --- what OCR confuses ---------------------------------------------------------------------
# Each group is written as its first character in a match key. Kept to confusions recognisers
# really make on print (seen in this project's OCR output and the voucher study), so
# that two real names are not folded together by accident.
_CONFUSION_GROUPS = (
    # Latin and digits (after casefolding)
    "o0",
    "l1ij|!",
    "s5",
    "b8",
    "z2",
    # small and large kana
    "アァ",
    "イィ",
    "ウゥ",
    "エェ工",
    "オォ",
    "ツッ",
    "ヤャ",
    "ユュ",
    "ヨョ",
    "ワヮ",
    "カヵ力",
    "ケヶ",
    "あぁ",
    "いぃ",
    "うぅ",
    "えぇ",
    "おぉ",
    "つっ",
    "やゃ",
    "ゆゅ",
    "よょ",
    "わゎ",
    # katakana / kanji / hiragana look-alikes
    "ロ口",
    "ニ二",
    "ハ八",
    "ト卜",
    "タ夕",
    "ヘへ",
    "リり",
    "ー一",
    "シツ",
    "ソン",
    "ミ三",
    "事亊",
    "日曰",
    "己已巳",
    "土士",
    "末未",
    "人入",
    "千干",
)


def _confusion_table(groups: Sequence[str]) -> dict[int, str]:
    """One representative per class; groups that share a character are one class (ッ is
    confused with ツ, and ツ with シ, so all three are written as one)."""
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        while parent.setdefault(ch, ch) != ch:
            ch = parent[ch]
        return ch

    for group in groups:
        for ch in group[1:]:
            parent[find(ch)] = find(group[0])
    return {ord(ch): find(ch) for ch in parent if find(ch) != ch}


_CONFUSION = _confusion_table(_CONFUSION_GROUPS)
# Substitutions OCR makes on Latin print often enough to be forgiven at a cost, but that are
# not folded away because they do tell some names apart.
_WEAK_PAIRS = frozenset(
    frozenset(p) for p in ("ce", "ao", "un", "hb", "ft", "gq", "vy", "rt", "cg")
)
# Applied after the single-character folding, so "cit" (c, i read as l) and "clt" agree.
_MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"))


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


# Legal forms as canonical_name spells them, with their family (from the locale packs): two
# names whose forms are of different families (Ltd / GmbH, 株式会社 / 合同会社) name different
# companies. "co" belongs to none: it is part of many forms ("GmbH & Co. KG", "Co., Ltd.").
_FORM_FAMILIES: dict[str, str] = FORM_FAMILIES
_JA_FORMS = tuple(f for f in _FORM_FAMILIES if any(is_cjk(c) for c in f))


# Combining marks: the accents of Latin letters and the (han)dakuten of kana after NFD.
_MARKS = dict.fromkeys([*range(0x300, 0x370), 0x3099, 0x309A])


def _fold(text: str) -> str:
    """Dakuten and accents dropped, OCR's confusions written one way."""
    text = unicodedata.normalize("NFD", text).translate(_MARKS)
    text = unicodedata.normalize("NFC", text).translate(_CONFUSION)
    for a, b in _MULTI:
        text = text.replace(a, b)
    return text


def _form_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    family: dict[str, str] = {}
    ja: set[str] = set()
    for form in _JA_FORMS:
        # OCR drops a character of a legal form, or reads 社 as 杜: 株会社, 株式会杜.
        spellings = {form, form.replace("社", "杜")}
        spellings |= (
            {form[:i] + form[i + 1 :] for i in range(len(form))} if len(form) == 4 else set()
        )
        for spelling in spellings:
            family[_fold(spelling)] = _FORM_FAMILIES[form]
            ja.add(_fold(spelling))
    latin: set[str] = set()
    for form, fam in _FORM_FAMILIES.items():
        if form in _JA_FORMS:
            continue
        spellings = {form}
        # "Berhod", "Limitcd", "Sdn Bbd", "Berhd": a weak confusion in a form, or a dropped
        # letter in a long one
        if len(form) >= 5 and " " not in form:
            spellings |= {form[:i] + form[i + 1 :] for i in range(1, len(form))}
        if len(form) >= 3:
            for i, ch in enumerate(form):
                for pair in _WEAK_PAIRS:
                    if ch in pair:
                        (other,) = pair - {ch}
                        spellings.add(form[:i] + other + form[i + 1 :])
        for spelling in spellings:
            family.setdefault(_fold(spelling), fam)
            latin.add(_fold(spelling))
    by_length = sorted(latin, key=len, reverse=True)
    forms = re.compile(
        "|".join(sorted(ja, key=len, reverse=True))
        + r"|\b(?:"
        + "|".join(re.escape(f) for f in by_length)
        + r")\b"
    )
    # The end of a line cut inside a legal form: "... Sdn. Bh", "日東産業株式".
    # Three letters at least: "Tan Chee Li" ends in a name, not in a cut "Limited".
    prefixes = {f[:i] for f in by_length for i in range(3, len(f)) if " " not in f[:i]}
    cut = {f[:i] for f in _JA_FORMS for i in range(2, len(f))} | {"株"}
    partial = re.compile(
        r"(?:\s(?:"
        + "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        + r")|(?:"
        + "|".join(_fold(c) for c in sorted(cut, key=len, reverse=True))
        + r"))$"
    )
    return forms, partial, family


_FORMS, _PARTIAL_FORM, _FAMILY = _form_patterns()


@lru_cache(maxsize=4096)
def _folded_name(name: str) -> str:
    # cached: a master's name is folded for its key and for its legal forms
    return _fold(canonical_name(name))


def legal_forms(name: str) -> frozenset[str]:
    """The families of the legal forms written in a name ("kk" for 株式会社 and ㈱)."""
    found = (_FAMILY.get(m.group(0), "") for m in _FORMS.finditer(_folded_name(name)))
    return frozenset(f for fams in found for f in fams.split("|") if f)


def ends_in_legal_form(name: str) -> bool:
    """ "... Sdn Bhd", "... 株式会社": the name was not cut off at the end of a line."""
    folded = _folded_name(name)
    return any(m.end() == len(folded) for m in _FORMS.finditer(folded))


def match_key(name: str) -> str:
    """The form two names are compared in: the name without its legal form (even a misread or
    cut-off one) and spaces, dakuten and accents dropped, and OCR's confusions written one way
    ("ｶﾞｽ" and "カス", "B0OK" and "book", "Lirnited" and "Limited")."""
    folded = _folded_name(name)
    core = _FORMS.sub(" ", folded).strip()
    shorter = _PARTIAL_FORM.sub("", core).strip()
    if len(shorter.replace(" ", "")) >= 2:
        core = shorter
    return core.replace(" ", "") or folded.replace(" ", "")


def canonical_id(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", value)).upper()


def _is_cjk_key(key: str) -> bool:
    return any(ord(ch) >= 0x3000 for ch in key)


@dataclass(frozen=True)
class KeyComparison:
    """How a query's match key compares with a vendor's."""

    score: float  # 0..100
    distinct: int  # characters replaced by ones OCR does not confuse them with
    truncated: bool  # the query is the vendor's name with its end cut off
    legal_conflict: bool = False  # both name a legal form, and not the same one


def compare_keys(query: str, target: str, *, may_be_cut: bool = True) -> KeyComparison:
    """Score a query key against a vendor key; confusions are already folded into both.

    ``may_be_cut``: the query may be the vendor's name with its end cut off (false when the
    query ends in a legal form: a cut line does not end in one).
    """
    if query == target:
        return KeyComparison(100.0, 0, False)
    if not query or not target:
        return KeyComparison(0.0, 0, False)
    cost = 0.0
    distinct = 0
    trailing = 0
    dropped: list[str] = []  # characters of the query the vendor's name does not have
    added: list[str] = []  # and the other way round
    for tag, src, dest in reversed(Levenshtein.editops(query, target).as_list()):
        # A block of insertions at the very end: the query stops where the name goes on.
        if tag == "insert" and src == len(query) and not added:
            trailing += 1
        elif tag == "replace":
            dropped.append(query[int(src)])
            added.append(target[int(dest)])
        elif tag == "delete":
            dropped.append(query[int(src)])
        else:
            added.append(target[int(dest)])
    # A deletion and an insertion are a replacement made in two steps ("runx"/"roux" aligns
    # either way): pair them up, so that a character swapped for one OCR does not confuse
    # with it is always seen.
    pairs = min(len(dropped), len(added))
    for a, b in zip(dropped[:pairs], added[:pairs], strict=True):
        if frozenset((a, b)) in _WEAK_PAIRS:
            cost += 0.5
        else:
            # Counts double, so that a twin (東日本/西日本) is not a close runner-up of the
            # name it is not.
            cost += 2.0
            distinct += 1
    cost += 0.8 * (len(dropped) + len(added) - 2 * pairs)
    shortest = 3 if _is_cjk_key(target) else 5
    truncated = may_be_cut and bool(trailing) and len(query) >= max(shortest, 0.5 * len(target))
    cost += trailing * (0.25 if truncated else 1.0)
    score = 100.0 * max(0.0, 1.0 - cost / max(len(query), len(target)))
    return KeyComparison(round(score, 1), distinct, truncated)


@dataclass(frozen=True)
class VendorRecord:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    registration_number: str | None = None
    vat_id: str | None = None


@dataclass(frozen=True)
class VendorMatch:
    """The vendor a name (or an identifier) points to, and whether that can be trusted.

    ``accepted`` is the verdict; ``reason`` says why: ``registration_number`` / ``vat_id``
    (an identifier on the page), ``exact`` (same match key), ``clear_margin`` (close and well
    ahead of every other vendor); not accepted: ``distinct_character`` (differs in a character
    OCR does not confuse), ``legal_form_differs`` (株式会社 on the page, 合同会社 in the
    master), ``ambiguous`` (another vendor scores within the margin), ``low_score``.
    """

    vendor: VendorRecord
    score: float  # 0..100
    method: str  # registration_number / vat_id / name
    accepted: bool = True
    reason: str = ""
    runner_up: VendorRecord | None = None
    runner_up_score: float | None = None
    query: str = ""
    closest: tuple[tuple[VendorRecord, float], ...] = ()


@dataclass
class VendorMaster:
    vendors: list[VendorRecord]
    _by_id: dict[str, VendorRecord] = field(default_factory=dict)
    _keys: list[str] = field(default_factory=list)
    _owner: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    _exact: dict[str, list[int]] = field(default_factory=dict)
    _postings: dict[str, np.ndarray] = field(default_factory=dict)
    _forms: list[frozenset[str]] = field(default_factory=list)

    # Below this many names every name is ranked by rapidfuzz (under a millisecond); above it
    # the bigram index picks the candidates first.
    SCAN_ALL = 4000
    CANDIDATES = 300
    DETAILED = 20

    def __post_init__(self) -> None:
        owners: list[int] = []
        grams: dict[str, list[int]] = {}
        for vi, v in enumerate(self.vendors):
            for ident in (v.registration_number, v.vat_id):
                if ident:
                    self._by_id[canonical_id(ident)] = v
            forms = legal_forms(v.name)
            seen: set[str] = set()
            for name in (v.name, *v.aliases):
                key = match_key(name)
                if not key or key in seen:
                    continue
                seen.add(key)
                entry = len(self._keys)
                self._keys.append(key)
                self._forms.append(forms)
                owners.append(vi)
                self._exact.setdefault(key, []).append(entry)
                for g in _grams(key):
                    grams.setdefault(g, []).append(entry)
        self._owner = np.asarray(owners, dtype=np.int32)
        self._postings = {g: np.asarray(e, dtype=np.int32) for g, e in grams.items()}

    def by_identifier(self, value: str) -> VendorRecord | None:
        return self._by_id.get(canonical_id(value))

    def _candidate_entries(self, key: str) -> list[int]:
        if len(self._keys) <= self.SCAN_ALL:
            found = process.extract(
                key, self._keys, scorer=fuzz.ratio, limit=self.DETAILED, score_cutoff=30
            )
            return [i for _, _, i in found] + self._exact.get(key, [])
        lists = [self._postings[g] for g in set(_grams(key)) if g in self._postings]
        if not lists:
            return self._exact.get(key, [])
        counts = np.bincount(np.concatenate(lists), minlength=len(self._keys))
        take = min(self.CANDIDATES, len(counts) - 1)
        top = np.argpartition(-counts, take)[:take]
        pool = [int(i) for i in top if counts[i] > 0]
        found = process.extract(
            key,
            [self._keys[i] for i in pool],
            scorer=fuzz.ratio,
            limit=self.DETAILED,
            score_cutoff=30,
        )
        return [pool[i] for _, _, i in found] + self._exact.get(key, [])

    def match_name(self, text: str) -> VendorMatch | None:
        """The vendor this name most likely is, with the verdict; None when no vendor shares
        anything with it."""
        if not text.strip():
            return None
        key = match_key(text)
        if not key:
            return None
        forms = legal_forms(text)
        may_be_cut = not ends_in_legal_form(text)
        best_by_vendor: dict[int, tuple[float, KeyComparison]] = {}
        for entry in self._candidate_entries(key):
            cmp = compare_keys(key, self._keys[entry], may_be_cut=may_be_cut)
            score = cmp.score
            # Both name a legal form and they differ (株式会社 / 合同会社, Ltd / GmbH): another
            # company of the same name (a sister company abroad), not a misread: OCR drops a
            # legal form, it does not write another one.
            if forms and self._forms[entry] and not forms & self._forms[entry]:
                cmp = KeyComparison(cmp.score, cmp.distinct, cmp.truncated, legal_conflict=True)
                score = max(0.0, score - 15.0)
            vi = int(self._owner[entry])
            held = best_by_vendor.get(vi)
            if held is None or score > held[0]:
                best_by_vendor[vi] = (score, cmp)
        if not best_by_vendor:
            return None
        ranked = sorted(best_by_vendor.items(), key=lambda kv: -kv[1][0])
        vi, (score, cmp) = ranked[0]
        runner = ranked[1] if len(ranked) > 1 else None
        runner_score = runner[1][0] if runner else None
        if cmp.distinct:
            accepted, reason = False, "distinct_character"
        elif cmp.legal_conflict:
            accepted, reason = False, "legal_form_differs"
        elif score < MATCH_THRESHOLD:
            accepted, reason = False, "low_score"
        elif runner_score is not None and score - runner_score < MATCH_MARGIN:
            accepted, reason = False, "ambiguous"
        else:
            accepted, reason = True, "exact" if score == 100.0 else "clear_margin"
        return VendorMatch(
            vendor=self.vendors[vi],
            score=score,
            method="name",
            accepted=accepted,
            reason=reason,
            runner_up=self.vendors[runner[0]] if runner else None,
            runner_up_score=runner_score,
            query=text,
            closest=tuple((self.vendors[i], s) for i, (s, _) in ranked[:3]),
        )

    def match(
        self, names: Sequence[str], page_text: str, registration: str | None
    ) -> VendorMatch | None:
        """Identifiers on the page first, then the best name among the extractor's candidates."""
        if registration:
            v = self.by_identifier(registration)
            if v is not None:
                return VendorMatch(v, 100.0, "registration_number", reason="registration_number")
        normalized = unicodedata.normalize("NFKC", page_text)
        for m in _VAT.finditer(normalized):
            v = self.by_identifier(m.group(1))
            if v is not None:
                return VendorMatch(v, 100.0, "vat_id", reason="vat_id")
        best: VendorMatch | None = None
        best_rank_score = -1.0
        for rank, name in enumerate(names):
            found = self.match_name(name)
            if found is None:
                continue
            # The extractor's first choice is preferred when two candidates match about
            # equally; an accepted match beats any that is not.
            rank_score = found.score - 2.0 * rank + (1000.0 if found.accepted else 0.0)
            if best is None or rank_score > best_rank_score:
                best, best_rank_score = found, rank_score
        return best


def _grams(key: str) -> list[str]:
    if len(key) < 3:
        return list(key)
    return [key[i : i + 2] for i in range(len(key) - 1)]


# --- reading a master ----------------------------------------------------------------------

_FIELDS = ("id", "name", "aliases", "registration_number", "vat_id")


def _split_aliases(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(a.strip() for a in re.split(r"[|;]", value) if a.strip())


def _record(raw: dict[str, object], where: str, path: str) -> VendorRecord:
    name = str(raw.get("name") or "").strip()
    ident = str(raw.get("id") or "").strip()
    if not name or not ident:
        raise VendorMasterError(f"{where}: every vendor needs an id and a name", path=path)
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
    """Read a vendor master: CSV (UTF-8 with or without BOM, or Shift_JIS/CP932 as Excel saves
    it on Japanese Windows), JSON, or SQLite (a ``vendors`` table). Raises
    :class:`VendorMasterError` naming the file and the line of the first problem."""
    p = Path(path)
    if not p.is_file():
        raise VendorMasterError("vendor master not found", path=str(p))
    return _load_cached(str(p.resolve()), p.stat().st_mtime)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> VendorMaster:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise VendorMasterError(f"cannot read vendor master: {exc}", path=path) from exc
    if data.startswith(b"SQLite format 3\x00"):
        records = _read_sqlite(path)
    elif p.suffix.lower() == ".json":
        records = _read_json(_decode(data, path), path)
    else:
        records = _read_csv(_decode(data, path), path)
    seen: dict[str, str] = {}
    for r in records:
        if r.id in seen:
            raise VendorMasterError(f"vendor id {r.id!r} is used twice", path=path)
        seen[r.id] = r.name
    return VendorMaster(records)


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp932")
    errors: list[UnicodeDecodeError] = []
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            errors.append(exc)
    # The last encoding tried is the most lenient: where it fails is where the file is broken
    # (a Shift_JIS file fails as UTF-8 at its first kanji, which is no fault).
    error = errors[-1]
    line = data[: error.start].count(b"\n") + 1
    raise VendorMasterError(
        f"line {line}: not UTF-8 or Shift_JIS/CP932 text (byte {error.start})", path=path
    ) from error


def _read_json(text: str, path: str) -> list[VendorRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise VendorMasterError(f"line {exc.lineno}: not valid JSON: {exc.msg}", path=path) from exc
    items = data.get("vendors", data) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise VendorMasterError("a JSON vendor master is a list of vendors", path=path)
    records = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise VendorMasterError(f"entry {i}: not an object", path=path)
        records.append(_record(item, f"entry {i}", path))
    return records


def _read_csv(text: str, path: str) -> list[VendorRecord]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[VendorRecord] = []
    try:
        header = next(reader, None)
        if header is None:
            raise VendorMasterError("the file is empty", path=path)
        columns = [h.strip().casefold() for h in header]
        missing = [c for c in ("id", "name") if c not in columns]
        if missing:
            raise VendorMasterError(
                f"line 1: the header needs the columns id and name (found: {', '.join(header)})",
                path=path,
            )
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise VendorMasterError(
                    f"line {reader.line_num}: {len(row)} fields where the header has "
                    f"{len(columns)} (a comma inside a name needs quotes)",
                    path=path,
                )
            raw = {c: v for c, v in zip(columns, row, strict=True) if c in _FIELDS}
            records.append(_record(dict(raw), f"line {reader.line_num}", path))
    except csv.Error as exc:
        raise VendorMasterError(f"line {reader.line_num}: {exc}", path=path) from exc
    return records


def _read_sqlite(path: str) -> list[VendorRecord]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            cols = [r[1] for r in con.execute("PRAGMA table_info(vendors)")]
            if "id" not in cols or "name" not in cols:
                raise VendorMasterError(
                    "a SQLite vendor master needs a table vendors with columns id and name",
                    path=path,
                )
            wanted = [c for c in _FIELDS if c in cols]
            rows = con.execute(f"SELECT {', '.join(wanted)} FROM vendors").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise VendorMasterError(f"cannot read the SQLite vendor master: {exc}", path=path) from exc
    return [
        _record(dict(zip(wanted, row, strict=True)), f"row {i}", path)
        for i, row in enumerate(rows, 1)
    ]


def write_vendor_sqlite(records: Iterable[VendorRecord], path: str | Path) -> None:
    """Write vendors to a SQLite master (the form for big masters)."""
    con = sqlite3.connect(str(path))
    try:
        con.execute("DROP TABLE IF EXISTS vendors")
        con.execute(
            "CREATE TABLE vendors (id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, "
            "registration_number TEXT, vat_id TEXT)"
        )
        con.executemany(
            "INSERT INTO vendors VALUES (?, ?, ?, ?, ?)",
            ((r.id, r.name, "|".join(r.aliases), r.registration_number, r.vat_id) for r in records),
        )
        con.commit()
    finally:
        con.close()


# --- the vendor field of a result ----------------------------------------------------------


def describe_match(match: VendorMatch) -> str:
    """One line for a finding: the verdict, the score, the runner-up and the reason."""
    text = f"{match.vendor.id} ({match.vendor.name}) by {match.method}, score {match.score:.0f}"
    if match.runner_up is not None and match.runner_up_score is not None:
        text += (
            f"; runner-up {match.runner_up.id} ({match.runner_up.name}) {match.runner_up_score:.0f}"
        )
    return f"{text}; {match.reason}"


def apply_vendor_master(
    vendor: ExtractedField,
    names: Sequence[str],
    page_text: str,
    registration: str | None,
    master_path: str,
) -> Finding:
    """Look the vendor up in the master; an accepted match sets ``vendor_id`` and replaces
    the printed name by the master's (the printed one stays in ``text``)."""
    master = load_vendor_master(master_path)
    match = master.match(names, page_text, registration)
    if match is not None:
        vendor.match_score = round(match.score, 1)
    if match is not None and match.accepted:
        vendor.vendor_id = match.vendor.id
        if vendor.value != match.vendor.name:
            vendor.text = vendor.text or vendor.value
            vendor.value = match.vendor.name
            vendor.rule = f"{vendor.rule}+master:{match.method}"
            if vendor.provenance is not None:
                vendor.provenance = vendor.provenance.tagged(f"master:{match.method}")
        return Finding(
            code="vendor_unknown",
            field="vendor",
            ok=True,
            message=f"matched {describe_match(match)}",
            data={"vendor": match.vendor.name, "method": match.method},
        )
    data = {"vendor": vendor.value or ""}
    if match is None:
        message = "not in the vendor master (no vendor shares a name with it)"
    else:
        closest = ", ".join(f"{v.name} {s:.0f}" for v, s in match.closest)
        message = f"not accepted: {describe_match(match)}; closest: {closest}"
        data |= {"closest": match.vendor.name, "score": f"{match.score:.0f}"}
    return Finding(code="vendor_unknown", field="vendor", ok=False, message=message, data=data)
