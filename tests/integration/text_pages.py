"""One-page PDFs of text items, for the tests that read real pages made here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fpdf import FPDF

IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")

Item = tuple[float, float, str, float]


def text_pdf(
    path: Path,
    items: list[Item],
    font: str = "helvetica",
    attachments: Mapping[str, bytes] | None = None,
) -> Path:
    """Write text items (x mm, y mm, text, size pt) on one A4 page; a negative x is where the
    text ends (right-aligned, as a letterhead on the right is set). ``font`` "ipaex" is the
    IPAex Gothic font, for Japanese. ``attachments`` (name -> bytes) are embedded files, as
    Factur-X embeds its XML."""
    pdf = FPDF(format="A4")
    for name, data in (attachments or {}).items():
        pdf.embed_file(bytes=data, basename=name, mime_type="text/xml")
    pdf.add_page()
    if font == "ipaex":
        pdf.add_font("ipaex", fname=str(IPAEX))
    for x, y, text, size in items:
        pdf.set_font(font, size=size)
        pdf.text(x if x >= 0 else -x - pdf.get_string_width(text), y, text)
    pdf.output(str(path))
    return path
