"""Pages of a grammar family: the top of page 1 arranged as the spec says, the items table in
one of five styles running over pages with carried-forward rows, totals, terms, remittance
slip and a footer on every page."""

from __future__ import annotations

from decimal import Decimal

from axocr.synth.canvas import Align, Canvas, new_pdf
from axocr.synth.family_blocks import (
    Sheet,
    customer_block,
    footer,
    refs_block,
    remittance,
    terms_lines,
    title,
    total_rows,
    totals_block,
    vendor_block,
    wordmark,
)
from axocr.synth.family_content import FamilyContent
from axocr.synth.family_italy import ARTICLE_BY_DESCRIPTION
from axocr.synth.family_labels import fmt_rate
from axocr.synth.grammar import Family

FOOTER_H = 16.0
REMIT_H = 34.0

Column = tuple[str, float, Align]
RATE_HEADER = {"de": "MwSt.", "fr": "TVA", "nl": "BTW", "it": "IVA"}
# Italian tables print an article code where a "Cod. art." heads the first column
_CODE_HEADERS = ("Cod. art.", "Codice")


def _align(header: str) -> Align:
    return "R" if header.endswith("right") else "C" if header.endswith("centre") else "L"


def _columns(sh: Sheet) -> list[Column]:
    w, spec = sh.w, sh.family.spec
    cols: list[Column] = [(w["item"], 0.5, "L"), (w["qty"], 0.1, "R"), (w["unit"], 0.18, "R")]
    if spec.multi_rate == "yes" and sh.lang != "ja":
        cols.append((RATE_HEADER.get(sh.lang, "VAT"), 0.08, "R"))
    cols.append((w["amount"], 0.2, "R"))
    if spec.table == "positions":
        cols.insert(0, (w["pos"], 0.06, "C"))
    if sh.lang == "it":
        if w["uom"]:
            cols.insert(cols.index((w["qty"], 0.1, "R")), (w["uom"], 0.06, "C"))
        if spec.table == "positions" and w["pos"] in _CODE_HEADERS:
            cols[0] = (w["pos"], 0.12, "L")
    total = sum(f for _, f, _ in cols)
    return [(n, f / total, a) for n, f, a in cols]


def _cells(sh: Sheet, n: int) -> list[str]:
    it = sh.content.items[n]
    desc = f"{it.description} ※" if it.reduced and sh.lang == "ja" else it.description
    cells = [desc, str(it.quantity), sh.amount(it.unit_price, bare=True)]
    if sh.family.spec.multi_rate == "yes" and sh.lang != "ja":
        cells.append(fmt_rate(it.tax_rate, sh.lang))
    cells.append(sh.amount(it.amount, bare=True))
    if sh.lang == "it" and sh.w["uom"]:
        cells.insert(1, ARTICLE_BY_DESCRIPTION[it.description].uom)
    if sh.family.spec.table == "positions":
        code = sh.lang == "it" and sh.w["pos"] in _CODE_HEADERS
        cells.insert(0, ARTICLE_BY_DESCRIPTION[it.description].code if code else str(n + 1))
    return cells


def _row(
    sh: Sheet, cols: list[Column], x: float, y: float, w: float, cells: list[str], kind: str
) -> float:
    """One table row in the family's style; ``kind`` is header, odd, even or sum."""
    style, s = sh.family.spec.table, sh.s - 0.5
    rh = Canvas.line_height(s) + 2.0
    bold = kind in ("header", "sum")
    fill = sh.family.accent if kind == "header" and style != "plain" else None
    if style == "zebra" and kind == "even":
        fill = (244, 244, 244)
    if fill is not None and style in ("zebra", "rules"):
        sh.c.box(x, y, w, rh, fill=fill, border=False)
    cx = x
    for (_, frac, align), cell in zip(cols, cells, strict=True):
        cw = frac * w
        if style in ("grid", "positions"):
            sh.c.box(cx, y, cw, rh, fill=fill, width=0.2)
        tx = cx + 1.3 if align == "L" else cx + cw - 1.3 if align == "R" else cx + cw / 2
        sh.c.text(tx, y + 1.0, cell, sh.c.fit(cell, cw - 2.4, s, bold=bold), bold=bold, align=align)
        cx += cw
    if style == "rules":
        sh.c.rule(x, y + rh, x + w, y + rh, 0.4 if kind == "header" else 0.1)
    elif style == "plain" and kind == "header":
        sh.c.rule(x, y + rh, x + w, y + rh, 0.3)
    return y + rh


def _limit(sh: Sheet) -> float:
    return sh.c.page_h - sh.margin - FOOTER_H - 3


def _span_row(
    sh: Sheet, cols: list[Column], x: float, y: float, w: float, label: str, value: str
) -> float:
    cells = [""] * len(cols)
    cells[-1] = value
    y2 = _row(sh, cols, x, y, w, cells, "sum")
    span = sum(f for _, f, _ in cols[:-1]) * w
    sh.c.text(
        x + span - 2, y + 1.0, label, sh.c.fit(label, span - 4, sh.s - 0.5), align="R", bold=True
    )
    return y2


def continuation_top(sh: Sheet) -> float:
    """Pages after the first repeat the vendor, the document title and the number."""
    sh.c.pdf.add_page()
    m, s = sh.margin, sh.s
    sh.c.text(m, m, sh.content.vendor.name, s, bold=True)
    doc = sh.w["credit_title"] if sh.credit else sh.w["title"]
    text = f"{doc} {sh.content.invoice_number}"
    return m + sh.c.text(sh.c.page_w - sh.margin, m, text, s, align="R") + 6


def items_table(sh: Sheet, x: float, y: float, w: float) -> float:
    """The items; a row that would run into the footer moves to a new page, after a
    carried-forward sum (a large amount that is not the total)."""
    cols = _columns(sh)
    header = [n for n, _, _ in cols]
    y = _row(sh, cols, x, y, w, header, "header")
    running = Decimal(0)
    rh = Canvas.line_height(sh.s - 0.5) + 2.0
    for n, it in enumerate(sh.content.items):
        if y + 2 * rh > _limit(sh):
            y = _span_row(sh, cols, x, y, w, sh.w["carried"], sh.amount(running, bare=True))
            y = continuation_top(sh)
            y = _span_row(sh, cols, x, y, w, sh.w["brought"], sh.amount(running, bare=True))
            y = _row(sh, cols, x, y, w, header, "header")
        y = _row(sh, cols, x, y, w, _cells(sh, n), "even" if n % 2 else "odd")
        running += it.amount
    return y


def _customer_and_refs(sh: Sheet, y: float, customer_right: bool) -> float:
    """The customer box on one side, title and reference column (or grid) on the other."""
    c, m = sh.c, sh.margin
    col = (c.page_w - 2 * m) * 0.46
    cx, rx = (c.page_w - m - col, m) if customer_right else (m, c.page_w - m - col)
    yc = customer_block(sh, cx, y, col)
    yr = title(sh, rx + (col if not customer_right else 0), y, "R" if not customer_right else "L")
    if sh.family.spec.ref_style != "strip":
        yr = refs_block(sh, rx, yr, col, sh.family.spec.ref_style)
    return max(yc, yr)


def _top(sh: Sheet) -> float:
    """Page 1 above the table, arranged by the spec's header and parties choices."""
    c, m, spec = sh.c, sh.margin, sh.family.spec
    full = c.page_w - 2 * m
    align = _align(spec.header)
    vx = {"L": m, "R": c.page_w - m, "C": c.page_w / 2}[align]
    vw = full if align == "C" else full * 0.5
    if spec.parties == "customer_above":
        y = _customer_and_refs(sh, m + 2, customer_right=False) + 6
        y = vendor_block(sh, vx, y, align, vw) + 4
    elif spec.parties == "seller_footer":
        # only a logo word mark at the top; the legal name is in the footer alone
        top = wordmark(sh, vx, m, align, vw) + 4 if spec.header.startswith("wordmark") else m + 18
        y = _customer_and_refs(sh, top, customer_right=align == "L") + 4
    elif align == "C":
        y = vendor_block(sh, vx, m, align, vw) + 5
        y = _customer_and_refs(sh, y, customer_right=spec.parties == "customer_right") + 4
    else:
        yv = vendor_block(sh, vx, m, align, vw)
        # the customer goes under the vendor, or opposite it when the spec says so
        right = (spec.parties == "customer_right") == (align == "L")
        y = _customer_and_refs(sh, yv + 6, customer_right=right) + 4
    if spec.ref_style == "strip":
        y = refs_block(sh, m, y, full, "strip") + 4
    if sh.lang == "ja":
        y += c.text(m, y, sh.w["thanks"], sh.s) + 1
        y = _amount_box(sh, m, y, full * 0.55) + 4
    return y


def _amount_box(sh: Sheet, x: float, y: float, w: float) -> float:
    """``ご請求金額 ¥110,000``: the total again, boxed, before the table."""
    s = sh.s
    h = Canvas.line_height(s + 5) + 2
    sh.c.box(x, y, w, h, width=0.4)
    sh.c.box(x, y, w * 0.4, h, fill=sh.family.accent, width=0.4)
    sh.c.text(x + w * 0.2, y + 1.5, "ご請求金額", s + 1, bold=True, align="C")
    sh.c.text(x + w - 3, y + 0.8, sh.amount(sh.content.money.payable), s + 5, bold=True, align="R")
    return y + h


def _after_table(sh: Sheet, y: float, w: float) -> float:
    """Totals (in the table, at the right, or boxed at the left), terms and the slip."""
    c, m, spec = sh.c, sh.margin, sh.family.spec
    rows = len(total_rows(dict_free(sh)))
    need = rows * (Canvas.line_height(sh.s + 1.5) + 1.2) + 22
    # room for the notes under the totals beyond the usual three lines (Italian pages)
    need += max(0, len(terms_lines(sh)) - 3) * Canvas.line_height(sh.s - 0.5)
    need += REMIT_H if spec.remittance == "yes" else 0
    if y + need > _limit(sh):
        y = continuation_top(sh)
    if spec.totals_place == "in_table":
        cols = _columns(sh)
        for label, value, _ in total_rows(sh):
            y = _span_row(sh, cols, m, y, w, label, value)
        y += 4
    elif spec.totals_place == "left_box":
        y = totals_block(sh, m + 1, y + 3, w * 0.45, boxed=True) + 2
    else:
        y = totals_block(sh, m + w * 0.55, y + 3, w * 0.45, boxed=False) + 2
    footer_terms = spec.footer == "terms_top" or (
        spec.footer == "terms_only" and spec.parties != "seller_footer"
    )
    lines = terms_lines(sh)[1:] if footer_terms else terms_lines(sh)
    y = c.lines(m, y, lines, sh.s - 0.5) + 3
    if spec.remittance == "yes":
        y = remittance(sh, max(y, _limit(sh) - REMIT_H))
    return y


def dict_free(sh: Sheet) -> Sheet:
    """A copy of ``sh`` whose ``printed`` is thrown away (for measuring without recording)."""
    return Sheet(sh.c, sh.family, sh.content, sh.margin)


def render_family_document(family: Family, content: FamilyContent) -> tuple[bytes, dict[str, str]]:
    """Draw one document of ``family``; returns the PDF and the labelled values as printed."""
    page = "Letter" if family.language == "en" and family.currency == "USD" else "A4"
    pdf, choices = new_pdf((family.font,), page=page)
    pdf.set_title(f"{family.wording['title']} {content.invoice_number}")
    margin = 14 + (int(family.vendor_gln[-2]) % 5)
    sh = Sheet(Canvas(pdf, choices, family.font), family, content, margin)
    y = _top(sh) + 2
    w = sh.c.page_w - 2 * margin
    y = items_table(sh, margin, y, w)
    _after_table(sh, y, w)
    pages = pdf.pages_count
    for n in range(1, pages + 1):
        pdf.page = n
        footer(sh, n, pages)
    pdf.page = pages
    return bytes(pdf.output()), dict(sh.printed)
