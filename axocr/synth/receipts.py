"""Till receipts in layout families, for measuring vendor, total and date on shop receipts that
no rule was written for.

A family fixes what a shop's till prints and where: paper width, font, a brand word mark over
the legal name or not, a long legal name wrapped onto two lines, the company number beside or
under the name, the tax id, the title, how the receipt number and date are set, the totals'
labels, a footer that names the shop again. Each document of a family draws fresh content:
shop, address, items, date, amounts. Two locales: Malaysian and Singaporean shops (RM or S$,
``SDN BHD``, GST/SST ids, cash rounding to 5 sen) and British or American ones.

The label is the legal name as printed (lines of a wrapped name joined by one space), the
total is what the customer pays after rounding, the date is the sale's date.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from axocr.synth.canvas import Canvas, new_pdf
from axocr.synth.dataset import derive_seed
from axocr.synth.degrade import degrade_page, encode_image, photograph_on_table
from axocr.synth.formats import group_thousands

Locale = Literal["my", "en"]

# Name parts: common words of shop names, not any shop's name.
_MY_SYLLABLES = (
    "AIK", "BENG", "CHEONG", "CHUAN", "FOOK", "GUAN", "HENG", "HOCK", "HONG", "HUAT", "JOO",
    "KEAT", "KIM", "LEONG", "LIAN", "LOONG", "MENG", "MING", "SENG", "SOON", "TAT", "TECK",
    "WAH", "WENG", "YEW", "YONG",
)  # fmt: skip
_MY_WORDS = (
    "BERKAT", "BINTANG", "CAHAYA", "GEMILANG", "JAYA", "MAJU", "MESRA", "MUTIARA", "PERMATA",
    "SINAR", "SRI", "SURIA", "TIMUR", "UTAMA", "WAWASAN",
)  # fmt: skip
_MY_TRADES = (
    "HARDWARE", "STATIONERY", "TRADING", "BOOK STORE", "ELECTRICAL", "FURNITURE", "BAKERY",
    "MINI MARKET", "PHARMACY", "RESTAURANT", "CAFE", "AUTO PARTS", "FROZEN FOOD", "HOME DECO",
    "GIFT SHOP", "TEXTILE", "PLASTIC", "FRUITS", "SEAFOOD", "OPTICAL",
)  # fmt: skip
_MY_PREFIXES = ("KEDAI", "SYARIKAT", "PERNIAGAAN", "RESTORAN", "KEDAI MAKAN")
_MY_FORMS = ("SDN BHD", "SDN. BHD.", "(M) SDN BHD", "ENTERPRISE", "TRADING", "BHD", "PLT")
_MY_PLACES = (
    "AMPANG", "BANGSAR", "CHERAS", "KEPONG", "KLANG", "PUCHONG", "RAWANG", "SEREMBAN",
    "SKUDAI", "SUBANG", "SEMENYIH", "KAJANG",
)  # fmt: skip
_MY_STREETS = ("JALAN", "JLN", "LORONG", "PERSIARAN")
_MY_STATES = ("SELANGOR", "KUALA LUMPUR", "JOHOR", "PERAK", "NEGERI SEMBILAN", "PAHANG")
_EN_SURNAMES = (
    "Abbott", "Baker", "Carter", "Dawson", "Ellis", "Fletcher", "Graham", "Harper", "Irving",
    "Jensen", "Keller", "Lawson", "Morgan", "Norris", "Osborne", "Parker", "Quinn", "Reyes",
)  # fmt: skip
_EN_WORDS = (
    "Harbor", "Maple", "Northside", "Riverside", "Oak Lane", "Summit", "Union Street",
    "Blue Door", "Copper", "Greenway", "Old Mill", "Station",
)  # fmt: skip
_EN_TRADES = (
    "Market", "Hardware", "Coffee", "Bakery", "Books", "Deli", "Pharmacy", "Grocers",
    "Kitchen", "Supply", "Florist", "Wine Shop",
)  # fmt: skip
_EN_FORMS = ("Ltd", "Ltd.", "LLC", "Inc.", "Co.", "Limited")
_EN_ITEMS = (
    "MILK 1L", "BREAD WHITE", "EGGS 12", "COFFEE BEANS", "PAPER TOWEL", "AA BATTERY 4PK",
    "SCREWDRIVER SET", "NOTEBOOK A5", "GEL PEN BLUE", "APPLE GALA", "BANANA", "RICE 5KG",
    "CHICKEN RICE", "ICED TEA", "TEH TARIK", "NASI LEMAK", "MEE GORENG", "CABLE TIE",
    "PVC PIPE 1/2", "LIGHT BULB LED", "TAPE MEASURE", "SOAP BAR", "TISSUE BOX", "WATER 1.5L",
)  # fmt: skip
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class ReceiptFamily:
    """One till's layout: fixed for every receipt of the family."""

    id: str
    locale: Locale
    width: float  # paper, mm
    font: str
    centred: bool  # header lines centred, or set flush left
    mark: Literal["none", "brand", "echo"]  # a word mark above the legal name
    wrap_name: bool  # a long legal name runs onto a second line
    company_no: Literal["inline", "below", "none"]
    tax_id: bool
    branch: bool  # an outlet or mall line under the name
    title: int  # index into _TITLES[locale], -1 for none
    meta: int  # how the receipt number, date and time are set
    date_style: int
    total_label: int
    rounding: bool
    footer_echo: bool  # "thank you for shopping at ..."
    served_by: bool  # a cashier or server's name
    money_mark: Literal["prefix", "label", "column"]  # where the currency is printed
    extras: Extras | None = None  # the harder header and paper kinds (``--extras``)


@dataclass(frozen=True)
class Extras:
    """Kinds a family draws only when asked for, so that the sets written without them stay
    the same bytes."""

    title_first: bool  # "TAX INVOICE" above the shop's name
    mixed_case: bool  # the name in title case ("Meng Joo Book Store Sdn Bhd")
    operator: bool  # a brand, then "OPERATED BY: <registered name>" in small type
    member: bool  # a loyalty member's name and number among the receipt's details
    gst_summary: bool  # a tax summary table under the totals
    photo: bool  # photographed on a table: a tilted quadrilateral on a darker ground
    dots: bool  # printed by a dot-matrix head: strokes broken into dots


def _extras(index: int, seed: int) -> Extras:
    rng = random.Random(derive_seed(seed, "receipt-extras", index))
    return Extras(
        title_first=rng.random() < 0.3,
        mixed_case=rng.random() < 0.3,
        operator=rng.random() < 0.2,
        member=rng.random() < 0.3,
        gst_summary=rng.random() < 0.4,
        photo=rng.random() < 0.5,
        # Drawn last, so that the kinds above stay as they were for every seed.
        dots=rng.random() < 0.25,
    )


_TITLES: dict[Locale, tuple[str, ...]] = {
    "my": ("TAX INVOICE", "SIMPLIFIED TAX INVOICE", "RECEIPT", "CASH SALE", "OFFICIAL RECEIPT"),
    "en": ("RECEIPT", "SALES RECEIPT", "VAT RECEIPT", "CUSTOMER COPY"),
}
_TOTAL_LABELS: dict[Locale, tuple[str, ...]] = {
    "my": ("TOTAL", "TOTAL (RM)", "GRAND TOTAL", "NETT TOTAL", "TOTAL INCL. GST", "TOTAL SALES"),
    "en": ("TOTAL", "BALANCE DUE", "AMOUNT DUE", "TOTAL TO PAY", "Total"),
}


def make_receipt_family(index: int, seed: int, *, extras: bool = False) -> ReceiptFamily:
    rng = random.Random(derive_seed(seed, "receipt-family", index))
    locale: Locale = "my" if rng.random() < 0.65 else "en"
    return ReceiptFamily(
        id=f"rc-{index:03d}",
        locale=locale,
        width=rng.choice((58.0, 72.0, 80.0)),
        font=rng.choice(("courier", "helvetica", "helvetica")),
        centred=rng.random() < 0.8,
        mark=rng.choice(("none", "none", "brand", "echo")),
        wrap_name=rng.random() < 0.3,
        company_no=rng.choice(("inline", "below", "below", "none")) if locale == "my" else "none",
        tax_id=rng.random() < 0.7,
        branch=rng.random() < 0.3,
        title=rng.randrange(-1, len(_TITLES[locale])),
        meta=rng.randrange(4),
        date_style=rng.randrange(6),
        total_label=rng.randrange(len(_TOTAL_LABELS[locale])),
        rounding=locale == "my" and rng.random() < 0.6,
        footer_echo=rng.random() < 0.3,
        served_by=rng.random() < 0.5,
        money_mark=rng.choice(("prefix", "label", "column")),
        extras=_extras(index, seed) if extras else None,
    )


@dataclass(frozen=True)
class _Shop:
    legal: str
    brand: str
    address: tuple[str, ...]
    company_no: str
    tax_id: str
    phone: str
    branch: str
    currency: str


def _shop(rng: random.Random, family: ReceiptFamily) -> _Shop:
    if family.locale == "my":
        core = " ".join(rng.sample(_MY_SYLLABLES, 2))
        shape = rng.randrange(5)
        trade = rng.choice(_MY_TRADES)
        if shape == 0:
            legal = f"{core} {trade} {rng.choice(_MY_FORMS)}"
        elif shape == 1:
            legal = f"{rng.choice(_MY_PREFIXES)} {core}"
        elif shape == 2:
            legal = f"{' '.join(rng.sample(_MY_WORDS, 2))} {trade} {rng.choice(_MY_FORMS)}"
        elif shape == 3:
            legal = f"{core} {trade} ({rng.choice(_MY_PLACES)}) SDN BHD"
        else:
            legal = f"{rng.choice(_MY_PREFIXES)} {rng.choice(_MY_WORDS)} {trade}"
        brand = rng.choice(_MY_WORDS) + " " + rng.choice(("MART", "EXPRESS", "CORNER", "HUB"))
        street = f"NO. {rng.randint(1, 99)}{rng.choice(('', '-G', '-1', 'A'))}, "
        street += f"{rng.choice(_MY_STREETS)} {rng.choice(_MY_WORDS)} {rng.randint(1, 12)}"
        place = rng.choice(_MY_PLACES)
        address: tuple[str, ...] = (
            street + ",",
            f"{rng.randint(40000, 81999)} {place},",
            rng.choice(_MY_STATES),
        )
        company_no = f"{rng.randint(10000, 1299999)}-{rng.choice('ADHKMPTUVWX')}"
        tax_id = f"{rng.randint(0, 2199999999):012d}"
        phone = f"0{rng.randint(3, 9)}-{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        branch = rng.choice((f"{place} OUTLET", f"{rng.choice(_MY_WORDS)} MALL", f"({place})"))
        currency = "MYR" if rng.random() < 0.85 else "SGD"
        if currency == "SGD":  # a Singapore shop: its own forms, address, phone, no ROC number
            form = rng.choice(("PTE LTD", "PTE. LTD.", "LLP"))
            legal = re.sub(r"\(M\) SDN BHD|SDN\.? BHD\.?|\bBHD\b|\bPLT\b", form, legal)
            address = (street + ",", f"SINGAPORE {rng.randint(100000, 829999)}")
            phone = f"+65 6{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            company_no = ""
    else:
        trade = rng.choice(_EN_TRADES)
        owner = rng.choice((rng.choice(_EN_SURNAMES) + "'s", rng.choice(_EN_WORDS)))
        legal = f"{owner} {trade} {rng.choice(_EN_FORMS)}"
        brand = f"{owner} {trade}".upper()
        number = rng.randint(1, 999)
        street = f"{number} {rng.choice(_EN_WORDS)} {rng.choice(('Road', 'Street', 'Ave'))}"
        town = rng.choice(("Springfield", "Fairview", "Kingston", "Ashford", "Bristol"))
        currency = rng.choice(("USD", "GBP"))
        codes = (" TX 75001", " OR 97035") if currency == "USD" else (" BS1 4DJ", " CT1 2EH")
        address = (street, town + rng.choice(codes))
        company_no = ""
        # A British shop prints its VAT number; an American one has none to print.
        tax_id = f"GB{rng.randint(100000000, 999999999)}" if currency == "GBP" else ""
        phone = f"({rng.randint(200, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"
        branch = f"Store #{rng.randint(10, 9999)}"
    if family.extras is not None and family.extras.mixed_case:
        legal = _title_case(legal)
    return _Shop(legal, brand, address, company_no, tax_id, phone, branch, currency)


# Words a till keeps in capitals when it prints a name in title case.
_KEEP_CAPS = {"SDN", "BHD", "PLT", "PTE", "LTD", "LLP", "LLC", "(M)"}


def _title_case(name: str) -> str:
    return " ".join(w if w in _KEEP_CAPS else w.capitalize() for w in name.split(" "))


def _wrapped(c: Canvas, text: str, size: float, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width``, each filled greedily."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and c.width(f"{lines[-1]} {word}", size, bold=True) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _mark_words(legal: str) -> str:
    """The distinctive words a shop prints large above its legal name: the first two after
    a trade prefix such as ``KEDAI``."""
    words = legal.split()
    for prefix in sorted(_MY_PREFIXES, key=len, reverse=True):
        if legal.startswith(prefix + " "):
            words = words[len(prefix.split()) :]
            break
    return " ".join(words[:2])


def _date_text(d: date, style: int, month_first: bool) -> str:
    """The sale's date as a till prints it; American tills put the month first."""
    numeric = "%m/%d/%Y %m-%d-%Y %m/%d/%y" if month_first else "%d/%m/%Y %d-%m-%Y %d/%m/%y"
    return (
        *(d.strftime(f) for f in numeric.split()),
        f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}",
        d.isoformat(),
        f"{_MONTHS[d.month - 1].title()} {d.day}, {d.year}",
    )[style]


@dataclass(frozen=True)
class Receipt:
    id: str
    family: ReceiptFamily
    pdf: bytes
    fields: dict[str, Any]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class _Till:
    """One receipt being printed: the paper, the pen's place and the draws, in print order."""

    def __init__(self, family: ReceiptFamily, rng: random.Random, shop: _Shop) -> None:
        self.family, self.rng, self.shop = family, rng, shop
        self.my = family.locale == "my"
        self.currency = shop.currency
        self.code = {"MYR": "RM", "SGD": "S$", "USD": "$", "GBP": "GBP"}[shop.currency]
        w = family.width
        self.n_items = rng.randint(1, 9)
        height = 120 + 5 * self.n_items + (12 if family.mark != "none" else 0)
        self.pdf, fonts = new_pdf((family.font,), (w, float(height)))
        self.c = Canvas(self.pdf, fonts, family.font)
        self.size = 7.0 if w < 70 else 8.0
        self.left, self.right, self.mid = 3.0, w - 3.0, w / 2
        self.y = 4.0

    def head(self, text: str, size: float | None = None, bold: bool = False) -> None:
        """A header line, centred or flush left as the family sets them."""
        size = self.c.fit(text, self.right - self.left, size or self.size, bold=bold)
        if self.family.centred:
            self.y += self.c.text(self.mid, self.y, text, size, bold=bold, align="C")
        else:
            self.y += self.c.text(self.left, self.y, text, size, bold=bold)

    def row(self, label: str, value: str, size: float, bold: bool = False) -> None:
        self.c.text(self.left, self.y, label, size, bold=bold)
        self.c.text(self.right, self.y, value, size, bold=bold, align="R")
        self.y += self.c.line_height(size)

    def title(self) -> None:
        family, size = self.family, self.size
        title = _TITLES[family.locale][family.title]
        if self.currency == "USD":
            title = title.replace("VAT ", "SALES ")  # no VAT in the United States
        self.c.text(self.mid, self.y, title, size + 1, bold=True, align="C")
        self.y += self.c.line_height(size + 1) + 1.5

    def header(self) -> None:
        family, shop, rng, size = self.family, self.shop, self.rng, self.size
        extras = family.extras
        title_first = extras is not None and extras.title_first and family.title >= 0
        if title_first:
            self.title()
        inline_no = family.company_no == "inline" and shop.company_no
        printed = f"{shop.legal} ({shop.company_no})" if inline_no else shop.legal
        if extras is not None and extras.operator:
            # The shop's sign, then the company that runs it in the body's type.
            self.head(shop.brand, size + 6, bold=True)
            self.y += 1
            by = rng.choice(("OPERATED BY:", "Dimiliki oleh:", "Managed by"))
            self.head(f"{by} {printed}")
        else:
            if family.mark != "none":
                mark = shop.brand if family.mark == "brand" else _mark_words(shop.legal)
                self.head(mark, size + 6, bold=True)
                self.y += 1
            # A till that prints the name in double-size type wraps it where the paper ends.
            name_size = size + (5.0 if family.wrap_name else 1.5)
            for part in _wrapped(self.c, printed, name_size, self.right - self.left):
                self.head(part, name_size, bold=True)
        if family.company_no == "below" and shop.company_no:
            shape = rng.choice(("(Co. No. {})", "(Company No. {})", "CO. REG: {}", "({})"))
            self.head(shape.format(shop.company_no))
        if family.branch:
            self.head(shop.branch)
        for line in shop.address:
            self.head(line)
        self.head(f"TEL: {shop.phone}" if self.my else f"Tel {shop.phone}")
        if family.tax_id and shop.tax_id:
            shapes = ("GST REG NO: {}", "GST ID : {}", "GST NO: {}", "SST ID: {}")
            if self.currency == "SGD":  # Malaysia's sales and service tax has no place here
                shapes = (*shapes[:3], "GST Reg. No. {}")
            shape = rng.choice(shapes if self.my else ("VAT No. {}", "VAT Reg: {}"))
            self.head(shape.format(shop.tax_id))
        self.y += 2
        if family.title >= 0 and not title_first:
            self.title()

    def meta(self) -> date:
        """The receipt's number, date and time, and who served; returns the sale's date."""
        c, rng, size, left, right = self.c, self.rng, self.size, self.left, self.right
        sold = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 1200))
        when = _date_text(sold, self.family.date_style, month_first=self.currency == "USD")
        clock = f"{rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}"
        prefix = rng.choice(("CS", "INV", "R", "", "OR"))
        number = f"{prefix}{rng.randint(1000, 99999999):0{rng.randint(5, 8)}d}"
        lh = c.line_height(size)
        if self.family.meta == 0:
            c.text(left, self.y, f"RECEIPT #: {number}", size)
            c.text(right, self.y, f"DATE: {when}", size, align="R")
            c.text(right, self.y + lh, f"TIME: {clock}", size, align="R")
            self.y += lh
        elif self.family.meta == 1:
            c.text(left, self.y, f"{when} {clock}", size)
            c.text(right, self.y, f"No: {number}", size, align="R")
        elif self.family.meta == 2:
            c.text(left, self.y, f"Date : {when}", size)
            c.text(left, self.y + lh, f"Bill No : {number}", size)
            self.y += lh
        else:
            c.text(left, self.y, f"Doc No: {number}", size)
            c.text(left, self.y + lh, f"Date: {when}  Time: {clock}", size)
            self.y += lh
        self.y += lh
        if self.family.served_by:
            who = rng.choice(_MY_SYLLABLES + tuple(s.upper() for s in _EN_SURNAMES))
            role = rng.choice(("Cashier", "Served by", "Salesperson"))
            c.text(left, self.y, f"{role}: {who}", size)
            self.y += lh
        if self.family.extras is not None and self.family.extras.member:
            # A loyalty member: a person's name the page prints beside the shop's.
            member = f"{rng.choice(_MY_SYLLABLES)} {rng.choice(_MY_SYLLABLES)}"
            c.text(left, self.y, f"MEMBER: {member} ({rng.randint(100000, 999999)})", size)
            self.y += lh
        self.y += 1
        return sold

    def items(self) -> Decimal:
        """The item lines; returns their sum."""
        c, rng, size = self.c, self.rng, self.size
        if self.family.money_mark == "column":
            amount_head = f"AMOUNT ({self.code})" if self.my else f"Amount {self.code}"
            self.row("ITEM", amount_head, size, bold=True)
        c.rule(self.left, self.y, self.right, self.y)
        self.y += 1.5
        subtotal = Decimal(0)
        for _ in range(self.n_items):
            item = rng.choice(_EN_ITEMS)
            qty = rng.choice((1, 1, 1, 2, 3))
            amount = _cents(Decimal(rng.randint(50, 9000)) / 100 * qty)
            subtotal += amount
            self.row(item if qty == 1 else f"{item} x{qty}", group_thousands(amount, 2), size)
        c.rule(self.left, self.y + 0.5, self.right, self.y + 0.5)
        self.y += 2
        return subtotal

    def totals(self, subtotal: Decimal) -> Decimal:
        """Tax, rounding, the total, cash and change; returns the total paid."""
        family, rng, currency, code = self.family, self.rng, self.currency, self.code
        # Malaysia's GST and America's sales tax are added to the prices; British VAT is in them.
        rate = {"MYR": "0.06", "SGD": "0.07", "USD": "0.0825", "GBP": "0"}[currency]
        tax = _cents(subtotal * Decimal(rate))
        gross = subtotal + tax
        rounded = gross
        if family.rounding:  # cash is rounded to 5 sen
            rounded = (gross / Decimal("0.05")).quantize(Decimal(1), ROUND_HALF_UP) * Decimal(
                "0.05"
            )
        rows: list[tuple[str, str, bool]] = []
        if tax:
            tax_label = {"MYR": "GST 6%", "SGD": "GST 7%", "USD": "Sales Tax 8.25%"}[currency]
            rows += [
                ("SUB TOTAL", group_thousands(subtotal, 2), False),
                (tax_label, group_thousands(tax, 2), False),
            ]
        if family.rounding:
            adj = rounded - gross
            rows.append(
                ("ROUNDING ADJ", f"{'-' if adj < 0 else ''}{group_thousands(abs(adj), 2)}", False)
            )
        total_label = _TOTAL_LABELS[family.locale][family.total_label].replace("(RM)", f"({code})")
        if family.money_mark == "label" and "(" not in total_label:
            total_label += f" ({code})" if self.my else f" {currency}"
        shown = group_thousands(rounded, 2)
        if family.money_mark == "prefix":
            shown = f"{code} {shown}" if code.isalpha() else f"{code}{shown}"
        rows.append((total_label, shown, True))
        step = Decimal(rng.choice((1, 5, 10, 50)))
        paid = (rounded // step + 1) * step if rng.random() < 0.8 else rounded
        rows.append(
            ("CASH" if self.my else rng.choice(("CASH", "Cash")), group_thousands(paid, 2), False)
        )
        rows.append(("CHANGE" if self.my else "Change", group_thousands(paid - rounded, 2), False))
        for label, value, bold in rows:
            self.row(label, value, self.size + (1 if bold else 0), bold=bold)
        self.y += 3
        if family.extras is not None and family.extras.gst_summary and tax and self.my:
            # The tax summary a GST receipt prints: the net and the tax again, not the total.
            self.row("GST SUMMARY", f"AMOUNT({code})  TAX({code})", self.size, bold=True)
            percent = f"{(Decimal(rate) * 100).normalize():f}%"
            self.row(
                f"SR @ {percent}",
                f"{group_thousands(subtotal, 2)}  {group_thousands(tax, 2)}",
                self.size,
            )
            self.y += 3
        return rounded

    def footer(self) -> None:
        c, size, width = self.c, self.size, self.right - self.left
        if self.family.footer_echo:
            name = self.shop.brand if self.family.mark == "brand" else self.shop.legal
            c.text(self.mid, self.y, "THANK YOU FOR SHOPPING AT", size, align="C")
            c.text(
                self.mid, self.y + c.line_height(size), name, c.fit(name, width, size), align="C"
            )
        else:
            words = self.rng.choice(
                ("THANK YOU. PLEASE COME AGAIN", "GOODS SOLD ARE NOT RETURNABLE")
            )
            fitted = c.fit("GOODS SOLD ARE NOT RETURNABLE", width, size)
            c.text(self.mid, self.y, words, fitted, align="C")


def render_receipt(family: ReceiptFamily, index: int, seed: int) -> Receipt:
    """Document ``index`` of ``family``: the same bytes for the same seed."""
    rng = random.Random(derive_seed(seed, family.id, index))
    till = _Till(family, rng, _shop(rng, family))
    till.header()
    sold = till.meta()
    total = till.totals(till.items())
    till.footer()
    fields: dict[str, Any] = {
        "vendor": till.shop.legal,
        "vendor_aliases": [],
        "total": f"{total:.2f}",
        "currency": till.currency,
        "date": sold.isoformat(),
        "invoice_number": None,
    }
    return Receipt(f"{family.id}-{index:02d}", family, bytes(till.pdf.output()), fields)


def scan_receipt(receipt: Receipt, seed: int) -> tuple[bytes, list[str]]:
    """The receipt photographed or scanned (a JPEG, the same bytes for the same seed) and the
    damage done to it."""
    rng = random.Random(derive_seed(seed, receipt.id, "scan"))
    extras = receipt.family.extras
    img, deg = degrade_page(
        receipt.pdf,
        rng,
        dpi=rng.choice((150, 200, 200)),
        allow_right_angle=False,
        dots=extras is not None and extras.dots,
    )
    ops = [f"dpi({deg.dpi})", *deg.ops]
    if extras is not None and extras.photo:
        img = photograph_on_table(img, random.Random(derive_seed(seed, receipt.id, "photo")))
        ops.append("photo")
    return encode_image(img, ".jpg", jpeg_quality=80), ops


def generate_receipts(
    out_dir: Path, families: int = 30, per_family: int = 4, seed: int = 2026, extras: bool = False
) -> list[dict[str, Any]]:
    """Degraded scans of till receipts in ``families`` layout families, with ``labels.jsonl``."""
    (out_dir / "files").mkdir(parents=True, exist_ok=True)
    records: list[dict[str, Any]] = []
    for n in range(1, families + 1):
        family = make_receipt_family(n, seed, extras=extras)
        for i in range(1, per_family + 1):
            receipt = render_receipt(family, i, seed)
            jpeg, ops = scan_receipt(receipt, seed)
            stem = receipt.id.replace("-", "_")
            path = f"files/{stem}.jpg"
            (out_dir / path).write_bytes(jpeg)
            records.append(
                {
                    "id": stem,
                    "path": path,
                    "language": "en",
                    "kind": "degraded-image",
                    "layout": f"receipt-{family.locale}",
                    "family": family.id,
                    "fields": receipt.fields,
                    "degradations": ops,
                }
            )
    with (out_dir / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return records
