"""Candidate ranking: a conditional logit that picks the right one among an event's candidates.

A side model chooses one candidate of an event against the others, so it is fitted on whole
events, a softmax over each event's candidates, instead of on every candidate as an independent
yes/no example: a mention in a target's slot ("fired at Israel") then loses to a side the sentence
leaves implicit, where alone it only scored low. Fitting needs scikit-learn and SciPy (only `make
train` does); the result is a binary `LinearModel` whose sigmoid is a candidate's score, so
`sides.best` and the tuned thresholds read it as before.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from pipeline.indicators.linear import Features, LinearModel

__all__ = ["fit"]

MAX_ITER = 300  # L-BFGS steps of one fit


def fit(
    events: list[tuple[list[Features], list[bool]]], c: float = 1.0, min_count: int = 5
) -> LinearModel:
    """L2-regularised conditional logit over `events`, each its candidates' features and which of
    them are right (an event with none right teaches nothing and is left out); features seen fewer
    than `min_count` times are dropped, as `linear.fit` drops them."""
    from scipy.optimize import minimize
    from sklearn.feature_extraction import DictVectorizer

    events = [(feats, right) for feats, right in events if any(right)]
    counts = Counter(k for feats, _ in events for f in feats for k in f)
    vec = DictVectorizer()
    rows = [
        {k: v for k, v in f.items() if counts[k] >= min_count} for feats, _ in events for f in feats
    ]
    x = vec.fit_transform(rows).tocsr()
    n = len(events)
    group = np.repeat(np.arange(n), [len(feats) for feats, _ in events])
    right = np.array([y for _, ys in events for y in ys], dtype=float)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        top = np.full(n, -np.inf)
        np.maximum.at(top, group, z)
        ez = np.exp(z - top[group])
        total = np.bincount(group, ez, n)
        good = np.bincount(group, ez * right, n)
        grad = ez / total[group] - ez * right / good[group]
        return -np.log(good / total).sum() + 0.5 * (w @ w) / c, x.T @ grad + w / c

    w = minimize(
        loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITER}
    ).x
    vocab = {str(name): i for i, name in enumerate(vec.get_feature_names_out())}
    return LinearModel(["0", "1"], vocab, w[:, None].copy(), np.zeros(1))
