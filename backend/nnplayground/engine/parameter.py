"""A trainable array and the gradient accumulated for it."""

import numpy as np


class Parameter:
    """`tensor` and its `gradient` (same shape and dtype, zeros until a backward adds to it).

    `penalized` marks the arrays L1/L2 penalties apply to: Linear weights, never biases.
    `zeroed` says the gradient holds only zeros: our optimizers set it after zeroing, and
    `ops.add_grad` then writes instead of adding. Code that writes into `.gradient` in place
    some other way must set it False.
    """

    def __init__(self, tensor: np.ndarray, penalized: bool = False):
        self.tensor = tensor
        self.gradient = np.zeros_like(tensor)
        self.penalized = penalized
        self.zeroed = False

    def __repr__(self) -> str:
        penalized = ", penalized" if self.penalized else ""
        return f"Parameter(shape={self.tensor.shape}, dtype={self.tensor.dtype}{penalized})"
