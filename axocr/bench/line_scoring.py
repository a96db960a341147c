"""Scoring of invoice lines, as the datasets' README states it.

- A predicted line matches a labelled line when its ``amount`` equals the label's as a decimal
  and its ``description`` has a rapidfuzz ratio of at least 80 with the label's (both NFKC,
  case-folded); each labelled line matches at most one predicted line (and each predicted
  line at most one labelled line).
- Precision, recall and F1 are over lines; a document is *all right* when every labelled line
  is matched and no predicted line is left over.
- ``quantity``, ``unit_price`` and ``tax_rate`` are scored on the matched lines, where the label
  gives them (a ``null`` label is not scored; a missing prediction is wrong), as decimals.

Only documents whose label record carries ``line_items`` (a list, possibly empty) are scored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rapidfuzz import fuzz

DESCRIPTION_RATIO = 80.0
LINE_VALUE_FIELDS = ("quantity", "unit_price", "tax_rate")


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).casefold().strip()


@dataclass
class LineScore:
    """One document's lines: counts and the value verdicts on its matched lines."""

    labelled: int
    predicted: int
    matched: int
    values: dict[str, list[bool]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)  # labelled lines not found
    extras: list[str] = field(default_factory=list)  # predicted lines matching nothing

    @property
    def all_right(self) -> bool:
        return self.matched == self.labelled == self.predicted


def match_lines(
    predicted: Sequence[Mapping[str, Any]], labelled: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """(labelled index, predicted index) pairs; the best description ratio wins a line."""
    pairs: list[tuple[float, int, int]] = []
    for i, want in enumerate(labelled):
        amount = _decimal(want.get("amount"))
        for j, got in enumerate(predicted):
            got_amount = _decimal(got.get("amount"))
            if amount is None or got_amount is None or got_amount != amount:
                continue
            ratio = fuzz.ratio(_norm(want.get("description")), _norm(got.get("description")))
            if ratio >= DESCRIPTION_RATIO:
                pairs.append((ratio, i, j))
    taken_l: set[int] = set()
    taken_p: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i in taken_l or j in taken_p:
            continue
        taken_l.add(i)
        taken_p.add(j)
        out.append((i, j))
    return sorted(out)


def score_lines(
    predicted: Sequence[Mapping[str, Any]], labelled: Sequence[Mapping[str, Any]]
) -> LineScore:
    pairs = match_lines(predicted, labelled)
    score = LineScore(len(labelled), len(predicted), len(pairs))
    for name in LINE_VALUE_FIELDS:
        score.values[name] = []
    for i, j in pairs:
        for name in LINE_VALUE_FIELDS:
            want = _decimal(labelled[i].get(name))
            if want is None:
                continue
            got = _decimal(predicted[j].get(name))
            score.values[name].append(got is not None and got == want)
    found_l = {i for i, _ in pairs}
    found_p = {j for _, j in pairs}
    score.misses = [
        f"{w.get('description')} = {w.get('amount')}"
        for i, w in enumerate(labelled)
        if i not in found_l
    ]
    score.extras = [
        f"{g.get('description')} = {g.get('amount')}"
        for j, g in enumerate(predicted)
        if j not in found_p
    ]
    return score


@dataclass
class LineTable:
    """Line scores summed over documents."""

    documents: int = 0
    labelled: int = 0
    predicted: int = 0
    matched: int = 0
    all_right: int = 0
    values: dict[str, list[bool]] = field(
        default_factory=lambda: {name: [] for name in LINE_VALUE_FIELDS}
    )

    def add(self, score: LineScore) -> None:
        self.documents += 1
        self.labelled += score.labelled
        self.predicted += score.predicted
        self.matched += score.matched
        self.all_right += int(score.all_right)
        for name, verdicts in score.values.items():
            self.values[name].extend(verdicts)

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.labelled if self.labelled else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    @property
    def all_right_share(self) -> float | None:
        return self.all_right / self.documents if self.documents else None

    def value_accuracy(self, name: str) -> float | None:
        verdicts = self.values[name]
        return sum(verdicts) / len(verdicts) if verdicts else None


def line_table(scores: Iterable[LineScore]) -> LineTable:
    table = LineTable()
    for s in scores:
        table.add(s)
    return table


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.1f}%"


LINE_TABLE_HEADER = [
    "set",
    "docs",
    "lines",
    "predicted",
    "precision",
    "recall",
    "F1",
    "docs all right",
    "quantity",
    "unit price",
    "tax rate",
]


def line_table_row(name: str, table: LineTable) -> list[str]:
    return [
        name,
        str(table.documents),
        str(table.labelled),
        str(table.predicted),
        _pct(table.precision),
        _pct(table.recall),
        _pct(table.f1),
        _pct(table.all_right_share),
        *(f"{_pct(table.value_accuracy(n))} ({len(table.values[n])})" for n in LINE_VALUE_FIELDS),
    ]


def markdown_line_table(rows: Iterable[tuple[str, LineTable]]) -> list[str]:
    out = [
        "| " + " | ".join(LINE_TABLE_HEADER) + " |",
        "|" + "---|" * len(LINE_TABLE_HEADER),
    ]
    for name, table in rows:
        out.append("| " + " | ".join(line_table_row(name, table)) + " |")
    return out
