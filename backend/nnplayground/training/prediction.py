"""Predictions for rows of a dataset's raw columns, through the job's input pipeline."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnplayground.engine import Learner
from nnplayground.errors import FieldError

from .inputs import PreparedData
from .problem import Problem


def predict(learner: Learner, data: PreparedData, problem: Problem,
            points: Sequence[Sequence[float]]) -> dict:
    """Class ids and probabilities (classification), or values (regression), per row."""
    raw = raw_points(points, data.dataset.columns)
    with np.errstate(all="ignore"):
        outputs = learner.predict(data.pipeline.transform(raw))
        return {"predictions": problem.predictions(outputs),
                "probabilities": problem.probabilities(outputs)}


def raw_points(points: Sequence[Sequence[float]], columns: list[str]) -> np.ndarray:
    """`points` as a float64 array with one finite number per column in each row."""
    try:
        raw = np.asarray(points, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise FieldError("points", f"expected rows of {len(columns)} numbers: {error}") from error
    if raw.ndim != 2 or raw.shape[1] != len(columns) or len(raw) == 0:
        raise FieldError(
            "points",
            f"expected a non-empty list of rows of {len(columns)} numbers "
            f"({', '.join(columns)}), got shape {raw.shape}")
    if not np.isfinite(raw).all():
        raise FieldError("points", "every coordinate must be a finite number")
    return raw
