"""Eight English invoice layouts. Each differs in where the vendor sits, how labels relate to
values, and where the totals are, because those are what break a naive extractor."""

from __future__ import annotations

from axocr.synth.blocks import (
    MID_GREY,
    Doc,
    amount_box,
    customer_block,
    items_table,
    meta_beside,
    meta_grid,
    meta_pairs,
    notes_block,
    totals_block,
    vendor_block,
)


def _margin(doc: Doc) -> float:
    return 14 + doc.rng.uniform(0, 5)


def _parties(doc: Doc, x: float, y: float, w: float, *, numbered: bool = False) -> float:
    """Bill To, and Ship To beside it when the order was shipped elsewhere."""
    half = w / 2 - 4
    y1 = customer_block(doc, x, y, half, "BILL TO", doc.content.customer, with_number=numbered)
    y2 = y1
    if doc.content.ship_to is not None:
        y2 = customer_block(
            doc, x + w / 2, y, half, "SHIP TO", doc.content.ship_to, with_number=False
        )
    return max(y1, y2)


def classic(doc: Doc) -> None:
    """Vendor top-left, INVOICE + label: value block top-right, totals block under the table."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    yl = vendor_block(doc, m, m, max_w=W / 2 - m - 5)
    yr = m + c.text(W - m, m, "INVOICE", s + 12, bold=True, align="R") + 2
    yr = meta_beside(doc, W - m - 78, yr, 78, meta_pairs(doc, distractors=1))
    y = _parties(doc, m, max(yl, yr) + 8, W - 2 * m) + 7
    y = items_table(doc, m, y, W - 2 * m) + 4
    yt = totals_block(doc, W - m - 75, y, 75)
    notes_block(doc, m, y)
    c.text(
        W / 2, max(yt, y + 20) + 12, "Thank you for your business!", s, align="C", color=MID_GREY
    )


def vendor_right(doc: Doc) -> None:
    """Title and label: value block on the left, vendor right-aligned on the right."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    yl = m + c.text(m, m, "Invoice", s + 14, bold=True, color=(30, 60, 120)) + 3
    yl = meta_beside(doc, m, yl, 85, meta_pairs(doc, distractors=2), value_align="L", label_w=38)
    yr = vendor_block(doc, W - m, m, align="R", max_w=W / 2 - m)
    y = _parties(doc, m, max(yl, yr) + 9, W - 2 * m) + 7
    y = items_table(doc, m, y, W - 2 * m, numbered=True) + 5
    totals_block(doc, W - m - 80, y, 80)
    notes_block(doc, m, y + 2)


def vendor_bottom(doc: Doc) -> None:
    """Customer first, label-above-value grid, totals in the table; vendor only in the footer."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W, H = c.page_w, c.page_h
    y = m + c.text(W / 2, m, "INVOICE", s + 14, bold=True, align="C") + 5
    y = meta_grid(doc, m, y, W - 2 * m, meta_pairs(doc, distractors=1), cols=4) + 8
    y = _parties(doc, m, y, W - 2 * m, numbered=True) + 8
    y = items_table(doc, m, y, W - 2 * m, footer=True) + 6
    notes_block(doc, m, y)
    top = H - m - 24
    c.rule(m, top, W - m, top, 0.3)
    vendor_block(doc, W / 2, top + 2, align="C", compact=True, name_size=s + 2, max_w=W - 2 * m)


def grid_header(doc: Doc) -> None:
    """Vendor left; on the right a 'Tax Invoice' title over a grid of boxed label-above cells."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    yl = vendor_block(doc, m, m, max_w=W / 2 - m - 6)
    gx, gw = W - m - 92, 92.0
    yr = m + c.text(gx + gw, m, "TAX INVOICE", s + 8, bold=True, align="R") + 2
    yr = meta_grid(doc, gx, yr, gw, meta_pairs(doc, distractors=3), cols=2)
    y = _parties(doc, m, max(yl, yr) + 8, W - 2 * m, numbered=True) + 7
    y = items_table(doc, m, y, W - 2 * m, rate_column=True) + 4
    totals_block(doc, W - m - 85, y, 85, boxed=True)
    notes_block(doc, m, y + 1)


def table_footer(doc: Doc) -> None:
    """Compact vendor header; subtotal, tax and total are the last rows of the items table."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    yl = vendor_block(doc, m, m, compact=True, max_w=W / 2 - m)
    yr = m + c.text(W - m, m, "Invoice", s + 10, bold=True, align="R") + 2
    yr = meta_beside(doc, W - m - 72, yr, 72, meta_pairs(doc, distractors=2))
    c.rule(m, max(yl, yr) + 4, W - m, max(yl, yr) + 4, 0.5)
    y = (
        customer_block(
            doc, m, max(yl, yr) + 8, W / 2, "Invoice to", doc.content.customer, with_number=False
        )
        + 8
    )
    y = items_table(doc, m, y, W - 2 * m, footer=True, numbered=True) + 8
    notes_block(doc, m, y)


def sidebar(doc: Doc) -> None:
    """A shaded left column holds vendor, invoice details (label above value) and customer."""
    c, s, m = doc.c, doc.style.size, _margin(doc)
    W, H = c.page_w, c.page_h
    sw = 66.0
    c.box(0, 0, sw, H, fill=(232, 238, 245), border=False)
    y = vendor_block(doc, 7, m, max_w=sw - 12, name_size=s + 3) + 8
    for label, value in meta_pairs(doc, distractors=2):
        y += c.text(7, y, label.upper(), s - 2, color=MID_GREY)
        y += c.text(7, y, value, s, bold=True) + 1.5
    y += 5
    customer_block(doc, 7, y, sw - 12, "BILLED TO", doc.content.customer, with_number=False)
    x = sw + 10
    w = W - x - m
    y = m + c.text(x, m, "INVOICE", s + 16, bold=True, color=(40, 70, 110)) + 10
    y = items_table(doc, x, y, w) + 5
    y = totals_block(doc, x + w - 75, y, 75) + 10
    notes_block(doc, x, y)


def amount_due_box(doc: Doc) -> None:
    """A boxed 'Amount Due' at the top right repeats the total before any table."""
    c, _s, m = doc.c, doc.style.size, _margin(doc)
    W = c.page_w
    yl = vendor_block(doc, m, m, max_w=W / 2 - m - 5)
    yr = amount_box(doc, W - m - 88, m, 88) + 4
    yr = meta_beside(doc, W - m - 88, yr, 88, meta_pairs(doc, distractors=3))
    y = _parties(doc, m, max(yl, yr) + 8, W - 2 * m, numbered=True) + 7
    y = items_table(doc, m, y, W - 2 * m) + 4
    totals_block(doc, W - m - 75, y, 75)
    notes_block(doc, m, y)


def letter_style(doc: Doc) -> None:
    """Centred letterhead, a two-column item list, and the number repeated in the terms."""
    c, s, m = doc.c, doc.style.size, _margin(doc) + 4
    W = c.page_w
    v = doc.content.vendor
    y = m + c.text(
        W / 2, m, v.name, c.fit(v.name, W - 2 * m, s + 8, bold=True), bold=True, align="C"
    )
    y += c.text(W / 2, y, ", ".join(v.address_lines), s - 1, align="C")
    y += c.text(
        W / 2, y, f"Tel {v.phone}  ·  {v.email}" if c.can_print("·") else v.phone, s - 1, align="C"
    )
    c.rule(m, y + 2, W - m, y + 2, 0.6)
    y += 8
    yl = customer_block(doc, m, y, W / 2 - m, "To:", doc.content.customer, with_number=True)
    yr = meta_beside(
        doc,
        W / 2 + 10,
        y,
        W / 2 - m - 10,
        meta_pairs(doc, distractors=1),
        value_align="L",
        label_w=34,
    )
    y = max(yl, yr) + 10
    y = items_table(doc, m, y, W - 2 * m, short=True) + 4
    y = totals_block(doc, W - m - 80, y, 80) + 10
    number = doc.content.invoice_number
    terms = [
        f"Please quote invoice {number} with your payment.",
        "Payment is due within 30 days of the invoice date.",
    ]
    y = c.lines(m, y, terms, s - 0.5)
    notes_block(doc, m, y + 4, heading=False)


EN_LAYOUTS = {
    "classic": classic,
    "vendor_right": vendor_right,
    "vendor_bottom": vendor_bottom,
    "grid_header": grid_header,
    "table_footer": table_footer,
    "sidebar": sidebar,
    "amount_due_box": amount_due_box,
    "letter_style": letter_style,
}
