"""Numbers for JSON: a non-finite float becomes None (JSON has no NaN or Infinity)."""

import math

import numpy as np


def finite_or_none(value: float | None) -> float | None:
    """`value` as a plain float, or None when it is None, NaN or infinite."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def finite_lists(values: np.ndarray) -> list:
    """Nested lists of `values` with None wherever a number is not finite."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    if finite.all():
        return values.tolist()
    return np.where(finite, values, None).tolist()
