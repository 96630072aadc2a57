"""A picture of data with more than two inputs: its first two principal components.

The axes are fitted once on the training split's network inputs (after standardization);
every row is drawn on them with its true label and the model's prediction now.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.engine import Learner

from .inputs import PreparedData
from .problem import Problem
from .questions import class_names

MAX_POINTS = 2000  # drawn rows; larger datasets show an evenly spaced subset


@dataclass(frozen=True)
class PcaAxes:
    mean: np.ndarray  # (d,)
    components: np.ndarray  # (2, d)
    explained: list[float]  # share of the variance along each axis

    @classmethod
    def fit(cls, X: np.ndarray) -> PcaAxes:
        mean = X.mean(axis=0)
        _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
        variance = S**2
        total = float(variance.sum()) or 1.0
        components = np.zeros((2, X.shape[1]))
        components[:min(2, len(Vt))] = Vt[:2]
        shares = [float(v / total) for v in variance[:2]] + [0.0] * (2 - min(2, len(S)))
        return cls(mean, components, shares)

    def project(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mean) @ self.components.T


def rows_drawn(n: int) -> np.ndarray:
    return np.arange(n) if n <= MAX_POINTS else np.linspace(0, n - 1, MAX_POINTS).astype(int)


def projection(learner: Learner, data: PreparedData, problem: Problem, axes: PcaAxes) -> dict:
    """Every drawn row's 2-D position, true label, prediction now and split."""
    rows = rows_drawn(data.dataset.n_samples)
    inputs = data.pipeline.transform(data.dataset.X[rows])
    points = axes.project(inputs)
    with np.errstate(all="ignore"):
        predicted = problem.predictions(learner.predict(inputs))
    return {"x": points[:, 0].tolist(), "y": points[:, 1].tolist(),
            "label": data.dataset.y[rows].tolist(), "predicted": predicted.tolist(),
            "is_train": data.is_train[rows].tolist(), "kind": problem.kind,
            "class_names": class_names(data, problem), "explained": axes.explained}
