"""Layers applied in order; the backward replays their closures in reverse."""

from __future__ import annotations

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
        layers, Y, backprops = self.layers, X, []
        if not input_grad:
            # nobody wants dX: no backward up to the first trained layer, and no dX from it
            start = self._first_trained_layer()
            for layer in layers[:start]:
                Y, _ = layer.forward(Y)
            if start < len(layers):
                first = layers[start]
                Y, backprop = (first.forward(Y, input_grad=False)
                               if takes_input_grad(type(first)) else first.forward(Y))
                backprops.append(backprop)
            layers = layers[start + 1:]
        for layer in layers:
            Y, backprop = layer.forward(Y)
            backprops.append(backprop)
        backprops.reverse()

        def backward(dY: np.ndarray) -> np.ndarray | None:
            for backprop in backprops:
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
