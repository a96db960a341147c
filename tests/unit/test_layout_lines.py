"""Words to lines (``layout/lines.py``), on boxes written as an OCR engine returns them: one
segment per detected text run, split into words at spaces, in the engine's order."""

from __future__ import annotations

from axocr.layout.lines import build_lines
from axocr.types import BBox, Word


def segment(text: str, x0: float, y0: float, x1: float, y1: float) -> list[Word]:
    """One detected run's words, spread evenly over its box (they share its band)."""
    parts = text.split()
    step = (x1 - x0) / len(parts)
    return [
        Word(text=t, bbox=BBox(x0=x0 + i * step, y0=y0, x1=x0 + (i + 1) * step - 0.01, y1=y1))
        for i, t in enumerate(parts)
    ]


def texts(words: list[Word]) -> list[str]:
    return [line.text for line in build_lines(words)]


def test_a_second_line_half_inside_the_first_ones_band_is_its_own_line() -> None:
    # A receipt's name in large, tightly leaded capitals: each line's box reaches 60% into
    # the next one's band. Side by side they would overlap as one row; one above the other,
    # they cover the same width.
    words = (
        segment("ENTERPRISE (SETIA", 0.142, 0.145, 0.840, 0.180)
        + segment("AIK HUAT HARDWARE", 0.144, 0.130, 0.840, 0.167)
        + segment("ALAM) SDN BHD", 0.218, 0.162, 0.757, 0.190)
    )
    assert texts(words) == ["AIK HUAT HARDWARE", "ENTERPRISE (SETIA", "ALAM) SDN BHD"]


def test_a_number_under_part_of_an_address_line_is_not_glued_to_it() -> None:
    words = segment("NO. 17-G, JALAN SETIA INDAH", 0.205, 0.189, 0.770, 0.219) + segment(
        "822737-X", 0.400, 0.181, 0.582, 0.200
    )
    assert texts(words) == ["822737-X", "NO. 17-G, JALAN SETIA INDAH"]


def test_segments_beside_each_other_still_share_a_row() -> None:
    # A label and its value, slightly tilted; and two runs of one line whose boxes overlap
    # a little at their ends (as a detector splits a long line)
    words = segment("Total", 0.10, 0.500, 0.18, 0.520) + segment("12.00", 0.19, 0.504, 0.26, 0.524)
    assert texts(words) == ["Total 12.00"]
    words = segment("Invoice number", 0.10, 0.30, 0.40, 0.32) + segment(
        "INV-2024-117", 0.38, 0.301, 0.60, 0.321
    )
    assert texts(words) == ["Invoice number INV-2024-117"]
    # far apart on one row: two lines, the extractor pairs them by place
    words = segment("Total", 0.10, 0.500, 0.18, 0.520) + segment("12.00", 0.80, 0.502, 0.87, 0.522)
    assert texts(words) == ["Total", "12.00"]
