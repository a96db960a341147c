"""Words the detector boxed twice (pure function over words as PP-OCR gave them)."""

from __future__ import annotations

from axocr.ocr.base import split_segment, without_repeats
from axocr.types import BBox, Word


def _segment(text: str, x0: float, y0: float, x1: float, y1: float) -> list[Word]:
    return split_segment(text, BBox(x0=x0, y0=y0, x1=x1, y1=y1), 0.99)


def test_the_start_of_a_word_boxed_again_at_a_segment_end_is_dropped() -> None:
    # A generated dot-matrix receipt's header as PP-OCR read it (boxes as it gave them): the
    # segment "Kedai Ja" ends over the start of "Jaya Fruits", one "Ja" printed.
    words = _segment("Kedai Ja", 0.2088, 0.065, 0.4863, 0.1023) + _segment(
        "Jaya Fruits", 0.4423, 0.0693, 0.8022, 0.1002
    )
    assert [w.text for w in without_repeats(words)] == ["Kedai", "Jaya", "Fruits"]


def test_the_end_of_a_word_boxed_again_at_a_segment_start_is_dropped() -> None:
    words = _segment("MUTIARA CORNER", 0.15, 0.02, 0.62, 0.05) + _segment(
        "NER SHOP", 0.55, 0.021, 0.80, 0.049
    )
    assert [w.text for w in without_repeats(words)] == ["MUTIARA", "CORNER", "SHOP"]
    # "RN" lies over CORNER's end but does not end it: a word of its own, kept.
    kept = _segment("MUTIARA CORNER", 0.15, 0.02, 0.62, 0.05) + _segment(
        "RN 12", 0.57, 0.021, 0.72, 0.049
    )
    assert [w.text for w in without_repeats(kept)] == ["MUTIARA", "CORNER", "RN", "12"]


def test_words_that_only_touch_or_repeat_one_character_are_kept() -> None:
    # Slanted rows overlap without spelling each other; a single digit repeats by chance.
    slanted = _segment("Total 12.50", 0.1, 0.50, 0.5, 0.52) + _segment(
        "12.50", 0.42, 0.505, 0.6, 0.525
    )
    assert len(without_repeats(slanted)) == 3
    digits = _segment("5", 0.40, 0.3, 0.42, 0.32) + _segment("59", 0.41, 0.3, 0.45, 0.321)
    assert len(without_repeats(digits)) == 2
    # Under half of the word over the other: two words side by side.
    beside = _segment("Jaya", 0.30, 0.1, 0.40, 0.12) + _segment("Jayanti", 0.38, 0.1, 0.6, 0.121)
    assert len(without_repeats(beside)) == 2
