"""Words to lines in reading order.

Rows are found by vertical overlap; within a row, a gap wider than a few character heights
starts a new line, so table columns and label/value pairs far apart stay separate lines that
the extractor pairs again by geometry.
"""

from __future__ import annotations

from statistics import median

from axocr.types import BBox, Line, Word

# A gap wider than this many line heights separates two lines on one row.
LINE_GAP = 1.5


def group_rows(words: list[Word]) -> list[list[Word]]:
    """Cluster words into rows, top to bottom; each row sorted left to right."""
    rows: list[tuple[float, float, list[Word]]] = []  # (band y0, band y1, words)
    for word in sorted(words, key=lambda w: (w.bbox.cy, w.bbox.x0)):
        b = word.bbox
        best = -1
        best_overlap = 0.0
        # Only the last few rows can overlap: words are visited by vertical centre.
        for i in range(max(0, len(rows) - 4), len(rows)):
            y0, y1, _ = rows[i]
            inter = min(y1, b.y1) - max(y0, b.y0)
            smaller = min(y1 - y0, b.height)
            if smaller <= 0:
                continue
            overlap = inter / smaller
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best >= 0 and best_overlap >= 0.5:
            y0, y1, members = rows[best]
            members.append(word)
            # The band follows the members' median so one tall word does not swallow rows.
            rows[best] = (
                median(w.bbox.y0 for w in members),
                median(w.bbox.y1 for w in members),
                members,
            )
        else:
            rows.append((b.y0, b.y1, [word]))
    rows.sort(key=lambda r: (r[0] + r[1]) / 2)
    return [sorted(r[2], key=lambda w: w.bbox.x0) for r in rows]


def build_lines(words: list[Word]) -> list[Line]:
    lines: list[Line] = []
    for row in group_rows(words):
        current: list[Word] = [row[0]]
        for word in row[1:]:
            prev = current[-1]
            height = max(prev.bbox.height, word.bbox.height, 1e-6)
            if word.bbox.x0 - prev.bbox.x1 > LINE_GAP * height:
                lines.append(_line(current))
                current = [word]
            else:
                current.append(word)
        lines.append(_line(current))
    return lines


def _line(words: list[Word]) -> Line:
    return Line(words=words, bbox=BBox.enclosing([w.bbox for w in words]))
