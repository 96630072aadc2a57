"""The BLAS products of the engine, and the one place a gradient is added to."""

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from .parameter import Parameter

Product = Callable[[np.ndarray, np.ndarray, np.ndarray | None], np.ndarray]

# np.dot(A, B, out) calls BLAS directly, cheaper than the matmul ufunc on small arrays, but
# needs `out` of the operands' exact dtype. Its C function, without the __array_function__
# dispatch that plain arrays do not need, is cheaper still.
dot: Product = getattr(np.dot, "_implementation", np.dot)
vdot = getattr(np.vdot, "_implementation", np.vdot)


def product_for(X: np.ndarray, W: np.ndarray) -> Product:
    """The function computing `A @ B` into `out` for the products of a layer with weights W
    and input X: `dot` when they share a dtype, the matmul ufunc when they do not."""
    return dot if X.dtype is W.dtype else np.matmul


@lru_cache(maxsize=64)
def ones(n: int, dtype: np.dtype) -> np.ndarray:
    """A read-only vector of n ones: ones @ dY sums dY's columns in one BLAS call."""
    vector = np.ones(n, dtype)
    vector.flags.writeable = False
    return vector


def add_grad(param: Parameter, product: Product, A: np.ndarray, B: np.ndarray) -> None:
    """param.gradient += A @ B.

    Right after an optimizer zeroed the gradient (it then sets `param.zeroed`), the product is
    written straight into it: one pass less, what PyTorch's `zero_grad(set_to_none=True)` buys.
    """
    if param.zeroed:
        product(A, B, param.gradient)
        param.zeroed = False
    else:
        param.gradient += product(A, B)
