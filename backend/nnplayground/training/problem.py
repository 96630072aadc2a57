"""What the network predicts, and therefore its output layer, loss and reading of outputs.

binary -> 1 logit + bce_with_logits_loss; k classes -> k logits + softmax_cross_entropy_loss;
regression -> 1 linear output + mse_loss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnplayground.data import Dataset
from nnplayground.engine import (
    bce_with_logits_loss,
    mse_loss,
    sigmoid,
    softmax,
    softmax_cross_entropy_loss,
)
from nnplayground.errors import FieldError

Loss = Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]


@dataclass(frozen=True)
class Problem:
    kind: str  # "classification" | "regression"
    classes: int | None  # None for regression

    @property
    def binary(self) -> bool:
        return self.kind == "classification" and self.classes == 2

    @property
    def output_units(self) -> int:
        return self.classes if self.kind == "classification" and not self.binary else 1

    @property
    def output_activation(self) -> str:
        """How outputs become answers: the name the model export gives it."""
        if self.kind == "regression":
            return "linear"
        return "sigmoid" if self.binary else "softmax"

    @property
    def loss(self) -> Loss:
        if self.kind == "regression":
            return mse_loss
        return bce_with_logits_loss if self.binary else softmax_cross_entropy_loss

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Labels `(n,)` in the shape and type the loss takes."""
        if self.kind == "regression" or self.binary:
            return np.asarray(y, dtype=np.float64).reshape(-1, 1)
        return np.asarray(y, dtype=np.int64)

    def row_losses(self, outputs: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Each row's loss `(n,)` (their mean is `loss`'s value), without any gradient.

        Metric points need only values, on both splits at once: this is the loss's formula
        with none of its gradient work, which makes a point cheap next to a training step.
        """
        if self.kind == "regression":
            return ((outputs - Y) ** 2).mean(axis=1)
        if self.binary:
            return (np.logaddexp(0.0, outputs) - outputs * Y)[:, 0]
        top = outputs.max(axis=1)
        log_sum = np.log(np.exp(outputs - top[:, None]).sum(axis=1)) + top
        return log_sum - outputs[np.arange(len(Y)), Y]

    def probabilities(self, outputs: np.ndarray) -> np.ndarray | None:
        """`(n, classes)` class probabilities from raw outputs; None for regression."""
        if self.kind == "regression":
            return None
        if self.binary:
            p = sigmoid(outputs[:, 0])
            return np.column_stack([1.0 - p, p])
        return softmax(outputs)

    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        """Class ids `(n,)` (int64), or predicted values `(n,)` for regression."""
        if self.kind == "regression":
            return outputs[:, 0]
        if self.binary:
            return (outputs[:, 0] > 0).astype(np.int64)
        return np.argmax(outputs, axis=1).astype(np.int64)


def resolve_problem(dataset: Dataset, requested: str) -> Problem:
    """The dataset's own kind unless `training.problem` overrides it."""
    kind = dataset.kind if requested == "auto" else requested
    if kind == "regression":
        return Problem("regression", None)
    if dataset.kind == "regression":
        raise FieldError(
            "training.problem",
            f"dataset {dataset.name!r} has real-valued labels; classification needs class "
            "labels (use 'regression' or 'auto')",
        )
    # A hand-made point set with a single class still gets a binary output.
    return Problem("classification", max(int(dataset.classes or 2), 2))
