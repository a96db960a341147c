"""How alike two readings of a page are, for the OCR option tests: the F1 of their multisets of
characters (NFKC, spaces left out), so that a run of text split into other boxes still counts
as read alike, while lost lines or misread characters do not."""

from __future__ import annotations

import unicodedata
from collections import Counter


def chars(text: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def f1(reference: Counter[str], candidate: Counter[str]) -> float:
    common = sum((reference & candidate).values())
    if common == 0:
        return 0.0
    recall = common / sum(reference.values())
    precision = common / sum(candidate.values())
    return 2 * recall * precision / (recall + precision)
