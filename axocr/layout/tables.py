"""Table geometry: columns from header words, words into cells, cells into rows.

Knows nothing of invoices: a column is a role name and the horizontal extent of its header.
Invoice tables put text left-aligned and numbers right-aligned under headers that are often
narrower or wider than their values, so a column's *zone* (where its values may lie) runs
from the middle of the gap to the previous header to the middle of the gap to the next one,
and a word only crosses into another column's zone when it overlaps that column's header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from axocr.types import BBox


@dataclass(frozen=True)
class Column:
    role: str
    x0: float
    x1: float
    text: str


@dataclass(frozen=True)
class Token:
    """One word: its text and box (relative to the page)."""

    text: str
    bbox: BBox


@dataclass
class Cell:
    """The words of one layout line that fall in one column."""

    column: int
    tokens: list[Token]
    page: int
    source: object = None  # the layout line the words came from

    @property
    def bbox(self) -> BBox:
        return BBox.enclosing([t.bbox for t in self.tokens])

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)


@dataclass
class Row:
    """Cells that make one table row, anchored on one cell (the amount, for invoice lines)."""

    anchor: Cell
    cells: dict[int, list[Cell]] = field(default_factory=dict)

    @property
    def band(self) -> tuple[float, float]:
        boxes = [self.anchor.bbox] + [c.bbox for cs in self.cells.values() for c in cs]
        return min(b.y0 for b in boxes), max(b.y1 for b in boxes)

    def add(self, cell: Cell) -> None:
        self.cells.setdefault(cell.column, []).append(cell)


def column_zones(columns: list[Column]) -> list[tuple[float, float]]:
    """Each column's zone: half-way into the gaps beside its header, the outer ones to the
    page edges. ``columns`` must be sorted by ``x0``."""
    zones: list[tuple[float, float]] = []
    for i, col in enumerate(columns):
        left = 0.0 if i == 0 else (columns[i - 1].x1 + col.x0) / 2
        right = 1.0 if i == len(columns) - 1 else (col.x1 + columns[i + 1].x0) / 2
        zones.append((left, max(right, left)))
    return zones


def _zone_of(x: float, zones: list[tuple[float, float]]) -> int:
    for i, (a, b) in enumerate(zones):
        if a <= x < b:
            return i
    return 0 if x < zones[0][0] else len(zones) - 1


def _overlapping_header(token: Token, columns: list[Column], slack: float) -> int | None:
    best, best_overlap = None, 0.0
    for i, col in enumerate(columns):
        overlap = min(token.bbox.x1, col.x1 + slack) - max(token.bbox.x0, col.x0 - slack)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def split_into_cells(
    tokens: list[Token],
    page: int,
    columns: list[Column],
    zones: list[tuple[float, float]],
    source: object = None,
    slack: float = 0.005,
    numeric: frozenset[int] = frozenset(),
) -> list[Cell]:
    """A line's words as cells: the line belongs to the zone its first word starts in, and a
    word moves the rest of the line into another column only when it overlaps that column's
    header (so a long description running past its zone stays one cell). Words without a
    digit never move into a ``numeric`` column: a long description running under the
    quantity's header stays a description."""
    if not tokens:
        return []
    current = _zone_of(tokens[0].bbox.x0, zones)
    cells = [Cell(current, [tokens[0]], page, source)]
    for token in tokens[1:]:
        over = _overlapping_header(token, columns, slack)
        zone = _zone_of(token.bbox.cx, zones)
        # A word wholly inside another column's zone that also overlaps its header starts a
        # new cell; so does a word past the next column's header start.
        wordy = not any(ch.isdigit() for ch in token.text)
        if (
            over is not None
            and over != current
            and over == zone
            and not (wordy and over in numeric and current not in numeric)
        ):
            current = over
            cells.append(Cell(current, [token], page, source))
        else:
            cells[-1].tokens.append(token)
    # A cell lies in the zone it overlaps most: a centred description may start left of its
    # column's zone, under the header of the code column before it.
    for cell in cells:
        box = cell.bbox
        overlaps = [min(b, box.x1) - max(a, box.x0) for a, b in zones]
        best = max(range(len(zones)), key=lambda i: overlaps[i])
        wordy = not any(ch.isdigit() for ch in cell.text)
        if overlaps[best] > 0 and not (wordy and best in numeric and cell.column not in numeric):
            cell.column = best
    return cells


def rows_from_anchors(
    anchors: list[Cell], others: list[Cell], tolerance: float
) -> tuple[list[Row], list[Cell]]:
    """Attach each cell to the anchor nearest in height (within ``tolerance``, in page
    fractions); returns the rows top to bottom and the cells no anchor took."""
    rows = [Row(a) for a in sorted(anchors, key=lambda c: c.bbox.cy)]
    left: list[Cell] = []
    for cell in others:
        best, best_d = None, tolerance
        for row in rows:
            if row.anchor.page != cell.page:
                continue
            d = abs(row.anchor.bbox.cy - cell.bbox.cy)
            if d <= best_d:
                best, best_d = row, d
        if best is None:
            left.append(cell)
        else:
            best.add(cell)
    return rows, left
