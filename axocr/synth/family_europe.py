"""Country data of the European grammar families (German, French, Dutch): company names and
legal forms, addresses, VAT ids, items with the reduced tax rate, and reference formats."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from axocr.synth.content import Party


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


@dataclass(frozen=True)
class Country:
    first: tuple[str, ...]
    second: tuple[str, ...]
    forms: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    phone: str  # country prefix
    mail: str  # local part of the billing address
    tld: str
    rates: tuple[Decimal, Decimal]  # standard, reduced
    items: tuple[tuple[str, int, int], ...]
    reduced: frozenset[str]
    delivery_prefix: str
    gln_prefix: str


_DE = Country(
    first=(
        "Muster",
        "Nordlicht",
        "Rheintal",
        "Alpen",
        "Hansa",
        "Elbtal",
        "Schwarzwald",
        "Isar",
        "Bergmann",
        "Weber",
        "Schneider",
        "Hoffmann",
        "Lindner",
        "Brandt",
        "Kessler",
        "Sonnen",
        "Main",
        "Lahn",
    ),
    second=(
        "Lieferant",
        "Bürotechnik",
        "Elektro",
        "Metallbau",
        "Logistik",
        "Handel",
        "Werkzeuge",
        "Druckerei",
        "Systemhaus",
        "Feinkost",
        "Baustoffe",
        "Verpackung",
        "Medizintechnik",
        "Getränke",
    ),
    forms=("GmbH", "AG", "GmbH & Co. KG", "KG", "e.K.", "UG (haftungsbeschränkt)"),
    streets=("Hauptstraße", "Bahnhofstraße", "Industriestraße", "Am Markt", "Lindenweg"),
    cities=(
        ("10115", "Berlin"),
        ("20095", "Hamburg"),
        ("80331", "München"),
        ("50667", "Köln"),
        ("60311", "Frankfurt am Main"),
        ("70173", "Stuttgart"),
        ("04109", "Leipzig"),
        ("28195", "Bremen"),
    ),
    phone="+49",
    mail="rechnung",
    tld="de",
    rates=(Decimal("0.19"), Decimal("0.07")),
    items=(
        ("Kopierpapier A4, 80 g/m²", 3, 9),
        ("Schrauben M6x40 (100 Stk.)", 6, 25),
        ("Montagearbeiten (Std.)", 45, 95),
        ("Wartungsvertrag Drucker", 120, 600),
        ("Toner schwarz", 40, 140),
        ("Bürostuhl ergonomisch", 150, 480),
        ("Mineralwasser 12x0,7 l", 4, 9),
        ("Kaffeebohnen 1 kg", 12, 28),
        ("Softwarelizenz (jährlich)", 200, 1800),
        ("Kabelkanal 2 m", 5, 18),
        ("Palette Europool", 15, 35),
        ("Schulung (Tag)", 600, 1400),
    ),
    # food and drink carry the reduced rate
    reduced=frozenset({"Mineralwasser 12x0,7 l", "Kaffeebohnen 1 kg"}),
    delivery_prefix="LS",
    gln_prefix="40",
)
_FR = Country(
    first=("Martin", "Dubois", "Lefèvre", "Atlantique", "Provence", "Lumière", "Garonne", "Alpes"),
    second=("Bâtiment", "Informatique", "Distribution", "Imprimerie", "Conseil", "Transports"),
    forms=("SARL", "SAS", "SA", "EURL"),
    streets=("rue de la République", "avenue Victor Hugo", "boulevard Voltaire", "rue du Port"),
    cities=(("75002", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux")),
    phone="+33",
    mail="facturation",
    tld="fr",
    rates=(Decimal("0.20"), Decimal("0.055")),
    items=(
        ("Ramette papier A4", 3, 9),
        ("Maintenance informatique (heure)", 45, 110),
        ("Cartouche de toner noir", 40, 140),
        ("Fauteuil de bureau", 150, 480),
        ("Eau minérale (pack de 6)", 2, 6),
        ("Café en grains 1 kg", 12, 28),
        ("Licence logiciel annuelle", 200, 1800),
        ("Formation (journée)", 600, 1400),
    ),
    reduced=frozenset({"Eau minérale (pack de 6)", "Café en grains 1 kg"}),
    delivery_prefix="BL",
    gln_prefix="30",
)
_NL = Country(
    first=("Van Dijk", "Bakker", "De Vries", "Jansen", "Visser", "Smit", "Mulder", "Hollands"),
    second=("Techniek", "Logistiek", "Installatie", "Drukwerk", "Kantoorartikelen", "Groothandel"),
    forms=("B.V.", "N.V.", "V.O.F."),
    streets=("Kerkstraat", "Stationsweg", "Dorpsstraat", "Industrieweg", "Havenstraat"),
    cities=(("1012 AB", "Amsterdam"), ("3011 AD", "Rotterdam"), ("3511 LX", "Utrecht")),
    phone="+31",
    mail="facturen",
    tld="nl",
    rates=(Decimal("0.21"), Decimal("0.09")),
    items=(
        ("Kopieerpapier A4", 3, 9),
        ("Installatiewerk (uur)", 45, 95),
        ("Tonercartridge zwart", 40, 140),
        ("Bureaustoel", 150, 480),
        ("Mineraalwater (krat)", 4, 9),
        ("Koffiebonen 1 kg", 12, 28),
        ("Softwarelicentie (jaar)", 200, 1800),
        ("Training (dag)", 600, 1400),
    ),
    reduced=frozenset({"Mineraalwater (krat)", "Koffiebonen 1 kg"}),
    delivery_prefix="PB",
    gln_prefix="87",
)
COUNTRIES: dict[str, Country] = {"de": _DE, "fr": _FR, "nl": _NL}


def vat_id(rng: random.Random, language: str) -> str:
    if language == "fr":
        return f"FR{digits(rng, 11)}"
    if language == "nl":
        return f"NL{digits(rng, 9)}B01"
    return f"DE{digits(rng, 9)}"


def eu_party(rng: random.Random, language: str, *, vat: bool) -> Party:
    """A company of the country: the legal form follows the name in all three."""
    k = COUNTRIES[language]
    core = f"{rng.choice(k.first)} {rng.choice(k.second)}"
    name = f"{core} {rng.choice(k.forms)}"
    street, number = rng.choice(k.streets), rng.randint(1, 140)
    address = f"{number} {street}" if language == "fr" else f"{street} {number}"
    zipc, city = rng.choice(k.cities)
    slug = "".join(ch for ch in core.lower() if ch.isascii() and ch.isalpha())[:14]
    return Party(
        name,
        (core,),
        (address, f"{zipc} {city}"),
        f"{k.phone} {rng.randint(30, 89)} {digits(rng, 6)}",
        f"{k.mail}@{slug}.{k.tld}",
        vat_id=vat_id(rng, language) if vat else None,
    )
