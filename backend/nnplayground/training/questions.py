"""Asking a model about new rows: the fields a question has, and answers with class names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from nnplayground.data import DataError
from nnplayground.data.fields import encode_rows
from nnplayground.engine import Learner
from nnplayground.errors import FieldError

from .inputs import PreparedData
from .problem import Problem


def class_names(data: PreparedData, problem: Problem) -> list[str] | None:
    """The name of each output class (the dataset's labels as text); None for regression."""
    if problem.kind != "classification":
        return None
    labels = [str(label) for label in data.dataset.class_labels or ()]
    return labels + [str(i) for i in range(len(labels), problem.classes or 0)]


def question_fields(data: PreparedData, problem: Problem) -> dict:
    """What a question to the model is made of: one field per feature column (numbers
    with the data's range, categories with their choices), and what the answer is."""
    return {"fields": [field.public() for field in data.dataset.input_fields()],
            "columns": list(data.dataset.columns),
            "kind": problem.kind,
            "class_names": class_names(data, problem)}


def answers(learner: Learner, data: PreparedData, problem: Problem,
            points: Sequence[Sequence[float]] | None = None,
            rows: Sequence[Mapping] | None = None) -> dict:
    """Predictions (class ids or values), class probabilities and the classes' names, for
    rows of raw columns (`points`) or rows of values by field name (`rows`)."""
    if rows is not None:
        try:
            raw = encode_rows(data.dataset.input_fields(), rows)
        except DataError as error:
            raise FieldError("rows", str(error)) from error
    else:
        raw = raw_points(points, data.dataset.columns)
    with np.errstate(all="ignore"):
        outputs = learner.predict(data.pipeline.transform(raw))
        return {"predictions": problem.predictions(outputs),
                "probabilities": problem.probabilities(outputs),
                "class_names": class_names(data, problem)}


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
