"""A trainable array and the gradient accumulated for it."""

from operator import attrgetter

import numpy as np


class Parameter:
    """`tensor` and its `gradient` (same shape and dtype, zeros until a backward adds to it).

    `penalized` marks the arrays L1/L2 penalties apply to: Linear weights, never biases.
    `zeroed` is True while the gradient is known to hold only zeros, as PyTorch's
    `zero_grad(set_to_none=True)` knows: the engine's optimizers set it after zeroing, and
    a backward then writes its contribution instead of adding it (one pass less over the
    array), clearing the flag. Code that writes into `.gradient` in place must set it False.
    """

    def __init__(self, tensor: np.ndarray, penalized: bool = False):
        self.pack = None  # the ParameterPack whose flat buffers hold this parameter's arrays
        self.tensor = tensor
        self.gradient = np.zeros_like(self.tensor)
        self.penalized = penalized
        self.zeroed = False

    def _set_tensor(self, value: np.ndarray) -> None:
        self._tensor = value
        self._leave_pack()

    def _set_gradient(self, value: np.ndarray) -> None:
        self._gradient = value
        self._leave_pack()

    def _leave_pack(self) -> None:
        if self.pack is not None:
            self.pack.stale = True  # the next update packs the parameters again
            self.pack = None

    # Properties, so that giving a packed parameter a new array is noticed. Their getters are
    # C functions: reading stays nearly as cheap as a plain attribute.
    tensor = property(attrgetter("_tensor"), _set_tensor)
    gradient = property(attrgetter("_gradient"), _set_gradient)

    def mark_zeroed(self) -> None:
        """Called by an optimizer right after it zeroed the gradient."""
        self.zeroed = True

    def penalized_part(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(tensor, gradient) of the elements a penalty applies to, or None."""
        return (self.tensor, self.gradient) if self.penalized else None

    def __repr__(self) -> str:
        penalized = ", penalized" if self.penalized else ""
        return f"Parameter(shape={self.tensor.shape}, dtype={self.tensor.dtype}{penalized})"
