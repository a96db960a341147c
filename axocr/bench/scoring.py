"""Scoring rules of the benchmark, as pure functions.

The rules are the ones written in the datasets' README (``/work/shared/datasets/README.md``);
they are restated here where each one is implemented, so the code can be checked against
them line by line:

- ``total``, ``subtotal``, ``tax``: the prediction, read as a plain decimal number
  (``-?digits[.digits]``), equals the label as a decimal (``4.11 == 4.110``). A prediction
  written any other way (``4,11``, ``$4.11``) is wrong: axocr promises normalised amounts, and a
  scorer that guessed the decimal separator would hide the very bugs it is meant to find.
- ``date`` (result field ``invoice_date``), ``due_date``: the ISO string equals the label.
- ``invoice_number``: equal after removing white space and one leading ``#``, ignoring case.
- ``vendor``: after NFKC, case folding and removing every character that is not a letter or a
  digit, equal to the label or to one of ``vendor_aliases``. A softer figure is reported too: a
  rapidfuzz ratio of at least 90 against the best of them (on the same normalised strings, so
  case and punctuation never count against a name).
- ``currency``: equal.
- ``registration_number``: equal after removing spaces and hyphens.

A ``null`` label is not scored; a missing prediction (``None`` or empty) is wrong.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rapidfuzz import fuzz

from axocr.types import InvoiceResult

#: Dataset label key -> InvoiceResult field name. Order is the order of report columns.
LABEL_TO_RESULT_FIELD: dict[str, str] = {
    "vendor": "vendor",
    "total": "total",
    "currency": "currency",
    "date": "invoice_date",
    "invoice_number": "invoice_number",
    "due_date": "due_date",
    "subtotal": "subtotal",
    "tax": "tax",
    "registration_number": "registration_number",
}
SCORED_LABELS: tuple[str, ...] = tuple(LABEL_TO_RESULT_FIELD)

#: The soft vendor figure: a match at or above this rapidfuzz ratio counts.
SOFT_VENDOR_RATIO = 90.0

_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")
# Hyphen-minus plus the Unicode dashes a PDF or an OCR engine may produce for it.
_REG_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]")


# --- value comparison -----------------------------------------------------------------------


def parse_plain_decimal(text: str) -> Decimal | None:
    """``"4.110"`` -> ``Decimal("4.110")``; anything that is not a plain decimal -> ``None``."""
    text = text.strip()
    if not _PLAIN_DECIMAL.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets valid decimals through
        return None


def amount_equal(predicted: str, label: str) -> bool:
    got = parse_plain_decimal(predicted)
    want = parse_plain_decimal(label)
    return got is not None and want is not None and got == want


def date_equal(predicted: str, label: str) -> bool:
    return predicted.strip() == label.strip()


def normalize_invoice_number(text: str) -> str:
    compact = "".join(text.split())
    if compact.startswith("#"):
        compact = compact[1:]
    return compact.casefold()


def invoice_number_equal(predicted: str, label: str) -> bool:
    return normalize_invoice_number(predicted) == normalize_invoice_number(label)


def normalize_vendor(text: str) -> str:
    """NFKC, case fold, then keep only letters (Unicode L*) and digits (Unicode N*)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def vendor_names(label: str, aliases: Iterable[str] = ()) -> list[str]:
    """The label and its aliases, normalised, without empties or repeats."""
    out: list[str] = []
    for name in (label, *aliases):
        norm = normalize_vendor(name)
        if norm and norm not in out:
            out.append(norm)
    return out


def vendor_equal(predicted: str, label: str, aliases: Iterable[str] = ()) -> bool:
    got = normalize_vendor(predicted)
    return bool(got) and got in vendor_names(label, aliases)


def vendor_ratio(predicted: str, label: str, aliases: Iterable[str] = ()) -> float:
    """Best rapidfuzz ratio (0-100) of the normalised prediction against label and aliases."""
    got = normalize_vendor(predicted)
    if not got:
        return 0.0
    return max((float(fuzz.ratio(got, name)) for name in vendor_names(label, aliases)), default=0.0)


def currency_equal(predicted: str, label: str) -> bool:
    return predicted == label


def normalize_registration_number(text: str) -> str:
    return _REG_SEPARATORS.sub("", text)


def registration_number_equal(predicted: str, label: str) -> bool:
    return normalize_registration_number(predicted) == normalize_registration_number(label)


_COMPARATORS: dict[str, Callable[[str, str], bool]] = {
    "total": amount_equal,
    "subtotal": amount_equal,
    "tax": amount_equal,
    "date": date_equal,
    "due_date": date_equal,
    "invoice_number": invoice_number_equal,
    "currency": currency_equal,
    "registration_number": registration_number_equal,
}


# --- one document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    """What a system said about one field. Baselines have no confidence, so it is optional."""

    value: str | None
    confidence: float | None = None
    needs_review: bool | None = None


@dataclass(frozen=True)
class FieldScore:
    """The verdict on one labelled field of one document."""

    field: str  # the dataset's label key ("date", not "invoice_date")
    expected: str
    got: str | None
    correct: bool
    confidence: float | None = None
    needs_review: bool | None = None
    soft_correct: bool | None = None  # vendor only: ratio >= SOFT_VENDOR_RATIO
    ratio: float | None = None  # vendor only

    @property
    def predicted(self) -> bool:
        return self.got is not None and self.got.strip() != ""


def predictions_from_result(result: InvoiceResult) -> dict[str, Prediction]:
    """An InvoiceResult's fields, keyed by dataset label names."""
    out: dict[str, Prediction] = {}
    for label_key, result_field in LABEL_TO_RESULT_FIELD.items():
        extracted = result.fields.get(result_field)
        out[label_key] = Prediction(
            value=extracted.value,
            confidence=extracted.confidence,
            needs_review=extracted.needs_review,
        )
    return out


def labelled_fields(labels: Mapping[str, Any], fields: Iterable[str] = SCORED_LABELS) -> list[str]:
    """The label keys of ``fields`` that carry a value (not null, not absent) in ``labels``."""
    return [key for key in fields if labels.get(key) is not None]


def score_field(
    key: str, expected: str, prediction: Prediction, aliases: Sequence[str] = ()
) -> FieldScore:
    got = prediction.value
    has_value = got is not None and got.strip() != ""
    soft: bool | None = None
    ratio: float | None = None
    if key == "vendor":
        correct = has_value and vendor_equal(got or "", expected, aliases)
        ratio = vendor_ratio(got, expected, aliases) if has_value and got is not None else 0.0
        soft = correct or ratio >= SOFT_VENDOR_RATIO
    else:
        compare = _COMPARATORS.get(key)
        if compare is None:
            raise KeyError(f"no scoring rule for label {key!r}")
        correct = has_value and compare(got or "", expected)
    return FieldScore(
        field=key,
        expected=expected,
        got=got,
        correct=correct,
        confidence=prediction.confidence,
        needs_review=prediction.needs_review,
        soft_correct=soft,
        ratio=ratio,
    )


def score_document(
    labels: Mapping[str, Any],
    predictions: Mapping[str, Prediction] | None,
    fields: Iterable[str] = SCORED_LABELS,
) -> list[FieldScore]:
    """Score every labelled field of one document.

    ``labels`` is the ``fields`` object of a labels.jsonl line. ``predictions`` is keyed by label
    name; ``None`` (the extractor crashed) makes every labelled field a missing prediction.
    """
    preds = predictions or {}
    aliases = [str(a) for a in labels.get("vendor_aliases") or []]
    return [
        score_field(key, str(labels[key]), preds.get(key, Prediction(None)), aliases)
        for key in labelled_fields(labels, fields)
    ]


# --- aggregation ----------------------------------------------------------------------------


@dataclass
class Tally:
    """``correct`` out of ``total``; ``rate`` is None when nothing was scored."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def rate(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass(frozen=True)
class ScoredDocument:
    """What aggregation needs to know about a document: its groups and its field verdicts."""

    doc_id: str
    dataset: str
    language: str
    scores: Sequence[FieldScore]

    @property
    def all_correct(self) -> bool | None:
        """True when every labelled field is correct; None when nothing was labelled."""
        if not self.scores:
            return None
        return all(s.correct for s in self.scores)


VENDOR_SOFT = "vendor_soft"
ALL_CORRECT = "all_fields"


@dataclass
class AccuracyTable:
    """Accuracy per field for one group of documents, plus the all-fields-correct share.

    ``fields`` holds one Tally per label key, ``vendor_soft`` for the soft vendor figure;
    ``all_fields`` counts documents with at least one labelled field.
    """

    fields: dict[str, Tally] = field(default_factory=dict)
    all_fields: Tally = field(default_factory=Tally)
    documents: int = 0

    def add(self, doc: ScoredDocument) -> None:
        self.documents += 1
        for s in doc.scores:
            self.fields.setdefault(s.field, Tally()).add(s.correct)
            if s.field == "vendor":
                self.fields.setdefault(VENDOR_SOFT, Tally()).add(bool(s.soft_correct))
        verdict = doc.all_correct
        if verdict is not None:
            self.all_fields.add(verdict)

    def rate(self, key: str) -> float | None:
        if key == ALL_CORRECT:
            return self.all_fields.rate
        tally = self.fields.get(key)
        return tally.rate if tally else None


def accuracy(docs: Iterable[ScoredDocument]) -> AccuracyTable:
    table = AccuracyTable()
    for doc in docs:
        table.add(doc)
    return table


def accuracy_by(
    docs: Iterable[ScoredDocument], group: Callable[[ScoredDocument], str]
) -> dict[str, AccuracyTable]:
    """One AccuracyTable per group (e.g. ``lambda d: d.dataset``), groups in first-seen order."""
    tables: dict[str, AccuracyTable] = {}
    for doc in docs:
        tables.setdefault(group(doc), AccuracyTable()).add(doc)
    return tables


# --- calibration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReliabilityBin:
    lower: float
    upper: float
    count: int
    mean_confidence: float | None
    accuracy: float | None


def _bin_index(confidence: float, bins: int) -> int:
    # Equal-width bins [0, 1/b), [1/b, 2/b), ..., with 1.0 in the last bin.
    return min(int(confidence * bins), bins - 1)


def calibration_pairs(scores: Iterable[FieldScore]) -> list[tuple[float, bool]]:
    """(confidence, correct) for every field that got a value and a confidence.

    Missing predictions are left out: they carry no claim to calibrate, and a heap of
    "confidence 0, wrong" pairs would make any system look well calibrated.
    """
    return [
        (min(1.0, max(0.0, s.confidence)), s.correct)
        for s in scores
        if s.predicted and s.confidence is not None and not math.isnan(s.confidence)
    ]


def reliability_table(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> list[ReliabilityBin]:
    if bins < 1:
        raise ValueError("bins must be at least 1")
    conf_sum = [0.0] * bins
    correct = [0] * bins
    count = [0] * bins
    for conf, ok in pairs:
        i = _bin_index(conf, bins)
        conf_sum[i] += conf
        correct[i] += int(ok)
        count[i] += 1
    return [
        ReliabilityBin(
            lower=i / bins,
            upper=(i + 1) / bins,
            count=count[i],
            mean_confidence=conf_sum[i] / count[i] if count[i] else None,
            accuracy=correct[i] / count[i] if count[i] else None,
        )
        for i in range(bins)
    ]


def expected_calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> float | None:
    """Sum over bins of (share of pairs in the bin) * |accuracy - mean confidence|."""
    if not pairs:
        return None
    n = len(pairs)
    ece = 0.0
    for b in reliability_table(pairs, bins):
        if b.count and b.accuracy is not None and b.mean_confidence is not None:
            ece += b.count / n * abs(b.accuracy - b.mean_confidence)
    return ece


# --- review table ---------------------------------------------------------------------------

DEFAULT_THRESHOLDS: tuple[float, ...] = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


@dataclass(frozen=True)
class ReviewRow:
    """What a review threshold would do over all labelled fields.

    ``accepted_share``: accepted fields / labelled fields. ``precision``: correct / accepted.
    ``silent_error_share``: wrong-but-accepted / labelled fields, the errors nobody looks at.
    """

    threshold: float | None  # None: the row for axocr's own needs_review verdict
    fields: int
    accepted: int
    accepted_correct: int

    @property
    def accepted_share(self) -> float | None:
        return self.accepted / self.fields if self.fields else None

    @property
    def precision(self) -> float | None:
        return self.accepted_correct / self.accepted if self.accepted else None

    @property
    def silent_error_share(self) -> float | None:
        return (self.accepted - self.accepted_correct) / self.fields if self.fields else None


def review_table(
    scores: Sequence[FieldScore], thresholds: Sequence[float] = DEFAULT_THRESHOLDS
) -> list[ReviewRow]:
    """Rows for confidence thresholds, then one row for the ``needs_review`` verdict.

    A threshold row accepts a field when it has a value and ``confidence >= threshold``; it does
    not look at ``needs_review``, because that flag already folds in the configured
    review_threshold, and the sweep exists to help choose that threshold. The last row
    (``threshold=None``) accepts a field when it has a value and ``needs_review`` is False: it
    measures the verdict axocr actually gives, validation rules included. Every labelled field is
    in the denominator of the shares, missing predictions too (they are never accepted).
    """
    n = len(scores)
    rows: list[ReviewRow] = []
    for t in thresholds:
        accepted = [
            s for s in scores if s.predicted and s.confidence is not None and s.confidence >= t
        ]
        rows.append(ReviewRow(t, n, len(accepted), sum(s.correct for s in accepted)))
    verdict = [s for s in scores if s.predicted and s.needs_review is False]
    rows.append(ReviewRow(None, n, len(verdict), sum(s.correct for s in verdict)))
    return rows
