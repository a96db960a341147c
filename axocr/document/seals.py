"""Find red ink seals (判子, 角印, 丸印) on a colour page and take them out before OCR.

A Japanese invoice carries its issuer's square seal (角印) beside or over the issuer's name,
and receipts a round one. The seal holds the issuer's name again and ``之印`` in columns read
right to left; OCR reads its characters into the name's line (``株式会社チェックポイント物流``
becomes ``...物流初流``). Seals are red and the print is black, so on a colour page the seal's
ink can be told from the text's and painted over with the paper's colour, while black text
under the seal stays as it is.

Only red marks shaped like a seal are touched: a square or round frame of red ink, 6 to 45 mm
across on A4, with strokes inside. A red title, amount or logo line is longer than it is high;
handwriting, ticks and a date stamp's digits in red have no frame round them; an orange logo
is not red. All are left alone, and a grey page has nothing to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from axocr.types import Image

# Seals are found on a copy this long on its longer side (about 3.4 px per mm on A4): a seal's
# strokes are still several pixels wide there.
WORK_SIDE = 1000
# Red ink: its red channel exceeds both others by this much (of 255). Paper under warm light
# or a photograph's colour cast stays under it; a stamp's ink, faint or not, is well over it.
RED_MARGIN = 45
MIN_RED = 90
# Within a found seal its ink may be red by less: its pink, anti-aliased edge, and its
# strokes on a dim or blurred picture.
EDGE_MARGIN = 20
# Paper is grey to within a few levels; pinker than this, inside a seal, is its ink's halo.
FAINT = 10
# A seal's side as a share of the page's longer side: 6 mm to 45 mm on A4.
MIN_SIDE = 0.02
MAX_SIDE = 0.15
# Seals are square or round; a line of red text is longer than high.
MAX_ASPECT = 1.6
# Share of a seal's box that its strokes cover: a seal is lines on paper, not a filled block
# (a red logo, a coloured table header) and not a lone dot.
MIN_INK = 0.06
MAX_INK = 0.6
# A square's hull fills its box, a circle's 79% of it; handwriting's hull leaves more empty.
MIN_HULL_FILL = 0.74
# Share of the hull's outline with ink beside it: a seal's frame runs all the way round.
MIN_FRAME = 0.97
# Darker than the seal's strokes by this much, and than the paper by the next, is text under
# the seal, if it is grey or lies within a square of this side of grey text (a seal's stroke
# crossing a glyph is a few pixels wide).
TEXT_BELOW_INK = 25
TEXT_BELOW_PAPER = 70
TEXT_REACH = 11
# Lighter than this in every channel, and not red, is the paper around and under the seal.
PAPER = 160

U8Array = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Seal:
    """A seal's box on the page, in pixels: left, top, right, bottom."""

    box: tuple[int, int, int, int]


def _red(img: Image, margin: int) -> npt.NDArray[np.bool_]:
    r = img[:, :, 2]
    return np.asarray((_lead(img) >= margin) & (r >= MIN_RED), dtype=np.bool_)


def find_seals(image: Image) -> list[Seal]:
    """The seals on a colour page (none on a grey one)."""
    if image.ndim != 3 or image.shape[2] != 3:
        return []
    h, w = image.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = (
        np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        if scale < 1.0
        else image
    )
    red = _red(small, RED_MARGIN)
    long_side = max(small.shape[:2])
    if int(red.sum()) < (MIN_SIDE * long_side) ** 2 * MIN_INK:
        return []
    mask = red.astype(np.uint8) * 255
    # A seal's characters and frame are one patch once the gaps between strokes close.
    k = max(3, round(long_side * 0.006) | 1)
    closed = np.asarray(
        cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8)), dtype=np.uint8
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    seals: list[Seal] = []
    for i in range(1, count):
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        if not MIN_SIDE * long_side <= max(bw, bh) <= MAX_SIDE * long_side:
            continue
        if max(bw, bh) > MAX_ASPECT * min(bw, bh):
            continue
        ink = float(red[y : y + bh, x : x + bw].mean())
        if not MIN_INK <= ink <= MAX_INK:
            continue
        if not _is_seal(red[y : y + bh, x : x + bw], closed[y : y + bh, x : x + bw]):
            continue
        # Room for the frame's blurred outer edge, and for paper around the seal.
        pad = max(3, round(max(bw, bh) * 0.1))
        seals.append(
            Seal(
                (
                    max(0, int((x - pad) / scale)),
                    max(0, int((y - pad) / scale)),
                    min(w, int((x + bw + pad) / scale) + 1),
                    min(h, int((y + bh + pad) / scale) + 1),
                )
            )
        )
    return seals


def erase_seals(image: Image, seals: list[Seal]) -> Image:
    """A copy of the page with each seal's red ink painted the paper's colour; text under a
    seal is kept."""
    out = image.copy()
    for seal in seals:
        x0, y0, x1, y1 = seal.box
        region = out[y0:y1, x0:x1]
        lead = _lead(region)
        # Within the seal any reddish pixel is its ink, faint or dark; so are the paler
        # pixels around its strokes (a pink, blurred or anti-aliased edge).
        near = cv2.dilate((lead >= EDGE_MARGIN).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        near |= lead >= FAINT
        paper_px = region[~near & (region.min(axis=2) >= PAPER)]
        if len(paper_px) == 0:
            continue
        paper = np.median(paper_px, axis=0)
        lum = cv2.cvtColor(region, cv2.COLOR_BGR2GRAY).astype(np.int16)
        # Text under the seal is darker than the seal's strokes on paper, whatever its hue:
        # black where the ink lets it through, dark red where the ink covers it. A dark red
        # pixel is kept only beside grey text, though: the seal's frame, a thicker stroke,
        # is darker than its characters too.
        strokes = lead >= RED_MARGIN
        ink = float(np.median(lum[strokes])) if strokes.any() else 255.0
        dark = lum < min(ink - TEXT_BELOW_INK, float(paper.mean()) - TEXT_BELOW_PAPER)
        grey = (dark & (lead < EDGE_MARGIN)).astype(np.uint8)
        text = dark & (cv2.dilate(grey, np.ones((TEXT_REACH, TEXT_REACH), np.uint8)) > 0)
        region[near & ~text] = paper.astype(np.uint8)
    return out


def _lead(img: Image) -> npt.NDArray[np.int16]:
    """How far a pixel's red exceeds its green and blue, where those two are alike (red and
    pink, not orange or magenta); 0 elsewhere."""
    b, g, r = (img[:, :, i].astype(np.int16) for i in range(3))
    lead = r - np.maximum(g, b)
    return np.asarray(np.where(2 * np.abs(g - b) <= np.maximum(lead, 0), lead, 0), np.int16)


def _is_seal(red: npt.NDArray[np.bool_], closed: U8Array) -> bool:
    """Whether a patch of red ink is framed as a seal: its outline is a square or a circle
    (the convex hull fills most of the box) and ink runs all along that outline. Handwriting,
    a date stamp's digits or a tick touch their hull only here and there."""
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    filled = np.zeros_like(closed)
    cv2.fillPoly(filled, [hull], 255)
    if float((filled > 0).mean()) < MIN_HULL_FILL:
        return False
    outline = np.zeros_like(closed)
    cv2.polylines(outline, [hull], True, 255, 1)
    near = cv2.dilate(red.astype(np.uint8), np.ones((5, 5), np.uint8))
    return float(near[outline > 0].mean()) >= MIN_FRAME
