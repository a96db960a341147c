"""Words the detector left out: ink on a read word's row, close beside it, that no box covers.

On real scans PP-OCR's detector now and then drops a word that its recogniser reads well once
given the crop: a word in a dotted or widely spaced print set apart from the rest of its line
(``FY`` of ``FY EAGLE ENTERPRISE``), a ``(M)`` between two read words, words of a name on a
dot-matrix receipt. Such ink is found as dark blobs outside every word's box, as tall as the
letters of the word beside them; each cluster is cut out and read by the recogniser alone, and
what reads as confident text becomes a word. Lines, stamps and specks read as punctuation,
single letters or with low confidence, and are dropped; a cluster that reaches over a read word
is not read, as that word would be read twice.

Where it finds words, and what it costs, is measured in `docs/benchmarks.md` ("Session 22").
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import numpy.typing as npt

from axocr.ocr.base import LineReading, split_segment
from axocr.types import BBox, Image, Word

ReadCrops = Callable[[list[Image]], list[LineReading]]

# A blob belongs to a word's row when it is this share of the word's height, or taller (a
# letter's body: dots and commas are smaller) and no taller than MAX_HEIGHT times it (a stamp,
# a logo), and lies with MIN_OVERLAP of its height within the word's rows.
MIN_HEIGHT = 0.4
MAX_HEIGHT = 1.4
MIN_OVERLAP = 0.6
# Beside the word: no farther than MAX_GAP word heights (farther ink is another column's). A
# narrow blob closer than SLIVER_GAP is the edge of the word's own letter that its box clipped;
# a wider one is the next word, a space away.
MAX_GAP = 3.0
SLIVER_GAP = 0.2
SLIVER_WIDTH = 0.3
# Enough ink to hold a character: its blobs' widths add up to half the word's height, and
# they cover this share of a square of that height.
MIN_WIDTH = 0.5
MIN_AREA = 0.15
# What is kept: two characters or more, one a letter or digit, read at this score or more. A
# single letter is as often a stamp's or a logo's as a word's.
MIN_SCORE = 0.95
MIN_CHARS = 2

# Letters taller than this (pixels) are looked for on the page shrunk to it.
INK_ROW = 40

# How many times a word found is looked beside in turn.
ROUNDS = 3

# The page holds too much unread ink to be a text page with a few gaps: a photograph's
# background, a halftone picture. Looking there costs time and finds noise.
MAX_CLUSTERS = 40

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


def dropped_words(image: Image, words: list[Word], read_crops: ReadCrops) -> list[Word]:
    """Words of ``image`` (BGR or grey) that none of ``words`` covers, read with
    ``read_crops``; boxes relative to the image, like the words'.

    A word found is looked beside in turn, up to ROUNDS times: a line whose detector kept one
    word of three has the next found beside it, then the one beyond.
    """
    if not words or image.size == 0:
        return []
    height, width = image.shape[:2]
    beside = _segments([_pixels(w.bbox, width, height) for w in words])
    read = list(beside)
    blobs = _unread_ink(image, beside)
    unread = np.ones(len(blobs), dtype=bool)
    found: list[Word] = []
    for _ in range(ROUNDS):
        clusters = [
            (box, row)
            for box, row in _merged(_clusters_beside(beside, blobs[unread]))
            if not any(_overlap(box, word) for word in read)
        ]
        if not clusters or len(clusters) > MAX_CLUSTERS:
            break
        readings = read_crops([_crop(image, box, row) for box, row in clusters])
        beside = []
        for (box, _), (text, score, confs) in zip(clusters, readings, strict=True):
            # Read or not, the ink is not looked at again.
            unread &= ~_inside(blobs, box)
            if _is_text(text, score):
                x0, y0, x1, y1 = box
                place = BBox(x0=x0 / width, y0=y0 / height, x1=x1 / width, y1=y1 / height)
                found.extend(split_segment(text, place, score, confs))
                beside.append(box)
        if not beside:
            break
        read.extend(beside)
    return found


def _segments(boxes: list[Box]) -> list[Box]:
    """Words cut from one detected segment joined again into its box.

    An engine splits a segment at its spaces and shares the box out by letter count, so in a
    proportional font a word's box misses the edge of its letters; those edges are not ink
    the detector dropped. The words of a segment share its top and bottom; those with less
    than a letter's height between them are taken for one.
    """
    rows: dict[tuple[int, int], list[Box]] = {}
    for box in boxes:
        rows.setdefault((box[1], box[3]), []).append(box)
    joined: list[Box] = []
    for (y0, y1), row in rows.items():
        row.sort()
        x0, _, x1, _ = row[0]
        for box in row[1:]:
            if box[0] - x1 > y1 - y0:
                joined.append((x0, y0, x1, y1))
                x0 = box[0]
            x1 = max(x1, box[2])
        joined.append((x0, y0, x1, y1))
    return joined


def _overlap(a: Box, b: Box) -> bool:
    """The boxes share pixels: a cluster reaching over a read word would read it again."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crop(image: Image, box: Box, row: int) -> Image:
    """The cluster with a margin, as the detector's boxes give the recogniser its lines."""
    height, width = image.shape[:2]
    pad = max(1, int(0.15 * row))
    x0, y0, x1, y1 = box
    return np.ascontiguousarray(
        image[max(0, y0 - pad) : min(height, y1 + pad), max(0, x0 - pad) : min(width, x1 + pad)]
    )


def _inside(blobs: npt.NDArray[np.int32], box: Box) -> npt.NDArray[np.bool_]:
    x, y, w, h = (blobs[:, i] for i in range(4))
    return (x >= box[0]) & (y >= box[1]) & (x + w <= box[2]) & (y + h <= box[3])


def _is_text(text: str, score: float) -> bool:
    stripped = text.strip()
    return (
        score >= MIN_SCORE and len(stripped) >= MIN_CHARS and any(ch.isalnum() for ch in stripped)
    )


def _grey(image: Image) -> npt.NDArray[np.uint8]:
    if image.ndim == 2:
        return np.asarray(image, dtype=np.uint8)
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _pixels(box: BBox, width: int, height: int) -> Box:
    return (
        int(box.x0 * width),
        int(box.y0 * height),
        int(np.ceil(box.x1 * width)),
        int(np.ceil(box.y1 * height)),
    )


def _unread_ink(image: Image, boxes: list[Box]) -> npt.NDArray[np.int32]:
    """Dark blobs outside every box (x, y, width, height, area in the image's pixels, one row
    each), the dots of a dotted print closed into strokes.

    A page whose letters are taller than INK_ROW pixels is looked at shrunk to that: blobs of a
    letter's size are found as well, and a 600 DPI A4 scan (35 MP) costs a tenth of the time.
    """
    heights = sorted(y1 - y0 for _, y0, _, y1 in boxes)
    row = max(1, heights[len(heights) // 2])
    scale = min(1.0, INK_ROW / row)
    if scale < 1.0:
        image = np.asarray(
            cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.uint8
        )
    grey = _grey(image)
    threshold, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (grey <= threshold).astype(np.uint8)
    for x0, y0, x1, y1 in boxes:
        top, left = max(0, int(y0 * scale) - 2), max(0, int(x0 * scale) - 2)
        ink[top : int(np.ceil(y1 * scale)) + 3, left : int(np.ceil(x1 * scale)) + 3] = 0
    size = max(3, int(row * scale) // 4) | 1
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    blobs = np.asarray(stats[1:count], dtype=np.float64).reshape(-1, 5)
    blobs = blobs[blobs[:, 4] >= 6]
    if scale < 1.0:
        blobs[:, :4] /= scale
        blobs[:, 4] /= scale * scale
    return np.round(blobs).astype(np.int32)


def _merged(clusters: list[tuple[Box, int]]) -> list[tuple[Box, int]]:
    """Clusters whose boxes overlap as one: ink between two words is found beside both."""
    done: list[tuple[Box, int]] = []
    for box, row in clusters:
        for i, (other, other_row) in enumerate(done):
            if _overlap(box, other):
                box = (
                    min(box[0], other[0]),
                    min(box[1], other[1]),
                    max(box[2], other[2]),
                    max(box[3], other[3]),
                )
                done[i] = (box, max(row, other_row))
                break
        else:
            done.append((box, row))
    # A merged box may now reach one merged before it.
    return done if len(done) == len(clusters) else _merged(done)


def _clusters_beside(boxes: list[Box], blobs: npt.NDArray[np.int32]) -> list[tuple[Box, int]]:
    """For each word, the blobs on its row just left of it, and those just right of it, where
    they hold enough ink for a character: each cluster's box once, with its word's height."""
    x, y, w, h, area = (blobs[:, i] for i in range(5))
    seen: set[tuple[int, ...]] = set()
    clusters: list[tuple[Box, int]] = []
    for x0, y0, x1, y1 in boxes:
        row = y1 - y0
        if row <= 0:
            continue
        overlap = np.minimum(y + h, y1) - np.maximum(y, y0)
        on_row = (h >= MIN_HEIGHT * row) & (h <= MAX_HEIGHT * row) & (overlap >= MIN_OVERLAP * h)
        for gap in (x0 - (x + w), x - x1):
            sliver = (gap < SLIVER_GAP * row) & (w < SLIVER_WIDTH * row)
            near = np.flatnonzero(on_row & (gap >= 0) & (gap <= MAX_GAP * row) & ~sliver)
            if (
                near.size == 0
                or w[near].sum() < MIN_WIDTH * row
                or area[near].sum() < MIN_AREA * row * row
            ):
                continue
            key = tuple(int(i) for i in near)
            if key in seen:
                continue
            seen.add(key)
            box = (
                int(x[near].min()),
                int(y[near].min()),
                int((x + w)[near].max()),
                int((y + h)[near].max()),
            )
            clusters.append((box, row))
    return clusters
