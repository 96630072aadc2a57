"""TrainingSession: a job spec made runnable — data, model, loss, optimizer and a Learner.

The hot path is `run`: it hands the kernel whole chunks of steps (up to the next metric
point) through `_train_chunk`, the one place where steps are taken, and looks at the
chunk's losses once, so a session trains nearly as fast as the bare kernel. The kernel
(`binding`, from a KernelChoice) is the compiled one or the numpy engine's Learner; both
train the same arrays, so a provisional numpy binding moves over at a chunk boundary.
Evaluation (evaluation.py) happens only at metric points; when a run ends is decided by
the rules of stopping.py; checkpoints are checkpoint.py's.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np

from nnplayground.engine import Learner
from nnplayground.kernel import NUMPY, Binding, KernelChoice
from nnplayground.spec import JobSpec, WeightEdit

from . import pictures, schedule
from .checkpoint import Checkpoint
from .evaluation import Evaluation
from .frozen import FrozenModel, Weights
from .inputs import UploadResolver, prepare_data
from .model import build_model, build_optimizer
from .model_export import model_json, model_npz
from .problem import resolve_problem
from .projection import PcaAxes, projection
from .questions import answers, question_fields
from .stopping import Finish, StopRules, diverged_at
from .summary import SessionSummary
from .weight_edit import set_weight

# Steps per chunk when `run` has a time budget, so the clock is read often enough.
TIMED_CHUNK_STEPS = 64


class TrainingSession:
    """Builds everything a spec describes; `run` trains, the rest reads the model.

    Raises `FieldError(field, message)` for a spec that validates but cannot be built.
    """

    def __init__(self, spec: JobSpec, resolve_upload: UploadResolver | None = None,
                 kernels: KernelChoice = NUMPY):
        self.spec = spec
        training = spec.training
        points_kind = "regression" if training.problem == "regression" else "classification"
        self.data = prepare_data(spec, resolve_upload, points_kind)
        self.problem = resolve_problem(self.data.dataset, training.problem)
        self._pca: PcaAxes | None = None
        self.X_train, self.X_test = self.data.X_train, self.data.X_test
        self.Y_train = self.problem.targets(self.data.y_train)
        self.Y_test = self.problem.targets(self.data.y_test)
        self.n_train, self.n_test = len(self.X_train), len(self.X_test)
        self.evaluation = Evaluation(self.problem, self.X_train, self.X_test,
                                     self.data.y_train, self.data.y_test)
        self.stop_rules = StopRules(training.max_epochs, training.target_loss)

        # Separate streams: changing dropout or the data order never changes the init.
        init_seed, shuffle_seed, dropout_seed = np.random.SeedSequence(training.seed).spawn(3)
        self.model, self.layout = build_model(
            self.X_train.shape[1], spec.network, self.problem.output_units,
            np.random.default_rng(init_seed), np.random.default_rng(dropout_seed))
        self.optimizer = build_optimizer(training)
        self.learner = Learner(self.model, self.problem.loss, self.optimizer,
                               rng=np.random.default_rng(shuffle_seed))
        self.batch_size = training.batch_size
        self.finish: Finish | None = None
        self.kernels = kernels
        self.binding: Binding = kernels.bind(self.learner, self.batch_size)

    # --- state -------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return int(self.learner.step)

    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return int(self.learner.epoch)

    @property
    def epoch_position(self) -> int:
        """Samples used in the current (unfinished) epoch, in `[0, n_train)`."""
        return int(self.learner.epoch_position)

    @property
    def kernel(self) -> str:
        """"compiled" or "numpy": what trains this session now."""
        return self.binding.kernel

    @property
    def kernel_reason(self) -> str | None:
        """Why numpy trains it although the compiled kernel was wanted."""
        return self.binding.reason

    @property
    def finished(self) -> bool:
        """Diverged or completed: `run` trains no more."""
        return self.finish is not None

    @property
    def diverged(self) -> bool:
        return self.finish is not None and self.finish.diverged

    @property
    def finished_reason(self) -> str | None:
        return None if self.finish is None else self.finish.reason

    @property
    def summary(self) -> SessionSummary:
        data = self.data
        return SessionSummary(
            kind=self.problem.kind, classes=self.problem.classes,
            n_train=self.n_train, n_test=self.n_test, n_inputs=int(self.X_train.shape[1]),
            features=data.pipeline.names, columns=list(data.dataset.columns),
            steps_per_epoch=schedule.steps_per_epoch(self.n_train, self.batch_size),
            drawable=data.drawable, x_range=data.x_range, y_range=data.y_range)

    # --- training ----------------------------------------------------------------------

    def run(self, steps: int, seconds: float | None = None) -> list[dict]:
        """Train up to `steps` minibatch steps (and, if given, about `seconds` at most).

        Returns the metric points recorded meanwhile. Stops early when the run completes
        (max_epochs, target_loss) or diverges; a finished session trains no more.
        """
        if steps < 0:
            raise ValueError(f"steps must be >= 0, got {steps}")
        deadline = None if seconds is None else time.perf_counter() + seconds
        points: list[dict] = []
        remaining = steps
        while remaining > 0 and not self.finished:
            self.finish = self.stop_rules.epochs_done(self.epoch, self.step)
            if self.finished:
                break
            to_point = schedule.steps_to_next_point(
                self.n_train, self.epoch_position, self.batch_size)
            chunk = min(to_point, remaining)
            if deadline is not None:
                chunk = min(chunk, TIMED_CHUNK_STEPS)
            first_step = self.step
            losses = self._train_chunk(chunk)
            remaining -= chunk
            if not np.isfinite(losses).all():
                self.finish = diverged_at(first_step + 1 + int(np.argmin(np.isfinite(losses))))
                points.append(self.metric_point())
                break
            if chunk == to_point:
                point = self.metric_point()
                self.finish = self.stop_rules.at_point(point, self.n_test > 0, self.epoch,
                                                       self.step)
                points.append(point)
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return points

    def _train_chunk(self, steps: int) -> np.ndarray:
        """Take `steps` minibatch steps on the model; the loss of each step."""
        if self.binding.provisional and self.kernels.state != "compiling":
            self.binding = self.kernels.bind(self.learner, self.batch_size)
        with np.errstate(all="ignore"):
            return self.binding.trainer.run_steps(self.X_train, self.Y_train, steps,
                                                  self.batch_size)

    def run_epochs(self, n: int) -> list[dict]:
        """Exactly the steps that complete `n` more epochs at the current batch size."""
        if n < 1:
            raise ValueError(f"epochs must be >= 1, got {n}")
        to_end = schedule.steps_to_epoch_end(self.n_train, self.epoch_position, self.batch_size)
        full = schedule.steps_per_epoch(self.n_train, self.batch_size)
        return self.run(to_end + (n - 1) * full)

    def update(self, learning_rate: float | None = None,
               regularization_rate: float | None = None,
               batch_size: int | None = None) -> None:
        """Change hyperparameters between steps; a new batch size continues the epoch.

        The values are trusted: a request is validated once, before it gets here
        (`TrainingUpdate` and the server's limits).
        """
        if learning_rate is not None:
            self.optimizer.lr = float(learning_rate)
        if regularization_rate is not None:
            self.optimizer.penalty_rate = float(regularization_rate)
        if batch_size is not None and int(batch_size) != self.batch_size:
            self.batch_size = int(batch_size)
            self.binding = self.kernels.bind(self.learner, self.batch_size)

    # --- reading the model -------------------------------------------------------------

    def metric_point(self) -> dict:
        """Losses and accuracies now, as `run` records them (non-finite numbers are None)."""
        epoch = self.epoch + self.epoch_position / self.n_train
        return self.evaluation.measure(self.binding.trainer, self.step, epoch)

    def evaluate(self) -> dict:
        """The metric point's numbers plus the confusion matrix (test split, else train)."""
        outputs = self.evaluation.outputs(self.binding.trainer)
        return self.evaluation.metrics(outputs, self._point(outputs))

    def confusion_matrix(self) -> list[list[int]] | None:
        """The confusion matrix now (test split, else train); None for regression."""
        return self.evaluate()["confusion_matrix"]

    def _point(self, outputs: np.ndarray) -> dict:
        epoch = self.epoch + self.epoch_position / self.n_train
        return self.evaluation.point(outputs, self.step, epoch)

    def predict(self, points: Sequence[Sequence[float]] | None = None,
                rows: Sequence[Mapping] | None = None) -> dict:
        """Predictions, probabilities and class names for rows of raw input columns (the
        dataset's `columns`) or, `rows`, of values by field name."""
        return answers(self.binding.trainer, self.data, self.problem, points, rows)

    def questions(self) -> dict:
        """The fields a question to the model has (`questions.question_fields`)."""
        return question_fields(self.data, self.problem)

    def projection(self) -> dict:
        """Every row on the training inputs' two principal axes, labelled and predicted."""
        return projection(self.binding.trainer, self.data, self.problem, self.pca_axes())

    def pca_axes(self) -> PcaAxes:
        """The training inputs' two principal axes (fitted once)."""
        if self._pca is None:
            self._pca = PcaAxes.fit(self.data.X_train)
        return self._pca

    def boundary(self, resolution: int = 50) -> dict:
        """The output over a grid (2-D data only; else `NotDrawableError`)."""
        return pictures.boundary(self.binding.trainer, self.data, self.problem, resolution)

    def neurons(self, resolution: int = 20, units_per_layer: int | None = None) -> dict:
        """Inputs, every hidden neuron and the output over a grid (2-D data only)."""
        trainer = self.binding.trainer
        layers = (trainer.hidden_outputs if self.kernel == "compiled"
                  else pictures.layer_outputs_of(self.model, self.layout))
        return pictures.neurons(layers, self.data, self.problem, resolution, units_per_layer)

    def weights(self) -> Weights:
        """A copy of the parameters now: cheap, so take it under the job's lock and read a
        `FrozenModel` of it outside."""
        return Weights(self.model.state_dict(), self.step, self.epoch)

    def frozen(self) -> FrozenModel:
        return FrozenModel(self, self.weights())

    def set_weight(self, edit: WeightEdit) -> None:
        """One weight or bias set by hand (FieldError if it names none)."""
        set_weight(self.model, self.layout, edit)

    def model_json(self, units_per_layer: int | None = None) -> dict:
        return model_json(self.model, self.layout, self.data.pipeline, self.problem,
                          units_per_layer)

    def model_npz(self) -> bytes:
        return model_npz(self.model, self.layout, self.data.pipeline, self.problem,
                         self.data.dataset.class_labels)

    # --- checkpoints -------------------------------------------------------------------

    def checkpoint(self) -> bytes:
        """npz bytes from which `restore` continues this run to the bit."""
        return Checkpoint(self.learner.state_dict(), self.step, self.epoch, self.batch_size,
                          self.optimizer.lr, self.optimizer.penalty_rate,
                          self.finish).to_bytes()

    def restore(self, data: bytes) -> None:
        """Continue from `checkpoint()` bytes of a session with the same spec.

        A checkpoint that does not fit raises ValueError and leaves the session as it was.
        """
        shapes = {key: value.shape for key, value in self.model.state_dict().items()}
        saved = Checkpoint.from_bytes(data, shapes)
        self.learner.load_state_dict(saved.learner_state)
        self.update(learning_rate=saved.learning_rate,
                    regularization_rate=saved.regularization_rate,
                    batch_size=saved.batch_size)
        self.finish = saved.finish

    def __repr__(self) -> str:
        return (f"TrainingSession({self.data.dataset.name!r}, {self.problem.kind}, "
                f"step={self.step}, epoch={self.epoch}, finished={self.finished_reason!r})")
