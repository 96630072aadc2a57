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

    def _uniform(self, X: np.ndarray) -> np.ndarray:
        if self.rng is None:
            return np.random.random_sample(X.shape).astype(X.dtype, copy=False)
        if X.dtype in (np.float32, np.float64):
            return self.rng.random(X.shape, dtype=X.dtype, out=self._workspace.get(
                "mask", X.shape, X.dtype))
        return self.rng.random(X.shape)

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        if not self.training or self.p == 0:
            return X, lambda dY: dY
        mask = self._uniform(X)
        keep = mask >= self.p
        mask[...] = keep
        mask /= 1 - self.p
        Y = np.multiply(X, mask, out=self._workspace.get("Y", X.shape, mask.dtype))

        def backward(dY: np.ndarray) -> np.ndarray:
            return np.multiply(dY, mask, out=self._workspace.get("dX", dY.shape, mask.dtype))

        return Y, backward

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"
