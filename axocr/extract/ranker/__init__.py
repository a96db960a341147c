"""Scorers that weigh a field's candidate signals: hand-set weights, or a fitted model.

Both read their weights from JSON files beside this module, never from code.
``vendor_hand.json`` holds the hand-set vendor weights (the default scorer); ``<field>.json``
holds a model fitted by ``benchmarks/fit_ranker.py`` (``ExtractConfig.ranker="learned"``):
a logistic model over the candidates' standardised features, so its score is a probability
in 0..1 and the merge, margin and confidence downstream read it as they read the hand score.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from axocr.types import FieldCandidate

RANKER_DIR = Path(__file__).parent


@lru_cache(maxsize=4)
def _hand_weights(field: str) -> dict[str, list[tuple[str, float]]]:
    data = json.loads((RANKER_DIR / f"{field}_hand.json").read_text(encoding="utf-8"))
    return {k: [(str(n), float(w)) for n, w in v] for k, v in data.items() if k != "about"}


def hand_score(features: dict[str, float], table: str, field: str = "vendor") -> float:
    """The hand-set score: weight x signal summed in the file's order."""
    score = 0.0
    for name, weight in _hand_weights(field)[table]:
        score += weight * features.get(name, 0.0)
    return score


@dataclass(frozen=True)
class LearnedRanker:
    """A logistic model over standardised features (one per field)."""

    field: str
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def logit(self, features: dict[str, float]) -> float:
        x = self.bias
        for name, m, s, w in zip(self.names, self.mean, self.scale, self.weights, strict=True):
            x += w * (model_feature(features, name) - m) / s
        return x

    def score(self, features: dict[str, float]) -> float:
        x = self.logit(features)
        return 0.0 if x < -60 else 1.0 / (1.0 + math.exp(-x))


def model_feature(features: dict[str, float], name: str) -> float:
    """A feature as the model sees it: ``log_size`` is the log of the text-size ratio (a
    headline 3x the body is not three times as much a name as one 1.5x); ``a*b`` is the
    product of two (a legal form counts for more at the top of the page than in a footer)."""
    if "*" in name:
        left, right = name.split("*", 1)
        return model_feature(features, left) * model_feature(features, right)
    if name == "log_size":
        return math.log(max(features.get("size", 1.0), 0.2))
    return features.get(name, 0.0)


def ranker_path(field: str) -> Path:
    return RANKER_DIR / f"{field}.json"


@lru_cache(maxsize=8)
def load_ranker(field: str) -> LearnedRanker:
    """The fitted model of ``field``; a ValueError names the file when it is missing or bad (it ships with the package: a broken install, not bad input)."""
    path = ranker_path(field)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = data["model"]
        ranker = LearnedRanker(
            field=field,
            names=tuple(model["features"]),
            mean=tuple(float(v) for v in model["mean"]),
            scale=tuple(float(v) or 1.0 for v in model["scale"]),
            weights=tuple(float(v) for v in model["weights"]),
            bias=float(model["bias"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"no usable learned ranker for {field} at {path}: {exc}") from exc
    if not len(ranker.names) == len(ranker.mean) == len(ranker.scale) == len(ranker.weights):
        raise ValueError(f"learned ranker {path}: feature lists of different lengths")
    return ranker


def rescore(cands: list[FieldCandidate], ranker: LearnedRanker) -> list[FieldCandidate]:
    """The candidates scored by the fitted model instead of the hand-set weights (which the
    model may read as one more signal, ``hand``)."""
    return [
        c.model_copy(update={"score": ranker.score({**c.features, "hand": c.score})}) for c in cands
    ]
