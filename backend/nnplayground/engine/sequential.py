"""Layers applied in order; the backward replays their closures in reverse."""

import numpy as np

from .layer import Backward, Layer, takes_input_grad


class Sequential(Layer):
    """Y = layers[-1](... layers[0](X)). State names are "<index>.<name>": "0.weights", "0.bias"."""

    def __init__(self, *layers: Layer):
        super().__init__()
        for index, layer in enumerate(layers):
            if not callable(getattr(layer, "forward", None)):
                raise ValueError(f"Sequential layer {index} ({layer!r}) has no forward method")
        self.layers = list(layers)
        for layer in self.layers:
            self.parameters.extend(layer.parameters)

    def children(self) -> list[Layer]:
        return self.layers

    def forward(self, X: np.ndarray, input_grad: bool = True) -> tuple[np.ndarray, Backward]:
        # Without input_grad, the backward stops at the first layer that has parameters.
        first = 0 if input_grad else self._first_trained_layer()
        backprops = []
        Y = X
        for index, layer in enumerate(self.layers):
            if index == first and not input_grad and takes_input_grad(type(layer)):
                Y, backprop = layer.forward(Y, input_grad=False)
            else:
                Y, backprop = layer.forward(Y)
            backprops.append(backprop)
        del backprops[:first]

        def backward(dY: np.ndarray) -> np.ndarray | None:
            for backprop in reversed(backprops):
                dY = backprop(dY)
            return dY if input_grad else None

        return Y, backward

    def _first_trained_layer(self) -> int:
        for index, layer in enumerate(self.layers):
            if layer.parameters:
                return index
        return len(self.layers)

    def named_parameters(self) -> dict:
        named = {}
        for index, layer in enumerate(self.layers):
            for name, param in layer.named_parameters().items():
                if param not in named.values():
                    named[f"{index}.{name}"] = param
        return named

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential({inner})"
