"""The grid of points a decision boundary is drawn on."""

from __future__ import annotations

import numpy as np

from .checks import checked_int
from .errors import DataError

GRID_RESOLUTION_RANGE = (2, 1000)


def grid(
    resolution: int,
    x_range: tuple[float, float] = (-6.0, 6.0),
    y_range: tuple[float, float] = (-6.0, 6.0),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`(xs, ys, points)`: `resolution` evenly spaced values per axis, ends included.

    `points` `(R * R, 2)` is row-major with `points[i * R + j] == (xs[j], ys[i])`, so
    `z.reshape(R, R)[i][j]` is the value at `(xs[j], ys[i])` (a Plotly heatmap row is a y).
    """
    R = checked_int("resolution", resolution, GRID_RESOLUTION_RANGE)
    xs = np.linspace(*_checked_range("x_range", x_range), R)
    ys = np.linspace(*_checked_range("y_range", y_range), R)
    grid_x, grid_y = np.meshgrid(xs, ys)  # grid_x[i, j] == xs[j], grid_y[i, j] == ys[i]
    return xs, ys, np.column_stack([grid_x.ravel(), grid_y.ravel()])


def _checked_range(field: str, bounds: tuple[float, float]) -> tuple[float, float]:
    low, high = (float(v) for v in bounds)
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise DataError(f"{field} must be two finite numbers, low < high, got {tuple(bounds)}")
    return low, high
