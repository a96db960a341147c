"""Vendor families: several invoices of one vendor in one layout, with new values each time.

A vendor keeps its name, address, currency, fonts, print style, label wording, invoice-number
scheme and page geometry from one invoice to the next; what changes is the customer, the
items, the amounts, the dates and the number itself. ``labels`` replaces label wordings, to
make layouts whose labels the generic extractor does not know (``{"number": "Voucher"}``),
as vendors with their own invoicing software print them.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from axocr.synth.blocks import Doc, choose_labels
from axocr.synth.canvas import Canvas, new_pdf
from axocr.synth.content import InvoiceContent, random_invoice_content
from axocr.synth.document import (
    LAYOUTS,
    SynthInvoice,
    _choose_style,
    invoice_record,
    usable_fonts,
)

# Label wordings real vendors use that are not among the extractor's labels (checked by a
# test), per label key of :func:`axocr.synth.blocks.choose_labels`.
UNUSUAL_LABELS: dict[str, tuple[str, ...]] = {
    "number": ("Voucher", "Docket", "Control No."),
    "total": ("Please remit", "Sum payable", "You owe"),
    "date": ("Billed on", "Posting date"),
}


def _renumber(rng: random.Random, number: str) -> str:
    """A new number of the same scheme: every digit redrawn, letters and marks kept."""
    return re.sub(r"\d", lambda _: rng.choice("0123456789"), number)


def vendor_family(
    layout_name: str,
    seed: int,
    count: int,
    *,
    labels: dict[str, str] | None = None,
    id_prefix: str = "fam",
) -> list[SynthInvoice]:
    """``count`` invoices of one vendor in ``layout_name``, decided by ``seed``."""
    layout = LAYOUTS[layout_name]
    rng0 = random.Random(seed)
    first = random_invoice_content(rng0, layout.language)
    font = rng0.choice(usable_fonts(layout))
    _, choices = new_pdf((font,), page=layout.page)
    style = _choose_style(rng0, layout, first, core=choices[font].core)
    wording = {**choose_labels(rng0, layout.language), **(labels or {})}
    geometry_seed = rng0.getrandbits(32)
    out: list[SynthInvoice] = []
    for i in range(count):
        rng = random.Random(f"{seed}/{i}")
        content: InvoiceContent = random_invoice_content(rng, layout.language)
        for _ in range(60):
            if content.currency == first.currency:
                break
            content = random_invoice_content(rng, layout.language)
        if content.currency != first.currency:
            continue
        content = replace(
            content,
            vendor=first.vendor,
            invoice_number=_renumber(rng, first.invoice_number),
            payment_lines=first.payment_lines,
        )
        pdf, choices = new_pdf((font,), page=layout.page)
        pdf.set_title(f"Invoice {content.invoice_number}")
        doc = Doc(
            c=Canvas(pdf, choices, font),
            content=content,
            style=style,
            rng=random.Random(geometry_seed),
            labels=dict(wording),
        )
        layout.draw(doc)
        out.append(
            invoice_record(f"{id_prefix}-{i:02d}", layout_name, doc, font, bytes(pdf.output()))
        )
    return out
