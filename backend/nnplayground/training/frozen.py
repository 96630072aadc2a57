"""FrozenModel: a session's model at one step, read without holding the session.

Pictures, predictions and weight downloads of a big network take a while. Taken under
the job's session lock, `Weights` is only a copy of the parameter arrays (cheap); the
FrozenModel built from it outside the lock answers every read a TrainingSession answers
about its model, so a slow picture never holds training or control of the job. Snapshots
of past epochs make one from their stored weights the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nnplayground.engine import Learner

from . import pictures
from .model import build_model, build_optimizer
from .model_export import model_json, model_npz
from .projection import projection
from .questions import answers, question_fields

if TYPE_CHECKING:
    from .session import TrainingSession


@dataclass(frozen=True)
class Weights:
    """The model's parameters (`Sequential.state_dict` names, copies) at a step."""

    state: dict[str, np.ndarray]
    step: int
    epoch: int


class FrozenModel:
    """`session`'s data, problem and kernel with `weights`: its reads, on a model of its own."""

    def __init__(self, session: TrainingSession, weights: Weights):
        self.spec = spec = session.spec
        self.data, self.problem, self.evaluation = session.data, session.problem, session.evaluation
        self.step, self.epoch = weights.step, weights.epoch
        self.pca_axes = session.pca_axes  # fitted once per session, on its training inputs
        no_rng = np.random.default_rng(0)  # the weights are loaded over the initial ones
        self.model, self.layout = build_model(
            session.X_train.shape[1], spec.network, session.problem.output_units, no_rng, no_rng)
        self.model.load_state_dict(weights.state)
        learner = Learner(self.model, session.problem.loss, build_optimizer(spec.training))
        self.kernel = session.kernel  # the same numbers as the session's own reads
        self.trainer = (session.kernels.bind(learner, session.batch_size).trainer
                        if self.kernel == "compiled" else learner)

    def boundary(self, resolution: int = 50) -> dict:
        return pictures.boundary(self.trainer, self.data, self.problem, resolution)

    def neurons(self, resolution: int = 20, units_per_layer: int | None = None) -> dict:
        layers = (self.trainer.hidden_outputs if self.kernel == "compiled"
                  else pictures.layer_outputs_of(self.model, self.layout))
        return pictures.neurons(layers, self.data, self.problem, resolution, units_per_layer)

    def predict(self, points: Sequence[Sequence[float]] | None = None,
                rows: Sequence[Mapping] | None = None) -> dict:
        return answers(self.trainer, self.data, self.problem, points, rows)

    def questions(self) -> dict:
        return question_fields(self.data, self.problem)

    def projection(self) -> dict:
        return projection(self.trainer, self.data, self.problem, self.pca_axes())

    def confusion_matrix(self) -> list[list[int]] | None:
        """As `TrainingSession.confusion_matrix` (test split, else train)."""
        return self.evaluation.confusion_matrix(self.evaluation.outputs(self.trainer))

    def model_json(self, units_per_layer: int | None = None) -> dict:
        return model_json(self.model, self.layout, self.data.pipeline, self.problem,
                          units_per_layer)

    def model_npz(self) -> bytes:
        return model_npz(self.model, self.layout, self.data.pipeline, self.problem,
                         self.data.dataset.class_labels)
