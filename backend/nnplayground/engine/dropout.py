"""Inverted dropout: active in training mode only."""

from __future__ import annotations

import numpy as np

from .layer import Backward, Layer
from .workspace import Workspace


class Dropout(Layer):
    """Zeroes each element with probability p and scales the rest by 1/(1-p): (n, d) -> (n, d).

    In eval mode (or with p = 0) it is the identity. `rng` None draws from numpy's global state.
    """

    def __init__(self, p: float, rng: np.random.Generator | None = None):
        super().__init__()
        if not 0 <= p < 1:
            raise ValueError(f"Dropout p must be in [0, 1), got {p!r}")
        self.p = float(p)
        self.rng = rng
        self._workspace = Workspace()

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        if not self.training or self.p == 0:
            return X, lambda dY: dY
        mask = self._scaled_mask(X)
        Y = np.multiply(X, mask, out=self._workspace.get("Y", X.shape, mask.dtype))

        def backward(dY: np.ndarray) -> np.ndarray:
            return np.multiply(dY, mask, out=self._workspace.get("dX", dY.shape, mask.dtype))

        return Y, backward

    def _scaled_mask(self, X: np.ndarray) -> np.ndarray:
        """1 / (1 - p) where an element is kept, 0 where it is dropped; X's shape, float."""
        dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.dtype(np.float64)
        mask = self._workspace.get("mask", X.shape, dtype)
        if self.rng is None:  # numpy's global state, as the article's code draws
            mask[...] = np.random.random_sample(X.shape)
        else:
            self.rng.random(X.shape, dtype=dtype, out=mask)
        np.greater_equal(mask, self.p, out=mask)
        mask *= 1 / (1 - self.p)
        return mask

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"
