"""Backward passes checked against central finite differences, in float64."""

from collections.abc import Callable

import numpy as np

from .layer import Layer
from .losses import mse_loss

Loss = Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]


def numerical_gradient(f: Callable[[], float], array: np.ndarray, eps: float) -> np.ndarray:
    """d f() / d array by central differences, perturbing `array` in place (and restoring it).

    The five-point stencil (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) / 12h: its error is O(h^4), so
    a step large enough to keep float64 rounding small still resolves gradients to ~1e-10.
    """
    grad = np.zeros_like(array)
    flat, flat_grad = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        values = []
        for step in (-2, -1, 1, 2):
            flat[i] = saved + step * eps
            values.append(f())
        flat[i] = saved
        flat_grad[i] = (values[0] - 8 * values[1] + 8 * values[2] - values[3]) / (12 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray, floor: float = 0.0) -> float:
    """max |a - n| / max(|a| + |n|, floor), where the floor is at least 1e-3 of the largest
    |a| + |n|: central differences cannot resolve elements much smaller than their array's
    largest (nor, through `floor`, than the whole model's gradients)."""
    scale = np.abs(analytic) + np.abs(numeric)
    if scale.size == 0:
        return 0.0
    floor = max(floor, 1e-3 * scale.max(), 1e-300)
    return float(np.max(np.abs(analytic - numeric) / np.maximum(scale, floor)))


def gradcheck(model: Layer, X: np.ndarray, Y: np.ndarray, loss: Loss = mse_loss,
              eps: float = 1e-4) -> dict[str, float]:
    """Max relative error of the backward's gradients against finite differences of the loss.

    Returns {"input": error of dL/dX, "<parameter name>": error, ...}. Everything must be
    float64; the model's gradients are left zeroed. A loss alone is checked as
    `gradcheck(Identity(), Yp, Yt, loss)`. Elements below 1e-6 of the largest gradient
    element of all count as that size (a parameter that gets no gradient, as behind a dead
    ReLU, shows only rounding noise).
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
    pairs = {"input": np.array(backward(dYp))}
    pairs.update({name: param.gradient.copy() for name, param in named.items()})
    for param in named.values():
        param.gradient[...] = 0
    pairs = {name: (analytic, numerical_gradient(
        objective, X if name == "input" else named[name].tensor, eps))
        for name, analytic in pairs.items()}
    largest = max((np.abs(a).max(initial=0) + np.abs(n).max(initial=0)
                   for a, n in pairs.values()), default=0.0)
    return {name: relative_error(a, n, 1e-6 * largest) for name, (a, n) in pairs.items()}
