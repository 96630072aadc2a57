"""Pictures of a 2-D model: the output over a grid (boundary) and every neuron's grid.

Grid points go through the same `InputPipeline.transform` as the training rows, so a
picture shows exactly what the trained network computes there. Pictures are numpy arrays
(NaN where the network gives no number) until the JSON encoder writes them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnplayground.data import grid
from nnplayground.engine import Learner, Sequential

from .inputs import PreparedData
from .model import ModelLayout
from .problem import Problem

# Inputs `(n, n_in)` -> (each hidden layer's activations `(n, units)`, the output `(n, k)`),
# in eval mode: the numpy engine's (layer_outputs_of) or the compiled kernel's.
LayerOutputs = Callable[[np.ndarray], tuple[list[np.ndarray], np.ndarray]]


class NotDrawableError(ValueError):
    """A grid was asked of data that is not 2-D (a wide upload)."""


def grid_inputs(data: PreparedData, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`(xs, ys, inputs)`: the grid's axes and the network inputs at its R*R points."""
    if not data.drawable:
        columns = len(data.dataset.columns)
        raise NotDrawableError(
            f"the data has {columns} input columns; pictures need 2-D data (2 columns)")
    xs, ys, points = grid(resolution, data.x_range, data.y_range)
    return xs, ys, data.pipeline.transform(points)


def output_picture(problem: Problem, outputs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """`(z, confidence)` per point: P(class 1) for binary, the class id and its probability
    for k classes, the value for regression."""
    if problem.kind == "regression":
        return outputs[:, 0], None
    probabilities = problem.probabilities(outputs)
    if problem.binary:
        return probabilities[:, 1], None
    return problem.predictions(outputs).astype(np.float64), probabilities.max(axis=1)


def boundary(
    learner: Learner, data: PreparedData, problem: Problem, resolution: int
) -> dict:
    xs, ys, inputs = grid_inputs(data, resolution)
    with np.errstate(all="ignore"):
        z, confidence = output_picture(problem, learner.predict(inputs))
    shape = (len(ys), len(xs))
    answer = {
        "x": xs,
        "y": ys,
        "z": z.reshape(shape),
        "kind": problem.kind,
        "classes": problem.classes,
    }
    if confidence is not None:
        answer["confidence"] = confidence.reshape(shape)
    return answer


def neurons(
    layers: LayerOutputs,
    data: PreparedData,
    problem: Problem,
    resolution: int,
    units_per_layer: int | None = None,
) -> dict:
    """Every network input, hidden neuron (after its activation) and the output, as grids;
    of a hidden layer only its first `units_per_layer` units (None: all), listed in `units`."""
    xs, ys, inputs = grid_inputs(data, resolution)
    shape = (len(ys), len(xs))
    with np.errstate(all="ignore"):
        hidden, output = layers(inputs)
        z, _ = output_picture(problem, output)
    shown = [shown_units(layer.shape[1], units_per_layer) for layer in hidden]

    def picture(column: np.ndarray) -> np.ndarray:
        return column.reshape(shape)

    return {
        "x": xs,
        "y": ys,
        "inputs": [
            {"name": name, "z": picture(inputs[:, i])}
            for i, name in enumerate(data.pipeline.names)
        ],
        "layers": [[picture(layer[:, unit]) for unit in units]
                   for layer, units in zip(hidden, shown, strict=True)],
        "units": shown,
        "output": picture(z),
    }


def rounded(neurons: dict, decimals: int) -> dict:
    """`neurons` with its pictures' values rounded: a picture needs few decimals, and its
    JSON gets 2-3x smaller."""
    return {**neurons,
            "inputs": [{**picture, "z": np.round(picture["z"], decimals)}
                       for picture in neurons["inputs"]],
            "layers": [[np.round(unit, decimals) for unit in layer]
                       for layer in neurons["layers"]],
            "output": np.round(neurons["output"], decimals)}


def shown_units(units: int, units_per_layer: int | None) -> list[int]:
    """The units of a layer of `units` drawn when a layer shows at most `units_per_layer`."""
    return list(range(units if units_per_layer is None else min(units, units_per_layer)))


def layer_outputs_of(model: Sequential, layout: ModelLayout) -> LayerOutputs:
    """The numpy engine's LayerOutputs of a model built by model.py."""
    def layers(X: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        outputs = layer_outputs(model, X)
        return [outputs[slot.activation] for slot in layout.hidden], outputs[-1]
    return layers


def layer_outputs(model: Sequential, X: np.ndarray) -> list[np.ndarray]:
    """The output of each layer of `model` for `X`, in eval mode (no dropout)."""
    was_training = model.training
    model.eval()
    try:
        outputs = []
        for layer in model.layers:
            X, _ = layer.forward(X)
            outputs.append(X)
        return outputs
    finally:
        model.train(was_training)
