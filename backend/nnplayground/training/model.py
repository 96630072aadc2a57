"""The network and optimizer a spec describes, built from the engine's parts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.choices import ACTIVATIONS, OPTIMIZERS, REGULARIZATIONS
from nnplayground.engine import Dropout, Linear, Optimizer, Sequential
from nnplayground.spec import HiddenLayer, NetworkSpec, TrainingSpec


@dataclass(frozen=True)
class HiddenSlot:
    """Where one hidden layer sits in `Sequential.layers`."""

    linear: int
    activation: int
    name: str
    units: int
    dropout: float


@dataclass(frozen=True)
class ModelLayout:
    hidden: list[HiddenSlot]
    output: int  # index of the output Linear


def build_model(
    n_inputs: int,
    network: NetworkSpec,
    output_units: int,
    init_rng: np.random.Generator,
    dropout_rng: np.random.Generator,
) -> tuple[Sequential, ModelLayout]:
    """Linear + activation (+ Dropout) per hidden layer, then the output Linear, in float64."""
    layers: list = []
    slots: list[HiddenSlot] = []
    width = n_inputs
    for hidden in network.hidden:
        slots.append(_append_hidden(layers, width, hidden, network.init, init_rng, dropout_rng))
        width = hidden.units
    layers.append(Linear(width, output_units, init=network.init, rng=init_rng))
    return Sequential(*layers), ModelLayout(slots, len(layers) - 1)


def _append_hidden(
    layers: list,
    inputs: int,
    hidden: HiddenLayer,
    init: str,
    init_rng: np.random.Generator,
    dropout_rng: np.random.Generator,
) -> HiddenSlot:
    layers.append(Linear(inputs, hidden.units, init=init, rng=init_rng))
    layers.append(ACTIVATIONS[hidden.activation]())
    slot = HiddenSlot(len(layers) - 2, len(layers) - 1, hidden.activation, hidden.units,
                      hidden.dropout)
    if hidden.dropout > 0:
        layers.append(Dropout(hidden.dropout, rng=dropout_rng))
    return slot


def build_optimizer(training: TrainingSpec) -> Optimizer:
    """The spec's optimizer; L1/L2 (weights only) through the optimizer's penalty."""
    build = OPTIMIZERS[training.optimizer]
    return build(training.learning_rate, training.momentum,
                 penalty=REGULARIZATIONS[training.regularization],
                 penalty_rate=training.regularization_rate)
