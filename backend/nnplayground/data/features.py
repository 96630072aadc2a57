"""TF Playground's input features, computed by the same code for data and drawing grids."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import DataError

FEATURES: tuple[str, ...] = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")

_FORMULAS = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


def check_features(names: Sequence[str]) -> list[str]:
    """`names` as a list, if it is a non-empty subset of FEATURES without repeats."""
    names = list(names)
    if not names:
        raise DataError(f"features must name at least one of {', '.join(FEATURES)}")
    unknown = [name for name in names if name not in _FORMULAS]
    if unknown:
        raise DataError(f"unknown feature {unknown[0]!r}; expected some of {', '.join(FEATURES)}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise DataError(f"feature {repeated[0]!r} is listed more than once")
    return names


def compute_features(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """`(n, 2)` points -> `(n, len(names))` float64 feature columns in the order of `names`."""
    names = check_features(names)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise DataError(f"features are computed from (n, 2) points, got shape {X.shape}")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([_FORMULAS[name](x1, x2) for name in names])
