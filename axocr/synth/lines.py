"""Invoices and receipts whose lines are the point: long tables, wrapped descriptions, several
tax rates, tables running over pages with carried-forward rows, Japanese 請求明細 and receipts.

Separate from the layouts of :mod:`axocr.synth.document` (whose committed fixtures other tests
read): this module draws its own documents from its own random stream, and labels every line as
printed (a quantity or unit price that is not printed is labelled ``None``, so not scored).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from axocr.synth.canvas import Canvas, dejavu_available, japanese_font_available, new_pdf
from axocr.synth.formats import group_thousands

LinesLanguage = Literal["en", "de", "fr", "nl", "ja"]
LANGUAGES: tuple[LinesLanguage, ...] = ("en", "de", "fr", "nl", "ja")

_RATES: dict[str, tuple[str, ...]] = {
    "en": ("20", "5", "0"),
    "de": ("19", "7"),
    "fr": ("20", "10", "5.5"),
    "nl": ("21", "9"),
    "ja": ("10", "8"),
}
_CURRENCY = {"en": "GBP", "de": "EUR", "fr": "EUR", "nl": "EUR", "ja": "JPY"}

# Column headers: (description, quantity, unit, unit price, rate, amount, position)
_HEADERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("Description", "Item", "Product / Service"),
        ("Qty", "Quantity"),
        ("Unit",),
        ("Unit price", "Price", "Rate"),
        ("VAT %", "VAT", "Tax rate"),
        ("Amount", "Line total", "Total"),
        ("#", "No."),
    ),
    "de": (
        ("Bezeichnung", "Beschreibung", "Artikel"),
        ("Menge", "Anzahl"),
        ("Einheit",),
        ("Einzelpreis", "E-Preis", "Preis"),
        ("MwSt.", "USt %", "Steuersatz"),
        ("Gesamtpreis", "Betrag", "Gesamt"),
        ("Pos.", "Nr."),
    ),
    "fr": (
        ("Désignation", "Description"),
        ("Qté", "Quantité"),
        ("Unité",),
        ("Prix unitaire", "P.U. HT"),
        ("TVA", "Taux TVA"),
        ("Montant HT", "Montant", "Total HT"),
        ("N°",),
    ),
    "nl": (
        ("Omschrijving", "Artikel"),
        ("Aantal",),
        ("Eenheid",),
        ("Prijs", "Stukprijs"),
        ("BTW %", "BTW"),
        ("Bedrag", "Totaal"),
        ("Nr.",),
    ),
    "ja": (
        ("品名", "品目", "摘要", "内容"),
        ("数量",),
        ("単位",),
        ("単価",),
        ("税率",),
        ("金額",),
        ("No.",),
    ),
}
_UNITS = {
    "en": ("pcs", "h", "days", "box"),
    "de": ("Stk", "Std", "Tag(e)", "Pkt"),
    "fr": ("pce", "h", "jour", "lot"),
    "nl": ("st", "uur", "dag", "doos"),
    "ja": ("個", "式", "時間", "箱"),
}
_WORDS = {
    "en": (
        "Consulting services",
        "Software licence",
        "Office chairs",
        "Printer toner",
        "Network switch 24-port",
        "Installation labour",
        "Cloud hosting",
        "Training workshop",
        "Copy paper A4",
        "Spare parts kit",
        "Website maintenance",
        "Design revisions",
        "Desk lamp",
        "USB-C docking station",
        "Cable set",
        "Security audit",
    ),
    "de": (
        "Beratungsleistung",
        "Softwarelizenz",
        "Bürostuhl",
        "Tonerkartusche",
        "Netzwerkkabel",
        "Montagearbeiten",
        "Wartungsvertrag",
        "Schulung vor Ort",
        "Kopierpapier A4",
        "Ersatzteilset",
        "Reinigungsmittel",
        "Schreibtischlampe",
        "Dockingstation",
    ),
    "fr": (
        "Prestation de conseil",
        "Licence logicielle",
        "Chaise de bureau",
        "Cartouche d'encre",
        "Câble réseau",
        "Main d'oeuvre",
        "Contrat de maintenance",
        "Formation sur site",
        "Papier A4",
        "Kit de pièces",
        "Huile d'olive",
        "Nougat de l'Abbaye",
        "Lampe de bureau",
    ),
    "nl": (
        "Adviesdiensten",
        "Softwarelicentie",
        "Bureaustoel",
        "Tonercartridge",
        "Netwerkkabel",
        "Installatiewerk",
        "Onderhoudscontract",
        "Training op locatie",
        "Kopieerpapier A4",
        "Reserveonderdelen",
        "Schoonmaakmiddel",
        "Bureaulamp",
    ),
    "ja": (
        "システム保守費用",
        "Webサイト制作費",
        "コピー用紙 A4",
        "トナーカートリッジ",
        "事務用チェア",
        "LANケーブル",
        "設置作業費",
        "研修費用",
        "ソフトウェアライセンス",
        "お弁当",
        "緑茶ティーバッグ",
        "コーヒー豆",
        "ミネラルウォーター",
        "菓子詰め合わせ",
    ),
}
_DETAILS = {
    "en": (
        "for the head office",
        "including delivery and set-up",
        "period March to May",
        "as per quotation 2291",
        "with extended warranty",
    ),
    "de": (
        "für die Zentrale",
        "inklusive Lieferung und Aufbau",
        "Zeitraum März bis Mai",
        "gemäß Angebot 2291",
        "mit erweiterter Garantie",
    ),
    "fr": (
        "pour le siège",
        "livraison et installation comprises",
        "période de mars à mai",
        "selon devis 2291",
        "avec garantie étendue",
    ),
    "nl": (
        "voor het hoofdkantoor",
        "inclusief levering en montage",
        "periode maart tot mei",
        "volgens offerte 2291",
        "met verlengde garantie",
    ),
    "ja": ("本社向け", "配送・設置作業を含む", "3月〜5月分", "見積書2291号による", "延長保証付き"),
}
_WORDS_TOTAL = {
    "en": ("Subtotal", "VAT", "Total due", "Carried forward", "Brought forward", "INVOICE"),
    "de": ("Zwischensumme", "MwSt.", "Gesamtbetrag", "Übertrag", "Übertrag", "RECHNUNG"),
    "fr": ("Total HT", "TVA", "Total TTC", "À reporter", "Report", "FACTURE"),
    "nl": ("Subtotaal", "BTW", "Totaal", "Transport", "Transport", "FACTUUR"),
    "ja": ("小計", "消費税", "合計", "次頁へ繰越", "前頁より繰越", "請求明細書"),
}
_VENDORS = {
    "en": ("Northwind Supplies Ltd", "Bluebell Trading Ltd", "Harbour Office Co"),
    "de": ("Muster Handels GmbH", "Nordlicht Technik GmbH", "Becker & Sohn KG"),
    "fr": ("Au bon moulin SARL", "Atelier Duval SAS", "Maison Lefèvre SA"),
    "nl": ("Van Dijk Handel B.V.", "De Molen Techniek B.V.", "Jansen Kantoor B.V."),
    "ja": ("株式会社青葉商事", "有限会社菱和商事", "株式会社みなと産業"),
}
_NUMBER_LABEL = {
    "en": "Invoice No.",
    "de": "Rechnungsnr.",
    "fr": "Facture N°",
    "nl": "Factuurnummer",
    "ja": "請求書番号",
}
_DATE_LABEL = {"en": "Date", "de": "Datum", "fr": "Date", "nl": "Datum", "ja": "発行日"}
_PAGE = {"en": "Page", "de": "Seite", "fr": "Page", "nl": "Pagina", "ja": "ページ"}


@dataclass(frozen=True)
class DrawnLine:
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    amount: Decimal
    rate: str


@dataclass
class LinesDocument:
    """A generated document with its labels (the shared labels.jsonl format)."""

    id: str
    language: str
    kind: str  # "invoice" or "receipt"
    pdf: bytes
    pages: int
    fields: dict[str, Any]
    line_items: list[dict[str, Any]]
    extra: dict[str, Any] = field(default_factory=dict)


def _money(value: Decimal, language: str) -> str:
    if language == "ja":
        return group_thousands(value, 0)
    if language == "en":
        return group_thousands(value, 2)
    if language == "fr":
        return group_thousands(value, 2, sep=" ", point=",")
    return group_thousands(value, 2, sep=".", point=",")


def _rate_text(rate: str, language: str) -> str:
    return (rate.replace(".", ",") if language in ("de", "fr", "nl") else rate) + "%"


def _plain(value: Decimal, currency: str) -> str:
    return f"{value:.0f}" if currency == "JPY" else f"{value:.2f}"


def _draw_lines(
    rng: random.Random, language: str, n: int, rates: tuple[str, ...]
) -> list[DrawnLine]:
    out = []
    yen = language == "ja"
    for _ in range(n):
        desc = rng.choice(_WORDS[language])
        if rng.random() < 0.3:
            desc = f"{desc} {rng.choice(_DETAILS[language])}"
        if rng.random() < 0.12:
            desc = f"{desc}, {rng.choice(_DETAILS[language])}"
        qty = Decimal(rng.choice((1, 1, 1, 2, 3, 4, 5, 6, 10, 12, 20)))
        if not yen and rng.random() < 0.1:
            qty = Decimal(rng.choice(("1.5", "2.5", "0.5", "7.5")))
        if yen:
            price = Decimal(rng.randint(10, 5000) * 10)
        else:
            price = Decimal(rng.randint(150, 90000)) / 100
        amount = (qty * price).quantize(Decimal(1) if yen else Decimal("0.01"), ROUND_HALF_UP)
        unit = rng.choice(_UNITS[language]) if rng.random() < 0.5 else None
        out.append(DrawnLine(desc, qty, unit, price, amount, rng.choice(rates)))
    return out


def _wrap(c: Canvas, text: str, width: float, size: float, cjk: bool) -> list[str]:
    if c.width(text, size) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    pieces = list(text) if cjk else text.split(" ")
    for piece in pieces:
        trial = (current + piece) if cjk else (f"{current} {piece}" if current else piece)
        if current and c.width(trial, size) > width:
            lines.append(current)
            current = piece.lstrip() if cjk else piece
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


_Column = tuple[str, str, float, str]  # role, title, width share, align


@dataclass(frozen=True)
class _TableStyle:
    """Which columns an invoice's table prints, with their titles."""

    columns: list[_Column]
    with_pos: bool
    with_rate: bool
    with_qty: bool


def _draw_table_style(
    rng: random.Random, language: LinesLanguage, rates: tuple[str, ...]
) -> _TableStyle:
    heads = _HEADERS[language]
    with_pos = rng.random() < 0.4
    with_unit = rng.random() < 0.35
    with_rate = len(rates) > 1 or rng.random() < 0.5
    with_qty = rng.random() < 0.9
    cols: list[_Column] = []
    if with_pos:
        cols.append(("pos", rng.choice(heads[6]), 0.06, "L"))
    cols.append(("desc", rng.choice(heads[0]), 0.42, "L"))
    if with_qty:
        cols.append(("qty", rng.choice(heads[1]), 0.09, "R"))
    if with_unit:
        cols.append(("unit", rng.choice(heads[2]), 0.08, "L"))
    if with_qty:
        cols.append(("price", rng.choice(heads[3]), 0.14, "R"))
    if with_rate:
        cols.append(("rate", rng.choice(heads[4]), 0.09, "R"))
    cols.append(("amount", rng.choice(heads[5]), 0.15, "R"))
    return _TableStyle(cols, with_pos, with_rate, with_qty)


@dataclass
class _InvoiceSheet:
    """An invoice being drawn: its canvas, the layout every page shares and the page it is on.
    Draws the parts that repeat on each page (heading, column titles, table rows)."""

    c: Canvas
    language: LinesLanguage
    cols: list[_Column]
    size: float
    vendor: str
    number: str
    date_text: str
    continuation_head: bool
    m: float = 15.0
    page: int = 1
    page_marks: list[tuple[int, float]] = field(default_factory=list)

    @property
    def tw(self) -> float:
        return self.c.page_w - 2 * self.m

    @property
    def lh(self) -> float:
        return Canvas.line_height(self.size)

    @property
    def widths(self) -> list[float]:
        share = sum(col[2] for col in self.cols)
        return [col[2] / share * self.tw for col in self.cols]

    def page_head(self, first: bool) -> float:
        c, m, size, lh, language = self.c, self.m, self.size, self.lh, self.language
        y = m
        if first:
            c.text(m, y, self.vendor, size + 5, bold=True)
            c.text(c.page_w - m, y, _WORDS_TOTAL[language][5], size + 8, bold=True, align="R")
            y += 14
            c.text(m, y, f"{_NUMBER_LABEL[language]}: {self.number}", size)
            y += lh
            c.text(m, y, f"{_DATE_LABEL[language]}: {self.date_text}", size)
            y += lh + 8
        elif self.continuation_head:
            c.text(m, y, f"{self.vendor} · {_NUMBER_LABEL[language]} {self.number}", size - 1)
            y += lh + 4
        return y

    def header_row(self, y: float) -> float:
        c, m, size, lh = self.c, self.m, self.size, self.lh
        x = m
        for (_, title, _, align), w in zip(self.cols, self.widths, strict=True):
            tx = x + 1 if align == "L" else x + w - 1
            fit = c.fit(title, w - 3, size, bold=True)
            c.text(tx, y, title, fit, bold=True, align="L" if align == "L" else "R")
            x += w
        c.rule(m, y + lh + 0.5, m + self.tw, y + lh + 0.5)
        return y + lh + 2.5

    def cell_row(self, y: float, cells: dict[str, str]) -> None:
        x = self.m
        for (role, _, _, align), w in zip(self.cols, self.widths, strict=True):
            text = cells.get(role)
            if text:
                tx = x + 1 if align == "L" else x + w - 1
                self.c.text(tx, y, text, self.size, align="L" if align == "L" else "R")
            x += w

    def next_page(self, y: float) -> float:
        """Close the page at ``y`` and start the next one below its heading."""
        self.page_marks.append((self.page, y))
        self.c.pdf.add_page()
        self.page += 1
        return self.page_head(False)


def _draw_item_rows(
    sheet: _InvoiceSheet, lines: list[DrawnLine], style: _TableStyle, repeat_header: bool
) -> float:
    """The table's rows from the top of the first page, running over pages with carried- and
    brought-forward rows; returns where the table ends."""
    language, lh, size, m = sheet.language, sheet.lh, sheet.size, sheet.m
    ja = language == "ja"
    words = _WORDS_TOTAL[language]
    widths = sheet.widths
    y = sheet.header_row(sheet.page_head(True))
    running = Decimal(0)
    desc_w = widths[[r for r, *_ in sheet.cols].index("desc")] - 3
    bottom = sheet.c.page_h - 28
    for i, line in enumerate(lines, start=1):
        wrapped = _wrap(
            sheet.c, line.description + (" ※" if ja and line.rate == "8" else ""), desc_w, size, ja
        )
        need = lh * len(wrapped) + 2
        if y + need > bottom:
            sheet.cell_row(y, {"desc": words[3], "amount": _money(running, language)})
            y = sheet.next_page(y)
            if repeat_header:
                y = sheet.header_row(y)
            sheet.cell_row(y, {"desc": words[4], "amount": _money(running, language)})
            y += lh + 2
        cells = {
            "pos": str(i),
            "qty": _qty_text(line.quantity, language),
            "unit": line.unit or "",
            "price": _money(line.unit_price, language),
            "rate": _rate_text(line.rate, language),
            "amount": _money(line.amount, language),
        }
        if "unit" not in [r for r, *_ in sheet.cols] and line.unit and style.with_qty:
            cells["qty"] = f"{cells['qty']} {line.unit}"
        sheet.cell_row(y, {**cells, "desc": wrapped[0]})
        for k, extra in enumerate(wrapped[1:], start=1):
            sheet.c.text(m + widths[0] + 1 if style.with_pos else m + 1, y + k * lh, extra, size)
        y += need
        running += line.amount
    return y


def _taxes(
    lines: list[DrawnLine], rates_all: tuple[str, ...], rates: tuple[str, ...], ja: bool
) -> list[tuple[str, Decimal, Decimal]]:
    """(rate, base, tax) of each rate some line is at, in the language's order of rates."""
    taxes: list[tuple[str, Decimal, Decimal]] = []
    for rate in rates_all:
        base = sum((ln.amount for ln in lines if ln.rate == rate), Decimal(0))
        if base or rate in rates:
            if not any(ln.rate == rate for ln in lines):
                continue
            q = Decimal(1) if ja else Decimal("0.01")
            tax = (base * Decimal(rate) / 100).quantize(q, ROUND_HALF_UP)
            taxes.append((rate, base, tax))
    return taxes


def _total_rows(
    language: LinesLanguage,
    currency: str,
    subtotal: Decimal,
    taxes: list[tuple[str, Decimal, Decimal]],
    total: Decimal,
) -> list[tuple[str, str]]:
    """(label, value) of the summary under the table: subtotal, each rate's tax, total."""
    ja = language == "ja"
    words = _WORDS_TOTAL[language]
    rows = [(words[0], _money(subtotal, language))]
    for rate, base, tax in taxes:
        if ja:  # the qualified-invoice summary: the base and the tax of each rate
            label = f"{rate}%対象 {_money(base, language)} {words[1]}"
        else:
            label = f"{words[1]} {_rate_text(rate, language)} ({_money(base, language)})"
        rows.append((label, _money(tax, language)))
    rows.append((words[2], _money(total, language) + (" 円" if ja else f" {_symbol(currency)}")))
    return rows


def _draw_totals(sheet: _InvoiceSheet, rows: list[tuple[str, str]], y: float) -> None:
    """The summary below the table at ``y``, on a page of its own when it does not fit."""
    lh, m, tw = sheet.lh, sheet.m, sheet.tw
    if y + len(rows) * (lh + 1) + 10 > sheet.c.page_h - 15:
        y = sheet.next_page(y)
    y += 4
    for label, value in rows:
        sheet.c.text(m + tw * 0.55, y, label, sheet.size)
        sheet.c.text(m + tw - 1, y, value, sheet.size, align="R")
        y += lh + 1
    sheet.page_marks.append((sheet.page, y))


def _number_pages(sheet: _InvoiceSheet) -> None:
    """The "Page p/n" footers: drawn last, once the number of pages is known."""
    c, m, page = sheet.c, sheet.m, sheet.page
    for p in range(1, page + 1):
        c.pdf.page = p
        footer = f"{_PAGE[sheet.language]} {p}/{page}"
        c.text(c.page_w - m, c.page_h - 12, footer, sheet.size - 1, align="R")
    c.pdf.page = page


def _invoice_labels(
    lines: list[DrawnLine], style: _TableStyle, rates: tuple[str, ...], currency: str
) -> list[dict[str, Any]]:
    """Each line as printed: a column the table leaves out is labelled None (not scored);
    a document at a single rate states it even without a rate column."""
    return [
        {
            "description": ln.description,
            "quantity": str(ln.quantity) if style.with_qty else None,
            "unit_price": _plain(ln.unit_price, currency) if style.with_qty else None,
            "amount": _plain(ln.amount, currency),
            "tax_rate": ln.rate if style.with_rate or len(rates) == 1 else None,
        }
        for ln in lines
    ]


def generate_lines_document(
    rng: random.Random,
    doc_id: str,
    language: LinesLanguage,
    *,
    n_lines: int | None = None,
    receipt: bool = False,
) -> LinesDocument:
    """One invoice (or receipt) with ``n_lines`` lines (drawn at random when None)."""
    ja = language == "ja"
    if ja and not japanese_font_available():
        raise RuntimeError("the IPAex fonts are needed for Japanese documents (fonts-ipaexfont)")
    font = "gothic" if ja else ("dejavu" if dejavu_available() else "helvetica")
    currency = _CURRENCY[language]
    rates_all = _RATES[language]
    rates = rates_all if rng.random() < 0.6 else (rates_all[0],)
    if n_lines is None:
        n_lines = (
            rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 14, 20, 30, 45, 60))
            if not receipt
            else (rng.randint(1, 12))
        )
    lines = _draw_lines(rng, language, n_lines, rates)
    if receipt:
        return _receipt(rng, doc_id, language, lines, font, currency)

    # every draw from ``rng`` stays in its order: a seed must give the same document
    style = _draw_table_style(rng, language, rates)
    pdf, choices = new_pdf((font,))
    c = Canvas(pdf, choices, font)
    size = round(rng.uniform(8.0, 9.5), 1)
    vendor = rng.choice(_VENDORS[language])
    number = f"{rng.randint(2023, 2025)}-{rng.randint(1, 99999):05d}"
    issued = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 700))
    date_text = (
        f"{issued.year}年{issued.month}月{issued.day}日" if ja else issued.strftime("%d.%m.%Y")
    )
    repeat_header = rng.random() < 0.7
    # not every issuer numbers its pages or repeats its name on the next ones
    page_numbers = rng.random() < 0.7
    continuation_head = rng.random() < 0.6
    sheet = _InvoiceSheet(
        c, language, style.columns, size, vendor, number, date_text, continuation_head
    )
    y = _draw_item_rows(sheet, lines, style, repeat_header)
    subtotal = sum((ln.amount for ln in lines), Decimal(0))
    taxes = _taxes(lines, rates_all, rates, ja)
    total = subtotal + sum((t for _, _, t in taxes), Decimal(0))
    _draw_totals(sheet, _total_rows(language, currency, subtotal, taxes, total), y)
    if sheet.page > 1 and page_numbers:
        _number_pages(sheet)
    labels = _invoice_labels(lines, style, rates, currency)
    fields = {
        "vendor": vendor,
        "vendor_aliases": [],
        "total": _plain(total, currency),
        "currency": currency,
        "date": issued.isoformat(),
        "invoice_number": number,
    }
    pages = sheet.page
    return LinesDocument(doc_id, language, "invoice", bytes(pdf.output()), pages, fields, labels)


def _symbol(currency: str) -> str:
    return {"EUR": "€", "GBP": "GBP", "USD": "USD"}.get(currency, currency)


def _qty_text(q: Decimal, language: str) -> str:
    text = f"{q.normalize():f}"
    return text.replace(".", ",") if language in ("de", "fr", "nl") else text


def _receipt(
    rng: random.Random,
    doc_id: str,
    language: str,
    lines: list[DrawnLine],
    font: str,
    currency: str,
) -> LinesDocument:
    """A till receipt: narrow, one column of descriptions, quantity and amount."""
    ja = language == "ja"
    height = 90 + 6 * len(lines)
    pdf, choices = new_pdf((font,), (80.0, float(height)))
    c = Canvas(pdf, choices, font)
    size = 8.0
    lh = Canvas.line_height(size)
    vendor = rng.choice(_VENDORS[language])
    y = 6.0
    c.text(40, y, vendor, size + 2, bold=True, align="C")
    y += lh + 4
    issued = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 700))
    c.text(
        4,
        y,
        f"{issued.year}年{issued.month}月{issued.day}日" if ja else issued.strftime("%d/%m/%Y"),
        size,
    )
    y += lh + 3
    heads = _HEADERS[language]
    c.text(4, y, heads[0][0], size, bold=True)
    c.text(52, y, heads[1][0], size, bold=True, align="R")
    c.text(76, y, heads[5][0], size, bold=True, align="R")
    y += lh + 1
    c.rule(4, y, 76, y)
    y += 1.5
    for ln in lines:
        desc = ln.description
        while c.width(desc, size) > 40:
            desc = desc[:-1]
        c.text(4, y, desc, size)
        c.text(52, y, _qty_text(ln.quantity, language), size, align="R")
        c.text(76, y, _money(ln.amount, language), size, align="R")
        y += lh + 0.8
    total = sum((ln.amount for ln in lines), Decimal(0))
    y += 2
    c.rule(4, y, 76, y)
    y += 2
    c.text(4, y, _WORDS_TOTAL[language][2], size + 1, bold=True)
    c.text(76, y, ("¥" if ja else "") + _money(total, language), size + 1, bold=True, align="R")
    labels = [
        {
            "description": _truncated(c, ln.description, size),
            "quantity": str(ln.quantity),
            "unit_price": None,
            "amount": _plain(ln.amount, currency),
            "tax_rate": None,
        }
        for ln in lines
    ]
    fields: dict[str, Any] = {
        "vendor": vendor,
        "vendor_aliases": [],
        "total": _plain(total, currency),
        "currency": currency,
        "date": issued.isoformat(),
        "invoice_number": None,
    }
    return LinesDocument(doc_id, language, "receipt", bytes(pdf.output()), 1, fields, labels)


def _truncated(c: Canvas, text: str, size: float) -> str:
    while c.width(text, size) > 40:
        text = text[:-1]
    return text
