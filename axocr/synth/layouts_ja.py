"""Eight Japanese 請求書 layouts: the addressee 御中 block, the issuer block with 登録番号, the
boxed ご請求金額, and per-rate tax breakdowns, arranged the ways real issuers arrange them."""

from __future__ import annotations

from axocr.synth.blocks import (
    MID_GREY,
    Doc,
    amount_box,
    items_table,
    ja_tax_breakdown,
    meta_beside,
    meta_grid,
    meta_pairs,
    notes_block,
    onchu_block,
    totals_block,
    vendor_block,
)
from axocr.synth.canvas import Canvas

RED = (200, 30, 30)


def _margin(doc: Doc) -> float:
    return 14 + doc.rng.uniform(0, 4)


def _stamp(doc: Doc, x: float, y: float, size: float = 15.0) -> None:
    """A red square company seal (角印); a real feature of 請求書 that OCR must ignore."""
    doc.c.box(x, y, size, size, width=0.6, color=RED)
    doc.c.text(x + size / 2, y + size / 2 - 3.2, "印", 16, align="C", color=RED)


def _message(doc: Doc, x: float, y: float) -> float:
    return y + doc.c.text(x, y, "下記の通りご請求申し上げます。", doc.style.size) + 2


def _remarks(doc: Doc, x: float, y: float) -> float:
    """備考 with the payment account: numbers that are neither totals nor invoice numbers."""
    y = notes_block(doc, x, y)
    return y


def standard(doc: Doc) -> None:
    """The typical 請求書: 御中 top-left, number and date top-right over the issuer block,
    boxed ご請求金額, table, 小計/消費税/合計, and the per-rate breakdown."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    c.text(W / 2, m, "請求書", s + 10, bold=True, align="C")
    top = m + Canvas.line_height(s + 10) + 4
    yr = meta_beside(doc, W - m - 72, top, 72, meta_pairs(doc, distractors=0)[:2])
    yr = vendor_block(doc, W - m - 80, yr + 4, max_w=64, name_size=s + 3)
    _stamp(doc, W - m - 15, yr - 24)
    yl = onchu_block(doc, m, top + 4, 92, with_address=False)
    yl = _message(doc, m, yl + 2)
    yl = amount_box(doc, m, yl + 1, 92) + 2
    if doc.style.show_due:
        yl += c.text(m, yl, f"{doc.labels['due']}：{doc.date('due')}", s)
    y = max(yl, yr) + 7
    y = items_table(doc, m, y, W - 2 * m) + 4
    yt = totals_block(doc, W - m - 72, y, 72)
    yb = ja_tax_breakdown(doc, m, y, 95)
    _remarks(doc, m, max(yt, yb) + 8)


def label_above(doc: Doc) -> None:
    """Title left with a heavy rule; number/date/due in a grid of boxes, label above value."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    h = c.text(m, m, "請 求 書", s + 12, bold=True)
    c.rule(m, m + h, m + 70, m + h, 1.0)
    top = m + h + 6
    yl = onchu_block(doc, m, top, 95, with_address=True)
    yr = vendor_block(doc, W - m - 78, top - 14, max_w=76, name_size=s + 3)
    y = max(yl, yr) + 6
    y = meta_grid(doc, m, y, W - 2 * m, meta_pairs(doc, distractors=1), cols=4) + 5
    y = amount_box(doc, m, y, 110) + 7
    y = items_table(doc, m, y, W - 2 * m, rate_column=True) + 4
    yt = totals_block(doc, W - m - 72, y, 72)
    yb = ja_tax_breakdown(doc, m, y, 95)
    _remarks(doc, m, max(yt, yb) + 8)


def issuer_bottom(doc: Doc) -> None:
    """Addressee and totals first; the issuer and its 登録番号 only at the foot of the page."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W, H = c.page_w, c.page_h
    yr = m + c.text(W - m, m, "請求書", s + 12, bold=True, align="R") + 2
    yr = meta_beside(doc, W - m - 70, yr, 70, meta_pairs(doc, distractors=1))
    yl = onchu_block(doc, m, m + 4, 95, with_address=True)
    yl = _message(doc, m, yl + 2)
    y = max(yl, yr) + 4
    y = amount_box(doc, m, y, 100) + 7
    y = items_table(doc, m, y, W - 2 * m, numbered=True) + 4
    yt = totals_block(doc, W - m - 72, y, 72)
    yb = ja_tax_breakdown(doc, m, y, 95)
    _remarks(doc, m, max(yt, yb) + 6)
    top = H - m - 34
    c.rule(m, top, W - m, top, 0.3)
    c.text(m, top + 2, "発行元", s - 1, color=MID_GREY)
    vendor_block(doc, W - m - 85, top + 2, max_w=80, name_size=s + 2)


def table_footer(doc: Doc) -> None:
    """No boxed amount: 小計/消費税/合計 are footer rows of the table; issuer right-aligned."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    c.text(W / 2, m, "請求書", s + 10, bold=True, align="C")
    top = m + Canvas.line_height(s + 10) + 5
    yl = onchu_block(doc, m, top, 90, with_address=True)
    yl = meta_beside(
        doc, m, yl + 3, 80, meta_pairs(doc, distractors=2), value_align="L", label_w=28, colon=False
    )
    yr = vendor_block(doc, W - m, top, align="R", max_w=80, name_size=s + 3)
    y = max(yl, yr) + 8
    y = items_table(doc, m, y, W - 2 * m, footer=True, rate_column=True) + 5
    y = ja_tax_breakdown(doc, W - m - 100, y, 100) + 6
    _remarks(doc, m, y)


def issuer_left(doc: Doc) -> None:
    """Issuer top-left and the addressee on the right: the mirror image of the usual order."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    yl = vendor_block(doc, m, m, max_w=88, name_size=s + 4)
    yl = meta_beside(doc, m, yl + 5, 80, meta_pairs(doc, distractors=1))
    x = W / 2 + 6
    yr = m + c.text(W - m, m, "御請求書", s + 10, bold=True, align="R") + 4
    yr = onchu_block(doc, x, yr, W - m - x, with_address=True)
    yr = amount_box(doc, x, yr + 2, W - m - x)
    y = max(yl, yr) + 8
    y = items_table(doc, m, y, W - 2 * m, numbered=True) + 4
    yt = totals_block(doc, W - m - 72, y, 72, boxed=True)
    yb = ja_tax_breakdown(doc, m, y, 92)
    _remarks(doc, m, max(yt, yb) + 8)


def formal_mincho(doc: Doc) -> None:
    """Mincho type, spaced 御 請 求 書 title between double rules, seal, ``￥110,000-``."""
    c, s, m = doc.c, doc.style.size, _margin(doc) + 2
    W = c.page_w
    c.rule(m, m, W - m, m, 0.8)
    h = c.text(W / 2, m + 2.5, "御 請 求 書", s + 11, align="C", bold=True)
    c.rule(m, m + h + 4, W - m, m + h + 4, 0.8)
    top = m + h + 10
    yr = meta_beside(doc, W - m - 70, top, 70, meta_pairs(doc, distractors=0), colon=False)
    yr = vendor_block(doc, W / 2 + 6, yr + 4, max_w=62, name_size=s + 3)
    _stamp(doc, W - m - 16, yr - 22, 16)
    yl = onchu_block(doc, m, top + 2, 95, with_address=False)
    yl = _message(doc, m, yl + 3)
    yl = amount_box(doc, m, yl + 2, W / 2 - m - 4, suffix="（税込）")
    y = max(yl, yr) + 8
    y = items_table(doc, m, y, W - 2 * m, rate_column=True) + 4
    yt = totals_block(doc, W - m - 75, y, 75)
    yb = ja_tax_breakdown(doc, m, y, 95)
    _remarks(doc, m, max(yt, yb) + 8)


def bilingual(doc: Doc) -> None:
    """Japanese and English labels side by side, as export-minded companies print them."""
    lb = doc.labels
    lb["number"] = "請求書番号 Invoice No."
    lb["date"] = "請求日 Date"
    lb["due"] = "支払期限 Due"
    lb["customer_no"] = "顧客コード Customer"
    lb["total"] = "合計 Total"
    lb["subtotal"] = "小計 Subtotal"
    lb["amount_box"] = "ご請求金額 Amount"
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    h = c.text(m, m, "INVOICE", s + 12, bold=True, color=(20, 60, 110))
    c.text(m + c.width("INVOICE", s + 12, bold=True) + 4, m + 2, "請求書", s + 6, bold=True)
    yl = onchu_block(doc, m, m + h + 6, 95, with_address=True)
    yr = vendor_block(doc, W - m, m, align="R", max_w=85, name_size=s + 3)
    y = max(yl, yr) + 6
    y = meta_grid(doc, m, y, W - 2 * m, meta_pairs(doc, distractors=1), cols=4) + 5
    y = amount_box(doc, W - m - 110, y, 110) + 7
    y = items_table(doc, m, y, W - 2 * m, footer=True) + 5
    y = ja_tax_breakdown(doc, W - m - 100, y, 100) + 6
    _remarks(doc, m, y)


def compact_a5(doc: Doc) -> None:
    """An A5 page in small type: everything closer together, a two-column item list."""
    c, s, m = doc.c, doc.style.size, 10.0
    W, H = c.page_w, c.page_h
    c.text(W / 2, m, "請求書（適格請求書）", s + 6, bold=True, align="C")
    top = m + Canvas.line_height(s + 6) + 3
    yl = onchu_block(doc, m, top, 70, with_address=False)
    yr = meta_beside(doc, W - m - 52, top, 52, meta_pairs(doc, distractors=0))
    y = max(yl, yr) + 3
    y = amount_box(doc, m, y, W - 2 * m) + 4
    y = items_table(doc, m, y, W - 2 * m, short=True) + 3
    yt = totals_block(doc, W - m - 58, y, 58)
    yb = ja_tax_breakdown(doc, m, y, 62)
    y = max(yt, yb) + 4
    vendor_block(doc, m, max(y, H - m - 32), compact=True, max_w=W - 2 * m, name_size=s + 2)


JA_LAYOUTS = {
    "standard": standard,
    "label_above": label_above,
    "issuer_bottom": issuer_bottom,
    "table_footer": table_footer,
    "issuer_left": issuer_left,
    "formal_mincho": formal_mincho,
    "bilingual": bilingual,
    "compact_a5": compact_a5,
}
