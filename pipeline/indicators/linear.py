"""Logistic models over sparse string features: fitted with scikit-learn, shipped as plain arrays.

`fit` needs scikit-learn (only `make train` does); `LinearModel.probabilities` is a sum of weight
rows, so extraction loads no pickle and no training library. Files are `.npz` read with
`allow_pickle=False`.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["LinearModel", "fit", "fit_one_vs_rest"]

Features = dict[str, float]


@dataclass(frozen=True)
class LinearModel:
    """Weights per (feature, class), a bias per class, and a decision threshold per class."""

    classes: list[str]
    vocab: dict[str, int]
    weights: np.ndarray  # (features, classes), or (features, classes - 1): one-vs-rest
    bias: np.ndarray
    thresholds: dict[str, float] = field(default_factory=dict)

    def probabilities(self, features: Features) -> dict[str, float]:
        """P(class) for one example: softmax over the classes; or, when there is a weight column
        for every class but the first, each of those its own sigmoid (one-vs-rest, a binary model
        alike) and the first 1 - the highest."""
        return self.probabilities_of([features])[0]

    def probabilities_of(self, examples: list[Features]) -> list[dict[str, float]]:
        """`probabilities` of many examples with one gather of weight rows and one sum per
        example, not a numpy call per example: the coder scores every token this way."""
        if not examples:
            return []
        rows, ends = [], []
        for features in examples:
            rows.extend(self.vocab[k] for k in features if k in self.vocab)
            ends.append(len(rows))
        starts = np.array([0, *ends[:-1]], dtype=np.intp)
        sums = np.zeros((len(examples), self.weights.shape[1]), dtype=self.weights.dtype)
        some = starts < np.array(ends, dtype=np.intp)
        if rows:
            sums[some] = np.add.reduceat(self.weights[rows], starts[some], axis=0)
        z = self.bias + sums
        if self.weights.shape[1] < len(self.classes):
            p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
            first = (1.0 - p.max(axis=1))[:, None]
            p = np.hstack([first, p])
        else:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
        return [dict(zip(self.classes, row)) for row in p.tolist()]

    def save(self, path: Path) -> None:
        names = np.array(sorted(self.vocab, key=self.vocab.get), dtype=str)
        np.savez_compressed(
            path,
            classes=np.array(self.classes, dtype=str),
            names=names,
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            threshold_classes=np.array(list(self.thresholds), dtype=str),
            threshold_values=np.array(list(self.thresholds.values()), dtype=np.float32),
        )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as z:
            thresholds = dict(zip(z["threshold_classes"].tolist(), z["threshold_values"].tolist()))
            vocab = {n: i for i, n in enumerate(z["names"].tolist())}
            weights = z["weights"].astype(np.float32)
            return cls(z["classes"].tolist(), vocab, weights, z["bias"], thresholds)


def fit(
    examples: list[Features], labels: list[str], c: float = 1.0, min_count: int = 5
) -> LinearModel:
    """L2-regularised logistic regression (multinomial for more than two classes); features seen
    fewer than `min_count` times are dropped, which keeps the shipped model small."""
    from sklearn.linear_model import LogisticRegression

    x, names = _matrix(examples, min_count)
    model = LogisticRegression(C=c, solver="saga", max_iter=60, tol=1e-3, random_state=0)
    model.fit(x, labels)
    vocab = {n: i for i, n in enumerate(names)}
    return LinearModel(
        [str(k) for k in model.classes_], vocab, model.coef_.T.copy(), model.intercept_.copy()
    )


def fit_one_vs_rest(
    examples: list[Features], labels: list[str], none: str, c: float = 1.0, min_count: int = 5
) -> LinearModel:
    """A binary L2-regularised logistic regression per class but `none`, each against all other
    examples, so each class's probability is scaled on its own examples rather than shared out
    with the others' in one softmax; features as in `fit`."""
    from sklearn.linear_model import LogisticRegression

    x, names = _matrix(examples, min_count)
    classes = sorted(set(labels) - {none})

    def one(k: str) -> LogisticRegression:
        model = LogisticRegression(C=c, solver="liblinear", intercept_scaling=10, random_state=0)
        return model.fit(x, [y == k for y in labels])

    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:  # liblinear frees the GIL
        models = list(pool.map(one, classes))
    columns = [m.coef_[0] for m in models]
    bias = [m.intercept_[0] for m in models]
    vocab = {n: i for i, n in enumerate(names)}
    return LinearModel([none, *classes], vocab, np.stack(columns, axis=1), np.array(bias))


def _matrix(examples: list[Features], min_count: int):
    """The examples as a sparse matrix over the features seen `min_count` times, and those names."""
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer

    counts = Counter(k for f in examples for k in f)
    kept = [{k: v for k, v in f.items() if counts[k] >= min_count} for f in examples]
    vec = DictVectorizer()
    x = vec.fit_transform(kept).tocsr()
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)
    return x, [str(n) for n in vec.get_feature_names_out()]
