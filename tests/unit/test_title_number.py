"""A document title followed by its number, on the first page and in a later page's running
header (pure functions over hand-built lines)."""

from __future__ import annotations

from hand_lines import ocr_line

from axocr.extract.context import PageText
from axocr.extract.fields import title_number_candidates
from axocr.types import BBox


def _page(*placed: tuple[int, str, float]) -> PageText:
    lines = []
    for i, (page, text, y) in enumerate(placed):
        line = ocr_line(i, text, BBox(x0=0.6, y0=y, x1=0.9, y1=y + 0.015))
        line.page = page
        lines.append(line)
    return PageText(lines=lines, page_count=2, median_height=0.015, hits=[])


def test_a_later_page_s_running_header_gives_the_title_s_number_at_less_weight() -> None:
    # The first page's label row was lost to OCR; page 2 heads itself "請求書 INV-...".
    ctx = _page((0, "ご請求金額 ¥10,466,904", 0.35), (1, "請求書INV-20436090-010", 0.052))
    found = title_number_candidates(ctx, day_first=None)
    assert [c.value for c in found] == ["INV-20436090-010"]
    first = title_number_candidates(_page((0, "請求書INV-20436090-010", 0.052)), day_first=None)
    assert found[0].score < first[0].score


def test_a_title_and_number_lower_down_a_later_page_are_no_running_header() -> None:
    ctx = _page((0, "ご請求金額 ¥10,466,904", 0.35), (1, "Invoice 4711 paid by transfer", 0.5))
    assert title_number_candidates(ctx, day_first=None) == []


def test_a_rate_after_the_title_s_word_is_no_number() -> None:
    # A discount line under an Italian invoice's items (seed 3951's scan): "on the invoice 10%".
    ctx = _page((0, "Sconto in fattura 10%", 0.40))
    assert title_number_candidates(ctx, day_first=None) == []
    assert [c.value for c in title_number_candidates(_page((0, "Fattura 10/A", 0.1)), None)] == [
        "10/A"
    ]
