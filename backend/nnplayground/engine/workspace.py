"""Output arrays a layer reuses from one step to the next, so training allocates nothing."""

from sys import getrefcount

import numpy as np

# References to a free array while `get` looks at it: the dict, the local name, getrefcount's own.
_FREE = 3


class Workspace:
    """Named arrays, each handed out again only once nobody else holds it.

    A result that a caller, a backward closure or a view still refers to is never
    overwritten: `get` then allocates a fresh array instead. So reuse is invisible
    from outside, and in steady state (the previous step's closures gone) nothing
    is allocated.
    """

    __slots__ = ("_arrays",)

    def __init__(self):
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        array = self._arrays.get(name)
        if (array is not None and array.shape == shape and array.dtype is dtype
                and getrefcount(array) == _FREE):
            return array
        array = self._arrays[name] = np.empty(shape, dtype)
        return array

    def __getstate__(self):  # a copied layer starts with no buffers of its own
        return {}

    def __setstate__(self, state):
        self._arrays = {}
