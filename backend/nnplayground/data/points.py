"""Datasets from points a person adds by hand, `(x1, x2, label)` each."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .dataset import Dataset
from .errors import DataError
from .labels import checked_kind, class_ids

MAX_POINTS = 5000
#: Two of each class, so that a stratified split can train and test on every class.
MIN_POINTS_PER_CLASS = 2
#: Regression: enough for a split with at least two points on its larger side.
MIN_POINTS = 4


def from_points(
    points: Sequence[Sequence[float]], kind: str = "classification"
) -> Dataset:
    """A 2-D Dataset named "points" from `[(x1, x2, label), ...]`.

    Classification labels must be integers (any: the distinct values become ids
    `0..k-1` in sorted order, kept in `class_labels`); at least 2 classes with at
    least 2 points each. Regression needs at least 4 points.
    """
    if checked_kind(kind) is None:
        raise DataError("kind must be given for points: classification or regression")
    table = _table(points)
    if kind == "regression":
        if len(table) < MIN_POINTS:
            raise DataError(f"{len(table)} points given; regression needs at least {MIN_POINTS}")
        return Dataset("points", table[:, :2], table[:, 2], "regression", None)
    y, class_labels = class_ids(table[:, 2], "points", lambda i: f"point {i}")
    counts = np.bincount(y)
    if counts.min() < MIN_POINTS_PER_CLASS:
        rare = class_labels[int(np.argmin(counts))]
        raise DataError(
            f"class {rare} has {counts.min()} point(s); every class needs at least "
            f"{MIN_POINTS_PER_CLASS} points"
        )
    return Dataset("points", table[:, :2], y, "classification", len(class_labels),
                   class_labels=class_labels)


def _table(points: Sequence[Sequence[float]]) -> np.ndarray:
    """`(n, 3)` float64 of finite values, or a DataError naming the first bad point."""
    if isinstance(points, str | bytes) or not isinstance(points, Sequence | np.ndarray):
        raise DataError(f"points must be a list of (x1, x2, label), got {type(points).__name__}")
    if len(points) > MAX_POINTS:
        raise DataError(f"{len(points)} points given; at most {MAX_POINTS} are allowed")
    try:  # the whole table at once; row by row only to name a bad point
        table = np.array(points, dtype=np.float64)
        if table.shape == (len(points), 3) and np.isfinite(table).all():
            return table
    except (TypeError, ValueError):
        pass
    table = np.empty((len(points), 3))
    for i, point in enumerate(points):
        try:
            if len(point) != 3:
                raise ValueError
            table[i] = point
        except (TypeError, ValueError):
            raise DataError(f"point {i} must be (x1, x2, label) numbers, got {point!r}") from None
        if not np.isfinite(table[i]).all():
            raise DataError(f"point {i} must have finite values, got {point!r}")
    return table
