"""The interface every OCR engine implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from axocr.types import BBox, Image, Word, alnum_key

__all__ = ["Image", "LineReading", "LineReadingEngine", "OcrEngine", "UprightOcrEngine"]


@runtime_checkable
class OcrEngine(Protocol):
    """Reads one page image into words whose boxes are relative to that image (0..1)."""

    name: str

    def recognize(self, image: Image) -> list[Word]:
        """OCR a BGR or greyscale uint8 image. A blank image gives an empty list."""
        ...


@runtime_checkable
class UprightOcrEngine(OcrEngine, Protocol):
    """An engine that can also notice, within its one pass, a page lying upside down."""

    def recognize_upright(self, image: Image) -> tuple[list[Word], int]:
        """Words with boxes on the page turned upright, and the clockwise rotation that was
        applied to read it (0 or 180)."""
        ...


# A line crop's reading: its text, the recogniser's score, and one confidence per character
# where the engine gives them.
LineReading = tuple[str, float, Sequence[float] | None]


@runtime_checkable
class LineReadingEngine(OcrEngine, Protocol):
    """An engine whose recogniser reads a crop holding one line of text as it is, without
    looking for text in it first."""

    def read_lines(self, crops: list[Image]) -> list[LineReading]:
        """Each crop's reading, in the order of the crops."""
        ...


def polygon_to_bbox(points: object, width: int, height: int) -> BBox:
    """Turn an engine's quadrilateral (pixel corners) into a relative axis-aligned box."""
    arr = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    x0 = float(np.clip(arr[:, 0].min() / width, 0.0, 1.0))
    x1 = float(np.clip(arr[:, 0].max() / width, 0.0, 1.0))
    y0 = float(np.clip(arr[:, 1].min() / height, 0.0, 1.0))
    y1 = float(np.clip(arr[:, 1].max() / height, 0.0, 1.0))
    return BBox(x0=x0, y0=y0, x1=x1, y1=y1)


def _weakest(text: str, confs: Sequence[float]) -> float:
    """The least certain letter or digit: the recogniser is often unsure of punctuation at a
    crop's edge (a trailing comma, a dot), which changes no name, date or number."""
    alnum = [c for ch, c in zip(text, confs, strict=True) if ch.isalnum()]
    return min(alnum or confs)


def split_segment(
    text: str, box: BBox, confidence: float, char_confidences: Sequence[float] | None = None
) -> list[Word]:
    """Split an engine's text segment into words at spaces, sharing its box by character count.

    Engines such as PP-OCR return one box per run of text; the words inside get boxes in
    proportion to their length, which is close enough for layout (fonts on invoices are
    near-monospaced in digits, where precision matters most). ``char_confidences``, one per
    character of ``text`` where the engine gives them, set each word's least certain one.
    """
    if char_confidences is not None and len(char_confidences) != len(text):
        char_confidences = None  # not aligned with the text: better none than wrong ones
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text:
        return []
    parts = text.split()
    total = len(text)
    words: list[Word] = []
    pos = 0
    for part in parts:
        start = text.index(part, pos)
        end = start + len(part)
        pos = end
        weakest = (
            _weakest(part, char_confidences[lead + start : lead + end])
            if char_confidences
            else None
        )
        words.append(
            Word(
                text=part,
                bbox=box
                if len(parts) == 1
                else BBox(
                    x0=box.x0 + box.width * start / total,
                    y0=box.y0,
                    x1=box.x0 + box.width * end / total,
                    y1=box.y1,
                ),
                confidence=confidence,
                source="ocr",
                min_char_confidence=None if weakest is None else round(float(weakest), 4),
            )
        )
    return words


# A word the detector boxed twice: its box lies this much (share of its width) over another
# word of another segment on its row, whose text begins (or ends) with its own.
REPEAT_OVERLAP = 0.5


def without_repeats(words: list[Word]) -> list[Word]:
    """``words`` less those the detector read twice from one patch of ink.

    On dot-matrix print PP-OCR's detector now and then gives a word's start two boxes: the end
    of one segment and the start of the next ("Kedai Ja" and "Jaya Fruits", one "Ja" printed).
    The shorter reading lies over the longer one's start (or end) and spells it; it is dropped.
    Words of one segment share its top and bottom and never overlap, so are never compared.
    """
    # Each word's key once: the pairs below are every word against every other.
    keys = [alnum_key(w.text) for w in words]
    dropped: set[int] = set()
    for i, short in enumerate(words):
        key, a = keys[i], short.bbox
        if len(key) < 2:
            continue  # one letter or digit repeats by chance in any text
        for j, long in enumerate(words):
            other, b = keys[j], long.bbox
            if j == i or j in dropped or len(other) <= len(key) or (a.y0, a.y1) == (b.y0, b.y1):
                continue
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            down = min(a.y1, b.y1) - max(a.y0, b.y0)
            if across < REPEAT_OVERLAP * a.width or down < 0.5 * min(a.height, b.height):
                continue
            if other.startswith(key) if a.x0 <= b.x0 else other.endswith(key):
                dropped.add(i)
                break
    return [w for i, w in enumerate(words) if i not in dropped]
