"""One synthetic invoice: content + layout + print style → born-digital PDF and its labels."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fpdf import FPDF

from axocr.synth.blocks import Doc, PrintStyle, choose_labels
from axocr.synth.canvas import Canvas, dejavu_available, new_pdf
from axocr.synth.content import InvoiceContent, Language, random_invoice_content
from axocr.synth.formats import (
    EN_AMOUNT_FORMATS,
    EN_DATE_FORMATS,
    EN_DAY_FIRST_CURRENCIES,
    JA_AMOUNT_FORMATS,
    JA_DATE_FORMATS,
    format_amount,
)
from axocr.synth.layouts_en import EN_LAYOUTS
from axocr.synth.layouts_ja import JA_LAYOUTS


@dataclass(frozen=True)
class Layout:
    """A named page design and the fonts, page size and formats it prints with."""

    name: str
    language: Language
    draw: Callable[[Doc], None]
    page: str = "A4"
    fonts: tuple[str, ...] = ("helvetica",)
    date_formats: tuple[str, ...] | None = None
    amount_formats: tuple[str, ...] | None = None
    size_range: tuple[float, float] = (9.0, 10.5)


def _en(name: str, **kw: Any) -> Layout:
    return Layout(f"en_{name}", "en", EN_LAYOUTS[name], **kw)


def _ja(name: str, **kw: Any) -> Layout:
    kw.setdefault("fonts", ("gothic",))
    kw.setdefault("size_range", (9.0, 10.0))
    return Layout(f"ja_{name}", "ja", JA_LAYOUTS[name], **kw)


LAYOUTS: dict[str, Layout] = {
    lay.name: lay
    for lay in (
        _en("classic", fonts=("helvetica", "dejavu")),
        _en("vendor_right", page="Letter", fonts=("helvetica", "dejavu")),
        _en("vendor_bottom", fonts=("dejavu", "helvetica")),
        _en("grid_header", fonts=("helvetica",)),
        _en("table_footer", fonts=("dejavucond",)),
        _en("sidebar", fonts=("dejavu", "helvetica"), size_range=(8.5, 9.5)),
        _en("amount_due_box", fonts=("courier", "helvetica"), size_range=(9.0, 10.0)),
        _en("letter_style", page="Letter", fonts=("times",), size_range=(10.0, 11.5)),
        _ja("standard"),
        _ja("label_above"),
        _ja("issuer_bottom"),
        _ja("table_footer"),
        _ja("issuer_left"),
        _ja(
            "formal_mincho",
            fonts=("mincho",),
            date_formats=("ja_reiwa",),
            amount_formats=("fullwidth_dash",),
        ),
        _ja("bilingual", size_range=(8.5, 9.5)),
        _ja("compact_a5", page="A5", size_range=(7.5, 8.0)),
    )
}

_ACCENTS = ((232, 232, 232), (220, 232, 245), (234, 244, 230), (248, 238, 224), (240, 236, 248))


def layout_names(language: str | None = None) -> list[str]:
    """The registered layout names, optionally for one language, in a fixed order."""
    return [n for n, lay in LAYOUTS.items() if language is None or lay.language == language]


@dataclass(frozen=True)
class SynthInvoice:
    """A generated invoice: the PDF bytes, what it says, and what was printed verbatim."""

    id: str
    layout: str
    content: InvoiceContent
    style: PrintStyle
    font: str
    pdf: bytes
    printed: dict[str, str] = field(default_factory=dict)

    @property
    def language(self) -> Language:
        return self.content.language

    def fields(self) -> dict[str, Any]:
        """The ground truth in the shared labels.jsonl format, plus the extra fields."""
        c = self.content
        return {
            "vendor": c.vendor.name,
            "vendor_aliases": list(c.vendor.aliases),
            "total": decimal_text(c.total, c.currency),
            "currency": c.currency,
            "date": c.issue_date.isoformat(),
            "invoice_number": c.invoice_number,
            "due_date": c.due_date.isoformat() if self.style.show_due else None,
            "subtotal": decimal_text(c.subtotal, c.currency),
            "tax": decimal_text(c.tax, c.currency),
            "registration_number": self.printed.get("registration_number"),
        }


def decimal_text(value: Decimal, currency: str) -> str:
    """``1234.5`` → ``"1234.50"``; yen have no minor unit, so ``"110000"``."""
    return f"{value:.0f}" if currency == "JPY" else f"{value:.2f}"


def _choose_style(
    rng: random.Random, layout: Layout, content: InvoiceContent, core: bool
) -> PrintStyle:
    if layout.language == "ja":
        dates = layout.date_formats or JA_DATE_FORMATS
        amounts = layout.amount_formats or JA_AMOUNT_FORMATS
    else:
        dates = layout.date_formats or EN_DATE_FORMATS
        if content.currency not in EN_DAY_FIRST_CURRENCIES:
            dates = tuple(d for d in dates if d != "dd/mm/yyyy")
        amounts = layout.amount_formats or EN_AMOUNT_FORMATS
        if content.currency != "EUR":
            amounts = tuple(a for a in amounts if a != "symbol_eu")
        if core:
            # core PDF fonts are Latin-1: no € sign, so such a vendor prints the ISO code
            amounts = tuple(
                a for a in amounts if _latin1(format_amount(Decimal(1), content.currency, a))
            )
    return PrintStyle(
        date_fmt=rng.choice(dates),
        amount_fmt=rng.choice(amounts),
        size=round(rng.uniform(*layout.size_range), 1),
        accent=rng.choice(_ACCENTS),
        show_due=rng.random() < 0.85,
    )


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def usable_fonts(layout: Layout) -> tuple[str, ...]:
    """The layout's font families that this machine can draw (DejaVu may be missing)."""
    if dejavu_available():
        return layout.fonts
    return tuple(f for f in layout.fonts if not f.startswith("dejavu")) or ("helvetica",)


def draw_invoice(layout_name: str, rng: random.Random) -> tuple[FPDF, Doc, str]:
    """Draw content for ``layout_name`` from ``rng`` onto a new PDF, not yet written out
    (callers may still add pages or encryption). Returns the PDF, the drawing context and
    the font family used."""
    layout = LAYOUTS[layout_name]
    content = random_invoice_content(rng, layout.language)
    font = rng.choice(usable_fonts(layout))
    pdf, choices = new_pdf((font,), page=layout.page)
    pdf.set_title(f"Invoice {content.invoice_number}")
    style = _choose_style(rng, layout, content, core=choices[font].core)
    doc = Doc(
        c=Canvas(pdf, choices, font),
        content=content,
        style=style,
        rng=rng,
        labels=choose_labels(rng, layout.language),
    )
    layout.draw(doc)
    return pdf, doc, font


def generate_invoice(layout_name: str, rng: random.Random, doc_id: str) -> SynthInvoice:
    """Draw content for ``layout_name`` from ``rng`` and render it to a one-page PDF."""
    pdf, doc, font = draw_invoice(layout_name, rng)
    return invoice_record(doc_id, layout_name, doc, font, bytes(pdf.output()))


def invoice_record(doc_id: str, layout_name: str, doc: Doc, font: str, pdf: bytes) -> SynthInvoice:
    return SynthInvoice(
        id=doc_id,
        layout=layout_name,
        content=doc.content,
        style=doc.style,
        font=font,
        pdf=pdf,
        printed=dict(doc.printed),
    )
