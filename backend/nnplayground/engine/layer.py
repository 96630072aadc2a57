"""The base of every layer: parameters, forward/backward, update, modes and state."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from inspect import signature

import numpy as np

from .parameter import Parameter

Backward = Callable[[np.ndarray], np.ndarray | None]


class Layer:
    """`forward(X) -> (Y, backward)`; `backward(dY)` adds to the parameters' gradients, returns dX.

    The article's contract, plus: `forward(X, input_grad=False)` lets a backward skip
    dX when nobody needs it (it then returns None); `train()`/`eval()` modes; and
    `state_dict()` named after the attributes that hold the parameters.
    """

    training = True

    def __init__(self):
        self.parameters: list[Parameter] = []

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        """A no-op layer: override me. (n, ...) -> (n, ...)"""
        return X, lambda dY: dY

    def build_param(self, tensor: np.ndarray, penalized: bool = False) -> Parameter:
        """A parameter for `tensor`, registered for the update step."""
        param = Parameter(tensor, penalized)
        self.parameters.append(param)
        return param

    def update(self, optimizer) -> None:
        """Applies `optimizer` to every parameter: the article's `optimizer.update(param)` one
        by one, or `optimizer.step(parameters)` for all at once when it has that (ours do)."""
        if hasattr(optimizer, "step"):
            optimizer.step(self.parameters)
            return
        for param in self.parameters:
            optimizer.update(param)

    def children(self) -> list[Layer]:
        return []

    def train(self, mode: bool = True) -> Layer:
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> Layer:
        return self.train(False)

    def named_parameters(self) -> dict[str, Parameter]:
        """Parameters by the attribute that holds them (their index when none does)."""
        attribute = {id(value): name for name, value in vars(self).items()
                     if isinstance(value, Parameter)}
        named: dict[str, Parameter] = {}
        for index, param in enumerate(self.parameters):
            if param not in named.values():
                named[attribute.get(id(param), str(index))] = param
        return named

    def state_dict(self) -> dict[str, np.ndarray]:
        return {name: param.tensor.copy() for name, param in self.named_parameters().items()}

    def load_state_dict(self, state: dict[str, np.ndarray]) -> None:
        """Copies `state` into the parameters' arrays (which stay the same objects)."""
        named = self.named_parameters()
        missing = sorted(set(named) - set(state))
        unexpected = sorted(set(state) - set(named))
        if missing or unexpected:
            raise ValueError(f"state_dict does not match the model: missing {missing}, "
                             f"unexpected {unexpected}")
        for name, param in named.items():
            value = np.asarray(state[name])
            if value.shape != param.tensor.shape:
                raise ValueError(f"state_dict[{name!r}] has shape {value.shape}, "
                                 f"expected {param.tensor.shape}")
            param.tensor[...] = value

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


@cache
def takes_input_grad(layer_type: type) -> bool:
    """True when `layer_type.forward` takes `input_grad` (layers written for the article do not)."""
    return "input_grad" in signature(layer_type.forward).parameters
