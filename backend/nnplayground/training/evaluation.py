"""Metric points and the confusion matrix, from one forward pass over both splits.

Metric values are plain floats, and None where a loss is not finite: a point is a fact
about training (the session reads `None` as divergence), stored and sent as it is.
"""

from __future__ import annotations

import math

import numpy as np

from nnplayground.engine import Learner

from .problem import Problem

METRIC_KEYS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
EVALUATION_ROWS = 512


class Evaluation:
    """Both splits stacked (train rows, then test rows), so that one pass evaluates them."""

    def __init__(self, problem: Problem, X_train: np.ndarray, X_test: np.ndarray,
                 y_train: np.ndarray, y_test: np.ndarray):
        self.problem = problem
        self.n_train, self.n_test = len(X_train), len(X_test)
        self.X = np.concatenate([X_train, X_test])
        self.y = np.concatenate([y_train, y_test])
        self.Y = problem.targets(self.y)

    def outputs(self, learner: Learner) -> np.ndarray:
        """Raw outputs on the train rows then the test rows, in eval mode.

        In blocks of rows: the layers keep their last outputs for reuse, and all 5,000 rows
        at once through 16 layers of 256 units left ~330 MB behind in every such session.
        """
        X = self.X
        with np.errstate(all="ignore"):
            return np.concatenate([learner.predict(X[start:start + EVALUATION_ROWS])
                                   for start in range(0, len(X), EVALUATION_ROWS)])

    def measure(self, learner, step: int, epoch: float) -> dict:
        """The metric point of `learner` now. A compiled kernel (`metric_sums`) sums each
        split's losses and right predictions in one pass: the same numbers as `point` of
        `outputs`, to rounding, without the outputs or the numpy calls on them."""
        metric_sums = getattr(learner, "metric_sums", None)
        if metric_sums is None:
            return self.point(self.outputs(learner), step, epoch)
        with np.errstate(all="ignore"):
            sums = metric_sums(self.X, self.Y, self.n_train)
        classification = self.problem.kind != "regression"
        train = sums_metrics(sums[0], sums[2], self.n_train, classification)
        test = (sums_metrics(sums[1], sums[3], self.n_test, classification) if self.n_test
                else (None, None))
        return {"step": step, "epoch": epoch, "train_loss": train[0], "test_loss": test[0],
                "train_accuracy": train[1], "test_accuracy": test[1]}

    def point(self, outputs: np.ndarray, step: int, epoch: float) -> dict:
        """Losses and accuracies of both splits at `step` (`epoch` may be fractional)."""
        problem = self.problem
        correct = (None if problem.kind == "regression"
                   else problem.predictions(outputs) == self.y)
        train, test = slice(0, self.n_train), slice(self.n_train, None)
        with np.errstate(all="ignore"):
            losses = problem.row_losses(outputs, self.Y)
            train_loss, train_accuracy = split_metrics(losses, correct, train)
            test_loss, test_accuracy = (split_metrics(losses, correct, test)
                                        if self.n_test else (None, None))
        return {
            "step": step,
            "epoch": epoch,
            "train_loss": train_loss,
            "test_loss": test_loss,
            "train_accuracy": train_accuracy,
            "test_accuracy": test_accuracy,
        }

    def metrics(self, outputs: np.ndarray, point: dict) -> dict:
        """The point's numbers plus the confusion matrix (test split, else train)."""
        metrics = {key: point[key] for key in METRIC_KEYS}
        metrics["confusion_matrix"] = self.confusion_matrix(outputs)
        return metrics

    def confusion_matrix(self, outputs: np.ndarray) -> list[list[int]] | None:
        """Of the test split, else train; None for regression."""
        if self.problem.kind != "classification":
            return None
        rows = slice(self.n_train, None) if self.n_test else slice(0, self.n_train)
        return self.confusion(outputs[rows], self.y[rows])

    def confusion(self, outputs: np.ndarray, y: np.ndarray) -> list[list[int]]:
        """`k x k` counts, rows the true class, columns the predicted."""
        k = self.problem.classes
        counts = np.zeros((k, k), dtype=np.int64)
        np.add.at(counts, (np.asarray(y, dtype=np.int64), self.problem.predictions(outputs)), 1)
        return counts.tolist()


def split_metrics(losses: np.ndarray, correct: np.ndarray | None, rows: slice
                  ) -> tuple[float | None, float | None]:
    """(mean loss, accuracy) over `rows`; no accuracy for regression or a non-finite loss."""
    loss = finite_or_none(losses[rows].mean())
    if correct is None or loss is None:
        return loss, None
    return loss, float(correct[rows].mean())


def sums_metrics(loss_sum: float, right: float, n: int, classification: bool
                 ) -> tuple[float | None, float | None]:
    """(mean loss, accuracy) of a split from its sums, as `split_metrics` has them."""
    loss = finite_or_none(loss_sum / n)
    if not classification or loss is None:
        return loss, None
    return loss, float(right / n)


def finite_or_none(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
