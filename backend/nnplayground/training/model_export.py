"""A trained model for others to use: its weights as JSON (copies, as numpy arrays until
the encoder writes them), or an npz file."""

from __future__ import annotations

import io

import numpy as np

from nnplayground.engine import Sequential, save_npz

from .inputs import InputPipeline
from .model import ModelLayout
from .problem import Problem


def model_json(
    model: Sequential, layout: ModelLayout, pipeline: InputPipeline, problem: Problem,
    units_per_layer: int | None = None,
) -> dict:
    """Weights `(inputs, units)` and biases per layer, and how inputs are made from columns.

    With `units_per_layer` (a big network as the page draws it: its first units of each
    hidden layer) a layer after the first, and the output, keep only the weights between the
    units shown; the first hidden layer keeps all its weights (from the inputs, which are all
    shown: image data show them as pictures). `units` stays the layer's true size."""
    layers = model.layers

    def dense(index: int, activation: str, rows: int | None, columns: int | None,
              **extra) -> dict:
        linear = layers[index]
        return {
            # copies: training goes on after the answer
            "weights": linear.weights.tensor[:rows, :columns].copy(),
            "bias": linear.bias.tensor[:columns].copy(),
            "activation": activation,
            "units": int(linear.bias.tensor.shape[0]),
            **extra,
        }

    rows = None  # the first layer's inputs: every one
    hidden = []
    for position, slot in enumerate(layout.hidden):
        columns = None if position == 0 else units_per_layer
        hidden.append(dense(slot.linear, slot.name, rows, columns, dropout=slot.dropout))
        rows = units_per_layer
    return {
        "kind": problem.kind,
        "classes": problem.classes,
        "columns": list(pipeline.columns),
        "features": pipeline.names,
        "standardize": standardizer_json(pipeline),
        "layers": hidden,
        "output": dense(layout.output, problem.output_activation, rows, None),
    }


def standardizer_json(pipeline: InputPipeline) -> dict | None:
    if pipeline.standardizer is None:
        return None
    return {
        "mean": pipeline.standardizer.mean,
        "std": pipeline.standardizer.std,
    }


NPZ_README = """nnplayground model (numpy .npz). Run it with numpy alone:
1. rows: one float per raw column, in the order of `columns` (shape (n, len(columns))).
2. inputs: with two columns, x1 is the first and x2 the second, and the inputs are
   `features` in the order listed, from: x1, x2, x1^2 = x1*x1, x2^2, x1*x2, sin(x1),
   sin(x2); with more columns the inputs are the columns as they are (`features` equals
   `columns` then).
3. if `standardize.mean` is present: inputs = (inputs - standardize.mean) / standardize.std.
4. for i, key in enumerate(layers): h = h @ W + b with W = `{key}.weights` (inputs, units)
   and b = `{key}.bias`, then activations[i]: tanh, relu = max(h, 0), leaky_relu =
   max(h, 0.01*h), sigmoid = 1/(1+exp(-h)), linear = h, softmax over each row. Dropout only
   trains: nothing to do here. The last layer is the output.
5. answers (`kind`): regression: the output's one column; binary classification: P(class 1)
   = the sigmoid output, class = (P >= 0.5); k classes: argmax of the softmax. A class id i
   stands for the original label class_labels[i].
"""


def model_npz(
    model: Sequential, layout: ModelLayout, pipeline: InputPipeline, problem: Problem,
    class_labels: list | None = None,
) -> bytes:
    """The model's state_dict (`"0.weights"`, ...) plus everything needed to use it with
    numpy alone, described by its own `README` key (NPZ_README)."""
    state = dict(model.state_dict())
    state["README"] = np.array(NPZ_README)
    state["kind"] = np.array(problem.kind)
    state["layers"] = np.array([str(slot.linear) for slot in layout.hidden]
                               + [str(layout.output)])
    state["features"] = np.array(pipeline.names)
    state["columns"] = np.array(pipeline.columns)
    state["activations"] = np.array(
        [str(slot.name) for slot in layout.hidden] + [problem.output_activation])
    if class_labels is not None:
        state["class_labels"] = np.asarray(class_labels)
    if pipeline.standardizer is not None:
        state["standardize.mean"] = np.asarray(pipeline.standardizer.mean, dtype=np.float64)
        state["standardize.std"] = np.asarray(pipeline.standardizer.std, dtype=np.float64)
    buffer = io.BytesIO()
    save_npz(buffer, state)
    return buffer.getvalue()
