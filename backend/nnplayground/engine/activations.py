"""Point-wise activations: (n, d) -> (n, d). Each backward reuses what its forward computed."""

from __future__ import annotations

import numpy as np

from .layer import Backward, Layer
from .workspace import Workspace


class _Activation(Layer):
    def __init__(self):
        super().__init__()
        self._workspace = Workspace()  # outputs reused from step to step


class Identity(Layer):
    """Y = X: the base layer's forward."""


class ReLU(_Activation):
    """Y = max(X, 0); the gradient is 0 where X <= 0 (the article's mask X > 0)."""

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        ws = self._workspace
        Y = np.maximum(X, 0, out=ws.get("Y", X.shape, X.dtype))

        def backward(dY: np.ndarray) -> np.ndarray:
            dX = np.greater(Y, 0, out=ws.get("dX", Y.shape, Y.dtype))  # 1.0 where X > 0
            return np.multiply(dY, dX, out=dX)

        return Y, backward


ReLu = ReLU  # the article's spelling


class LeakyReLU(_Activation):
    """Y = X where X > 0, alpha * X elsewhere (0 <= alpha <= 1)."""

    def __init__(self, alpha: float = 0.01):
        super().__init__()
        if not 0 <= alpha <= 1:
            raise ValueError(f"LeakyReLU alpha must be between 0 and 1, got {alpha!r}")
        self.alpha = float(alpha)

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        ws = self._workspace
        Y = np.multiply(X, self.alpha, out=ws.get("Y", X.shape, X.dtype))
        np.maximum(X, Y, out=Y)  # max(x, alpha x) picks x for x > 0 since alpha <= 1
        positive = np.greater(X, 0, out=ws.get("positive", X.shape, np.bool_))

        def backward(dY: np.ndarray) -> np.ndarray:
            dX = np.multiply(dY, self.alpha, out=ws.get("dX", dY.shape, dY.dtype))
            np.copyto(dX, dY, where=positive)
            return dX

        return Y, backward

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha})"


class Tanh(_Activation):
    """Y = tanh(X); dX = dY * (1 - Y^2), computed as dY - dY * Y * Y (no scalar operand)."""

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        ws = self._workspace
        Y = np.tanh(X, out=ws.get("Y", X.shape, X.dtype))

        def backward(dY: np.ndarray) -> np.ndarray:
            dX = np.multiply(dY, Y, out=ws.get("dX", Y.shape, Y.dtype))
            np.multiply(dX, Y, out=dX)
            return np.subtract(dY, dX, out=dX)

        return Y, backward


class Sigmoid(_Activation):
    """S = 1 / (1 + exp(-X)); dX = dY * S * (1 - S), in the article's order of operations."""

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        ws = self._workspace
        S = np.negative(X, out=ws.get("Y", X.shape, X.dtype))
        # exp would overflow (and warn) past this; S is then 0 to within the format anyway
        np.minimum(S, _EXP_LIMIT[S.dtype], out=S)
        np.exp(S, out=S)
        S += 1
        np.divide(1, S, out=S)

        def backward(dY: np.ndarray) -> np.ndarray:
            dX = np.multiply(dY, S, out=ws.get("dX", S.shape, S.dtype))
            one_minus_S = np.subtract(1, S, out=ws.get("1-S", S.shape, S.dtype))
            return np.multiply(dX, one_minus_S, out=dX)

        return S, backward


_EXP_LIMIT = {np.dtype(t): np.log(np.finfo(t).max).astype(t) - 1 for t in (np.float32, np.float64)}
