"""Many parameters moved into one flat buffer, so that an optimizer updates them in one step."""

import numpy as np

from .parameter import Parameter


class ParameterPack(Parameter):
    """One flat `tensor`/`gradient` whose slices are the members' arrays.

    Packing copies every member into the flat buffers and rebinds the member's
    `.tensor` and `.gradient` to views of them, so an update of the pack is an
    update of every member. Penalized members come first: the penalty applies to
    the leading `penalized_size` elements. A parameter listed twice is packed once.
    """

    def __init__(self, params: list[Parameter]):
        self.pack = None
        self.stale = False
        self.source = list(params)
        unique = list(dict.fromkeys(params))
        self.members = [p for p in unique if p.penalized] + [p for p in unique if not p.penalized]
        dtype = self.members[0].tensor.dtype
        self.bounds: list[tuple[int, int]] = []
        end = 0
        self.penalized_size = 0
        for param in self.members:
            start, end = end, end + param.tensor.size
            self.bounds.append((start, end))
            if param.penalized:
                self.penalized_size = end
        self.tensor = np.zeros(end, dtype)
        self.gradient = np.zeros(end, dtype)
        self.penalized = self.penalized_size > 0
        tensors, gradients = self.split(self.tensor), self.split(self.gradient)
        for (param, tensor), (_, gradient) in zip(tensors, gradients, strict=True):
            tensor[...] = param.tensor
            gradient[...] = param.gradient
            param.tensor, param.gradient = tensor, gradient  # leaves any previous pack
            param.pack = self
        self.zeroed = False

    @classmethod
    def of(cls, params: list[Parameter]) -> "ParameterPack | None":
        """The pack of `params`, or None when they are not arrays of one floating dtype."""
        dtypes = {getattr(p.tensor, "dtype", None) for p in params}
        if len(dtypes) != 1 or getattr(dtypes.pop(), "kind", None) != "f":
            return None
        return cls(params)

    def split(self, flat: np.ndarray) -> list[tuple[Parameter, np.ndarray]]:
        """Each member with its slice of `flat` (an array the size of the pack), shaped like it."""
        return [(param, flat[start:stop].reshape(param.tensor.shape))
                for param, (start, stop) in zip(self.members, self.bounds, strict=True)]

    def holds(self, params: list[Parameter]) -> bool:
        """True while `params` is what was packed and no member was given an array of its own."""
        return not self.stale and params == self.source

    def mark_zeroed(self) -> None:
        """The flat gradient was just zeroed: so is every member's."""
        self.zeroed = True
        for member in self.members:
            member.zeroed = True

    def penalized_part(self) -> tuple[np.ndarray, np.ndarray] | None:
        k = self.penalized_size
        return (self.tensor[:k], self.gradient[:k]) if k else None

    def __repr__(self) -> str:
        return (f"ParameterPack({len(self.members)} members, size={self.tensor.size}, "
                f"dtype={self.tensor.dtype})")
