"""Argument checks shared by the public functions; each failure names the field and value."""

import numbers

from .errors import DataError


def checked_int(field: str, value: object, bounds: tuple[int, int]) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DataError(f"{field} must be an integer, got {value!r}")
    if not bounds[0] <= value <= bounds[1]:
        raise DataError(f"{field} must be between {bounds[0]} and {bounds[1]}, got {value}")
    return int(value)


def checked_number(field: str, value: object, bounds: tuple[float, float]) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"{field} must be a number, got {value!r}")
    if not bounds[0] <= value <= bounds[1]:  # also refuses NaN
        raise DataError(f"{field} must be between {bounds[0]} and {bounds[1]}, got {value}")
    return float(value)


def checked_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise DataError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)
