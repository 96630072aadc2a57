"""The fully connected layer and its initialisations."""

from __future__ import annotations

import numpy as np

from . import ops
from .layer import Backward, Layer
from .workspace import Workspace

INITS = ("article", "he", "xavier", "playground", "zeros")
DTYPES = (np.float32, np.float64)

def _standard_normal(rng: np.random.Generator | None, shape: tuple[int, int]) -> np.ndarray:
    return np.random.randn(*shape) if rng is None else rng.standard_normal(shape)


def _uniform(rng: np.random.Generator | None, low: float, high: float,
             shape: tuple[int, int]) -> np.ndarray:
    return np.random.uniform(low, high, shape) if rng is None else rng.uniform(low, high, shape)


def initial_weights(init: str, inputs: int, outputs: int,
                    rng: np.random.Generator | None) -> tuple[np.ndarray, np.ndarray]:
    """(weights (inputs, outputs), bias (outputs,)) in float64; rng None uses numpy's global state.

    article: normal * sqrt(1/inputs), bias 0 (the article's Linear, draw for draw);
    he: normal * sqrt(2/inputs), bias 0; xavier: Glorot uniform, bias 0;
    playground: TF Playground's uniform(-0.5, 0.5), bias 0.1; zeros: all 0.
    """
    shape = (inputs, outputs)
    bias = np.zeros(outputs)
    if init == "article":
        return _standard_normal(rng, shape) * np.sqrt(1 / inputs), bias
    if init == "he":
        return _standard_normal(rng, shape) * np.sqrt(2 / inputs), bias
    if init == "xavier":
        limit = np.sqrt(6 / (inputs + outputs))
        return _uniform(rng, -limit, limit, shape), bias
    if init == "playground":
        return _uniform(rng, -0.5, 0.5, shape), bias + 0.1
    if init == "zeros":
        return np.zeros(shape), bias
    raise ValueError(f"Linear init {init!r} is unknown: expected one of {', '.join(INITS)}")


def _check_size(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"Linear {name} must be a positive integer, got {value!r}")
    return int(value)


class Linear(Layer):
    """Y = X @ W + b: (n, inputs) -> (n, outputs); weights (inputs, outputs), bias (outputs,)."""

    def __init__(self, inputs: int, outputs: int, init: str = "article",
                 rng: np.random.Generator | None = None, dtype=np.float64):
        super().__init__()
        inputs, outputs = _check_size("inputs", inputs), _check_size("outputs", outputs)
        if np.dtype(dtype) not in DTYPES:
            raise ValueError(f"Linear dtype {np.dtype(dtype)} is not supported: "
                             "expected float32 or float64")
        weights, bias = initial_weights(init, inputs, outputs, rng)
        self.weights = self.build_param(weights.astype(dtype, copy=False), penalized=True)
        self.bias = self.build_param(bias.astype(dtype, copy=False))
        self.init = init
        self._workspace = Workspace()

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        W = self.weights.tensor
        product = ops.product_for(X, W)
        Y = product(X, W, self._workspace.get("Y", (len(X), W.shape[1]), W.dtype))
        Y += self.bias.tensor

        def backward(dY: np.ndarray) -> np.ndarray | None:
            if dY.dtype is not W.dtype:
                dY = dY.astype(W.dtype)  # gradients keep the layer's dtype
            ops.add_grad(self.weights, product, X.T, dY)
            ops.add_grad(self.bias, product, ops.ones(len(dY), dY.dtype), dY)  # column sums
            if input_grad:
                return product(dY, W.T, self._workspace.get("dX", X.shape, W.dtype))
            return None

        return Y, backward

    def __repr__(self) -> str:
        inputs, outputs = self.weights.tensor.shape
        return f"Linear({inputs}, {outputs}, init={self.init!r}, dtype={self.weights.tensor.dtype})"
