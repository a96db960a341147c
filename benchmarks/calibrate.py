"""Fit the confidence model (axocr/validate/calibration.json) on labelled documents.

    python benchmarks/vendor_master.py ../shared/datasets/*/ fixtures/synth --out /tmp/vendors.csv
    python benchmarks/calibrate.py ../shared/datasets/*/ fixtures/synth --cache /tmp/axocr-cache \
        --vendors /tmp/vendors.csv

For every labelled field with a prediction it records the extractor's evidence (the features
of axocr.validate.review) and whether the value was right, then fits one logistic model per
field (L2-regularised, Newton steps), falling back to a model pooled over all fields where a
field has too few examples of either outcome. It prints two held-out estimates, never
in-sample ones: leave-one-dataset-out (documents of a kind the model never saw: the figure
for a new source of invoices) and 5-fold by document (other documents of the kinds it saw:
the figure for more invoices like these, which is how the default review threshold is
chosen). With ``--vendors`` the vendors are also read with that master (a match, or
``vendor_unknown``, is evidence only a master gives), and the figures are printed with and
without it.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

import axocr
from axocr.bench.runner import load_dataset
from axocr.bench.scoring import predictions_from_result, score_document
from axocr.validate.review import CALIBRATION_FILE, FEATURES, blocking_reasons

LABEL_TO_FIELD = {"date": "invoice_date"}
MIN_PER_CLASS = 8
L2 = 1.0

# dataset, field, features, correct, document, held by a blocking rule (the verdict's other half)
Sample = tuple[str, str, dict[str, float], bool, str, bool]
Scored = tuple[float, bool, bool]  # held-out confidence, correct, blocked
FOLDS = 5


def collect(
    dirs: Sequence[Path],
    cache: str | None,
    limit: int | None,
    vendors: str | None = None,
    ranker: str | None = None,
) -> list[Sample]:
    samples: list[Sample] = []
    for d in dirs:
        docs = load_dataset(d, limit)
        for n, doc in enumerate(docs, 1):
            print(f"\r{doc.dataset}: {n}/{len(docs)}", end="", file=sys.stderr)
            options = {"ranker": ranker} if ranker else {}
            result = axocr.extract(
                doc.path, keep_candidates=True, cache_dir=cache, vendors=vendors, **options
            )
            features = result.confidence_features or {}
            for score in score_document(doc.labels, predictions_from_result(result)):
                field = LABEL_TO_FIELD.get(score.field, score.field)
                if score.got is None or field not in features:
                    continue
                blocked = bool(blocking_reasons(field, result.fields.get(field).findings))
                samples.append(
                    (doc.dataset, field, features[field], score.correct, doc.doc_id, blocked)
                )
        print(file=sys.stderr)
    return samples


def _matrix(rows: list[dict[str, float]]) -> npt.NDArray[np.float64]:
    return np.array([[r.get(k, 0.0) for k in FEATURES] for r in rows], dtype=np.float64)


def fit_logistic(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], L2)
    reg[0] = 1e-3  # the bias is not pulled towards zero
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg * w
        hess = (x.T * (p * (1 - p))) @ x + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _bias_offset(base: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float:
    """The shift of the logit that fits ``y`` best, with an L2 penalty on the shift."""
    b = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(base + b, -30, 30)))
        step = (float((p - y).sum()) + L2 * b) / (float((p * (1 - p)).sum()) + L2)
        b -= step
        if abs(step) < 1e-8:
            break
    return b


def fit(samples: list[Sample]) -> dict[str, dict[str, float]]:
    pooled = fit_logistic(
        _matrix([s[2] for s in samples]), np.array([float(s[3]) for s in samples])
    )
    by_field: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_field[s[1]].append(s)
    weights: dict[str, dict[str, float]] = {}
    for field, rows in by_field.items():
        y = np.array([float(s[3]) for s in rows])
        x = _matrix([s[2] for s in rows])
        if y.sum() >= MIN_PER_CLASS and (1 - y).sum() >= MIN_PER_CLASS:
            w = fit_logistic(x, y)
        else:
            # Too few mistakes (or successes) for a model of its own, but the field's own rate
            # of being right still counts: currency is right far more often than the fields
            # the pooled model mostly learned from. Only the bias moves, and it is held back.
            w = pooled.copy()
            w[0] += _bias_offset(x @ pooled, y)
        weights[field] = {k: round(float(v), 4) for k, v in zip(FEATURES, w, strict=True)}
    weights["_pooled"] = {k: round(float(v), 4) for k, v in zip(FEATURES, pooled, strict=True)}
    return weights


def predict(weights: dict[str, dict[str, float]], field: str, feats: dict[str, float]) -> float:
    w = weights.get(field, weights["_pooled"])
    x = sum(w.get(k, 0.0) * v for k, v in feats.items())
    return float(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


def ece(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    total = len(pairs)
    err = 0.0
    for b in range(bins):
        inside = [(p, c) for p, c in pairs if min(int(p * bins), bins - 1) == b]
        if inside:
            conf = sum(p for p, _ in inside) / len(inside)
            acc = sum(c for _, c in inside) / len(inside)
            err += len(inside) / total * abs(conf - acc)
    return err


def _fold(sample: Sample) -> str:
    """A stable fold per document, so that all fields of one document are held out together."""
    return str(zlib.crc32(f"{sample[0]}/{sample[4]}".encode()) % FOLDS)


def held_out_scores(
    samples: list[Sample],
    scenario: list[Sample],
    group_of: Callable[[Sample], str],
    *,
    by_group: bool = False,
) -> list[Scored]:
    """(confidence, correct, blocked) of every sample of ``scenario``, each confidence from a
    model fitted on the samples outside its group; ``by_group`` also prints a row per group."""
    pairs_all: list[Scored] = []
    if by_group:
        print("| held out | fields | accuracy | mean confidence | ECE |")
        print("|---|---|---|---|---|")
    for name in sorted({group_of(s) for s in scenario}):
        w = fit([s for s in samples if group_of(s) != name])
        scored = [(predict(w, s[1], s[2]), s[3], s[5]) for s in scenario if group_of(s) == name]
        pairs_all += scored
        if by_group:
            pairs = [(p, c) for p, c, _ in scored]
            acc = sum(c for _, c in pairs) / len(pairs)
            mean = sum(p for p, _ in pairs) / len(pairs)
            print(f"| {name} | {len(pairs)} | {acc:.1%} | {mean:.3f} | {ece(pairs):.3f} |")
    return pairs_all


def _print_review_table(held_out: list[Scored]) -> None:
    pairs = [(p, c) for p, c, _ in held_out]
    print(f"\nheld-out ECE over all: {ece(pairs):.3f} ({len(held_out)} predicted fields)")
    print(
        "\n| threshold | accepted (of predicted) | precision | the verdict: and no blocking rule |"
    )
    print("|---|---|---|---|")
    for t in (0.5, 0.7, 0.8, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99):
        acc_ = [c for p, c, _ in held_out if p >= t]
        verdict = [c for p, c, b in held_out if p >= t and not b]
        if acc_ and verdict:
            print(
                f"| {t:.2f} | {len(acc_) / len(held_out):.1%} | {sum(acc_) / len(acc_):.2%} | "
                f"{len(verdict) / len(held_out):.1%} / {sum(verdict) / len(verdict):.2%} |"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--cache", help="ReadConfig.cache_dir, so OCR runs once")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--out", type=Path, default=CALIBRATION_FILE)
    parser.add_argument(
        "--vendors",
        help="also learn from the vendors read with this master (benchmarks/vendor_master.py): "
        "a vendor matched to the master, or not in it, is evidence the model cannot see otherwise",
    )
    parser.add_argument(
        "--ranker", choices=("hand", "learned"), help="ExtractConfig.ranker (default: its default)"
    )
    args = parser.parse_args(argv)
    samples = collect(args.datasets, args.cache, args.limit, ranker=args.ranker)
    scenarios = {"without a vendor master": samples}
    if args.vendors:
        matched = collect(args.datasets, args.cache, args.limit, args.vendors, args.ranker)
        scenarios[f"with the vendor master {args.vendors}"] = [
            s for s in samples if s[1] != "vendor"
        ] + [s for s in matched if s[1] == "vendor"]
        samples = samples + [s for s in matched if s[1] == "vendor"]
    datasets = sorted({s[0] for s in samples})

    plain_held_out: list[Scored] = []
    for title, scenario in scenarios.items():
        print(
            f"\nleave-one-dataset-out, {title} (each dataset scored by a model fitted on the others)"
        )
        held_out = held_out_scores(samples, scenario, lambda s: s[0], by_group=True)
        _print_review_table(held_out)
        print(
            f"\n{FOLDS}-fold by document, {title} (each document scored by a model fitted on "
            "the other folds, its own dataset's other documents included)"
        )
        _print_review_table(held_out_scores(samples, scenario, _fold))
        if title.startswith("without"):
            plain_held_out = held_out

    weights = fit(samples)
    in_sample = [(predict(weights, s[1], s[2]), s[3]) for s in samples]
    out = {
        "fitted": date.today().isoformat(),
        "datasets": datasets,
        "samples": len(samples),
        "vendor_master": args.vendors,
        "features": list(FEATURES),
        "ece_in_sample": round(ece(in_sample), 4),
        "ece_leave_one_dataset_out": round(ece([(p, c) for p, c, _ in plain_held_out]), 4),
        "weights": weights,
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}: {len(samples)} samples, in-sample ECE {out['ece_in_sample']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
