"""Pictures of a 2-D model: the output over a grid (boundary) and every neuron's grid.

Grid points go through the same `InputPipeline.transform` as the training rows, so a
picture shows exactly what the trained network computes there. Pictures are numpy arrays
(NaN where the network gives no number) until the JSON encoder writes them.
"""

from __future__ import annotations

import numpy as np

from nnplayground.data import grid
from nnplayground.engine import Learner, Sequential

from .inputs import PreparedData
from .model import ModelLayout
from .problem import Problem


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
    model: Sequential,
    layout: ModelLayout,
    data: PreparedData,
    problem: Problem,
    resolution: int,
) -> dict:
    """Every network input, hidden neuron (after its activation) and the output, as grids."""
    xs, ys, inputs = grid_inputs(data, resolution)
    shape = (len(ys), len(xs))
    with np.errstate(all="ignore"):
        outputs = layer_outputs(model, inputs)
        z, _ = output_picture(problem, outputs[-1])

    def picture(column: np.ndarray) -> np.ndarray:
        return column.reshape(shape)

    return {
        "x": xs,
        "y": ys,
        "inputs": [
            {"name": name, "z": picture(inputs[:, i])}
            for i, name in enumerate(data.pipeline.names)
        ],
        "layers": [
            [picture(outputs[slot.activation][:, unit]) for unit in range(slot.units)]
            for slot in layout.hidden
        ],
        "output": picture(z),
    }


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
