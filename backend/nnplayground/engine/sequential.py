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
        backprops = []
        Y = X
        skipping = not input_grad  # no dX wanted: skip backwards up to the first trained layer
        for layer in self.layers:
            if skipping and not layer.parameters:
                Y, _ = layer.forward(Y)
                continue
            if skipping and takes_input_grad(type(layer)):
                Y, backprop = layer.forward(Y, input_grad=False)
            else:
                Y, backprop = layer.forward(Y)
            skipping = False
            backprops.append(backprop)
        backprops.reverse()

        def backward(dY: np.ndarray) -> np.ndarray | None:
            for backprop in backprops:
                dY = backprop(dY)
            return dY if input_grad else None

        return Y, backward

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
