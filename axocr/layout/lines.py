"""Words to lines in reading order.

Rows are found by vertical overlap; within a row, a gap wider than a few character heights
starts a new line, so table columns and label/value pairs far apart stay separate lines that
the extractor pairs again by geometry.

Words arrive in the order their source produced them. A run of consecutive words sharing one
baseline band (an OCR engine's text segment, split at spaces) is kept together as a unit, so
two slightly tilted segments that overlap vertically are never interleaved word by word.

Two units of one row sit side by side. A unit lying over another (the second line of a name
set in large, tightly leaded capitals, half its height inside the first's band) is on
another row: joined, "AIK HUAT HARDWARE / ENTERPRISE (SETIA" would read as one line in the
wrong order.
"""

from __future__ import annotations

from statistics import median

from axocr.types import BBox, Line, Word

# A gap wider than this many line heights separates two lines on one row.
LINE_GAP = 1.5
# Units of one row overlap horizontally by less than this share of the narrower one: an OCR
# engine's neighbouring segments of a line may overlap at their ends, not more.
ROW_X_OVERLAP = 0.5


def _chunks(words: list[Word], aspect: float) -> list[list[Word]]:
    chunks: list[list[Word]] = []
    for word in words:
        if chunks:
            prev = chunks[-1][-1]
            b, p = word.bbox, prev.bbox
            height = max(p.height * aspect, 1e-6)
            gap = b.x0 - p.x1
            if (
                word.source == prev.source
                and b.y0 == p.y0
                and b.y1 == p.y1
                and -0.5 * height <= gap <= LINE_GAP * height
            ):
                chunks[-1].append(word)
                continue
        chunks.append([word])
    return chunks


def _band(chunk: list[Word]) -> tuple[float, float]:
    return min(w.bbox.y0 for w in chunk), max(w.bbox.y1 for w in chunk)


def _span(chunk: list[Word]) -> tuple[float, float]:
    return min(w.bbox.x0 for w in chunk), max(w.bbox.x1 for w in chunk)


def _lies_over(chunk: list[Word], members: list[list[Word]]) -> bool:
    """``chunk`` covers much of a row member's width: it is above or below it, not beside."""
    x0, x1 = _span(chunk)
    for member in members:
        m0, m1 = _span(member)
        narrower = min(x1 - x0, m1 - m0)
        if narrower > 0 and (min(x1, m1) - max(x0, m0)) / narrower > ROW_X_OVERLAP:
            return True
    return False


def group_rows(words: list[Word], aspect: float = 1.0) -> list[list[Word]]:
    """Cluster words into rows, top to bottom; each row sorted left to right by unit."""
    rows: list[tuple[float, float, list[list[Word]]]] = []  # (band y0, band y1, chunks)
    chunks = _chunks(words, aspect)
    for chunk in sorted(chunks, key=lambda c: (sum(_band(c)) / 2, c[0].bbox.x0)):
        y0, y1 = _band(chunk)
        best = -1
        best_overlap = 0.0
        # Only the last few rows can overlap: chunks are visited by vertical centre.
        for i in range(max(0, len(rows) - 4), len(rows)):
            r0, r1, members = rows[i]
            inter = min(r1, y1) - max(r0, y0)
            smaller = min(r1 - r0, y1 - y0)
            if smaller <= 0:
                continue
            overlap = inter / smaller
            if overlap > best_overlap and not _lies_over(chunk, members):
                best, best_overlap = i, overlap
        if best >= 0 and best_overlap >= 0.5:
            _, _, members = rows[best]
            members.append(chunk)
            # The band follows the members' median so one tall unit does not swallow rows.
            bands = [_band(c) for c in members]
            rows[best] = (median(b[0] for b in bands), median(b[1] for b in bands), members)
        else:
            rows.append((y0, y1, [chunk]))
    rows.sort(key=lambda r: (r[0] + r[1]) / 2)
    out: list[list[Word]] = []
    for _, _, members in rows:
        members.sort(key=lambda c: c[0].bbox.x0)
        out.append([w for c in members for w in c])
    return out


def build_lines(words: list[Word], aspect: float = 1.0) -> list[Line]:
    """Words to lines. ``aspect`` is the page's height / width: boxes are fractions of each,
    so a height is multiplied by it before it is compared with a horizontal gap."""
    lines: list[Line] = []
    for row in group_rows(words, aspect):
        current: list[Word] = [row[0]]
        for word in row[1:]:
            prev = current[-1]
            height = max(prev.bbox.height, word.bbox.height, 1e-6) * aspect
            # Words read from a page's images (a logo, a company seal stamped over or beside
            # the name) never join a text-layer line: they are separate things on the page,
            # and a seal's characters glued to the issuer's name make it another name.
            if word.source != prev.source or word.bbox.x0 - prev.bbox.x1 > LINE_GAP * height:
                lines.append(_line(current))
                current = [word]
            else:
                current.append(word)
        lines.append(_line(current))
    return lines


def _line(words: list[Word]) -> Line:
    return Line(words=words, bbox=BBox.enclosing([w.bbox for w in words]))
