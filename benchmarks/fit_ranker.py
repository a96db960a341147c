"""Fit the learned vendor ranker (axocr/extract/ranker/vendor.json) and compare it with the
hand-set weights, leave-one-source-out.

    python benchmarks/fit_ranker.py ../shared/datasets/invoice2data ../shared/datasets/zugferd \
        ../shared/datasets/jomb ../shared/datasets/sroie fixtures/synth \
        --report ../shared/datasets/sroie-val --cache /work/ocr-cache --write

Every document is read as `axocr extract` reads it (the OCR cache spares the OCR), and its
vendor candidates are dumped with their signals (``axocr.extract.vendor.line_signals``) and
whether their value is right under the benchmark's scoring rule. A candidate list is then
chosen as ``axocr.extract.rank.rank`` chooses (merge by value, the best score wins), with the
hand-set score or a model's. Leave-one-source-out: each training folder is held out in turn,
the model is fitted on the others and scored on it. ``--report`` folders are only scored
(with the model fitted on every training folder): never trained or tuned on. ``--write``
saves the model fitted on every training folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from axocr.api import _extract_and_validate, _with_logos_if_worth_it
from axocr.bench.runner import load_dataset
from axocr.bench.scoring import vendor_equal
from axocr.config import Config
from axocr.errors import AxocrError
from axocr.extract.ranker import model_feature, ranker_path
from axocr.extract.vendor import repeated_name, vendor_candidates
from axocr.pipeline import read_document
from axocr.types import InvoiceResult

# The signals the model weighs (see axocr.extract.vendor.line_signals and _with_evidence).
FEATURES = (
    "title_line", "branch", "legal", "top", "early", "large", "log_size", "address",
    "under_address", "customer_block", "customer_name", "seller", "block", "name_label",
    "other_label", "logo", "lowercase", "long", "caps", "words", "x", "y", "payee",
    "damaged", "echoed", "repeated", "company_number", "domain", "recipient",
)  # fmt: skip

Matrix = npt.NDArray[np.float64]


@dataclass
class Doc:
    dataset: str
    doc_id: str
    values: list[str]
    features: list[dict[str, float]]
    hand: list[float]
    correct: list[bool]


def read_doc(path: Path, config: Config) -> tuple[list[str], list[dict[str, float]], list[float]]:
    """The vendor candidates of one document, read as the pipeline reads it."""
    document = read_document(path, config.read, defer_logos=True)
    result = InvoiceResult(path=str(path))
    if not document.pages or not any(p.lines for p in document.pages):
        return [], [], []
    extraction = _extract_and_validate(result, document, config)
    _, extraction = _with_logos_if_worth_it(path, result, document, config, extraction)
    cands = vendor_candidates(extraction.context, 0, language=extraction.language)
    return [c.value for c in cands], [c.features for c in cands], [c.score for c in cands]


def collect(folder: Path, cache: str | None) -> list[Doc]:
    config = Config.from_options(cache_dir=cache)
    docs: list[Doc] = []
    dataset = load_dataset(folder)
    for n, d in enumerate(dataset, 1):
        print(f"\r{d.dataset}: {n}/{len(dataset)}", end="", file=sys.stderr)
        label = d.labels.get("vendor")
        if not label:
            continue
        aliases = d.labels.get("vendor_aliases") or []
        try:
            values, feats, hand = read_doc(d.path, config)
        except AxocrError as exc:  # a document the pipeline cannot read has no candidates
            print(f"\n{d.doc_id}: {exc}", file=sys.stderr)
            values, feats, hand = [], [], []
        ok = [vendor_equal(v, str(label), aliases) for v in values]
        docs.append(Doc(d.dataset, d.doc_id, values, feats, hand, ok))
    print(file=sys.stderr)
    return docs


def load_or_collect(folder: Path, cache: str | None, dump_dir: Path | None) -> list[Doc]:
    dump = dump_dir / f"{folder.resolve().name}.json" if dump_dir else None
    if dump is not None and dump.is_file():
        docs = [Doc(**row) for row in json.loads(dump.read_text(encoding="utf-8"))]
        return [_with_hand(d) for d in docs]
    docs = collect(folder, cache)
    if dump is not None:
        dump.parent.mkdir(parents=True, exist_ok=True)
        dump.write_text(json.dumps([d.__dict__ for d in docs]), encoding="utf-8")
    return [_with_hand(d) for d in docs]


def _with_hand(d: Doc) -> Doc:
    """The hand-set score as a signal too, as axocr.extract.ranker.rescore gives it."""
    # signals read from the value alone are computed here too, so older dumps carry them
    d.features = [
        {**f, "hand": h, "repeated": 0.0 if f.get("payee") else float(repeated_name(v))}
        for f, h, v in zip(d.features, d.hand, d.values, strict=True)
    ]
    return d


# --- choosing as axocr.extract.rank.rank does ------------------------------------------------


def chosen(values: list[str], scores: Sequence[float]) -> int | None:
    """The index of the candidate whose value rank() picks (merge by value, best score)."""
    groups: dict[str, list[int]] = {}
    for i, v in enumerate(values):
        groups.setdefault(v, []).append(i)
    merged: list[tuple[float, int]] = []
    for members in groups.values():
        members.sort(key=lambda i: scores[i], reverse=True)
        support = sum(scores[i] for i in members[1:])
        merged.append((scores[members[0]] + min(0.15, 0.05 * support), members[0]))
    merged.sort(key=lambda m: m[0], reverse=True)
    return merged[0][1] if merged else None


def accuracy(docs: list[Doc], score: Callable[[Doc], Sequence[float]]) -> tuple[int, int]:
    right = 0
    for d in docs:
        best = chosen(d.values, score(d))
        right += best is not None and d.correct[best]
    return right, len(docs)


# --- the model ---------------------------------------------------------------------------------


@dataclass
class Model:
    mean: Matrix
    scale: Matrix
    weights: Matrix
    bias: float

    def logits(self, x: Matrix) -> Matrix:
        return ((x - self.mean) / self.scale) @ self.weights + self.bias

    def scores(self, d: Doc) -> list[float]:
        if not d.features:
            return []
        z = self.logits(matrix(d.features))
        return [float(v) for v in 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))]


def matrix(rows: list[dict[str, float]]) -> Matrix:
    return np.array([[model_feature(r, k) for k in FEATURES] for r in rows], dtype=np.float64)


def _sigmoid(z: Matrix) -> Matrix:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))), dtype=np.float64)


def fit_pointwise(
    x: Matrix, y: Matrix, l2: float, weight: Matrix | None = None
) -> tuple[Matrix, float]:
    """L2-regularised logistic regression by Newton steps; the bias is not penalised."""
    sw = np.ones(len(x)) if weight is None else weight
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2)
    reg[-1] = 1e-6
    for _ in range(60):
        p = _sigmoid(xb @ w)
        grad = xb.T @ (sw * (p - y)) + reg * w
        hess = (xb.T * (sw * p * (1 - p))) @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def _listwise_loss(xs: list[Matrix], ts: list[Matrix], w: Matrix, l2: float) -> float:
    loss = 0.5 * l2 * float(w @ w)
    for x, t in zip(xs, ts, strict=True):
        z = x @ w
        z = z - z.max()
        loss -= float(t @ (z - np.log(np.exp(z).sum())))
    return loss


def fit_listwise(xs: list[Matrix], ys: list[Matrix], l2: float) -> Matrix:
    """A softmax over each document's candidates (the right ones share the target), by
    damped Newton steps: it learns which candidate of a page wins, not how often names are
    right."""
    ts = [y / y.sum() for y in ys]
    w = np.zeros(xs[0].shape[1])
    loss = _listwise_loss(xs, ts, w, l2)
    for _ in range(60):
        grad, hess = l2 * w, l2 * np.eye(len(w))
        for x, t in zip(xs, ts, strict=True):
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            grad += x.T @ (p - t)
            xp = x.T @ p
            hess += (x.T * p) @ x - np.outer(xp, xp)
        step = np.linalg.solve(hess, grad)
        rate = 1.0
        while rate > 1e-4 and _listwise_loss(xs, ts, w - rate * step, l2) > loss:
            rate /= 2
        w = w - rate * step
        new = _listwise_loss(xs, ts, w, l2)
        if loss - new < 1e-9:
            break
        loss = new
    return w


BALANCE = True


def _balance(docs: list[Doc]) -> Matrix:
    """Per-candidate weights that give every source the same total (200 receipts would
    otherwise outvote 11 invoices), scaled to the mean of one."""
    sizes: dict[str, int] = defaultdict(int)
    for d in docs:
        sizes[d.dataset] += len(d.features)
    w = np.array([1.0 / sizes[d.dataset] for d in docs for _ in d.features])
    return np.asarray(w * len(w) / w.sum(), dtype=np.float64)


def fit(docs: list[Doc], kind: str, l2: float) -> Model:
    rows = [f for d in docs for f in d.features]
    x = matrix(rows)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    y = np.array([float(c) for d in docs for c in d.correct])
    xs = (x - mean) / scale
    if kind == "pointwise":
        w, b = fit_pointwise(xs, y, l2, _balance(docs) if BALANCE else None)
        return Model(mean, scale, w, b)
    per_doc, targets, at = [], [], 0
    for d in docs:
        n = len(d.features)
        if n and any(d.correct):
            per_doc.append(xs[at : at + n])
            targets.append(y[at : at + n])
        at += n
    w = fit_listwise(per_doc, targets, l2)
    # The softmax leaves the level free; one bias makes sigmoid(logit) a probability, which
    # the merge bonus, the margin and confidence downstream read as they read the hand score.
    slope, b = fit_pointwise((xs @ w)[:, None], y, 0.0)
    return Model(mean, scale, w * float(slope[0]), b)


# --- leave-one-source-out and the report -----------------------------------------------------


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}% ({right}/{total})" if total else "-"


def loso(train: dict[str, list[Doc]], kind: str, l2: float) -> dict[str, tuple[int, int, int]]:
    """Per held-out source: (hand-set right, learned right, documents)."""
    out = {}
    for held, docs in train.items():
        others = [d for name, ds in train.items() if name != held for d in ds]
        model = fit(others, kind, l2)
        hand, _ = accuracy(docs, lambda d: d.hand)
        learned, n = accuracy(docs, model.scores)
        out[held] = (hand, learned, n)
    return out


def print_table(title: str, rows: dict[str, tuple[int, int, int]]) -> None:
    print(f"\n{title}\n\n| source | docs | hand-set | learned |\n|---|---|---|---|")
    tot = [0, 0, 0]
    for name, (hand, learned, n) in rows.items():
        print(f"| {name} | {n} | {_pct(hand, n)} | {_pct(learned, n)} |")
        tot = [tot[0] + hand, tot[1] + learned, tot[2] + n]
    print(f"| all | {tot[2]} | {_pct(tot[0], tot[2])} | {_pct(tot[1], tot[2])} |")


def save(model: Model, kind: str, l2: float, sources: list[str]) -> Path:
    path = ranker_path("vendor")
    data = {
        "about": "Learned vendor ranker, fitted by benchmarks/fit_ranker.py: do not edit.",
        "fitted_on": sources,
        "kind": kind,
        "l2": l2,
        "balanced": BALANCE,
        "model": {
            "features": list(FEATURES),
            "mean": [round(float(v), 6) for v in model.mean],
            "scale": [round(float(v), 6) for v in model.scale],
            "weights": [round(float(v), 6) for v in model.weights],
            "bias": round(model.bias, 6),
        },
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("train", nargs="+", type=Path, help="dataset folders to fit on (labels.jsonl)")
    ap.add_argument("--report", nargs="*", type=Path, default=[], help="folders only scored")
    ap.add_argument("--cache", help="OCR cache folder (ReadConfig.cache_dir)")
    ap.add_argument("--dump", type=Path, help="keep the dumped candidates here, per folder")
    ap.add_argument("--kind", choices=("pointwise", "listwise", "both"), default="pointwise")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--hand", action="store_true", help="the hand-set score is a feature too")
    ap.add_argument("--pairs", action="store_true", help="products of every two signals too")
    ap.add_argument(
        "--no-balance",
        dest="balance",
        action="store_false",
        help="weigh every candidate alike (by default every source weighs the same)",
    )
    ap.add_argument("--write", action="store_true", help="save the model fitted on all train")
    args = ap.parse_args(argv)
    global BALANCE
    BALANCE = args.balance
    global FEATURES
    if args.hand:
        FEATURES = (*FEATURES, "hand")
    if args.pairs:
        base = [f for f in FEATURES if f != "hand"]
        FEATURES = (*FEATURES, *(f"{a}*{b}" for i, a in enumerate(base) for b in base[i + 1 :]))
    train: dict[str, list[Doc]] = defaultdict(list)
    for folder in args.train:
        for d in load_or_collect(folder, args.cache, args.dump):
            train[d.dataset].append(d)
    report = {f.name: load_or_collect(f, args.cache, args.dump) for f in args.report}
    kinds = ("pointwise", "listwise") if args.kind == "both" else (args.kind,)
    everything = [d for ds in train.values() for d in ds]
    for kind in kinds:
        print_table(
            f"Vendor, leave-one-source-out ({kind}, l2={args.l2})", loso(train, kind, args.l2)
        )
        model = fit(everything, kind, args.l2)
        rows = {}
        for name, docs in {**train, **report}.items():
            hand, _ = accuracy(docs, lambda d: d.hand)
            learned, n = accuracy(docs, model.scores)
            rows[name + ("" if name in report else " (in-sample)")] = (hand, learned, n)
        print_table(f"Vendor, fitted on every training source ({kind})", rows)
    if args.write:
        print("wrote", save(fit(everything, kinds[0], args.l2), kinds[0], args.l2, list(train)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
