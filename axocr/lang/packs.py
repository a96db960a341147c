"""Locale packs: what axocr knows about one language, read from ``axocr/lang/<code>.toml``.

A pack holds words, not code: field labels with their strengths, block markers, titles, month
names, legal forms, detection words, the Tesseract code. :func:`load_packs` reads and checks
every pack; ``axocr.lang.labels`` compiles them into the lexicons and patterns the extractor
uses. Adding a language is adding a file (docs/architecture.md, "Add a language").

What belongs to a *script* rather than a language stays in code: word boundaries apply to
Latin text and not to CJK text (a pattern with a CJK character is matched without them), and
Japanese is told from other languages by its kana, not by words.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from axocr.errors import LocalePackError
from axocr.types import KATAKANA

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# The fields a pack may label, and the pseudo-fields for labels of other things that contain
# a field's label ("Total Qty", "Subtotal"), in the order the label lexicon lists them.
LabelKey = Literal[
    "total",
    "subtotal",
    "tax",
    "invoice_date",
    "due_date",
    "invoice_number",
    "registration_number",
    "purchase_order",
    "ignore",
    "paid",
    "change",
    "rounding",
    "deposit",
]
LABEL_KEYS: tuple[LabelKey, ...] = get_args(LabelKey)


def _check_patterns(values: list[str]) -> list[str]:
    for value in values:
        try:
            re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {value!r} ({exc})") from exc
    return values


# Regex fragments (Python ``re`` syntax, matched case-insensitively), checked as they load.
Patterns = Annotated[list[str], AfterValidator(_check_patterns)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LabelGroup(_Model):
    """Labels of one field that share a strength."""

    strength: float = Field(gt=0, le=1)
    texts: list[str] = Field(min_length=1)


class Detect(_Model):
    """Words that count for the language when the page's language is guessed."""

    words: list[str] = []
    weight: float = Field(1.0, gt=0, le=1)
    fallback: bool = Field(
        False,
        description="the language of a page in Latin letters on which no pack's words are seen "
        "often enough to tell (one pack at most)",
    )


class LegalForms(_Model):
    """Legal forms as regex fragments: ``anywhere`` without word boundaries (CJK), ``words``
    as words anywhere in a name, ``at_end`` only at the end of a name (short forms that are
    ordinary words too: "AG", "SA")."""

    part_of_name: bool = True
    anywhere: Patterns = []
    words: Patterns = []
    at_end: Patterns = []
    # For the vendor master, on names as it writes them (casefolded, no dots): the forms
    # dropped to get a name's core, other spellings of a form (pattern -> form, applied in
    # order), and each form's family (names of different families are different companies).
    core_drop: Patterns = []
    spellings: dict[str, str] = {}
    families: dict[str, str] = {}
    # Forms, as printed, that OCR misreads a letter of at a name's end ("SDN RHD", "SON BHD",
    # "Llmited"): read with one letter wrong a word, they are mended (one word: 6 letters up).
    misread: list[str] = []

    @field_validator("spellings")
    @classmethod
    def _spelling_patterns(cls, value: dict[str, str]) -> dict[str, str]:
        _check_patterns(list(value))
        return value


class Markers(_Model):
    """Regex fragments for the things a name is told apart by (blocks, titles, tills), and
    the words that put a tax's base before its amount ("MwSt. 19 % von 30,40  5,78")."""

    customer: Patterns = []
    customer_headings: Patterns = []
    seller: Patterns = []
    payee: Patterns = []
    payee_phrases: Patterns = []
    customer_name: Patterns = []
    name_labels: Patterns = []
    legal_notices: Patterns = []
    payment_terms: Patterns = []
    trade_prefixes: Patterns = []
    branch_words: Patterns = []
    operator_phrases: Patterns = []
    patron_thanks: Patterns = []
    day_first: Patterns = []
    currency: Patterns = []
    document_titles: Patterns = []
    title_joiners: Patterns = []
    remittance_titles: Patterns = []
    numbered_titles: Patterns = []
    number_words: Patterns = []
    title_qualifiers: Patterns = []
    invoice_titles: Patterns = []
    receipt_titles: Patterns = []
    till_tender: Patterns = []
    till_change: Patterns = []
    service_charges: Patterns = []
    tax_base: Patterns = []
    page_words: Patterns = []
    page_of: Patterns = []
    sentence_after: Patterns = []
    name_particles: Patterns = []


class Address(_Model):
    """Regex fragments of address lines: ``words`` as words, ``street_suffixes`` before a
    house number, ``marks`` anywhere."""

    words: Patterns = []
    street_suffixes: Patterns = []
    marks: Patterns = []
    # Whole addresses of a country that writes dates month first (a US state and ZIP code),
    # matched case-sensitively.
    month_first: Patterns = []


class LineItems(_Model):
    """Regex fragments of item tables: column headers per role (see docs/architecture.md),
    the words that combine across packs into compound headers, and the rows that end a
    table, carry a sum forward, adjust it or say what a line includes."""

    tax_words: Patterns = []
    amount_words: Patterns = []
    price_words: Patterns = []
    incl_words: Patterns = []
    gross_words: Patterns = []
    tax_amount: Patterns = []
    tax_base: Patterns = []
    unit_price: Patterns = []
    amount_gross: Patterns = []
    amount: Patterns = []
    tax_rate: Patterns = []
    discount: Patterns = []
    description: Patterns = []
    quantity: Patterns = []
    unit: Patterns = []
    price: Patterns = []
    position: Patterns = []
    code: Patterns = []
    totals: Patterns = []
    headings: Patterns = []
    carried: Patterns = []
    adjustments: Patterns = []
    included: Patterns = []
    net_sums: Patterns = []


class Spelling(_Model):
    """Plain words (not patterns) that OCR's misreadings are checked against."""

    katakana_words: list[str] = Field(
        [],
        description="katakana words common in business names; a name's katakana that OCR "
        "read with one voicing mark or one kana's size wrong is spelled as these words "
        "(normalize/kana.py)",
    )

    @field_validator("katakana_words")
    @classmethod
    def _katakana_only(cls, value: list[str]) -> list[str]:
        for word in value:
            if not re.fullmatch(f"[{KATAKANA}]+", word):
                raise ValueError(f"katakana_words: {word!r} is not katakana")
        return value


class LocalePack(_Model):
    code: str = Field(pattern=r"^[a-z]{2,3}$", description="ISO 639 code, as in the file name")
    name: str
    order: int = Field(description="packs are taken in this order where the order matters")
    tesseract: str = Field(pattern=r"^[a-z_]+$", description="Tesseract traineddata name")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    country_hints: Patterns = Field([], description="words that place a page in `currency`")
    detect: Detect = Detect()
    months: list[list[str]] = []
    legal_forms: LegalForms = LegalForms()
    markers: Markers = Markers()
    address: Address = Address()
    line_items: LineItems = LineItems()
    spelling: Spelling = Spelling()
    labels: dict[LabelKey, list[LabelGroup]] = {}

    @model_validator(mode="after")
    def _hints_need_a_currency(self) -> LocalePack:
        if self.country_hints and not self.currency:
            raise ValueError("country_hints: they name a currency, and the pack has none")
        return self

    @field_validator("months")
    @classmethod
    def _twelve_months(cls, value: list[list[str]]) -> list[list[str]]:
        if value and len(value) != 12:
            raise ValueError(f"12 lists of names, January first (got {len(value)})")
        return value


@dataclass(frozen=True)
class _Source:
    name: str
    text: str


def _pack_sources(directory: Path | None) -> list[_Source]:
    if directory is not None:
        files = sorted(directory.glob("*.toml"))
        return [_Source(str(f), f.read_text(encoding="utf-8")) for f in files]
    root = resources.files("axocr.lang")
    found = sorted((r for r in root.iterdir() if r.name.endswith(".toml")), key=lambda r: r.name)
    return [_Source(f"axocr/lang/{r.name}", r.read_text(encoding="utf-8")) for r in found]


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def parse_pack(name: str, text: str) -> LocalePack:
    """One pack from its TOML text; errors name the file and the key."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LocalePackError(f"locale pack is not valid TOML: {exc}", path=name) from exc
    try:
        pack = LocalePack.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise LocalePackError(f"malformed locale pack: {problems}", path=name) from exc
    stem = Path(name).stem
    if pack.code != stem:
        raise LocalePackError(
            f"malformed locale pack: code: {pack.code!r} differs from the file name {stem!r}",
            path=name,
        )
    return pack


def load_packs(directory: Path | None = None) -> tuple[LocalePack, ...]:
    """Every pack in ``directory`` (default: the packs shipped in ``axocr/lang``), by order."""
    packs = [parse_pack(src.name, src.text) for src in _pack_sources(directory)]
    if not packs:
        where = directory or "axocr/lang"
        raise LocalePackError("no locale packs (*.toml)", path=str(where))
    fallbacks = [p.code for p in packs if p.detect.fallback]
    if len(fallbacks) > 1:
        raise LocalePackError(
            f"[detect] fallback: one pack at most, not {', '.join(sorted(fallbacks))}",
            path=str(directory or "axocr/lang"),
        )
    return tuple(sorted(packs, key=lambda p: (p.order, p.code)))


@lru_cache(maxsize=1)
def shipped_packs() -> tuple[LocalePack, ...]:
    """The packs that ship with axocr, read once."""
    return load_packs()


def languages() -> tuple[str, ...]:
    """The codes of the shipped packs, in pack order."""
    return tuple(p.code for p in shipped_packs())


def tesseract_codes() -> dict[str, str]:
    """axocr's language codes to Tesseract's traineddata names."""
    return {p.code: p.tesseract for p in shipped_packs()}
