"""A total one misread digit away from the cash less the change printed under it (pure
functions over hand-built OCR lines, as OCR read a generated dot-matrix receipt of 283.95)."""

from __future__ import annotations

from hand_lines import ocr_line

from axocr.extract.context import PageText
from axocr.extract.rank import mark_till_doubt
from axocr.types import BBox, FieldCandidate, Provenance, Ranked
from axocr.validate.review import till_doubt

_TOTAL_BOX = BBox(x0=0.680, y0=0.540, x1=0.950, y1=0.561)


def _doubted(total: str, under: list[str], *, sure: float = 0.93, again: bool = False) -> bool:
    rows = [("TOTAL SALES", BBox(x0=0.044, y0=0.542, x1=0.375, y1=0.562)), (total, _TOTAL_BOX)]
    for i, amount in enumerate(under):
        y = 0.568 + 0.023 * i
        rows.append((amount, BBox(x0=0.793, y0=y, x1=0.953, y1=y + 0.018)))
    if again:
        rows.append((f"SR 267.88 {total}", BBox(x0=0.044, y0=0.659, x1=0.953, y1=0.677)))
    lines = [ocr_line(i, text, box) for i, (text, box) in enumerate(rows)]
    page = PageText(lines=lines, page_count=1, median_height=0.02, hits=[])
    best = FieldCandidate(
        field="total",
        value=total,
        score=1.0,
        page=0,
        bbox=_TOTAL_BOX,
        origin=Provenance(kind="label", label="total"),
        char_confidence=sure,
    )
    mark_till_doubt(Ranked(best, [best], 1.0), page, ".")
    return till_doubt("total", {"rule_passed": 0.0, **best.features})


def test_a_total_a_digit_away_from_the_cash_less_the_change_is_doubted() -> None:
    # an 8 read as 0
    assert _doubted("203.95", ["290.00", "6.05"])
    # a dollar sign read as a leading 6
    assert _doubted("6713.02", ["714.00", "0.98"])


def test_a_total_the_cash_less_the_change_makes_or_is_far_from_is_not() -> None:
    assert not _doubted("283.95", ["290.00", "6.05"])
    assert not _doubted("120.00", ["290.00", "6.05"])
    # a second "TOTAL: 6.00" and "CASH 6.00" under the total, no change given
    assert not _doubted("6.00", ["6.00", "6.00"])
    # one amount under it only
    assert not _doubted("203.95", ["290.00"])


def test_a_total_read_surely_or_printed_again_is_not_doubted() -> None:
    # every character sure: the cash or the change is the likelier misreading
    assert not _doubted("203.95", ["290.00", "6.05"], sure=0.99)
    # the GST summary prints the total again
    assert not _doubted("203.95", ["290.00", "6.05"], again=True)
