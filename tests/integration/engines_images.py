"""Real rendered images for the OCR engine contract test (and for timing engines by hand).

Text is drawn, not stored, so the tests need no fixture files and every expectation (what the
text says, where it is) is known exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]

# IPAex Gothic, from Debian's fonts-ipaexfont-gothic; the one Japanese font we rely on.
JAPANESE_FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


@dataclass(frozen=True)
class DrawnLine:
    text: str
    y0: float  # relative top of the drawn text
    y1: float  # relative bottom


def blank_page(width: int = 1000, height: int = 400) -> Image:
    return np.full((height, width, 3), 255, dtype=np.uint8)


def english_lines() -> tuple[Image, list[DrawnLine]]:
    """Two lines of Latin text with OpenCV's Hershey font, far apart vertically."""
    image = blank_page()
    height = image.shape[0]
    lines: list[DrawnLine] = []
    for text, baseline in (("Invoice No. 4711", 120), ("Total 1,234.56", 300)):
        (_, text_h), descent = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 1.5, 3)
        cv2.putText(
            image, text, (60, baseline), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3, cv2.LINE_AA
        )
        lines.append(DrawnLine(text, (baseline - text_h) / height, (baseline + descent) / height))
    return image, lines


def japanese_lines(font_path: Path = JAPANESE_FONT) -> tuple[Image, list[DrawnLine]]:
    """Two lines of Japanese in IPAex Gothic (Pillow; OpenCV cannot draw kanji)."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    width, height = 1000, 400
    canvas = PilImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(str(font_path), 56)
    lines: list[DrawnLine] = []
    for text, top in (("株式会社サンプル", 70), ("合計 ¥1,378", 250)):
        _, top_px, _, bottom_px = draw.textbbox((60, top), text, font=font)
        draw.text((60, top), text, font=font, fill="black")
        lines.append(DrawnLine(text, top_px / height, bottom_px / height))
    rgb = np.asarray(canvas, dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1]), lines


def invoice_page(dpi: int = 200) -> Image:
    """An A4 page of invoice-like text at ``dpi``, for timing engines on a realistic page."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = np.full((height, width), 255, dtype=np.uint8)
    scale = dpi / 200
    rows = [
        "ACME Trading GmbH, Hauptstrasse 12, 10115 Berlin",
        "INVOICE",
        "Invoice No. 2024-0815        Date: 31.05.2024",
        "Customer: Example B.V., Keizersgracht 1, Amsterdam",
        "VAT ID: DE123456789          Due date: 30.06.2024",
    ]
    rows += [
        f"{i:>2}  Widget type {i:03d}   {i} x 12.50   {i * 12.5:,.2f} EUR" for i in range(1, 25)
    ]
    rows += [
        "Subtotal                     3,750.00 EUR",
        "VAT 19%                        712.50 EUR",
        "Total                        4,462.50 EUR",
        "Payment: IBAN DE89 3704 0044 0532 0130 00",
    ]
    y = int(150 * scale)
    for text in rows:
        cv2.putText(
            image,
            text,
            (int(120 * scale), y),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.9 * scale,
            (0,),
            max(1, int(2 * scale)),
            cv2.LINE_AA,
        )
        y += int(60 * scale)
    return image
