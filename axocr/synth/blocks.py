"""Building blocks of an invoice page, shared by every layout.

Each block draws at a given position and returns the y just below itself, so a layout
stacks blocks in columns and never guesses heights (which is how text overlap is avoided).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from axocr.synth.canvas import Align, Canvas
from axocr.synth.content import InvoiceContent, LineItem, Party
from axocr.synth.formats import format_amount, format_date, format_rate

GREY = (235, 235, 235)
MID_GREY = (90, 90, 90)


@dataclass(frozen=True)
class PrintStyle:
    """How one document prints its values, chosen at random per document."""

    date_fmt: str
    amount_fmt: str
    size: float  # base font size in pt; headings scale from it
    accent: tuple[int, int, int]  # fill colour of table headers and label cells
    show_due: bool


@dataclass
class Doc:
    """Everything a block needs: the surface, the content, the style and label wording."""

    c: Canvas
    content: InvoiceContent
    style: PrintStyle
    rng: random.Random
    labels: dict[str, str]
    # strings exactly as printed, for tests that look them up in the text layer
    printed: dict[str, str] = field(default_factory=dict)

    def amount(self, value: Decimal, *, bare: bool = False) -> str:
        return format_amount(value, self.content.currency, self.style.amount_fmt, bare=bare)

    def date(self, key: str) -> str:
        d = {
            "issue": self.content.issue_date,
            "due": self.content.due_date,
            "order": self.content.order_date,
        }[key]
        return format_date(d, self.style.date_fmt)

    @property
    def ja(self) -> bool:
        return self.content.language == "ja"


def choose_labels(rng: random.Random, language: str) -> dict[str, str]:
    """Label wording varies between issuers; pick one wording per label for a document."""
    options: dict[str, tuple[str, ...]]
    if language == "ja":
        options = {
            "number": ("請求書番号", "請求番号", "請求書No.", "伝票番号"),
            "date": ("請求日", "発行日", "請求日付"),
            "due": ("お支払期限", "支払期限", "お振込期限"),
            "order": ("注文番号", "ご注文番号", "発注番号"),
            "customer_no": ("お客様番号", "顧客コード", "取引先コード"),
            "order_date": ("受注日", "ご注文日"),
            "subtotal": ("小計", "小計（税抜）", "税抜合計"),
            "tax": ("消費税", "消費税額"),
            "total": ("合計", "合計金額", "税込合計"),
            "amount_box": ("ご請求金額", "ご請求金額（税込）", "請求金額"),
            "item": ("品名", "品目", "摘要", "内容"),
            "qty": ("数量",),
            "unit": ("単価",),
            "amount": ("金額",),
        }
    else:
        options = {
            "number": ("Invoice No.", "Invoice #", "Invoice Number", "Inv. No."),
            "date": ("Invoice Date", "Date", "Date of Issue", "Issue Date"),
            "due": ("Due Date", "Payment Due", "Due"),
            "order": ("PO Number", "Order No.", "Purchase Order", "Your Ref."),
            "customer_no": ("Customer No.", "Account No.", "Customer ID"),
            "order_date": ("Order Date", "Ship Date"),
            "subtotal": ("Subtotal", "Sub-total", "Net Amount", "Subtotal (net)"),
            "tax": ("Tax",),  # replaced by the tax name of the currency's country below
            "total": ("Total", "Total Due", "Amount Due", "TOTAL", "Balance Due", "Invoice Total"),
            "amount_box": ("Amount Due", "Balance Due", "Total Due"),
            "item": ("Description", "Item", "Item / Service"),
            "qty": ("Qty", "Quantity", "Hrs/Qty"),
            "unit": ("Unit Price", "Rate", "Price"),
            "amount": ("Amount", "Line Total", "Total"),
        }
    return {k: rng.choice(v) for k, v in options.items()}


def tax_label(doc: Doc, rate: Decimal) -> str:
    if doc.ja:
        return f"{doc.labels['tax']}（{format_rate(rate)}）"
    name = {"USD": "Sales Tax", "GBP": "VAT", "EUR": "VAT", "AUD": "GST"}[doc.content.currency]
    return f"{name} ({format_rate(rate)})"


# ------------------------------------------------------------------ parties
def vendor_block(
    doc: Doc,
    x: float,
    y: float,
    *,
    align: Align = "L",
    name_size: float | None = None,
    compact: bool = False,
    max_w: float = 90.0,
) -> float:
    """The issuer: name, address, phone, and its tax registration (登録番号 / VAT)."""
    v = doc.content.vendor
    s = doc.style.size
    size = doc.c.fit(v.name, max_w, name_size or s + 5, bold=True)
    y += doc.c.text(x, y, v.name, size, bold=True, align=align)
    address = ["  ".join(v.address_lines)] if compact else list(v.address_lines)
    y = doc.c.lines(x, y + 0.5, address, s - 1, align=align)
    if doc.ja:
        y += doc.c.text(x, y, f"TEL {v.phone}", s - 1, align=align)
        if not compact:
            y += doc.c.text(x, y, v.email, s - 1, align=align)
        if v.registration_number:
            y += doc.c.text(x, y, f"登録番号 {v.registration_number}", s - 1, align=align)
            doc.printed["registration_number"] = v.registration_number
    else:
        y += doc.c.text(x, y, f"Phone: {v.phone}", s - 1, align=align)
        if not compact:
            y += doc.c.text(x, y, v.email, s - 1, align=align)
        if v.vat_id:
            kind = "ABN" if doc.content.currency == "AUD" else "VAT No."
            y += doc.c.text(x, y, f"{kind} {v.vat_id}", s - 1, align=align)
    return y


def customer_block(
    doc: Doc, x: float, y: float, w: float, heading: str, party: Party, *, with_number: bool
) -> float:
    """Bill To / Ship To: another company's name and address, a deliberate vendor distractor."""
    s = doc.style.size
    y += doc.c.text(x, y, heading, s - 1, bold=True, color=MID_GREY)
    y += doc.c.text(x, y, party.name, doc.c.fit(party.name, w, s + 1, bold=True), bold=True)
    y = doc.c.lines(x, y, list(party.address_lines), s - 1)
    if with_number:
        y += doc.c.text(x, y, f"{doc.labels['customer_no']}: {doc.content.customer_number}", s - 1)
    return y


def onchu_block(doc: Doc, x: float, y: float, w: float, *, with_address: bool) -> float:
    """The addressee of a Japanese 請求書: ``○○株式会社 御中``, large and underlined."""
    s = doc.style.size
    cu = doc.content.customer
    if with_address:
        y = doc.c.lines(x, y, list(cu.address_lines[:2]), s - 1)
        y += 1
    name = f"{cu.name}  御中"
    h = doc.c.text(x, y, name, doc.c.fit(name, w, s + 5, bold=True), bold=True)
    doc.c.rule(x, y + h, x + w, y + h, 0.35)
    return y + h + 2


# ------------------------------------------------------------------ meta data
def meta_pairs(doc: Doc, *, distractors: int = 2) -> list[tuple[str, str]]:
    """Invoice number and dates, plus order/customer numbers that look like them."""
    lb = doc.labels
    number = doc.content.invoice_number
    pairs = [(lb["number"], number), (lb["date"], doc.date("issue"))]
    doc.printed["invoice_number"] = number
    if doc.style.show_due:
        pairs.append((lb["due"], doc.date("due")))
    extra = [
        (lb["order"], doc.content.order_number),
        (lb["customer_no"], doc.content.customer_number),
        (lb["order_date"], doc.date("order")),
    ]
    pairs += extra[:distractors]
    if distractors:
        # The buyer's order number and the wording of its label ("Your Ref." is no PO label).
        doc.printed["order_number"] = doc.content.order_number
        doc.printed["order_label"] = lb["order"]
    return pairs


def meta_beside(
    doc: Doc,
    x: float,
    y: float,
    w: float,
    pairs: list[tuple[str, str]],
    *,
    value_align: Align = "R",
    colon: bool = True,
    label_w: float | None = None,
) -> float:
    """``Label:  value`` rows; values right-aligned at ``x + w`` or left-aligned at a tab."""
    s = doc.style.size
    tab = label_w if label_w is not None else w * 0.48
    for label, value in pairs:
        doc.c.text(x, y, f"{label}:" if colon else label, s, bold=True)
        if value_align == "R":
            h = doc.c.text(x + w, y, value, s, align="R")
        else:
            h = doc.c.text(x + tab, y, value, s)
        y += h + 0.6
    return y


def meta_grid(
    doc: Doc, x: float, y: float, w: float, pairs: list[tuple[str, str]], cols: int
) -> float:
    """Boxed cells with the label above the value, as on many form-style invoices."""
    s = doc.style.size
    cw = w / cols
    ch = Canvas.line_height(s - 1.5) + Canvas.line_height(s) + 2.5
    for i, (label, value) in enumerate(pairs):
        cx = x + (i % cols) * cw
        cy = y + (i // cols) * ch
        doc.c.box(cx, cy, cw, ch, width=0.25)
        doc.c.box(cx, cy, cw, Canvas.line_height(s - 1.5) + 1, fill=doc.style.accent, width=0.25)
        doc.c.text(cx + 1.5, cy + 0.6, label, s - 1.5, color=MID_GREY)
        doc.c.text(cx + 1.5, cy + Canvas.line_height(s - 1.5) + 1.6, value, s, bold=True)
    rows = (len(pairs) + cols - 1) // cols
    return y + rows * ch


def amount_box(doc: Doc, x: float, y: float, w: float, *, suffix: str = "") -> float:
    """The boxed amount due at the top (``ご請求金額 ¥110,000``): a second copy of the total."""
    s = doc.style.size
    h = Canvas.line_height(s + 7) + 3
    lw = max(doc.c.width(doc.labels["amount_box"], s + 1, bold=True) + 6, w * 0.32)
    doc.c.box(x, y, w, h, width=0.4)
    doc.c.box(x, y, lw, h, fill=doc.style.accent, width=0.4)
    doc.c.text(
        x + lw / 2,
        y + (h - Canvas.line_height(s + 1)) / 2 + 0.5,
        doc.labels["amount_box"],
        s + 1,
        bold=True,
        align="C",
    )
    value = doc.amount(doc.content.total) + suffix
    size = doc.c.fit(value, w - lw - 7, s + 7, bold=True)
    doc.c.text(
        x + w - 4, y + 1.8 + Canvas.line_height(s + 7 - size) / 2, value, size, bold=True, align="R"
    )
    doc.printed["amount_box"] = value
    return y + h


# ------------------------------------------------------------------ items and totals
def total_rows(doc: Doc) -> list[tuple[str, str, bool]]:
    """(label, printed amount, bold) rows: subtotal, tax per rate, total."""
    rows = [(doc.labels["subtotal"], doc.amount(doc.content.subtotal), False)]
    for t in doc.content.tax_lines:
        rows.append((tax_label(doc, t.rate), doc.amount(t.tax), False))
    total = doc.amount(doc.content.total)
    rows.append((doc.labels["total"], total, True))
    doc.printed["total"] = total
    doc.printed["subtotal"] = rows[0][1]
    return rows


def _item_columns(
    doc: Doc, *, numbered: bool, rate_column: bool, short: bool
) -> list[tuple[str, float, Align]]:
    """The table's columns: header text, share of the width, alignment."""
    lb = doc.labels
    cols: list[tuple[str, float, Align]]
    if short:
        cols = [(lb["item"], 0.75, "L"), (lb["amount"], 0.25, "R")]
    elif rate_column:
        cols = [
            (lb["item"], 0.42, "L"),
            (lb["qty"], 0.1, "R"),
            (lb["unit"], 0.17, "R"),
            ("税率" if doc.ja else "Tax", 0.1, "R"),
            (lb["amount"], 0.21, "R"),
        ]
    else:
        cols = [
            (lb["item"], 0.46, "L"),
            (lb["qty"], 0.11, "R"),
            (lb["unit"], 0.2, "R"),
            (lb["amount"], 0.23, "R"),
        ]
    if numbered:
        cols = [
            ("No." if doc.ja else "#", 0.06, "C"),
            *((n, f - 0.06 / len(cols), a) for n, f, a in cols),
        ]
    return cols


def _item_cells(
    doc: Doc, it: LineItem, i: int, *, numbered: bool, rate_column: bool, short: bool
) -> list[str]:
    desc = f"{it.description} ※" if it.reduced else it.description
    if short:
        cells = [
            f"{desc} ({it.quantity} × {doc.amount(it.unit_price, bare=True)})"
            if it.quantity > 1
            else desc,
            doc.amount(it.amount, bare=True),
        ]
    else:
        cells = [
            desc,
            str(it.quantity),
            doc.amount(it.unit_price, bare=True),
            doc.amount(it.amount, bare=True),
        ]
        if rate_column:
            cells.insert(3, f"{format_rate(it.tax_rate)}{'※' if it.reduced else ''}")
    if numbered:
        cells.insert(0, str(i))
    return cells


def items_table(
    doc: Doc,
    x: float,
    y: float,
    w: float,
    *,
    footer: bool = False,
    numbered: bool = False,
    rate_column: bool = False,
    short: bool = False,
) -> float:
    """The line items; with ``footer`` the totals are the last rows of the table itself."""
    s = doc.style.size
    cols = _item_columns(doc, numbered=numbered, rate_column=rate_column, short=short)
    widths = [f * w for _, f, _ in cols]
    rh = Canvas.line_height(s) + 2.2

    def row(cells: list[str], top: float, *, fill: tuple[int, int, int] | None, bold: bool) -> None:
        cx = x
        for (_, _, align), cw, cell in zip(cols, widths, cells, strict=True):
            doc.c.box(cx, top, cw, rh, fill=fill, width=0.2)
            tx = cx + 1.5 if align == "L" else cx + cw - 1.5 if align == "R" else cx + cw / 2
            size = doc.c.fit(cell, cw - 2.5, s - 0.5, bold=bold)  # narrow columns shrink
            doc.c.text(tx, top + 1.1, cell, size, bold=bold, align=align)
            cx += cw

    row([n for n, _, _ in cols], y, fill=doc.style.accent, bold=True)
    y += rh
    for i, it in enumerate(doc.content.items, start=1):
        cells = _item_cells(doc, it, i, numbered=numbered, rate_column=rate_column, short=short)
        row(cells, y, fill=None, bold=False)
        y += rh
    if footer:
        span = sum(widths[:-1])
        for label, value, bold in total_rows(doc):
            doc.c.box(x, y, span, rh, fill=GREY if bold else None, width=0.2)
            doc.c.box(x + span, y, widths[-1], rh, fill=GREY if bold else None, width=0.2)
            doc.c.text(x + span - 2, y + 1.1, label, s - 0.5, bold=bold, align="R")
            doc.c.text(x + w - 1.5, y + 1.1, value, s - 0.5, bold=bold, align="R")
            y += rh
    return y


def totals_block(doc: Doc, x: float, y: float, w: float, *, boxed: bool = False) -> float:
    """Subtotal / tax / total right-aligned under the table, total emphasised."""
    s = doc.style.size
    rows = total_rows(doc)
    for i, (label, value, bold) in enumerate(rows):
        size = s + 1.5 if bold else s
        h = Canvas.line_height(size) + 1
        if bold:
            doc.c.rule(x, y, x + w, y, 0.4)
            y += 1
            if boxed:
                doc.c.box(x, y - 0.5, w, h + 0.5, fill=doc.style.accent, border=False)
        elif boxed and i == 0:
            pass
        doc.c.text(x + 1, y + 0.3, label, size, bold=bold)
        doc.c.text(x + w - 1, y + 0.3, value, size, bold=bold, align="R")
        y += h
    return y


def ja_tax_breakdown(doc: Doc, x: float, y: float, w: float) -> float:
    """``10%対象 ¥100,000  消費税 ¥10,000`` per rate, as qualified invoices must show."""
    s = doc.style.size - 1
    for t in doc.content.tax_lines:
        rate = format_rate(t.rate)
        mark = "※" if t.rate == Decimal("0.08") else ""
        doc.c.text(x, y, f"{rate}対象{mark}", s)
        doc.c.text(x + w * 0.55, y, doc.amount(t.base), s, align="R")
        doc.c.text(x + w * 0.62, y, "消費税", s)
        y += doc.c.text(x + w, y, doc.amount(t.tax), s, align="R")
    if any(t.rate == Decimal("0.08") for t in doc.content.tax_lines):
        y += doc.c.text(x, y, "※は軽減税率（8%）対象品目です。", s - 0.5)
    return y


def notes_block(doc: Doc, x: float, y: float, *, heading: bool = True) -> float:
    """Payment details: bank and account numbers, long digit strings that are not amounts."""
    s = doc.style.size - 1
    if heading:
        y += doc.c.text(x, y, "お振込先" if doc.ja else "Payment details", s, bold=True)
    y = doc.c.lines(x, y, list(doc.content.payment_lines), s)
    return y
