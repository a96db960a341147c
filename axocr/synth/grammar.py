"""A layout grammar: an invoice page as a combination of block choices, and families drawn
from it.

A :class:`FamilySpec` fixes one choice per dimension (header, where the seller and customer
boxes go, which reference numbers and dates sit beside the invoice number, the table style, the
totals block, footer, remittance slip, pages, seal); a :class:`Family` adds a vendor identity
(name, address, fonts, label wording, number scheme, formats). Documents of a family change
only their values. Why a grammar: hand-drawn layouts teach an extractor sixteen pages; the
failures on unseen invoices come from combinations nobody drew (a customer box above the
seller, a GLN glued to a name, a payment-terms sentence where a name is expected).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace
from math import prod

from axocr.synth.content import Party
from axocr.synth.family_content import (
    Adjustments,
    FamilyContent,
    FamilyLanguage,
    compute_money,
    fill_scheme,
    gs1_check,
    number_scheme,
    random_customer,
    random_dates,
    random_iban,
    random_items,
    random_refs,
    random_vendor,
)
from axocr.synth.family_europe import digits
from axocr.synth.family_italy import (
    ItalianVendor,
    credit_note_wording,
    italian_bank,
    italian_content,
    italian_vendor,
)
from axocr.synth.family_labels import family_wording

# Every option of every dimension; the order is part of the seed contract (do not reorder).
HEADERS = (
    "name_left",
    "name_right",
    "name_centre",
    "wordmark_left",
    "wordmark_right",
    "wordmark_centre",
    "gln_name",
)
PARTIES = ("customer_below", "customer_right", "customer_above", "window", "seller_footer")
REF_STYLES = ("column", "grid", "strip")
REF_SETS = ("number_only", "customer_order", "delivery_gln", "all_refs", "vat_iban")
DATE_SETS = ("issue", "issue_due", "issue_delivery", "all_dates")
TABLES = ("grid", "rules", "zebra", "plain", "positions")
TOTALS = ("plain", "discount", "freight", "discount_freight", "deposit")
TOTALS_PLACES = ("right", "in_table", "left_box")
FOOTERS = ("bank_terms", "columns", "terms_only", "terms_top")
SEALS = ("none", "over_name", "beside_name")

_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "header": HEADERS,
    "parties": PARTIES,
    "ref_style": REF_STYLES,
    "ref_set": REF_SETS,
    "date_set": DATE_SETS,
    "table": TABLES,
    "totals": TOTALS,
    "totals_place": TOTALS_PLACES,
    "footer": FOOTERS,
    "seal": SEALS,
    "multi_rate": ("no", "yes"),
    "credit_note": ("no", "yes"),
    "remittance": ("no", "yes"),
    "pages": ("1", "2"),
}


def dimension_options(language: FamilyLanguage) -> dict[str, tuple[str, ...]]:
    """The grammar per language: seals are Japanese, credit notes are not drawn in Japanese
    (赤伝 conventions differ too much to fake), VAT/IBAN references are European."""
    dims = dict(_DIMENSIONS)
    if language != "ja":
        dims["seal"] = ("none",)
    else:
        dims["credit_note"] = ("no",)
        dims["ref_set"] = tuple(r for r in REF_SETS if r != "vat_iban")
    return dims


def grammar_size(language: FamilyLanguage) -> int:
    """How many distinct layout combinations the grammar yields for ``language``."""
    return prod(len(v) for v in dimension_options(language).values())


@dataclass(frozen=True)
class FamilySpec:
    """One combination of block choices: a layout family's skeleton."""

    header: str
    parties: str
    ref_style: str
    ref_set: str
    date_set: str
    table: str
    totals: str
    totals_place: str
    footer: str
    seal: str
    multi_rate: str
    credit_note: str
    remittance: str
    pages: str

    def key(self) -> str:
        return "/".join(getattr(self, f.name) for f in fields(self))

    @property
    def adjustments(self) -> Adjustments:
        return Adjustments(
            multi_rate=self.multi_rate == "yes",
            discount="discount" in self.totals,
            freight="freight" in self.totals,
            deposit=self.totals == "deposit",
        )


@dataclass(frozen=True)
class Family:
    """A spec plus one vendor's identity: what stays the same from one document to the next."""

    id: str
    language: FamilyLanguage
    spec: FamilySpec
    vendor: Party
    currency: str
    font: str
    size: float
    accent: tuple[int, int, int]
    wording: dict[str, str]
    date_fmt: str
    amount_fmt: str
    scheme: str
    due_eom: bool
    vendor_gln: str
    iban: str
    bic: str
    bank: str
    seed: int
    italian: ItalianVendor | None = None  # the issuer's register details, Italian pages only


def family_specs(language: FamilyLanguage, count: int, seed: int) -> list[FamilySpec]:
    """``count`` distinct specs. Each dimension runs through fresh shuffles of its options, one
    after another, so every option appears once ``count`` reaches the dimension's size, and
    each dimension is shuffled apart from the others: no two choices always come together
    (a measurement could not tell a deposit line from a customer box on the right otherwise)."""
    dims = dimension_options(language)
    if count > grammar_size(language):
        raise ValueError(f"the {language} grammar has only {grammar_size(language)} families")
    rng = random.Random(f"{seed}/specs/{language}")
    columns: dict[str, list[str]] = {}
    for name, opts in dims.items():
        column: list[str] = []
        while len(column) < count:
            column += rng.sample(opts, len(opts))
        columns[name] = column[:count]
    specs: list[FamilySpec] = []
    seen: set[str] = set()
    for i in range(count):
        spec = FamilySpec(**{name: column[i] for name, column in columns.items()})
        while spec.key() in seen:  # rare: redraw the whole combination
            spec = FamilySpec(**{name: rng.choice(opts) for name, opts in dims.items()})
        seen.add(spec.key())
        specs.append(spec)
    return specs


_BANKS: dict[FamilyLanguage, tuple[str, ...]] = {
    "en": ("Barclays", "HSBC", "First National Bank", "Westpac", "Lloyds Bank"),
    "de": ("Commerzbank", "Deutsche Bank", "Sparkasse KölnBonn", "Volksbank", "Postbank"),
    "fr": ("BNP Paribas", "Crédit Agricole", "Société Générale", "LCL"),
    "nl": ("ING Bank", "Rabobank", "ABN AMRO", "Triodos Bank"),
    "ja": ("みずほ銀行 本店営業部", "三菱UFJ銀行 新宿支店", "三井住友銀行 梅田支店", "りそな銀行"),
}


def _fonts(language: FamilyLanguage, dejavu: bool) -> tuple[str, ...]:
    if language == "ja":
        return ("gothic", "gothic", "mincho")
    return ("helvetica", "times", "dejavu", "dejavucond") if dejavu else ("helvetica", "times")


def make_family(
    family_id: str, language: FamilyLanguage, spec: FamilySpec, seed: int, *, dejavu: bool
) -> Family:
    """The vendor identity of one family, decided by ``seed``."""
    from axocr.synth.family_labels import amount_formats, date_formats

    rng = random.Random(f"{seed}/family/{family_id}")
    italian: ItalianVendor | None = None
    if language == "it":
        vendor, italian = italian_vendor(rng)
        currency = "EUR"
    else:
        vendor, currency = random_vendor(rng, language)
    font = rng.choice(_fonts(language, dejavu))
    latin1 = font in ("helvetica", "times", "courier")
    country = {"fr": "FR", "nl": "NL"}.get(language, "DE")
    family = Family(
        id=family_id,
        language=language,
        spec=spec,
        vendor=vendor,
        currency=currency,
        font=font,
        size=round(rng.uniform(8.5, 10.0), 1),
        accent=rng.choice(((232, 232, 232), (220, 232, 245), (234, 244, 230), (248, 238, 224))),
        wording=family_wording(rng, language),
        date_fmt=rng.choice(date_formats(language, currency)),
        amount_fmt=rng.choice(amount_formats(language, currency, latin1)),
        scheme=number_scheme(rng, language),
        due_eom=rng.random() < 0.4,
        vendor_gln=gs1_check({"ja": "45", "it": "80"}.get(language, "43") + digits(rng, 10)),
        iban="",
        bic="",
        bank="",
        seed=seed,
        italian=italian,
    )
    # drawn last and in this order: the seed contract of the other languages' families
    if italian is not None:
        iban, bic, bank = italian_bank(rng, italian)
    else:
        iban = random_iban(rng, country)
        bic = f"{rng.choice(('COBA', 'DEUT', 'GENO', 'HYVE', 'SSKM'))}{country}{digits(rng, 2)}XXX"
        bank = rng.choice(_BANKS[language])
    family = replace(family, iban=iban, bic=bic, bank=bank)
    if italian is not None and spec.credit_note == "yes":
        # credit notes run in a numbering series of their own: NC-2025-0012, not FT-
        scheme = family.scheme.replace("FT", "NC")
        family = replace(family, wording=credit_note_wording(family.wording), scheme=scheme)
    return family


def family_content(family: Family, index: int) -> FamilyContent:
    """Document ``index`` of ``family``: new customer, numbers, dates, items and amounts."""
    if family.italian is not None:
        return italian_content(family, index)
    rng = random.Random(f"{family.seed}/doc/{family.id}/{index}")
    spec = family.spec
    count = rng.randint(34, 46) if spec.pages == "2" else rng.randint(2, 7)
    items = random_items(rng, family.language, family.currency, count, spec.multi_rate == "yes")
    return FamilyContent(
        language=family.language,
        currency=family.currency,
        vendor=family.vendor,
        customer=random_customer(rng, family.language, family.currency),
        invoice_number=fill_scheme(rng, family.scheme),
        dates=random_dates(rng, family.language, family.due_eom),
        refs=random_refs(rng, family.language, family.vendor_gln),
        items=items,
        money=compute_money(rng, items, family.currency, spec.adjustments),
        iban=family.iban,
        bic=family.bic,
        bank=family.bank,
    )
