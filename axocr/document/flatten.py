"""Find a photographed sheet of paper and stretch it back to a rectangle.

A receipt or invoice photographed on a table is a quadrilateral, not a rectangle: the camera
looks at it at a slant, so its rows slope differently at the top and at the bottom of the
page and no single deskew angle straightens them all. A label then lines up with the amount
of a neighbouring row. Where the sheet's four edges stand out against a darker ground, the
perspective can be undone exactly: the sheet's corners are mapped to a rectangle's.

Scans are left alone: a sheet with parallel opposite edges and square corners (a rectangle,
perhaps turned a little, which deskew handles) or no ground around it is not touched, so a
scan reads the same with or without this step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from axocr.types import Image

# The sheet is found on a copy this long on its longer side: the corners' error there, about
# one pixel, is 0.1-0.2% of the page, far below what moves a text row.
WORK_SIDE = 1000
# A sheet smaller than this part of the photograph is a label or a card lying on the page,
# not the page; one larger leaves no ground to see its edges against.
MIN_AREA = 0.2
MAX_AREA = 0.97
# A sheet whose opposite edges are this close to parallel and whose corners this close to
# square is a rectangle, turned at most: deskew's job. Below it the corners' own error (a
# pixel of the 1000-px copy) is as large as the slant.
MIN_SLANT_DEGREES = 0.5
# The four corners must account for nearly all of the bright region; a ragged outline (a torn
# edge, a shadow across the sheet, a hand) is no quadrilateral to trust.
MIN_FILL = 0.95
# A corner this close to the photograph's edge (as a fraction of its side) may be where the
# frame cut the sheet, or a scanner's dark border: the edge seen there is not the paper's.
MARGIN = 0.02
# The ground must be darker than the paper by this much (of 255) for its edges to be real.
MIN_CONTRAST = 25.0

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Sheet:
    """A sheet's corners in the photograph: top-left, top-right, bottom-right, bottom-left,
    as fractions of the photograph's width and height."""

    corners: tuple[tuple[float, float], ...]


def find_sheet(image: Image) -> Sheet | None:
    """The sheet of paper in a photograph, if it stands out as a slanted quadrilateral."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = grey.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    small = (
        cv2.resize(
            grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
        )
        if scale < 1.0
        else grey
    )
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = small[mask > 0]
    ground = small[mask == 0]
    if paper.size == 0 or ground.size == 0:
        return None
    if float(np.median(paper)) - float(np.median(ground)) < MIN_CONTRAST:
        return None
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    sh, sw = small.shape[:2]
    area = cv2.contourArea(outline)
    if not MIN_AREA * sh * sw <= area <= MAX_AREA * sh * sw:
        return None
    hull = cv2.convexHull(outline)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4 or cv2.contourArea(quad) < MIN_FILL * cv2.contourArea(hull):
        return None
    if area < MIN_FILL * cv2.contourArea(quad):
        return None
    corners = _ordered(quad.reshape(4, 2).astype(np.float64))
    rel = corners / np.array([sw, sh], dtype=np.float64)
    if rel.min() < MARGIN or rel.max() > 1.0 - MARGIN:
        return None
    if _slant(corners) < MIN_SLANT_DEGREES:
        return None
    return Sheet(tuple((float(x), float(y)) for x, y in rel))


def _ordered(pts: FloatArray) -> FloatArray:
    """Top-left, top-right, bottom-right, bottom-left."""
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    ring = pts[np.argsort(angles)]  # clockwise on screen, from the left edge's upper end
    first = int(np.argmin(ring.sum(axis=1)))
    return np.roll(ring, -first, axis=0)


def _direction(a: FloatArray, b: FloatArray) -> float:
    return math.degrees(math.atan2(float(b[1] - a[1]), float(b[0] - a[0])))


def _slant(c: FloatArray) -> float:
    """How far from a rectangle the sheet is, in degrees: its opposite edges from parallel (a
    camera nearer one edge), or its top-left corner from square (a camera off to one side
    shears the page: rows level once deskewed, columns still leaning)."""
    top, bottom = _direction(c[0], c[1]), _direction(c[3], c[2])
    left, right = _direction(c[0], c[3]), _direction(c[1], c[2])
    return max(abs(top - bottom), abs(left - right), abs(left - top - 90.0))


def flatten(image: Image, sheet: Sheet) -> Image:
    """The sheet alone, its corners stretched to a rectangle as large as its longer edges."""
    h, w = image.shape[:2]
    src = np.array([(x * w, y * h) for x, y in sheet.corners], dtype=np.float32)
    width = max(np.linalg.norm(src[1] - src[0]), np.linalg.norm(src[2] - src[3]))
    height = max(np.linalg.norm(src[3] - src[0]), np.linalg.norm(src[2] - src[1]))
    size = (max(1, round(float(width))), max(1, round(float(height))))
    dst = np.array(
        [(0, 0), (size[0] - 1, 0), (size[0] - 1, size[1] - 1), (0, size[1] - 1)], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(
        image, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return np.ascontiguousarray(out, dtype=np.uint8)
