"""Country data and identities of the Italian grammar families: company names with their legal
forms, addresses with the province, partite IVA, codici fiscali and IBANs with valid check
characters, the REA and share-capital details a company must print (art. 2250 c.c.), items
at 22, 10 and 4 % IVA, and per-year invoice numbering.

Kept apart from :mod:`axocr.synth.family_europe`: Italian pages carry more identity than the
German, French and Dutch ones (tax codes of both parties, the recipient's SDI code or PEC),
and the other languages' random streams must not move when Italian is added.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from stdnum import luhn
from stdnum.it import codicefiscale

from axocr.synth.content import LineItem, Party
from axocr.synth.family_content import (
    Dates,
    FamilyContent,
    Refs,
    compute_money,
    gs1_check,
    iban_of,
)
from axocr.synth.family_europe import digits

if TYPE_CHECKING:
    from axocr.synth.grammar import Family

STANDARD = Decimal("0.22")


@dataclass(frozen=True)
class City:
    caps: tuple[str, ...]
    name: str
    province: str  # sigla, printed in brackets after the town
    office: str  # ISTAT province code: digits 8-10 of a partita IVA registered there
    prefix: str  # telephone area code
    belfiore: str  # cadastral code: a person's codice fiscale names the birthplace with it


CITIES = (
    City(("20121", "20124", "20135", "20159"), "Milano", "MI", "015", "02", "F205"),
    City(("00185", "00144", "00198", "00153"), "Roma", "RM", "058", "06", "H501"),
    City(("10121", "10128", "10144"), "Torino", "TO", "001", "011", "L219"),
    City(("50123", "50127", "50142"), "Firenze", "FI", "048", "055", "D612"),
    City(("80133", "80142", "80126"), "Napoli", "NA", "063", "081", "F839"),
    City(("40121", "40127", "40132"), "Bologna", "BO", "037", "051", "A944"),
    City(("16121", "16149"), "Genova", "GE", "010", "010", "D969"),
    City(("37121", "37135"), "Verona", "VR", "023", "045", "L781"),
    City(("25121", "25124"), "Brescia", "BS", "017", "030", "B157"),
    City(("24121", "24126"), "Bergamo", "BG", "016", "035", "A794"),
    City(("35131", "35127"), "Padova", "PD", "028", "049", "G224"),
    City(("70122", "70126"), "Bari", "BA", "072", "080", "A662"),
    City(("36100",), "Vicenza", "VI", "024", "0444", "L840"),
    City(("41121", "41126"), "Modena", "MO", "036", "059", "F257"),
    City(("59100",), "Prato", "PO", "100", "0574", "G999"),
    City(("90133", "90141"), "Palermo", "PA", "082", "091", "G273"),
)

SURNAMES = (
    "Rossi",
    "Bianchi",
    "Ferrari",
    "Esposito",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Costa",
    "Fontana",
    "Moretti",
    "Lombardi",
    "Barbieri",
)
# (first name, female): a person's codice fiscale adds 40 to a woman's day of birth
FIRST_NAMES = (
    ("Mario", False),
    ("Luca", False),
    ("Marco", False),
    ("Giuseppe", False),
    ("Alessandro", False),
    ("Giulia", True),
    ("Francesca", True),
    ("Chiara", True),
    ("Sara", True),
    ("Anna", True),
)
PLACES = ("Adriatica", "Tirrena", "Padana", "Lombarda", "Ligure", "Euganea", "Appenninica")
# name first: "Rossi Forniture"
SECTORS = (
    "Forniture",
    "Arredamenti",
    "Impianti",
    "Informatica",
    "Imballaggi",
    "Trasporti",
    "Elettroforniture",
    "Distribuzione",
    "Ufficio",
    "Alimentari",
)
# trade first: "Tipografia Bianchi"
TRADES = (
    "Tipografia",
    "Ferramenta",
    "Officina Meccanica",
    "Autotrasporti",
    "Idraulica",
    "Cartoleria",
    "Torrefazione",
    "Carpenteria",
)
# each form as the families spell it; partnerships name a partner ("di Rossi Mario & C.")
FORMS: dict[str, tuple[str, ...]] = {
    "srl": ("S.r.l.", "S.r.l.", "Srl", "SRL", "s.r.l."),
    "spa": ("S.p.A.", "S.p.A.", "SpA"),
    "snc": ("S.n.c.", "snc"),
    "sas": ("S.a.s.", "sas"),
    "srls": ("S.r.l.s.", "Srls"),
}
FORM_KEYS = ("srl", "spa", "snc", "sas", "srls")
FORM_WEIGHTS = (6, 2, 2, 1, 1)  # most small businesses are S.r.l.
STREETS = (
    "Via Garibaldi",
    "Via Roma",
    "Corso Vittorio Emanuele II",
    "Piazza del Duomo",
    "Viale Monza",
    "Via Giuseppe Mazzini",
    "Via Cavour",
    "Via dell'Industria",
    "Via dell'Artigianato",
    "Via Leonardo da Vinci",
    "Corso Italia",
    "Viale Europa",
    "Via XX Settembre",
    "Via IV Novembre",
    "Piazza della Repubblica",
    "Via Nazionale",
)
# (name, BIC, ABI): the ABI is the bank's code inside an Italian IBAN
BANKS = (
    ("Intesa Sanpaolo", "BCITITMM", "03069"),
    ("UniCredit", "UNCRITMM", "02008"),
    ("Banco BPM", "BAPPIT21", "05034"),
    ("BPER Banca", "BPMOIT22", "05387"),
    ("Banca Monte dei Paschi di Siena", "PASCITMM", "01030"),
    ("Crédit Agricole Italia", "CRPPIT2P", "06230"),
    ("Banca Popolare di Sondrio", "POSOIT22", "05696"),
    ("Banca Sella", "SELBIT2B", "03268"),
)


@dataclass(frozen=True)
class Article:
    code: str
    description: str
    uom: str  # unità di misura
    lo: int
    hi: int
    rate: Decimal


def _a(code: str, desc: str, uom: str, lo: int, hi: int, pct: int = 22) -> Article:
    return Article(code, desc, uom, lo, hi, Decimal(pct) / 100)


# Bottled water and coffee are taxed at 22 % in Italy; pasta, oil, milk and books at 4 %,
# biscuits, sugar and catering at 10 %.
ARTICLES = (
    _a("CF-A480", "Carta per fotocopie A4 80 g/m²", "conf", 3, 9),
    _a("TN-0150", "Toner nero compatibile", "pz", 40, 140),
    _a("MAN-ORA", "Manodopera tecnico specializzato", "ore", 35, 65),
    _a("CONS-GG", "Consulenza informatica", "gg", 350, 800),
    _a("SW-CAN", "Canone assistenza software annuale", "nr", 200, 1800),
    _a("SED-ERG", "Sedia ergonomica da ufficio", "pz", 150, 480),
    _a("VT-4X40", "Viti autofilettanti 4x40 (conf. 100 pz)", "conf", 6, 25),
    _a("FG16-325", "Cavo FG16OR16 3G2,5", "m", 1, 4),
    _a("EPAL-01", "Bancale EPAL 800x1200", "pz", 12, 30),
    _a("CAF-1KG", "Caffè in grani 1 kg", "pz", 12, 28),
    _a("ACQ-615", "Acqua minerale naturale 6x1,5 l", "conf", 2, 6),
    _a("FORM-SIC", "Corso di formazione sicurezza sul lavoro", "nr", 150, 600),
    _a("SC-403030", "Scatole in cartone 40x30x30", "pz", 1, 3),
    _a("PAS-5KG", "Pasta di semola di grano duro 5 kg", "conf", 6, 15, 4),
    _a("OLIO-5L", "Olio extravergine di oliva 5 l", "pz", 30, 60, 4),
    _a("LAT-12", "Latte UHT parzialmente scremato 12 x 1 l", "conf", 10, 18, 4),
    _a("LIB-0042", "Manuale tecnico di impiantistica (libro)", "pz", 30, 90, 4),
    _a("BISC-1K", "Biscotti frollini 1 kg", "conf", 4, 9, 10),
    _a("ZUC-1K", "Zucchero semolato 1 kg", "conf", 1, 2, 10),
    _a("CAT-PAX", "Servizio catering (a persona)", "nr", 18, 45, 10),
)
ARTICLE_BY_DESCRIPTION = {a.description: a for a in ARTICLES}


@dataclass(frozen=True)
class ItalianVendor:
    """What an Italian issuer prints besides name and address, the same on every invoice."""

    vat: str  # partita IVA, 11 digits
    rea: str  # "MI-1234567": the province's companies register and the entry
    capital: Decimal | None  # share capital, fully paid; partnerships declare none
    pec: str  # certified e-mail address, "" where the header prints none
    city: str
    legal_in_footer: bool  # REA and capital in a footer line, else under the address
    due_days: int  # 30, 60 or 90 days, from the invoice date or to the month's end after it
    courtesy_copy: bool  # the PDF states it is a copy of the e-invoice sent through SDI
    conai: bool  # the packaging-levy line of goods invoices
    bic11: bool  # BIC printed with its branch code "XXX"


def partita_iva(rng: random.Random, city: City) -> str:
    """Seven digits of the company, the province office, and the Luhn check digit."""
    body = f"{rng.randint(1, 9_999_999):07d}{city.office}"
    return body + luhn.calc_check_digit(body)


def codice_fiscale(rng: random.Random, surname: str, first: str, female: bool, city: City) -> str:
    """A person's 16-character tax code: surname and name letters, birth date and place, and
    the check letter."""

    def letters(word: str, first_name: bool) -> str:
        w = "".join(ch for ch in word.upper() if ch.isalpha())
        cons = [ch for ch in w if ch not in "AEIOU"]
        vowels = [ch for ch in w if ch in "AEIOU"]
        if first_name and len(cons) >= 4:
            cons = [cons[0], cons[2], cons[3]]
        return ("".join(cons + vowels) + "XXX")[:3]

    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 50 * 365))
    day = born.day + (40 if female else 0)
    body = (
        f"{letters(surname, False)}{letters(first, True)}{born.year % 100:02d}"
        f"{'ABCDEHLMPRST'[born.month - 1]}{day:02d}{city.belfiore}"
    )
    return body + str(codicefiscale.calc_check_digit(body))


# The CIN of an Italian account (the letter after the IBAN check digits) weighs characters at
# odd positions by this table, as the codice fiscale's check letter does.
_ODD = (
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
)


def cin(bban: str) -> str:
    """The national check letter over ABI (5), CAB (5) and account number (12)."""
    total = 0
    for i, ch in enumerate(bban.upper()):
        v = int(ch) if ch.isdigit() else ord(ch) - ord("A")
        total += _ODD[v] if i % 2 == 0 else v
    return chr(ord("A") + total % 26)


def italian_iban(rng: random.Random, abi: str, grouped: bool) -> str:
    account = f"{abi}{rng.randint(1000, 99999):05d}{'0000' + digits(rng, 8)}"
    raw = iban_of("IT", cin(account) + account)
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)) if grouped else raw


def _phone(rng: random.Random, city: City) -> str:
    # a national number has 9 to 10 digits, area code included
    sub = digits(rng, 10 - len(city.prefix))
    style = rng.randrange(4)
    if style == 0:
        half = len(sub) // 2
        return f"+39 {city.prefix} {sub[:half]} {sub[half:]}"
    return f"{city.prefix}{('-', '/', ' ')[style - 1]}{sub}"


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalpha())[:16]


def _address(rng: random.Random, city: City) -> tuple[str, str]:
    number = str(rng.randint(1, 180)) + ("/" + rng.choice("AB") if rng.random() < 0.1 else "")
    street = rng.choice(STREETS)
    line1 = f"{street}, {number}" if rng.random() < 0.5 else f"{street} {number}"
    cap = rng.choice(city.caps)
    sep = " - " if rng.random() < 0.25 else " "
    return line1, f"{cap}{sep}{city.name} ({city.province})"


def _company(rng: random.Random) -> tuple[str, str, str]:
    """(name, core, form key): "Rossi Forniture S.r.l.", "Tipografia Bianchi di Bianchi
    Luca & C. S.n.c."."""
    pattern = rng.randrange(4)
    surname = rng.choice(SURNAMES)
    if pattern == 0:
        core = f"{surname} {rng.choice(SECTORS)}"
    elif pattern == 1:
        core = f"{rng.choice(TRADES)} {surname}"
    elif pattern == 2:
        core = f"{rng.choice(PLACES)} {rng.choice(SECTORS)}"
    else:
        core = f"Fratelli {surname}"
    key = rng.choices(FORM_KEYS, FORM_WEIGHTS)[0]
    form = rng.choice(FORMS[key])
    partner = ""
    if key in ("snc", "sas") and pattern == 1:
        first = rng.choice(FIRST_NAMES)[0]
        partner = f" di {surname} {first} & C."
    return f"{core}{partner} {form}", core, key


def italian_vendor(rng: random.Random) -> tuple[Party, ItalianVendor]:
    """An issuer: a company registered in its city, with the details it must print."""
    city = rng.choice(CITIES)
    name, core, form = _company(rng)
    if rng.random() < 0.2:
        name = name.upper()  # many ERPs keep the registry's capitals
    vat = partita_iva(rng, city)
    slug = _slug(core)
    party = Party(
        name,
        (core,),
        _address(rng, city),
        _phone(rng, city),
        f"{rng.choice(('info', 'amministrazione', 'fatture'))}@{slug}.it",
        vat_id=vat,
    )
    # the Milan and Rome registers have reached seven digits, the others six
    if city.province in ("MI", "RM"):
        entry = rng.randint(1_000_000, 2_699_999)
    else:
        entry = rng.randint(100_000, 599_999)
    capital = {
        "srl": Decimal(rng.choice((10_000, 10_000, 20_000, 50_000, 100_000))),
        "srls": Decimal(rng.choice((1_000, 2_500, 5_000))),
        "spa": Decimal(rng.choice((120_000, 500_000, 1_000_000, 2_500_000))),
    }.get(form)
    pec = rng.choice((f"{slug}@pec.it", f"{slug}@legalmail.it", f"amministrazione@pec.{slug}.it"))
    if rng.random() < 0.5:
        pec = ""  # not every header names the certified mailbox
    return party, ItalianVendor(
        vat=vat,
        rea=f"{city.province}-{entry}",
        capital=capital,
        pec=pec,
        city=city.name,
        legal_in_footer=rng.random() < 0.5,
        due_days=rng.choice((30, 30, 60, 60, 90)),
        courtesy_copy=rng.random() < 0.5,
        conai=rng.random() < 0.4,
        bic11=rng.random() < 0.3,
    )


def italian_bank(rng: random.Random, vendor: ItalianVendor) -> tuple[str, str, str]:
    """(IBAN, BIC, bank as printed) of the vendor's account at a branch in its city."""
    name, bic, abi = rng.choice(BANKS)
    bank = f"{name} - Filiale di {vendor.city}" if rng.random() < 0.5 else name
    iban = italian_iban(rng, abi, grouped=rng.random() < 0.6)
    return iban, bic + ("XXX" if vendor.bic11 else ""), bank


@dataclass(frozen=True)
class Customer:
    party: Party
    vat: str  # "" for a private person, who has only a codice fiscale
    tax_code: str
    sdi: str  # recipient code (7 characters) or PEC address


def italian_customer(rng: random.Random, *, private: bool) -> Customer:
    """A company customer with partita IVA and SDI code or PEC, or a private person."""
    city = rng.choice(CITIES)
    if private:
        surname = rng.choice(SURNAMES)
        first, female = rng.choice(FIRST_NAMES)
        tax_code = codice_fiscale(rng, surname, first, female, city)
        party = Party(f"{first} {surname}", (), _address(rng, city), "", "")
        # private persons receive e-invoices in their tax drawer: the code is all zeros
        return Customer(party, "", tax_code, "0000000")
    name, core, _ = _company(rng)
    vat = partita_iva(rng, city)
    slug = _slug(core)
    address, phone = _address(rng, city), _phone(rng, city)
    party = Party(name, (core,), address, phone, f"info@{slug}.it", vat_id=vat)
    if rng.random() < 0.7:
        sdi = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(7))
    else:
        sdi = f"{slug}@pec.it"
    return Customer(party, vat, vat, sdi)


def italian_items(rng: random.Random, count: int, multi_rate: bool) -> tuple[LineItem, ...]:
    """``count`` lines; food and books carry their reduced rate only in multi-rate families
    (a single-rate family sells nothing taxed below 22 %)."""
    pool = [a for a in ARTICLES if multi_rate or a.rate == STANDARD]
    items: list[LineItem] = []
    for n in range(count):
        a = pool[rng.randrange(len(pool))] if n else pool[0]
        if a.uom == "m":
            qty = rng.choice((25, 50, 100))
        elif a.uom in ("ore", "gg"):
            qty = rng.choice((1, 2, 4, 8))
        else:
            qty = rng.choice((1, 1, 2, 3, 5, 10))
        unit = Decimal(rng.randint(a.lo * 100, a.hi * 100)) / 100
        items.append(LineItem(a.description, qty, unit, unit * qty, a.rate, a.rate < STANDARD))
    if multi_rate and all(it.tax_rate == STANDARD for it in items):
        a = rng.choice([a for a in ARTICLES if a.rate < STANDARD])
        qty = rng.choice((1, 2, 5))
        unit = Decimal(rng.randint(a.lo * 100, a.hi * 100)) / 100
        items[-1] = LineItem(a.description, qty, unit, unit * qty, a.rate, True)
    return tuple(items)


def italian_dates(rng: random.Random, eom: bool, days: int) -> Dates:
    """The invoice date, the delivery (DDT) date and the order date before it, and the due
    date ``days`` on, or at the end of the month that day falls in ("d.f.f.m.")."""
    issue = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
    delivery = issue - timedelta(days=rng.randint(1, 12))
    order = delivery - timedelta(days=rng.randint(2, 25))
    due = issue + timedelta(days=days)
    if eom:
        due = (due.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Dates(issue, delivery, order, due)


def fill_number(rng: random.Random, scheme: str, year: int) -> str:
    """``#`` is the year's progressive number, a run of ``0`` the same padded to its width
    (``2025/00123``), ``YYYY`` / ``YY`` the year of issue: the numbering restarts every year,
    and a small business issues a few hundred invoices in one."""
    progressive = rng.randint(1, 1800)
    # padded first: the year has zeros of its own
    text = re.sub(r"0+", lambda m: f"{progressive:0{len(m[0])}d}", scheme)
    text = text.replace("YYYY", str(year)).replace("YY", f"{year % 100:02d}")
    return text.replace("#", str(progressive))


def italian_refs(
    rng: random.Random, customer: Customer, dates: Dates, vendor_gln: str, code_style: int
) -> Refs:
    year = dates.delivery.year
    number = rng.randint(1, 4_999)
    customer_number = (f"{number:06d}", f"C{number:05d}", str(number))[code_style % 3]
    order = rng.choice(
        (
            f"45{digits(rng, 8)}",
            f"{rng.randint(1, 999)}/{dates.order.year}",
            f"ORD-{digits(rng, 5)}",
        )
    )
    ddt = f"{rng.randint(1, 2_999)}/{year}" if code_style % 2 else str(rng.randint(100, 9_999))
    return Refs(
        customer_number=customer_number,
        order_number=order,
        delivery_note=ddt,
        customer_gln=gs1_check("80" + digits(rng, 10)),
        vendor_gln=vendor_gln,
        customer_vat=customer.vat,
        customer_tax_code=customer.tax_code,
        customer_sdi=customer.sdi,
    )


def italian_content(family: Family, index: int) -> FamilyContent:
    """Document ``index`` of an Italian family: a new customer, numbers, dates and amounts."""
    rng = random.Random(f"{family.seed}/doc/{family.id}/{index}")
    spec, italian = family.spec, family.italian
    assert italian is not None
    count = rng.randint(34, 46) if spec.pages == "2" else rng.randint(2, 7)
    items = italian_items(rng, count, spec.multi_rate == "yes")
    # the customer-VAT reference row needs a company; otherwise one customer in eight is a
    # private person with a codice fiscale
    private = spec.ref_set != "vat_iban" and rng.random() < 0.125
    customer = italian_customer(rng, private=private)
    dates = italian_dates(rng, family.due_eom, italian.due_days)
    return FamilyContent(
        language=family.language,
        currency=family.currency,
        vendor=family.vendor,
        customer=customer.party,
        invoice_number=fill_number(rng, family.scheme, dates.issue.year),
        dates=dates,
        refs=italian_refs(rng, customer, dates, family.vendor_gln, int(family.vendor_gln[-4])),
        items=items,
        money=compute_money(rng, items, family.currency, spec.adjustments),
        iban=family.iban,
        bic=family.bic,
        bank=family.bank,
    )


def credit_note_wording(wording: dict[str, str]) -> dict[str, str]:
    """A nota di credito is no fattura: where the family's labels name the invoice, its
    credit notes print the neutral word."""
    out = dict(wording)
    if out["date"] == "Data fattura":
        out["date"] = "Data documento"
    if "fattura" in out["gross"].casefold():
        out["gross"] = "TOTALE DOCUMENTO" if out["gross"].isupper() else "Totale documento"
    return out


def vat_line(wording: dict[str, str], vat: str) -> str:
    return wording["piva"].format(vat=vat)


def capital_line(wording: dict[str, str], capital: Decimal, euro_sign: bool) -> str:
    """``Cap. Soc. € 10.000,00 i.v.``; core PDF fonts have no euro sign, so "Euro" there."""
    amount = f"{capital:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return wording["capital"].format(amount=f"{'€' if euro_sign else 'Euro'} {amount}")


def legal_line(wording: dict[str, str], italian: ItalianVendor, euro_sign: bool) -> str:
    """The companies-register entry and, for companies with one, the share capital."""
    parts = [wording["rea"].format(rea=italian.rea)]
    if italian.capital is not None:
        parts.append(capital_line(wording, italian.capital, euro_sign))
    return " - ".join(parts)


def customer_lines(wording: dict[str, str], refs: Refs) -> list[str]:
    """The customer's tax code and where its e-invoice goes: every Italian invoice names the
    buyer's partita IVA or, for a private person, codice fiscale."""
    lines = [vat_line(wording, refs.customer_vat) if refs.customer_vat else ""]
    if not refs.customer_vat:
        lines[0] = f"C.F. {refs.customer_tax_code}"
    if "@" in refs.customer_sdi:
        lines.append(f"PEC: {refs.customer_sdi}")
    else:
        lines.append(f"{wording['sdi']}: {refs.customer_sdi}")
    return lines
