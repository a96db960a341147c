"""Fit the confidence model and the review threshold (axocr/validate/calibration.json).

    python benchmarks/calibrate.py ../shared/datasets/{invoice2data,zugferd,jomb,sroie} \\
        fixtures/synth /tmp/families --cache /work/ocr-cache --generated /tmp/synthgen \\
        --vendors /tmp/vendors.csv --measure ../shared/datasets/sroie-val

(the full recipe, with the commands that write /tmp/families, /tmp/synthgen and the vendor
master, is in docs/benchmarks.md, "Confidence calibration, held out").

This is the one command that refits everything the confidence depends on: run it again after
any change to the extractors or to the evidence in ``axocr.validate.review``.

For every labelled field it records the extractor's evidence (the features of
``axocr.validate.review``), whether the value was right, and whether a blocking rule holds it.
The model is one logistic model per field, shrunk towards a model pooled over all fields (a
field with few mistakes of its own borrows what the others learned, e.g. that a doubtful OCR
character makes any value less likely right), with the sign of every weight fixed by what the
evidence means (``FEATURE_SIGNS``). Everything is chosen leave-one-source-out (each dataset
scored by a model fitted on the others: the figure for a source of invoices never seen):

- the strength of both penalties, from a small grid, for the most fields accepted at the
  target precision;
- the default review threshold: the lowest one at which, and at every stricter one of the
  grid, the accepted fields are right at least ``--target`` of the time.

Figures are always held out, never in-sample; shares are of *labelled* fields (a field with no
value is never accepted). ``--measure`` folders (``sroie-val``) are scored by the model fitted
on all the others and never used to fit or choose anything. ``--samples`` writes the collected
evidence, ``--from-samples`` reads it back instead of extracting again (seconds, not minutes).
With ``--vendors`` the vendors are also read with that master (benchmarks/vendor_master.py): the
model learns from them what a match, or ``vendor_unknown``, is worth, and the figures are
printed again as a user with the master gets them. ``--generated`` folders (written by
benchmarks/generate_fixtures.py) are fitted on, never scored, and held out with ``synth``.
A dataset whose labels name a layout ``family`` (benchmarks/generate_families.py) is held out a
fifth of its families at a time, so each family is scored by a model that never saw it; the
default threshold must then hold on the real documents alone as well as over everything.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

import axocr
from axocr.bench.runner import load_dataset
from axocr.bench.scoring import predictions_from_result, score_document
from axocr.validate.review import (
    CALIBRATION_FILE,
    FEATURE_SIGNS,
    FEATURES,
    contested,
    glued,
    review_field,
)

LABEL_TO_FIELD = {"date": "invoice_date"}
FOLDS = 5
TARGET = 0.995
# Penalty on the pooled model's weights (towards zero) and on each field's (towards the pooled
# model); the pair is chosen leave-one-source-out.
POOLED_L2 = (0.3, 1.0, 3.0)
FIELD_L2 = (1.0, 3.0, 10.0)
FIELD_BIAS_L2 = 1.0
# The thresholds a default is chosen from, and the rows of the trade-off tables.
GRID = (*(round(0.80 + 0.005 * i, 3) for i in range(40)), 0.9975, 0.999)
SHOWN = (0.8, 0.85, 0.9, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.995, 0.999)
GENERATOR_SOURCE = "synth"
MAIN_FIELDS = ("vendor", "total", "currency", "invoice_date", "invoice_number")

Array = npt.NDArray[np.float64]
Weights = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Sample:
    """One labelled field of one document."""

    dataset: str
    doc: str
    field: str
    features: dict[str, float] | None  # None: no value predicted
    correct: bool
    # a failed blocking rule, or the vendor scorers' dispute, holds it whatever its confidence
    blocked: bool
    fit_only: bool = False  # fitted on, never scored (generated, or read with a master)
    source: str = ""  # the source it is held out with, when not its dataset
    master: bool = False  # a vendor read with the --vendors master
    measured: bool = False  # from --measure: scored by the final model, never fitted on
    family: str = ""  # the generator's layout family (labels' ``family``), when it has one


@dataclass(frozen=True)
class Scored:
    """A sample with a held-out confidence (0 when nothing was predicted)."""

    sample: Sample
    p: float

    def accepted(self, threshold: float) -> bool:
        s = self.sample
        held = s.blocked or contested(s.field, s.features) or glued(s.field, s.features)
        return s.features is not None and not held and self.p >= threshold


@dataclass(frozen=True)
class Params:
    pooled_l2: float
    field_l2: float


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
        families = _families(d)
        for n, doc in enumerate(docs, 1):
            print(f"\r{doc.dataset}: {n}/{len(docs)}", end="", file=sys.stderr)
            options: dict[str, Any] = {"ranker": ranker} if ranker else {}
            result = axocr.extract(
                doc.path, keep_candidates=True, cache_dir=cache, vendors=vendors, **options
            )
            features = result.confidence_features or {}
            for score in score_document(doc.labels, predictions_from_result(result)):
                field = LABEL_TO_FIELD.get(score.field, score.field)
                predicted = score.got is not None and score.got.strip() != ""
                item = result.fields.get(field)
                feats = features.get(field) if predicted else None
                # Every hold the verdict applies whatever the confidence (a failed blocking
                # rule, contested, glued, disputed, an unchecked guess, another date's label):
                # a threshold of 0 leaves out only low_confidence, which the fit decides.
                reasons = review_field(field, item, item.findings, 0.0, feats) if feats else []
                blocked = bool(reasons)
                family = families.get(doc.doc_id, "")
                sample = Sample(doc.dataset, doc.doc_id, field, feats, score.correct, blocked)
                samples.append(replace(sample, family=family))
        print(file=sys.stderr)
    return samples


def _families(directory: Path) -> dict[str, str]:
    """Document id -> layout family, for a folder of generated families (empty otherwise)."""
    out: dict[str, str] = {}
    for line in (directory / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("family"):
            out[str(row["id"])] = str(row["family"])
    return out


# --- fitting --------------------------------------------------------------------------------


def _matrix(rows: Sequence[Sample]) -> Array:
    return np.array(
        [[(r.features or {}).get(k, 0.0) for k in FEATURES] for r in rows], dtype=np.float64
    )


def fit_logistic(x: Array, y: Array, reg: Array, prior: Array, signs: Array) -> Array:
    """L2-penalised logistic regression towards ``prior`` with sign-constrained weights
    (coordinate Newton steps, each clipped at zero where the sign is fixed)."""
    w = np.where(signs > 0, np.maximum(prior, 0), np.where(signs < 0, np.minimum(prior, 0), prior))
    z = x @ w
    for _ in range(300):
        largest = 0.0
        for j in range(x.shape[1]):
            p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
            grad = float(x[:, j] @ (p - y)) + reg[j] * (w[j] - prior[j])
            hess = float((x[:, j] ** 2) @ (p * (1 - p))) + reg[j] + 1e-9
            new = w[j] - grad / hess
            new = max(new, 0.0) if signs[j] > 0 else min(new, 0.0) if signs[j] < 0 else new
            z += (new - w[j]) * x[:, j]
            largest = max(largest, abs(new - w[j]))
            w[j] = new
        if largest < 1e-6:
            break
    return w


def fit(samples: Sequence[Sample], params: Params) -> Weights:
    rows = [s for s in samples if s.features is not None]
    signs = np.array([FEATURE_SIGNS.get(k, 0) for k in FEATURES], dtype=np.float64)
    zero = np.zeros(len(FEATURES))
    reg = np.full(len(FEATURES), params.pooled_l2)
    reg[0] = 1e-3  # the bias is not pulled towards zero
    y = np.array([float(s.correct) for s in rows])
    pooled = fit_logistic(_matrix(rows), y, reg, zero, signs)
    by_field: dict[str, list[Sample]] = defaultdict(list)
    for s in rows:
        by_field[s.field].append(s)
    weights: Weights = {"_pooled": _named(pooled)}
    field_reg = np.full(len(FEATURES), params.field_l2)
    field_reg[0] = FIELD_BIAS_L2
    for field, mine in sorted(by_field.items()):
        y = np.array([float(s.correct) for s in mine])
        weights[field] = _named(fit_logistic(_matrix(mine), y, field_reg, pooled, signs))
    return weights


def _named(w: Array) -> dict[str, float]:
    return {k: round(float(v), 4) for k, v in zip(FEATURES, w, strict=True)}


def predict(weights: Weights, sample: Sample) -> float:
    if sample.features is None:
        return 0.0
    w = weights.get(sample.field, weights["_pooled"])
    x = sum(w.get(k, 0.0) * v for k, v in sample.features.items())
    return float(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


def held_out(
    samples: Sequence[Sample],
    group_of: Callable[[Sample], str],
    params: Params,
    only: Callable[[Sample], bool] = lambda s: True,
) -> list[Scored]:
    """Every sample that is not fit_only (and passes ``only``) scored by a model fitted on the
    samples outside its group."""
    out: list[Scored] = []
    for name in sorted({group_of(s) for s in samples if only(s)}):
        weights = fit([s for s in samples if group_of(s) != name], params)
        mine = [s for s in samples if group_of(s) == name and not s.fit_only and only(s)]
        out += [Scored(s, predict(weights, s)) for s in mine]
    return out


def _fold(sample: Sample) -> str:
    """A stable fold per document, so that all fields of one document are held out together."""
    return str(zlib.crc32(f"{sample.dataset}/{sample.doc}".encode()) % FOLDS)


def _held_out_group(sample: Sample) -> str:
    """What is held out together: a source of real documents, or (for generated layout
    families) a fifth of the families by name, so that each family is scored by a model that
    never saw it while the generator's other families teach what its kinds of layout do."""
    if not sample.family:
        return _source(sample)
    return "families/" + str(zlib.crc32(sample.family.encode()) % FOLDS)


def _source(sample: Sample) -> str:
    # Generated documents come from the generator that made fixtures/synth: one source.
    return sample.source or sample.dataset


# --- choosing -------------------------------------------------------------------------------


def verdict(scored: Sequence[Scored], threshold: float) -> tuple[float, float | None, int]:
    """Share of labelled fields accepted, their precision, and how many were wrong."""
    accepted = [s for s in scored if s.accepted(threshold)]
    right = sum(s.sample.correct for s in accepted)
    share = len(accepted) / len(scored) if scored else 0.0
    return share, (right / len(accepted) if accepted else None), len(accepted) - right


def choose_default(scored: Sequence[Scored], target: float) -> float:
    """The threshold that holds the target both over all held-out fields and over the real
    documents alone: thousands of generated fields must not buy the real sources' precision."""
    real = [s for s in scored if not s.sample.family]
    return max(choose_threshold(scored, target), choose_threshold(real, target))


def choose_threshold(scored: Sequence[Scored], target: float) -> float:
    """The lowest threshold of the grid at which precision holds the target, and holds it at
    the next stricter point too (one lucky point between two failing ones is not chosen);
    the strictest of the grid when none does. Not at every stricter point: a few wrong
    fields with confidences near 1 (a label's typo, a total labelled without its tax) stay
    accepted at any threshold below them, so near the top of the grid precision falls as the
    accepted fields thin out, and demanding it there would push the threshold above them
    and accept almost nothing."""
    holds = [(p := verdict(scored, t)[1]) is None or p >= target for t in GRID]
    for i, t in enumerate(GRID):
        if holds[i] and (i + 1 == len(GRID) or holds[i + 1]):
            return t
    return GRID[-1]


def log_loss(scored: Sequence[Scored]) -> float:
    """Mean negative log-likelihood of the predicted fields' outcomes, averaged over the
    sources with each source weighing the same: otherwise the generated families' thousands
    of fields, nearly all right, choose the penalties for the real documents too."""
    by_source: dict[str, list[float]] = defaultdict(list)
    for s in scored:
        if s.sample.features:
            p = min(max(s.p, 1e-6), 1 - 1e-6)
            by_source[_source(s.sample)].append(-float(np.log(p if s.sample.correct else 1 - p)))
    return float(np.mean([np.mean(v) for v in by_source.values()]))


def choose_params(samples: Sequence[Sample], target: float) -> tuple[Params, float, list[Scored]]:
    """The penalties with the lowest leave-one-source-out log-loss; with them, the threshold
    and the held-out scores. The log-loss weighs every field of a source, and every source the
    same; the share accepted at the target precision, printed beside it, turns on the few
    wrong fields near the threshold and would choose by chance among penalties that differ by
    one or two of them."""
    best: tuple[float, Params, float, list[Scored]] | None = None
    print("\n| pooled L2 | field L2 | log-loss | threshold | accepted | precision |")
    print("|---|---|---|---|---|---|")
    for pooled_l2 in POOLED_L2:
        for field_l2 in FIELD_L2:
            params = Params(pooled_l2, field_l2)
            scored = held_out(samples, _held_out_group, params)
            loss = log_loss(scored)
            t = choose_default(scored, target)
            share, precision, _ = verdict(scored, t)
            print(
                f"| {pooled_l2} | {field_l2} | {loss:.4f} | {t} | {share:.1%} | {_pct(precision)} |"
            )
            if best is None or loss < best[0]:
                best = (loss, params, t, scored)
    assert best is not None
    return best[1], best[2], best[3]


# --- tables ---------------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.2%}"


def ece(scored: Sequence[Scored], bins: int = 10) -> float:
    pairs = [(s.p, s.sample.correct) for s in scored if s.sample.features is not None]
    err = 0.0
    for b in range(bins):
        inside = [(p, c) for p, c in pairs if min(int(p * bins), bins - 1) == b]
        if inside:
            conf = sum(p for p, _ in inside) / len(inside)
            acc = sum(c for _, c in inside) / len(inside)
            err += len(inside) / len(pairs) * abs(conf - acc)
    return err


def print_sources(scored: Sequence[Scored], threshold: float) -> None:
    print(
        "\n| held out | labelled fields | right (of labelled) | accepted | precision | "
        "wrong but accepted | ECE |"
    )
    print("|---|---|---|---|---|---|---|")
    groups = sorted({s.sample.dataset for s in scored})
    for name in [*groups, "all"]:
        mine = [s for s in scored if name in ("all", s.sample.dataset)]
        right = sum(s.sample.correct for s in mine) / len(mine)
        share, precision, wrong = verdict(mine, threshold)
        label = f"**{name}**" if name == "all" else name
        print(
            f"| {label} | {len(mine)} | {right:.1%} | {share:.1%} | {_pct(precision)} | "
            f"{wrong} | {ece(mine):.3f} |"
        )


def print_curve(scored: Sequence[Scored], threshold: float) -> None:
    """Acceptance / precision per field and overall at each threshold of SHOWN."""
    fields = [f for f in MAIN_FIELDS if any(s.sample.field == f for s in scored)]
    others = sorted({s.sample.field for s in scored} - set(fields))
    columns = [*fields, *(["other fields"] if others else []), "all"]
    print("\n| threshold | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for t in sorted({*SHOWN, threshold}):
        cells = []
        for col in columns:
            mine = [
                s
                for s in scored
                if col == "all"
                or s.sample.field == col
                or (col == "other fields" and s.sample.field in others)
            ]
            share, precision, _ = verdict(mine, t)
            cells.append(f"{share:.1%} / {_pct(precision)}")
        mark = f"**{t}**" if t == threshold else str(t)
        print(f"| {mark} | " + " | ".join(cells) + " |")


def print_by_source(scored: Sequence[Scored], threshold: float) -> None:
    """Accepted of labelled / precision per source and field at the threshold: where the
    acceptance is lost."""
    fields = [f for f in MAIN_FIELDS if any(s.sample.field == f for s in scored)]
    fields += sorted({s.sample.field for s in scored} - set(fields))
    print("\n| held out | " + " | ".join(fields) + " |")
    print("|---" * (len(fields) + 1) + "|")
    for name in [*sorted({s.sample.dataset for s in scored}), "all"]:
        cells = []
        for f in fields:
            mine = [s for s in scored if s.sample.field == f and name in ("all", s.sample.dataset)]
            share, precision, _ = verdict(mine, threshold)
            cells.append(f"{share:.1%} / {_pct(precision)} ({len(mine)})" if mine else "—")
        print(f"| {name} | " + " | ".join(cells) + " |")


def print_failures(scored: Sequence[Scored], threshold: float) -> None:
    """The wrong fields accepted, by field and dataset (kinds are read from the documents)."""
    wrong = [s for s in scored if s.accepted(threshold) and not s.sample.correct]
    print(f"\nwrong but accepted at {threshold}: {len(wrong)}")
    for s in sorted(wrong, key=lambda s: -s.p):
        print(f"  {s.p:.4f} {s.sample.dataset} {s.sample.doc} {s.sample.field}")


def report(title: str, scored: Sequence[Scored], threshold: float, *, names: bool) -> None:
    print(f"\n## {title}")
    print_sources(scored, threshold)
    print_by_source(scored, threshold)
    print_curve(scored, threshold)
    if names:
        print_failures(scored, threshold)


# --- main -----------------------------------------------------------------------------------


def _load(path: Path) -> list[Sample]:
    return [Sample(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]


def _save(path: Path, samples: Sequence[Sample]) -> None:
    text = "".join(json.dumps(asdict(s), ensure_ascii=False) + "\n" for s in samples)
    path.write_text(text, encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("datasets", nargs="*", type=Path)
    parser.add_argument("--cache", help="ReadConfig.cache_dir, so OCR runs once")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--out", type=Path, default=CALIBRATION_FILE)
    parser.add_argument("--target", type=float, default=TARGET, help="precision to hold")
    parser.add_argument(
        "--measure",
        type=Path,
        action="append",
        default=[],
        help="a folder scored by the model fitted on the datasets, never used to fit or choose "
        "(prints totals only)",
    )
    parser.add_argument(
        "--generated",
        type=Path,
        action="append",
        default=[],
        help="a folder written by benchmarks/generate_fixtures.py: fitted on, never scored, "
        f"and held out with the {GENERATOR_SOURCE!r} source (the same generator)",
    )
    parser.add_argument(
        "--ranker", choices=("hand", "learned"), help="ExtractConfig.ranker (default: its default)"
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        help="leave this dataset's samples out (to compare figures with and without a source)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="DATASET:FIELD",
        help="leave one field of one dataset out (a label convention the extractor does not "
        "follow yet; by the folder's name, e.g. families:total, whose total is the balance "
        "after a deposit)",
    )
    parser.add_argument("--samples", type=Path, help="write the collected evidence here")
    parser.add_argument("--from-samples", type=Path, help="read the evidence instead")
    parser.add_argument(
        "--vendors",
        help="also learn from the vendors read with this master (benchmarks/vendor_master.py): "
        "a match, or vendor_unknown, is evidence only a master gives",
    )
    return parser


def _gather(args: argparse.Namespace) -> tuple[list[Sample], list[Sample]]:
    if args.from_samples:
        everything = _load(args.from_samples)
    else:
        everything = collect(args.datasets, args.cache, args.limit, ranker=args.ranker)
        measured = collect(args.measure, args.cache, args.limit, ranker=args.ranker)
        everything += [replace(s, measured=True) for s in measured]
        generated = collect(args.generated, args.cache, args.limit, ranker=args.ranker)
        everything += [replace(s, fit_only=True, source=GENERATOR_SOURCE) for s in generated]
        if args.vendors:
            # The vendors read with a master: what a match (or vendor_unknown) is worth is
            # evidence only a master gives, so the model learns it from them too.
            matched = collect(args.datasets, args.cache, args.limit, args.vendors, args.ranker)
            everything += [
                replace(s, fit_only=True, master=True) for s in matched if s.field == "vendor"
            ]
        if args.samples:
            _save(args.samples, everything)
    ignored = {tuple(x.split(":", 1)) for x in args.ignore}
    everything = [
        s
        for s in everything
        if s.dataset not in args.exclude
        and (s.dataset, s.field) not in ignored
        # A generated family's customers are drawn from the same names as the vendors, so a
        # master made from the labels holds them too, which no real master does: a match
        # there is no evidence of what a match is worth.
        and not (s.master and s.family)
    ]
    return [s for s in everything if not s.measured], [s for s in everything if s.measured]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    samples, measured = _gather(args)
    print(f"{len(samples)} labelled fields to fit on, {len(measured)} to measure only")
    params, loso_threshold, loso = choose_params(samples, args.target)
    folds = held_out(samples, _fold, params)
    # The default must hold for a source never seen and for more documents like these: the
    # stricter of the two thresholds.
    threshold = max(loso_threshold, choose_default(folds, args.target))
    print(f"\nchosen: {params}, threshold {threshold} (target precision {args.target:.1%})")
    report("leave-one-source-out", loso, threshold, names=True)
    report(f"{FOLDS}-fold by document", folds, threshold, names=False)
    if any(s.family for s in samples):
        # The generator itself held out: families scored by a model that saw none of them.
        whole = held_out(samples, _source, params, only=lambda s: bool(s.family))
        report("all generated families held out at once", whole, threshold, names=False)
    weights = fit(samples, params)
    if measured:
        scored = [Scored(s, predict(weights, s)) for s in measured]
        report("measured only (fitted on all the datasets above)", scored, threshold, names=False)
    if any(s.master for s in samples):
        scenario = [_as_with_master(s) for s in samples]
        title = "leave-one-source-out, vendors read with the master"
        report(title, held_out(scenario, _held_out_group, params), threshold, names=False)
    _write(args, samples, weights, params, threshold, loso)
    return 0


def _as_with_master(s: Sample) -> Sample:
    """The sample as a user with the master gets it: the vendor read with the master is
    scored, the one read without it only fitted on."""
    if s.master:
        return replace(s, fit_only=False)
    if s.field == "vendor" and not s.fit_only:
        return replace(s, fit_only=True)
    return s


def _write(
    args: argparse.Namespace,
    samples: list[Sample],
    weights: Weights,
    params: Params,
    threshold: float,
    loso: list[Scored],
) -> None:
    share, precision, _ = verdict(loso, threshold)
    real = [s for s in loso if not s.sample.family]
    real_share, real_precision, _ = verdict(real, threshold)
    out = {
        "fitted": date.today().isoformat(),
        "datasets": sorted({s.dataset for s in samples}),
        "samples": sum(s.features is not None for s in samples),
        "generated_samples": sum(
            s.features is not None and bool(s.source or s.family) for s in samples
        ),
        "ignored": sorted(args.ignore),
        "vendor_master": args.vendors,
        "features": list(FEATURES),
        "signs": FEATURE_SIGNS,
        "pooled_l2": params.pooled_l2,
        "field_l2": params.field_l2,
        "target_precision": args.target,
        "threshold": threshold,
        "leave_one_source_out": {
            "accepted_of_labelled": round(share, 4),
            "precision": round(precision or 0.0, 4),
            "ece": round(ece(loso), 4),
        },
        "leave_one_source_out_real_documents": {
            "accepted_of_labelled": round(real_share, 4),
            "precision": round(real_precision or 0.0, 4),
        },
        "weights": weights,
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}: threshold {threshold}; set ExtractConfig.review_threshold to it")


if __name__ == "__main__":
    sys.exit(main())
