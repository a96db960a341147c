"""A thin drawing surface over fpdf2: absolute placement in millimetres, top-left origin.

Layouts think in "put this line with its top at y"; fpdf2 thinks in baselines and cells.
This module does that translation once, and hides which font can do bold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from fpdf import FPDF

PT_TO_MM = 25.4 / 72
Align = Literal["L", "R", "C"]

IPAEX_GOTHIC_PATHS = (
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
)
IPAEX_MINCHO_PATHS = (
    "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-mincho.ttf",
)
DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"

# fpdf2 stamps the current time into the PDF; a fixed date keeps output byte-identical per seed
FIXED_CREATION_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)


def find_font(candidates: tuple[str, ...]) -> Path | None:
    """The first existing font file among ``candidates``."""
    for c in candidates:
        p = Path(c)
        if p.is_file():
            return p
    return None


def japanese_font_available() -> bool:
    return find_font(IPAEX_GOTHIC_PATHS) is not None and find_font(IPAEX_MINCHO_PATHS) is not None


def dejavu_available() -> bool:
    return Path(DEJAVU_DIR, "DejaVuSans.ttf").is_file()


class FontUnavailableError(RuntimeError):
    """A layout needs a font file that is not installed."""


@dataclass(frozen=True)
class FontChoice:
    """A family for fpdf2 and how it gets bold: a real bold face, or a stroked outline."""

    family: str
    core: bool  # a PDF core font: not embedded, Latin-1 only
    fake_bold: bool  # IPAex has no bold face; stroke the glyph outline instead


def new_pdf(
    fonts: tuple[str, ...],
    page: str | tuple[float, float] = "A4",
    orientation: Literal["P", "L"] = "P",
) -> tuple[FPDF, dict[str, FontChoice]]:
    """A fresh one-page PDF with the named fonts registered (``helvetica``, ``gothic``, ...);
    ``page`` is a size's name or its width and height in mm (a till roll's length)."""
    # A5 as a tuple: fpdf2 warns that its A5 constant changed in 2.8.5; the size is ISO's
    fmt: str | tuple[float, float] = (148.0, 210.0) if page == "A5" else page
    pdf = FPDF(orientation=orientation, unit="mm", format=fmt)
    pdf.set_creation_date(FIXED_CREATION_DATE)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_page()
    choices: dict[str, FontChoice] = {}
    for name in fonts:
        choices[name] = _register(pdf, name)
    return pdf, choices


def _register(pdf: FPDF, name: str) -> FontChoice:
    if name in ("helvetica", "times", "courier"):
        return FontChoice(name, core=True, fake_bold=False)
    if name in ("gothic", "mincho"):
        path = find_font(IPAEX_GOTHIC_PATHS if name == "gothic" else IPAEX_MINCHO_PATHS)
        if path is None:
            raise FontUnavailableError(f"the IPAex {name} font is not installed (fonts-ipaexfont)")
        pdf.add_font(name, "", str(path))
        return FontChoice(name, core=False, fake_bold=True)
    if name in ("dejavu", "dejavucond"):
        stem = "DejaVuSans" if name == "dejavu" else "DejaVuSansCondensed"
        regular = Path(DEJAVU_DIR, f"{stem}.ttf")
        bold = Path(DEJAVU_DIR, f"{stem}-Bold.ttf")
        if not regular.is_file() or not bold.is_file():
            raise FontUnavailableError(f"{stem} is not installed (fonts-dejavu-core)")
        pdf.add_font(name, "", str(regular))
        pdf.add_font(name, "B", str(bold))
        return FontChoice(name, core=False, fake_bold=False)
    raise ValueError(f"unknown font {name!r}")


class Canvas:
    """Draw text lines, rules and boxes at absolute positions (mm, top-left origin)."""

    def __init__(self, pdf: FPDF, fonts: dict[str, FontChoice], default: str) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self.default = default
        self.page_w = float(pdf.w)
        self.page_h = float(pdf.h)

    def can_print(self, text: str, font: str | None = None) -> bool:
        """Core fonts only know Latin-1: a layout must not print ``€`` with Helvetica."""
        choice = self.fonts[font or self.default]
        if not choice.core:
            return True
        try:
            text.encode("latin-1")
        except UnicodeEncodeError:
            return False
        return True

    def _set(self, size: float, bold: bool, font: str | None) -> FontChoice:
        choice = self.fonts[font or self.default]
        style = "B" if bold and not choice.fake_bold else ""
        self.pdf.set_font(choice.family, style=style, size=size)
        return choice

    def width(
        self, text: str, size: float, *, bold: bool = False, font: str | None = None
    ) -> float:
        self._set(size, bold, font)
        return float(self.pdf.get_string_width(text))

    def fit(self, text: str, max_w: float, size: float, *, bold: bool = False) -> float:
        """The largest size up to ``size`` at which ``text`` fits in ``max_w`` (long company
        names in narrow columns shrink rather than run into the next column)."""
        w = self.width(text, size, bold=bold)
        if w <= max_w:
            return size
        return max(size * max_w / w, 5.0)

    @staticmethod
    def line_height(size: float, spacing: float = 1.35) -> float:
        return size * PT_TO_MM * spacing

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: Align = "L",
        font: str | None = None,
        color: tuple[int, int, int] = (0, 0, 0),
        spacing: float = 1.35,
    ) -> float:
        """Write one line with its top at ``y``; ``x`` is its left edge, right edge or centre
        depending on ``align``. Returns the height used, for stacking lines."""
        choice = self._set(size, bold, font)
        w = float(self.pdf.get_string_width(text))
        left = x if align == "L" else x - w if align == "R" else x - w / 2
        # the ascent of these fonts is about 0.8 em; put the baseline there so that
        # ``y`` really is the top of the capitals
        baseline = y + size * PT_TO_MM * 0.85
        self.pdf.set_text_color(*color)
        if bold and choice.fake_bold:
            with self.pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.007):
                self.pdf.set_draw_color(*color)
                self.pdf.text(left, baseline, text)
        else:
            self.pdf.text(left, baseline, text)
        self.pdf.set_text_color(0, 0, 0)
        return self.line_height(size, spacing)

    def lines(
        self,
        x: float,
        y: float,
        texts: list[str] | tuple[str, ...],
        size: float,
        *,
        align: Align = "L",
        font: str | None = None,
    ) -> float:
        """Stack lines; returns the y below the last one."""
        for t in texts:
            y += self.text(x, y, t, size, align=align, font=font)
        return y

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2) -> None:
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y1, x2, y2)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: tuple[int, int, int] | None = None,
        border: bool = True,
        width: float = 0.2,
        color: tuple[int, int, int] = (0, 0, 0),
    ) -> None:
        self.pdf.set_line_width(width)
        self.pdf.set_draw_color(*color)
        style = ("DF" if border else "F") if fill is not None else "D"
        if fill is not None:
            self.pdf.set_fill_color(*fill)
        self.pdf.rect(x, y, w, h, style=style)
