"""Many parameters as views of one flat buffer, so that an optimizer steps them in one pass."""

import numpy as np

from .parameter import Parameter


class FlatParameters:
    """One flat `tensor` and `gradient` whose slices are the parameters' arrays.

    Building it copies every parameter into the flat buffers and rebinds its `.tensor` and
    `.gradient` to views of them, so a step over the flat arrays steps every parameter.
    Penalized parameters come first: penalties apply to the leading `penalized_size`
    elements. A parameter listed twice is held once.
    """

    def __init__(self, parameters: list[Parameter]):
        self.parameters = list(parameters)
        unique = list(dict.fromkeys(parameters))
        self.members = [p for p in unique if p.penalized] + [p for p in unique if not p.penalized]
        self.bounds: list[tuple[int, int]] = []
        size = 0
        for param in self.members:
            self.bounds.append((size, size + param.tensor.size))
            size += param.tensor.size
        self.penalized_size = sum(p.tensor.size for p in self.members if p.penalized)
        dtype = self.members[0].tensor.dtype
        self.tensor, self.gradient = np.zeros(size, dtype), np.zeros(size, dtype)
        for param, tensor, gradient in zip(self.members, self.split(self.tensor),
                                           self.split(self.gradient), strict=True):
            tensor[...], gradient[...] = param.tensor, param.gradient
            param.tensor, param.gradient = tensor, gradient
        self._views = [(p, p.tensor, p.gradient) for p in self.members]

    @classmethod
    def of(cls, parameters: list[Parameter]) -> "FlatParameters | None":
        """The flat buffers of `parameters`, or None unless they are arrays of one float dtype."""
        dtypes = {getattr(p.tensor, "dtype", None) for p in parameters}
        if len(dtypes) != 1 or getattr(dtypes.pop(), "kind", None) != "f":
            return None
        return cls(parameters)

    def holds(self, parameters: list[Parameter]) -> bool:
        """True while `parameters` are these and none was given an array of its own."""
        if parameters != self.parameters:
            return False
        for param, tensor, gradient in self._views:
            if param.tensor is not tensor or param.gradient is not gradient:
                return False
        return True

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        """The members' slices of `flat` (an array the size of the buffers), in their shapes."""
        return [flat[start:stop].reshape(param.tensor.shape)
                for param, (start, stop) in zip(self.members, self.bounds, strict=True)]

    def __repr__(self) -> str:
        return (f"FlatParameters({len(self.members)} parameters, size={self.tensor.size}, "
                f"dtype={self.tensor.dtype})")
