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
    model: Sequential, layout: ModelLayout, pipeline: InputPipeline, problem: Problem
) -> dict:
    """Weights `(inputs, units)` and biases per layer, and how inputs are made from columns."""
    layers = model.layers

    def dense(index: int, activation: str, **extra) -> dict:
        linear = layers[index]
        return {
            "weights": linear.weights.tensor.copy(),  # training goes on after the answer
            "bias": linear.bias.tensor.copy(),
            "activation": activation,
            "units": int(linear.bias.tensor.shape[0]),
            **extra,
        }

    return {
        "kind": problem.kind,
        "classes": problem.classes,
        "columns": list(pipeline.columns),
        "features": pipeline.names,
        "standardize": standardizer_json(pipeline),
        "layers": [
            dense(slot.linear, slot.name, dropout=slot.dropout) for slot in layout.hidden
        ],
        "output": dense(layout.output, problem.output_activation),
    }


def standardizer_json(pipeline: InputPipeline) -> dict | None:
    if pipeline.standardizer is None:
        return None
    return {
        "mean": pipeline.standardizer.mean,
        "std": pipeline.standardizer.std,
    }


def model_npz(
    model: Sequential, layout: ModelLayout, pipeline: InputPipeline, problem: Problem
) -> bytes:
    """The model's state_dict (`"0.weights"`, ...) plus the names needed to use it."""
    state = dict(model.state_dict())
    state["features"] = np.array(pipeline.names)
    state["columns"] = np.array(pipeline.columns)
    state["activations"] = np.array(
        [slot.name for slot in layout.hidden] + [problem.output_activation])
    if pipeline.standardizer is not None:
        state["standardize.mean"] = np.asarray(pipeline.standardizer.mean, dtype=np.float64)
        state["standardize.std"] = np.asarray(pipeline.standardizer.std, dtype=np.float64)
    buffer = io.BytesIO()
    save_npz(buffer, state)
    return buffer.getvalue()
