"""Random invoice content: parties, numbers, dates, line items and arithmetic that adds up.

Content is independent of how it is drawn: a layout decides where each piece goes, and
``formats`` decides how values are printed. Everything is drawn from one ``random.Random``
so a seed fixes the whole document.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Literal

from axocr.synth.checkdigit import random_registration_number

Language = Literal["en", "ja"]

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Party:
    """A company on the invoice: the vendor (issuer) or a customer."""

    name: str
    aliases: tuple[str, ...]
    address_lines: tuple[str, ...]
    phone: str
    email: str
    registration_number: str | None = None
    vat_id: str | None = None


@dataclass(frozen=True)
class LineItem:
    description: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    tax_rate: Decimal
    # Japanese reduced-rate (8%) items are marked with ※ on the page, as the law requires
    reduced: bool = False


@dataclass(frozen=True)
class TaxLine:
    """Tax for one rate: ``base`` is the net amount taxed at ``rate``."""

    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class InvoiceContent:
    language: Language
    currency: str
    vendor: Party
    customer: Party
    ship_to: Party | None
    invoice_number: str
    issue_date: date
    due_date: date
    order_date: date
    order_number: str
    customer_number: str
    items: tuple[LineItem, ...]
    tax_lines: tuple[TaxLine, ...]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    payment_lines: tuple[str, ...]


# ---------------------------------------------------------------- English parts
_EN_FIRST = [
    "Northwind",
    "Blue",
    "Harbor",
    "Summit",
    "Pinecrest",
    "Atlas",
    "Redwood",
    "Silverline",
    "Brightwater",
    "Ironbridge",
    "Oakfield",
    "Meridian",
    "Granite",
    "Keystone",
    "Lakeside",
    "Evergreen",
    "Crescent",
    "Falcon",
    "Harborview",
    "Copperleaf",
    "Westbrook",
    "Sterling",
    "Highland",
    "Riverstone",
    "Cobalt",
    "Larkspur",
    "Ashford",
    "Beacon",
    "Foxglove",
    "Halcyon",
]
_EN_SECOND = [
    "Trading",
    "Logistics",
    "Consulting",
    "Supplies",
    "Systems",
    "Print Works",
    "Engineering",
    "Analytics",
    "Foods",
    "Office Solutions",
    "Electrical",
    "Design Studio",
    "Software",
    "Freight",
    "Industries",
    "Partners",
    "Labs",
    "Media",
]
# legal forms follow the vendor's country (a GmbH does not bill in USD from Ohio)
_EN_FORMS = {
    "USD": ("Inc.", "LLC", "Corp.", "Co.", "Inc"),
    "GBP": ("Ltd", "Ltd.", "Limited", "PLC", "LLP"),
    "EUR": ("GmbH", "AG", "GmbH & Co. KG", "Ltd", "B.V."),
    "AUD": ("Pty Ltd", "Pty. Limited", "Pty Ltd."),
}
_EN_STREETS = [
    "Market",
    "Maple",
    "Station",
    "Harbour",
    "Mill",
    "Church",
    "Queen",
    "King",
    "Elm",
    "Cedar",
    "Bridge",
    "Park",
    "Victoria",
    "Union",
]
_EN_STREET_KIND = ("Street", "St.", "Avenue", "Road", "Lane", "Blvd", "Way")
_US_CITIES = (
    ("Portland", "OR"),
    ("Austin", "TX"),
    ("Denver", "CO"),
    ("Columbus", "OH"),
    ("Raleigh", "NC"),
    ("Madison", "WI"),
    ("Boise", "ID"),
    ("Albany", "NY"),
)
_UK_CITIES = ("Leeds", "Bristol", "Manchester", "York", "Cambridge", "Glasgow", "Cardiff")
_EU_CITIES = (("Berlin", "10115"), ("Hamburg", "20095"), ("Munich", "80331"), ("Dublin", "D02"))
_AU_CITIES = (("Sydney", "NSW", "2000"), ("Melbourne", "VIC", "3000"), ("Perth", "WA", "6000"))
_EN_ITEMS = (
    ("Consulting services", 90, 220),
    ("Software licence (annual)", 300, 2400),
    ("Office chairs", 80, 260),
    ("Printer toner cartridge", 35, 120),
    ("Website maintenance", 150, 900),
    ("Freight charges", 40, 400),
    ("Copy paper A4 (box)", 18, 45),
    ("Network switch 24-port", 180, 620),
    ("Installation labour (hours)", 45, 110),
    ("Cloud hosting - monthly", 60, 700),
    ("Training workshop", 400, 1800),
    ("Catering", 120, 650),
    ("Design revisions", 75, 300),
    ("Spare parts kit", 25, 190),
    ("Annual support plan", 500, 3000),
)
# (currency, tax label, rates to choose from)
_EN_TAX = {
    "USD": ("Sales Tax", (Decimal("0.0825"), Decimal("0.07"), Decimal("0.06"))),
    "GBP": ("VAT", (Decimal("0.20"),)),
    "EUR": ("VAT", (Decimal("0.19"), Decimal("0.21"), Decimal("0.23"))),
    "AUD": ("GST", (Decimal("0.10"),)),
}

# ---------------------------------------------------------------- Japanese parts
_JA_FIRST = [
    "サクラ",
    "富士",
    "青空",
    "日の出",
    "みなと",
    "東都",
    "北斗",
    "光陽",
    "大和",
    "若葉",
    "千代田",
    "朝日",
    "松風",
    "瑞穂",
    "さくら野",
    "三ツ星",
    "白鷺",
    "飛鳥",
    "旭",
    "菱和",
    "東邦",
    "丸和",
    "清水",
    "中央",
]
_JA_SECOND = [
    "商事",
    "物産",
    "システム",
    "印刷",
    "工業",
    "運輸",
    "デザイン",
    "ソリューションズ",
    "電機",
    "食品",
    "企画",
    "テクノロジー",
    "建設",
    "メディア",
    "産業",
    "ロジスティクス",
]
_JA_FORMS = ("株式会社", "合同会社", "有限会社")
_JA_FORM_ABBR = {"株式会社": "(株)", "合同会社": "(同)", "有限会社": "(有)"}
_JA_PREFS = (
    ("東京都", "千代田区丸の内", "100-0005"),
    ("東京都", "港区芝公園", "105-0011"),
    ("大阪府", "大阪市北区梅田", "530-0001"),
    ("愛知県", "名古屋市中村区名駅", "450-0002"),
    ("福岡県", "福岡市博多区博多駅前", "812-0011"),
    ("神奈川県", "横浜市西区みなとみらい", "220-0012"),
    ("北海道", "札幌市中央区北一条西", "060-0001"),
    ("京都府", "京都市下京区烏丸通", "600-8216"),
)
_JA_BUILDINGS = ("ビル", "タワー", "センター", "第二ビル")
_JA_ITEMS_10 = (
    ("システム保守費用", 30000, 150000),
    ("Webサイト制作費", 80000, 400000),
    ("コピー用紙 A4", 500, 3000),
    ("デザイン制作費", 20000, 200000),
    ("出張費（交通費）", 5000, 40000),
    ("ソフトウェアライセンス", 10000, 120000),
    ("トナーカートリッジ", 3000, 15000),
    ("配送料", 800, 5000),
    ("翻訳料", 10000, 90000),
    ("事務用品一式", 1000, 20000),
    ("コンサルティング費用", 50000, 300000),
)
_JA_ITEMS_8 = (
    ("お弁当", 500, 1500),
    ("ミネラルウォーター", 100, 300),
    ("コーヒー豆", 800, 3000),
    ("菓子詰め合わせ", 1000, 5000),
    ("緑茶ティーバッグ", 300, 1200),
)
_JA_BANKS = ("みずほ銀行", "三菱UFJ銀行", "三井住友銀行", "りそな銀行", "ゆうちょ銀行")
_JA_BRANCHES = ("本店営業部", "新宿支店", "梅田支店", "名古屋支店", "博多支店", "渋谷支店")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _en_company(rng: random.Random, currency: str) -> tuple[str, tuple[str, ...]]:
    core = f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_SECOND)}"
    form = rng.choice(_EN_FORMS[currency])
    # the name without its legal form is what people and vendor masters usually write
    return f"{core} {form}", (core,)


def _ja_company(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    core = rng.choice(_JA_FIRST) + rng.choice(_JA_SECOND)
    form = rng.choice(_JA_FORMS)
    prefix = rng.random() < 0.6  # 前株 is more common than 後株
    name = f"{form}{core}" if prefix else f"{core}{form}"
    abbr = _JA_FORM_ABBR[form]
    alias_abbr = f"{abbr}{core}" if prefix else f"{core}{abbr}"
    return name, (core, alias_abbr)


def _en_party(rng: random.Random, currency: str, with_vat: bool) -> Party:
    name, aliases = _en_company(rng, currency)
    number = rng.randint(12, 4800)
    street = f"{number} {rng.choice(_EN_STREETS)} {rng.choice(_EN_STREET_KIND)}"
    slug = "".join(ch for ch in aliases[0].lower() if ch.isalpha())[:14]
    vat: str | None = None
    lines: tuple[str, ...]
    if currency == "USD":
        city, state = rng.choice(_US_CITIES)
        lines = (street, f"{city}, {state} {_digits(rng, 5)}")
        phone = f"({_digits(rng, 3)}) {_digits(rng, 3)}-{_digits(rng, 4)}"
        domain = "com"
    elif currency == "GBP":
        city = rng.choice(_UK_CITIES)
        postcode = f"{rng.choice('BLMSY')}{rng.choice('SENW')}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDHJ')}{rng.choice('LNPQT')}"
        lines = (street, city, postcode)
        phone = f"+44 {_digits(rng, 2)} {_digits(rng, 4)} {_digits(rng, 4)}"
        domain = "co.uk"
        vat = f"GB{_digits(rng, 9)}" if with_vat else None
    elif currency == "EUR":
        city, zipc = rng.choice(_EU_CITIES)
        lines = (street, f"{zipc} {city}")
        phone = f"+49 {_digits(rng, 2)} {_digits(rng, 7)}"
        domain = "eu"
        vat = f"DE{_digits(rng, 9)}" if with_vat else None
    else:
        city, state, zipc = rng.choice(_AU_CITIES)
        lines = (street, f"{city} {state} {zipc}")
        phone = f"+61 {_digits(rng, 1)} {_digits(rng, 4)} {_digits(rng, 4)}"
        domain = "com.au"
        vat = (
            f"{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}"
            if with_vat
            else None
        )
    return Party(name, aliases, lines, phone, f"billing@{slug}.{domain}", vat_id=vat)


def _ja_party(rng: random.Random, *, issuer: bool) -> Party:
    name, aliases = _ja_company(rng)
    pref, area, zipc = rng.choice(_JA_PREFS)
    block = f"{rng.randint(1, 9)}-{rng.randint(1, 20)}-{rng.randint(1, 30)}"
    building = f"{rng.choice(_JA_FIRST)}{rng.choice(_JA_BUILDINGS)}{rng.randint(2, 12)}F"
    lines = (f"〒{zipc}", f"{pref}{area}{block}", building)
    phone = f"0{rng.randint(3, 6)}-{_digits(rng, 4)}-{_digits(rng, 4)}"
    reg = random_registration_number(rng) if issuer else None
    return Party(name, aliases, lines, phone, f"info@example{rng.randint(10, 99)}.co.jp", reg)


def _round_en_tax(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _floor_yen(value: Decimal) -> Decimal:
    # 端数処理: most Japanese issuers truncate consumption tax once per rate per invoice
    return value.quantize(Decimal(1), rounding=ROUND_DOWN)


def _en_invoice_number(rng: random.Random, d: date) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"INV-{d.year}-{_digits(rng, 5)}"
    if kind == 1:
        return f"{rng.randint(10000, 99999)}"
    if kind == 2:
        return f"INV{_digits(rng, 6)}"
    if kind == 3:
        return f"{d.year}-{d.month:02d}{d.day:02d}-{_digits(rng, 2)}"
    if kind == 4:
        return f"{rng.choice('ABCKS')}-{_digits(rng, 5)}"
    return f"SI/{d.year % 100:02d}/{_digits(rng, 4)}"


def _ja_invoice_number(rng: random.Random, d: date) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"INV-{d:%Y%m%d}-{_digits(rng, 3)}"
    if kind == 1:
        return _digits(rng, 8)
    if kind == 2:
        return f"{d.year}-{_digits(rng, 4)}"
    return f"{d:%y%m}-{_digits(rng, 3)}"


def random_invoice_content(rng: random.Random, language: Language) -> InvoiceContent:
    """Draw one invoice's content; amounts and taxes add up exactly."""
    issue = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
    order_date = issue - timedelta(days=rng.randint(3, 40))
    due = issue + timedelta(days=rng.choice((14, 30, 30, 45, 60)))
    if language == "ja":
        # 月末締め翌月末払い is the classic Japanese term: due at the end of next month
        first_next = (issue.replace(day=1) + timedelta(days=32)).replace(day=1)
        due = (first_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return _ja_content(rng, issue, order_date, due)
    return _en_content(rng, issue, order_date, due)


def _en_content(rng: random.Random, issue: date, order_date: date, due: date) -> InvoiceContent:
    currency = rng.choice(("USD", "USD", "GBP", "EUR", "AUD"))
    tax_label_rates = _EN_TAX[currency]
    rate = rng.choice(tax_label_rates[1])
    vendor = _en_party(rng, currency, with_vat=True)
    customer = _en_party(rng, currency, with_vat=False)
    ship_to = _en_party(rng, currency, with_vat=False) if rng.random() < 0.5 else None
    items = []
    for desc, lo, hi in rng.sample(_EN_ITEMS, rng.randint(2, 6)):
        qty = rng.choice((1, 1, 1, 2, 3, 4, 5, 10, 12))
        unit = Decimal(rng.randint(lo * 100, hi * 100)) / 100
        items.append(LineItem(desc, qty, unit, unit * qty, rate))
    subtotal = sum((it.amount for it in items), Decimal(0))
    tax = _round_en_tax(subtotal * rate)
    bank = (
        f"Bank: {rng.choice(('First National Bank', 'Barclays', 'Deutsche Bank', 'Westpac'))}",
        f"Account No: {_digits(rng, 8)}  Sort/Routing: {_digits(rng, 6)}",
    )
    return InvoiceContent(
        language="en",
        currency=currency,
        vendor=vendor,
        customer=customer,
        ship_to=ship_to,
        invoice_number=_en_invoice_number(rng, issue),
        issue_date=issue,
        due_date=due,
        order_date=order_date,
        order_number=f"PO-{_digits(rng, 6)}",
        customer_number=f"C{_digits(rng, 5)}",
        items=tuple(items),
        tax_lines=(TaxLine(rate, subtotal, tax),),
        subtotal=subtotal,
        tax=tax,
        total=subtotal + tax,
        payment_lines=bank,
    )


def _ja_content(rng: random.Random, issue: date, order_date: date, due: date) -> InvoiceContent:
    vendor = _ja_party(rng, issuer=True)
    customer = _ja_party(rng, issuer=False)
    ten, eight = Decimal("0.10"), Decimal("0.08")
    picks = [(it, ten) for it in rng.sample(_JA_ITEMS_10, rng.randint(1, 4))]
    if rng.random() < 0.6:  # many invoices mix reduced-rate food and standard-rate goods
        picks += [(it, eight) for it in rng.sample(_JA_ITEMS_8, rng.randint(1, 2))]
    items = []
    for (desc, lo, hi), rate in picks:
        qty = rng.choice((1, 1, 2, 3, 5, 10, 20)) if hi < 20000 else 1
        unit = Decimal(rng.randint(lo // 10, hi // 10) * 10)
        items.append(LineItem(desc, qty, unit, unit * qty, rate, reduced=rate == eight))
    lines = []
    for rate in (ten, eight):
        base = sum((it.amount for it in items if it.tax_rate == rate), Decimal(0))
        if base:
            lines.append(TaxLine(rate, base, _floor_yen(base * rate)))
    subtotal = sum((t.base for t in lines), Decimal(0))
    tax = sum((t.tax for t in lines), Decimal(0))
    bank = (
        f"{rng.choice(_JA_BANKS)} {rng.choice(_JA_BRANCHES)}",
        f"普通 {_digits(rng, 7)}",
        f"口座名義 {vendor.aliases[0]}",
    )
    return InvoiceContent(
        language="ja",
        currency="JPY",
        vendor=vendor,
        customer=customer,
        ship_to=None,
        invoice_number=_ja_invoice_number(rng, issue),
        issue_date=issue,
        due_date=due,
        order_date=order_date,
        order_number=f"PO{_digits(rng, 7)}",
        customer_number=f"{_digits(rng, 6)}",
        items=tuple(items),
        tax_lines=tuple(lines),
        subtotal=subtotal,
        tax=tax,
        total=subtotal + tax,
        payment_lines=bank,
    )
