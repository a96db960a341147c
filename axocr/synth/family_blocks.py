"""Blocks of the grammar families: seller header, customer box, reference block, seal, totals,
terms, footer and remittance slip. Each draws at a position and returns the y below itself.

``Sheet.printed`` records every labelled value exactly as printed, so a test can find it in
the PDF text layer; the labels themselves come from the content, never from the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from io import BytesIO

from axocr.synth.canvas import IPAEX_MINCHO_PATHS, Align, Canvas, find_font
from axocr.synth.family_content import FamilyContent
from axocr.synth.family_italy import customer_lines, legal_line, vat_line
from axocr.synth.family_labels import fmt_amount, fmt_date, fmt_rate, tax_label
from axocr.synth.grammar import Family

GREY = (90, 90, 90)
RED = (205, 32, 32)


@dataclass
class Sheet:
    """The drawing context of one document."""

    c: Canvas
    family: Family
    content: FamilyContent
    margin: float
    printed: dict[str, str] = field(default_factory=dict)

    @property
    def s(self) -> float:
        return self.family.size

    @property
    def w(self) -> dict[str, str]:
        return self.family.wording

    @property
    def lang(self) -> str:
        return self.family.language

    @property
    def credit(self) -> bool:
        return self.family.spec.credit_note == "yes"

    def amount(self, value: Decimal, *, bare: bool = False) -> str:
        return fmt_amount(value, self.content.currency, self.family.amount_fmt, bare=bare)

    def date(self, d: date) -> str:
        return fmt_date(d, self.family.date_fmt)

    def colon(self, label: str) -> str:
        if self.lang == "it" and label.endswith(("n.", "N°")):
            return label  # "Fattura n. 123", never "Fattura n.: 123"
        return label if self.lang == "ja" else f"{label}:"

    @property
    def euro_sign(self) -> bool:
        """Whether the font prints ``€`` (the core PDF fonts are Latin-1)."""
        return self.c.can_print("€")


def wordmark(sh: Sheet, x: float, y: float, align: Align, max_w: float) -> float:
    """A logo word mark in the accent colour, above the legal name (``ORION INSTRUMENTS``)."""
    core = sh.content.vendor.aliases[0]
    mark = core if sh.lang == "ja" else core.upper()
    size = sh.c.fit(mark, max_w, sh.s + 11, bold=True)
    r, g, b = (max(0, v - 150) for v in sh.family.accent)
    return y + sh.c.text(x, y, mark, size, bold=True, align=align, color=(r, g, b)) + 1


def vendor_block(sh: Sheet, x: float, y: float, align: Align, max_w: float) -> float:
    """The issuer: optional word mark or GLN line, legal name, address, phone, tax id."""
    v, s, header = sh.content.vendor, sh.s, sh.family.spec.header
    if sh.lang == "it" and sh.w["seller"]:
        y += sh.c.text(x, y, sh.w["seller"], s - 1, bold=True, align=align, color=GREY)
    if header.startswith("wordmark"):
        y = wordmark(sh, x, y, align, max_w)
    if header == "gln_name":
        # printed tight above the name, as on EDI invoices: the two lines' OCR boxes overlap
        y += sh.c.text(x, y, f"{sh.content.refs.vendor_gln} (GLN)", s - 1, align=align, spacing=1)
    size = sh.c.fit(v.name, max_w, s + 5, bold=True)
    name_y = y
    y += sh.c.text(x, y, v.name, size, bold=True, align=align)
    sh.printed["vendor"] = v.name
    if sh.family.spec.seal != "none":
        seal(sh, x, name_y, align, sh.c.width(v.name, size, bold=True))
    y = sh.c.lines(x, y + 0.5, list(v.address_lines), s - 1, align=align)
    if sh.lang == "it":
        return sh.c.lines(x, y, italian_vendor_lines(sh), s - 1, align=align)
    tel = {"ja": "TEL", "de": "Tel.", "fr": "Tél.", "nl": "Tel."}.get(sh.lang, "Phone:")
    y += sh.c.text(x, y, f"{tel} {v.phone}", s - 1, align=align)
    if v.registration_number:
        y += sh.c.text(x, y, f"登録番号 {v.registration_number}", s - 1, align=align)
        sh.printed["registration_number"] = v.registration_number
    elif v.vat_id:
        kind = {"de": "USt-IdNr.", "fr": "N° TVA", "nl": "BTW-nr.", "en": "VAT No."}[sh.lang]
        if sh.content.currency == "AUD":
            kind = "ABN"
        y += sh.c.text(x, y, f"{kind} {v.vat_id}", s - 1, align=align)
    return y


def italian_vendor_lines(sh: Sheet) -> list[str]:
    """Telephone, PEC, partita IVA, and the register entry and capital unless the footer has
    them."""
    v, italian = sh.content.vendor, sh.family.italian
    assert italian is not None and v.vat_id is not None
    lines = [f"Tel. {v.phone}", vat_line(sh.w, v.vat_id)]
    if italian.pec:
        lines.insert(1, f"PEC: {italian.pec}")
    if not italian.legal_in_footer:
        lines.append(legal_line(sh.w, italian, sh.euro_sign))
    return lines


@cache
def _seal_png(text: str, px: int) -> bytes:
    """A 角印: the issuer's name and 之印 in a red square, in columns read right to left."""
    from PIL import Image, ImageDraw, ImageFont

    chars = list(text + "之印")
    rows = 3 if len(chars) <= 9 else 4
    cols = -(-len(chars) // rows)
    img = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (*RED, 215)
    draw.rectangle((4, 4, px - 5, px - 5), outline=red, width=max(4, px // 28))
    cell_w, cell_h = (px - 24) / cols, (px - 24) / rows
    path = find_font(IPAEX_MINCHO_PATHS)
    font = ImageFont.truetype(str(path), int(min(cell_w, cell_h) * 0.92)) if path else None
    for i, ch in enumerate(chars):
        col, row = divmod(i, rows)
        cx = px - 12 - (col + 0.5) * cell_w
        cy = 12 + (row + 0.5) * cell_h
        draw.text((cx, cy), ch, fill=red, font=font, anchor="mm")
    buf = BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def seal(sh: Sheet, x: float, y: float, align: Align, name_w: float) -> None:
    """The seal over the end of the name, or beside it: an image, so a born-digital text
    layer never holds its characters, while a scan's OCR reads them."""
    side = 16.0 + (len(sh.content.vendor.aliases[0]) > 4) * 2
    left = x if align == "L" else x - name_w if align == "R" else x - name_w / 2
    if sh.family.spec.seal == "over_name":
        sx, sy = left + name_w - side * 0.55, y - side * 0.3
    else:
        sx, sy = left + name_w + 2, y - side * 0.25
        if sx + side > sh.c.page_w - 3:
            sx = left - side - 2
    png = _seal_png(sh.content.vendor.aliases[0], 240)
    sh.c.pdf.image(BytesIO(png), x=sx, y=max(sy, 2.0), w=side, h=side)


def customer_block(sh: Sheet, x: float, y: float, w: float) -> float:
    """The bill-to party: heading, name (with GLN or customer number), address. In window
    envelopes the seller's return address sits small and underlined right above it."""
    s, cu, spec, refs = sh.s, sh.content.customer, sh.family.spec, sh.content.refs
    if spec.parties == "window":
        v = sh.content.vendor
        sender = f"{v.name} · {v.address_lines[0]} · {v.address_lines[-1]}"
        h = sh.c.text(x, y, sender, sh.c.fit(sender, w, s - 2.5), color=GREY)
        sh.c.rule(x, y + h, x + min(w, sh.c.width(sender, s - 2.5)), y + h, 0.15)
        y += h + 2
    elif sh.lang != "ja":
        y += sh.c.text(x, y, sh.w["bill_to"], s - 1, bold=True, color=GREY)
    if spec.ref_set in ("delivery_gln", "all_refs"):
        y += sh.c.text(x, y, f"{sh.w['gln']} {refs.customer_gln}", s - 1, spacing=1.05)
    name = f"{cu.name}  御中" if sh.lang == "ja" else cu.name
    h = sh.c.text(x, y, name, sh.c.fit(name, w, s + 1.5, bold=True), bold=True)
    if sh.lang == "ja":
        sh.c.rule(x, y + h, x + w, y + h, 0.35)
    y = sh.c.lines(x, y + h + 0.5, list(cu.address_lines), s - 1)
    if sh.lang == "it":
        y = sh.c.lines(x, y, customer_lines(sh.w, refs), s - 1)
    if spec.ref_set == "customer_order":
        y += sh.c.text(x, y, f"{sh.colon(sh.w['customer_no'])} {refs.customer_number}", s - 1)
    return y


def ref_pairs(sh: Sheet) -> list[tuple[str, str]]:
    """Invoice number, dates and the family's other reference numbers, in a fixed order."""
    spec, refs, d, w = sh.family.spec, sh.content.refs, sh.content.dates, sh.w
    number = (w["credit_number"] if sh.credit else w["number"], sh.content.invoice_number)
    pairs = [number, (w["date"], sh.date(d.issue))]
    sh.printed["invoice_number"] = sh.content.invoice_number
    sh.printed["date"] = pairs[1][1]
    if spec.ref_set == "all_refs":
        # customer number above the invoice number, as many German invoices print it
        pairs.insert(0, (w["customer_no"], refs.customer_number))
    if spec.ref_set in ("customer_order", "all_refs"):
        pairs.append((w["order"], refs.order_number))
    if spec.ref_set in ("delivery_gln", "all_refs"):
        pairs.append((w["delivery_note"], refs.delivery_note))
    if spec.ref_set == "vat_iban":
        pairs += [(w["customer_no"], refs.customer_number), (w["vat_id"], refs.customer_vat)]
    if spec.date_set in ("issue_delivery", "all_dates"):
        pairs.append((w["delivery_date"], sh.date(d.delivery)))
    if spec.date_set == "all_dates":
        pairs.append((w["order_date"], sh.date(d.order)))
    if spec.date_set in ("issue_due", "all_dates"):
        pairs.append((w["due"], sh.date(d.due)))
        sh.printed["due_date"] = pairs[-1][1]
    if sh.lang == "it" and sh.family.amount_fmt == "it_plain":
        pairs.append((w["currency"], sh.content.currency))
    return pairs


def refs_block(sh: Sheet, x: float, y: float, w: float, style: str) -> float:
    """The reference numbers as ``label: value`` rows, a boxed two-column grid (label above
    value), or a full-width strip of cells."""
    pairs, s = ref_pairs(sh), sh.s
    if style == "column":
        for label, value in pairs:
            sh.c.text(x, y, sh.colon(label), s - 0.5, bold=True)
            y += sh.c.text(x + w, y, value, s - 0.5, align="R") + 0.4
        return y
    cols = 2 if style == "grid" else min(len(pairs), 4)
    cw = w / cols
    lh = Canvas.line_height(s - 2)
    ch = lh + Canvas.line_height(s) + 2.5
    for i, (label, value) in enumerate(pairs):
        cx, cy = x + (i % cols) * cw, y + (i // cols) * ch
        sh.c.box(cx, cy, cw, ch, width=0.25)
        sh.c.box(cx, cy, cw, lh + 1, fill=sh.family.accent, width=0.25)
        sh.c.text(cx + 1.5, cy + 0.6, label, sh.c.fit(label, cw - 3, s - 2), color=GREY)
        sh.c.text(cx + 1.5, cy + lh + 1.6, value, sh.c.fit(value, cw - 3, s, bold=True), bold=True)
    return y + -(-len(pairs) // cols) * ch


def title(sh: Sheet, x: float, y: float, align: Align) -> float:
    text = sh.w["credit_title"] if sh.credit else sh.w["title"]
    size = sh.s + 9
    if sh.lang == "it" and sh.w["title_ref"]:
        # "Fattura n. 123/2025 del 05/03/2025": number and date on the title line as well
        number, issued = sh.content.invoice_number, sh.date(sh.content.dates.issue)
        text = sh.w["title_ref"].format(title=text, number=number, date=issued)
        if text.split(" n. ")[0].isupper():
            text = text.replace(" n. ", " N. ").replace(" del ", " DEL ")
        size = sh.c.fit(text, (sh.c.page_w - 2 * sh.margin) * 0.46, sh.s + 5, bold=True)
    y += sh.c.text(x, y, text, size, bold=True, align=align) + 2
    if sh.family.spec.footer == "terms_top":
        # the terms right under the title, where a vendor name is often expected
        y += sh.c.text(x, y, terms_lines(sh)[0], sh.s, bold=True, align=align) + 1.5
    return y


def total_rows(sh: Sheet) -> list[tuple[str, str, bool]]:
    """(label, printed amount, emphasised): goods and adjustments when there are any, net,
    tax per rate, gross, and deposit and amount payable when a deposit was paid."""
    m, w, cur = sh.content.money, sh.w, sh.content.currency
    rows: list[tuple[str, str, bool]] = []
    if m.discount or m.freight:
        rows.append((w["goods"], sh.amount(m.goods), False))
        if m.discount:
            pct = f"{m.discount_pct}"
            rows.append((w["discount"].format(pct=pct), "-" + sh.amount(m.discount), False))
        if m.freight:
            rows.append((w["freight"], sh.amount(m.freight), False))
    rows.append((w["net"], sh.amount(m.net), False))
    sh.printed["subtotal"] = rows[-1][1]
    for r in m.rates:
        label = tax_label(sh.lang, cur, r.rate)
        if len(m.rates) > 1 and sh.lang != "ja":
            on = {"de": "von", "fr": "sur", "nl": "over", "it": "su"}.get(sh.lang, "on")
            label += f" ({on} {sh.amount(r.base, bare=True)})"
        elif sh.lang == "it":
            label = w["tax"].format(rate=fmt_rate(r.rate, sh.lang))
        rows.append((label, sh.amount(r.tax), False))
    if len(m.rates) == 1:
        sh.printed["tax"] = rows[-1][1]
    elif sh.lang == "it":
        # Italian totals add the rates' taxes up in a line of their own
        rows.append((w["tax_total"], sh.amount(m.tax), False))
        sh.printed["tax"] = rows[-1][1]
    rows.append((w["gross"], sh.amount(m.gross), not m.deposit))
    sh.printed["total"] = rows[-1][1]
    if m.deposit:
        rows.append((w["deposit"], "-" + sh.amount(m.deposit), False))
        rows.append((w["payable"], sh.amount(m.payable), True))
    return rows


def totals_block(sh: Sheet, x: float, y: float, w: float, *, boxed: bool) -> float:
    s = sh.s
    rows = total_rows(sh)
    if boxed:
        h = sum(Canvas.line_height(s + (1.5 if b else 0)) + 1 for _, _, b in rows) + 3
        sh.c.box(x - 1, y - 1, w + 2, h, width=0.3)
    for label, value, bold in rows:
        size = s + 1.5 if bold else s
        if bold:
            sh.c.rule(x, y, x + w, y, 0.4)
            y += 0.8
        sh.c.text(x + 1, y + 0.3, label, sh.c.fit(label, w * 0.6, size, bold=bold), bold=bold)
        y += sh.c.text(x + w - 1, y + 0.3, value, size, bold=bold, align="R") + 1
    return y + 2


def terms_lines(sh: Sheet) -> list[str]:
    """The payment-terms sentence, an early-payment discount offer, and a closing line."""
    m, w = sh.content.money, sh.w
    days = (sh.content.dates.due - sh.content.dates.issue).days
    if sh.family.due_eom:
        # an Italian family names its days in the end-of-month terms too ("60 gg d.f.f.m.")
        italian = sh.family.italian
        terms = w["terms_eom"].format(days=italian.due_days if italian else 0)
    else:
        terms = w["terms_days"].format(days=days)
    out = [terms]
    # a cash discount is a German habit more than an Italian one
    offers = 2 if sh.lang != "it" else 5
    if sh.lang != "ja" and not sh.credit and int(sh.family.vendor_gln[-1]) % offers == 0:
        # a Skonto amount is a payable-looking figure that is not the total
        pct = Decimal(2)
        offer = (m.payable * (100 - pct) / 100).quantize(Decimal("0.01"))
        out.append(w["skonto"].format(pct=pct, amount=sh.amount(offer)))
    if sh.lang != "ja":  # the Japanese greeting already stands above the table
        out.append(w["thanks"])
    if sh.family.italian is not None:
        out += italian_notes(sh)
    return out


def italian_notes(sh: Sheet) -> list[str]:
    """Lines Italian invoices carry under the totals: the packaging levy on goods, and on a
    PDF since e-invoicing, that the legal original went through the SDI."""
    italian, out = sh.family.italian, []
    assert italian is not None
    if italian.conai:
        out.append("Contributo CONAI assolto ove dovuto.")
    if italian.courtesy_copy:
        out.append("Copia di cortesia priva di valore fiscale ai sensi dell'art. 21 D.P.R. 633/72.")
        out.append("L'originale è stato trasmesso tramite il Sistema di Interscambio (SdI).")
    return out


def bank_line(sh: Sheet) -> str:
    c = sh.content
    if sh.lang == "ja":
        account = c.iban.replace(" ", "")[-7:]
        return f"{sh.w['bank']}: {c.bank} 普通 {account} 口座名義 {c.vendor.aliases[0]}"
    return f"{sh.w['bank']}: {c.bank} · IBAN {c.iban} · BIC {c.bic}"


def footer(sh: Sheet, page: int, pages: int) -> None:
    """Bottom of every page: bank line and terms, or three columns of company details."""
    c, s, v, m = sh.c, sh.s - 2, sh.content.vendor, sh.margin
    top = c.page_h - m - 12
    c.rule(m, top, c.page_w - m, top, 0.2)
    style = sh.family.spec.footer
    if sh.family.spec.parties == "seller_footer" or style == "columns":
        col = (c.page_w - 2 * m) / 3
        tax_id = v.registration_number or v.vat_id or ""
        blocks = [
            [v.name, *v.address_lines[:2]],
            [v.phone, v.email, tax_id],
            [sh.content.bank, f"IBAN {sh.content.iban}", f"BIC {sh.content.bic}"],
        ]
        if sh.lang == "ja":
            blocks[2] = [sh.w["bank"], sh.content.bank, f"口座名義 {v.aliases[0]}"]
        if sh.family.italian is not None:
            blocks[1] = [
                f"Tel. {v.phone}",
                vat_line(sh.w, tax_id),
                legal_line(sh.w, sh.family.italian, sh.euro_sign),
            ]
        for i, lines in enumerate(blocks):
            size = s
            if sh.family.italian is not None:
                # the register line is the longest: shrink the column, not run into the next
                size = min(c.fit(t, col - 2, s) for t in lines)
            c.lines(m + i * col, top + 1.5, [t[:60] for t in lines], size)
        if sh.family.spec.parties == "seller_footer":
            sh.printed["vendor"] = v.name
            if v.registration_number:
                sh.printed["registration_number"] = v.registration_number
    elif style in ("bank_terms", "terms_top"):
        c.text(m, top + 1.5, bank_line(sh), c.fit(bank_line(sh), c.page_w - 2 * m, s), color=GREY)
    else:
        c.text(m, top + 1.5, terms_lines(sh)[0], s, color=GREY)
    if style != "columns" and sh.family.spec.parties != "seller_footer":
        italian = sh.family.italian
        if italian is not None and italian.legal_in_footer:
            # the seat, tax code, register and capital in one small line, as art. 2250 c.c.
            # wants them on a company's documents
            seat = f"Sede legale: {', '.join(v.address_lines)}"
            vat = vat_line(sh.w, v.vat_id or "")
            text = " - ".join((v.name, seat, vat, legal_line(sh.w, italian, sh.euro_sign)))
            c.text(m, top + 5.2, text, c.fit(text, c.page_w - 2 * m, s - 0.5), color=GREY)
    label = sh.w["page"].format(n=page, m=pages)
    c.text(c.page_w - m, c.page_h - m - 2.5, label, s, align="R", color=GREY)


def remittance(sh: Sheet, y: float) -> float:
    """A tear-off slip that repeats the vendor, invoice number, customer number and amount."""
    c, s, m, co = sh.c, sh.s - 0.5, sh.margin, sh.content
    c.text(c.page_w / 2, y, f"- - - {sh.w['remit_hint']} - - -", s - 1.5, align="C", color=GREY)
    y += Canvas.line_height(s - 1.5) + 1.5
    c.rule(m, y, c.page_w - m, y, 0.2)
    y += 2
    c.text(m, y, sh.w["remit_title"], s + 1, bold=True)
    y += Canvas.line_height(s + 1) + 0.5
    left = [co.vendor.name, co.iban if sh.lang != "ja" else co.bank]
    right = [
        (sh.w["credit_number"] if sh.credit else sh.w["number"], co.invoice_number),
        (sh.w["customer_no"], co.refs.customer_number),
        (sh.w["payable"], sh.amount(co.money.payable)),
    ]
    c.lines(m, y, left, s)
    for label, value in right:
        c.text(c.page_w / 2, y, sh.colon(label), s, bold=True)
        y += c.text(c.page_w - m, y, value, s, align="R")
    return y + 2
