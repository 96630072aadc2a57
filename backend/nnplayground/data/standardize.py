"""Z-score standardisation with statistics from the rows it is fitted on."""

from __future__ import annotations

import numpy as np

from .errors import DataError


class Standardizer:
    """`(X - mean) / std` per column. Fit it on the training rows only, apply it to all."""

    def __init__(self, mean: np.ndarray, std: np.ndarray) -> None:
        self.mean = np.asarray(mean, dtype=np.float64)
        self.std = np.asarray(std, dtype=np.float64)

    @classmethod
    def fit(cls, X: np.ndarray) -> Standardizer:
        """Column means and standard deviations of `X` `(n, d)`; a constant column keeps std 1."""
        X = _checked_rows(X)
        if len(X) == 0:
            raise DataError("cannot standardise with statistics of 0 rows")
        std = X.std(axis=0)
        return cls(X.mean(axis=0), np.where(std > 0, std, 1.0))

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = _checked_rows(X)
        if X.shape[1] != len(self.mean):
            raise DataError(f"standardiser fitted on {len(self.mean)} columns, got {X.shape[1]}")
        return (X - self.mean) / self.std

    def inverse_transform(self, X: np.ndarray) -> np.ndarray:
        return _checked_rows(X) * self.std + self.mean

    def __repr__(self) -> str:
        return f"Standardizer(mean={self.mean.tolist()}, std={self.std.tolist()})"


def _checked_rows(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise DataError(f"standardisation works on (n, d) rows, got shape {X.shape}")
    return X
