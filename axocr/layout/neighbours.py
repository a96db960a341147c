"""Key → value geometry: where, around a label, its value may be printed.

A label's value stands on the same line after it, on the row to its right (a column of
values beside a column of labels), or just below it (a label above a box). These functions
answer "which of these boxes are there" for any boxed thing on one page (layout lines,
extraction lines); the extractor decides what the places are worth.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from axocr.types import BBox


class Boxed(Protocol):
    @property
    def bbox(self) -> BBox: ...


B = TypeVar("B", bound=Boxed)


def to_the_right(
    line: BBox,
    start: BBox,
    others: Sequence[B],
    *,
    min_overlap: float,
    height: float | None = None,
) -> list[B]:
    """``others`` on ``line``'s row that begin right of ``start`` (the label's own box, or the
    whole line's), nearest first. A box may begin half a line height before ``start`` ends:
    OCR boxes of neighbouring words overlap a little. Sharing the row means a vertical overlap
    of at least ``min_overlap`` of the smaller height. ``height`` is the line height the slack
    is measured in (default: ``line``'s, never zero)."""
    height = max(line.height, 1e-4) if height is None else height
    right = [
        o
        for o in others
        if o.bbox.x0 >= start.x1 - 0.5 * height and o.bbox.vertical_overlap(line) >= min_overlap
    ]
    right.sort(key=lambda o: o.bbox.x0)
    return right


def just_below(line: BBox, label: BBox, others: Sequence[B]) -> list[B]:
    """``others`` starting under ``line`` within 2.5 line heights and lined up with the label
    (overlapping it, or starting or ending within three line heights of it), top first."""
    height = max(line.height, 1e-4)
    below = [
        o
        for o in others
        if o.bbox.y0 >= line.y0 + 0.5 * height
        and o.bbox.y0 - line.y1 < 2.5 * height
        and (
            o.bbox.horizontal_overlap(label) > 0.0
            or abs(o.bbox.x0 - label.x0) < 3 * height
            or abs(o.bbox.x1 - line.x1) < 3 * height
        )
    ]
    below.sort(key=lambda o: (o.bbox.y0, abs(o.bbox.x0 - label.x0)))
    return below
