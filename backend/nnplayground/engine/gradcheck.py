"""Backward passes checked against central finite differences, in float64."""

from collections.abc import Callable

import numpy as np

from .layer import Layer
from .losses import mse_loss

Loss = Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]


def numerical_gradient(f: Callable[[], float], array: np.ndarray, eps: float) -> np.ndarray:
    """d f() / d array by central differences, perturbing `array` in place (and restoring it)."""
    grad = np.zeros_like(array)
    flat, flat_grad = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + eps
        up = f()
        flat[i] = saved - eps
        down = f()
        flat[i] = saved
        flat_grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """max |a - n| / (|a| + |n|), with entries far below the array's largest measured against
    1e-3 of it (a difference quotient cannot resolve them any finer)."""
    scale = np.abs(analytic) + np.abs(numeric)
    if scale.size == 0 or scale.max() == 0:
        return 0.0
    floor = max(1e-3 * scale.max(), 1e-12)
    return float(np.max(np.abs(analytic - numeric) / np.maximum(scale, floor)))


def gradcheck(model: Layer, X: np.ndarray, Y: np.ndarray, loss: Loss = mse_loss,
              eps: float = 1e-6) -> dict[str, float]:
    """Max relative error of the backward's gradients against finite differences of the loss.

    Returns {"input": error of dL/dX, "<parameter name>": error, ...}. Everything must be
    float64; the model's gradients are left zeroed. A loss alone is checked as
    `gradcheck(Identity(), Yp, Yt, loss)`.
    """
    X = np.array(X, dtype=np.float64)
    named = model.named_parameters()
    for name, param in named.items():
        if param.tensor.dtype != np.float64:
            raise ValueError(f"gradcheck needs float64 parameters: {name} is "
                             f"{param.tensor.dtype}")
    for param in named.values():
        param.gradient[...] = 0

    def objective() -> float:
        Yp, _ = model.forward(X)
        return loss(Yp, Y)[0]

    Yp, backward = model.forward(X)
    _, dYp = loss(Yp, Y)
    dX = np.array(backward(dYp))
    analytic = {name: param.gradient.copy() for name, param in named.items()}
    for param in named.values():
        param.gradient[...] = 0
    errors = {"input": relative_error(dX, numerical_gradient(objective, X, eps))}
    for name, param in named.items():
        errors[name] = relative_error(analytic[name],
                                      numerical_gradient(objective, param.tensor, eps))
    return errors
