"""TrainingSession: a job spec made runnable — data, model, loss, optimizer and a Learner.

The hot path is `run`: it hands the engine whole chunks of steps (up to the next metric
point) and looks at the chunk's losses once, so a session trains nearly as fast as the
bare engine. Evaluation happens only at metric points.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from nnplayground.engine import Learner
from nnplayground.spec import JobSpec, SpecError

from . import checkpoint as ckpt
from . import grids, schedule
from .export import model_json, model_npz
from .inputs import UploadResolver, prepare_data
from .jsonsafe import finite_lists, finite_or_none
from .model import build_model, build_optimizer
from .problem import resolve_problem

# Steps per chunk when `run` has a time budget, so the clock is read often enough.
TIMED_CHUNK_STEPS = 64


class TrainingSession:
    """Builds everything a spec describes; `run` trains, the rest reads the model.

    Raises `SpecError(field, message)` for a spec that validates but cannot be built.
    """

    def __init__(self, spec: JobSpec, resolve_upload: UploadResolver | None = None):
        self.spec = spec
        training = spec.training
        points_kind = "regression" if training.problem == "regression" else "classification"
        self.data = prepare_data(spec, resolve_upload, points_kind)
        self.problem = resolve_problem(self.data.dataset, training.problem)
        self.X_train, self.X_test = self.data.X_train, self.data.X_test
        self.Y_train = self.problem.targets(self.data.y_train)
        self.Y_test = self.problem.targets(self.data.y_test)
        self.n_train, self.n_test = len(self.X_train), len(self.X_test)
        # Both splits stacked, so that one forward pass evaluates them.
        self._X_all = np.concatenate([self.X_train, self.X_test])
        self._Y_all = np.concatenate([self.Y_train, self.Y_test])
        self._y_all = np.concatenate([self.data.y_train, self.data.y_test])

        # Separate streams: changing dropout or the data order never changes the init.
        init_seed, shuffle_seed, dropout_seed = np.random.SeedSequence(training.seed).spawn(3)
        self.model, self.layout = build_model(
            self.X_train.shape[1], spec.network, self.problem.output_units,
            np.random.default_rng(init_seed), np.random.default_rng(dropout_seed))
        self.optimizer = build_optimizer(training)
        self.learner = Learner(self.model, self.problem.loss, self.optimizer,
                               rng=np.random.default_rng(shuffle_seed))
        self.batch_size = training.batch_size
        self.diverged = False
        self.finished_reason: str | None = None

    # --- state -------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return int(self.learner.step)

    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return int(self.learner.epoch)

    @property
    def finished(self) -> bool:
        """Diverged or completed: `run` trains no more."""
        return self.finished_reason is not None

    @property
    def epoch_position(self) -> int:
        """Samples used in the current (unfinished) epoch, in `[0, n_train)`."""
        return int(self.learner.epoch_position)

    @property
    def summary(self) -> dict:
        data = self.data
        return {
            "kind": self.problem.kind,
            "classes": self.problem.classes,
            "n_train": self.n_train,
            "n_test": self.n_test,
            "n_inputs": int(self.X_train.shape[1]),
            "features": data.pipeline.names,
            "columns": list(data.dataset.columns),
            "steps_per_epoch": schedule.steps_per_epoch(self.n_train, self.batch_size),
            "drawable": data.drawable,
            "x_range": list(data.x_range) if data.x_range else None,
            "y_range": list(data.y_range) if data.y_range else None,
        }

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
        while remaining > 0 and not self.finished and not self._check_max_epochs():
            to_point = schedule.steps_to_next_point(
                self.n_train, self.epoch_position, self.batch_size)
            chunk = min(to_point, remaining)
            if deadline is not None:
                chunk = min(chunk, TIMED_CHUNK_STEPS)
            first_step = self.learner.step
            with np.errstate(all="ignore"):
                losses = self.learner.run_steps(self.X_train, self.Y_train, chunk,
                                                self.batch_size)
            remaining -= chunk
            if not np.isfinite(losses).all():
                self._diverge(first_step + 1 + int(np.argmin(np.isfinite(losses))))
                points.append(self.metric_point())
                break
            if chunk == to_point:
                points.append(self._point_and_checks())
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return points

    def run_epochs(self, n: int) -> list[dict]:
        """Exactly the steps that complete `n` more epochs at the current batch size."""
        if n < 1:
            raise ValueError(f"epochs must be >= 1, got {n}")
        to_end = schedule.steps_to_epoch_end(self.n_train, self.epoch_position, self.batch_size)
        full = schedule.steps_per_epoch(self.n_train, self.batch_size)
        return self.run(to_end + (n - 1) * full)

    def update(
        self,
        learning_rate: float | None = None,
        regularization_rate: float | None = None,
        batch_size: int | None = None,
    ) -> None:
        """Change hyperparameters between steps; a new batch size continues the epoch."""
        if learning_rate is not None:
            if not learning_rate > 0:
                raise ValueError(f"learning_rate must be > 0, got {learning_rate}")
            self.optimizer.lr = float(learning_rate)
        if regularization_rate is not None:
            if not regularization_rate >= 0:
                raise ValueError(f"regularization_rate must be >= 0, got {regularization_rate}")
            self.optimizer.penalty_rate = float(regularization_rate)
        if batch_size is not None:
            if int(batch_size) != batch_size or batch_size < 1:
                raise ValueError(f"batch_size must be an integer >= 1, got {batch_size}")
            self.batch_size = int(batch_size)

    def _point_and_checks(self) -> dict:
        point = self.metric_point()
        if point["train_loss"] is None or (self.n_test and point["test_loss"] is None):
            self._diverge(self.step)
        elif self._reached_target(point):
            target = self.spec.training.target_loss
            which = "test" if self.n_test else "train"
            self.finished_reason = (
                f"{which} loss {point[which + '_loss']:.6g} reached target_loss {target:g} "
                f"at step {self.step}")
        else:
            self._check_max_epochs()
        return point

    def _reached_target(self, point: dict) -> bool:
        target = self.spec.training.target_loss
        loss = point["test_loss"] if self.n_test else point["train_loss"]
        return target is not None and loss is not None and loss <= target

    def _check_max_epochs(self) -> bool:
        limit = self.spec.training.max_epochs
        if limit is not None and self.epoch >= limit and not self.finished:
            self.finished_reason = f"reached max_epochs ({limit}) at step {self.step}"
        return self.finished

    def _diverge(self, step: int) -> None:
        self.diverged = True
        self.finished_reason = f"loss became NaN/inf at step {step}; lower the learning rate"

    # --- reading the model -------------------------------------------------------------

    def metric_point(self) -> dict:
        """Losses and accuracies now, as `run` records them (non-finite numbers are None)."""
        return self._point_from(self._outputs())

    def evaluate(self) -> dict:
        """The metric point's numbers plus the confusion matrix (test split, else train)."""
        outputs = self._outputs()
        point = self._point_from(outputs)
        metrics = {key: point[key] for key in
                   ("train_loss", "test_loss", "train_accuracy", "test_accuracy")}
        metrics["confusion_matrix"] = None
        if self.problem.kind == "classification":
            rows = slice(self.n_train, None) if self.n_test else slice(0, self.n_train)
            metrics["confusion_matrix"] = self._confusion(outputs[rows], self._y_all[rows])
        return metrics

    def _outputs(self) -> np.ndarray:
        """Raw outputs on the train rows then the test rows, from one pass in eval mode."""
        with np.errstate(all="ignore"):
            return self.learner.predict(self._X_all)

    def _point_from(self, outputs: np.ndarray) -> dict:
        correct = (None if self.problem.kind == "regression"
                   else self.problem.predictions(outputs) == self._y_all)
        train, test = slice(0, self.n_train), slice(self.n_train, None)
        with np.errstate(all="ignore"):
            losses = self.problem.row_losses(outputs, self._Y_all)
            train_loss, train_accuracy = split_metrics(losses, correct, train)
            test_loss, test_accuracy = (split_metrics(losses, correct, test)
                                        if self.n_test else (None, None))
        return {
            "step": self.step,
            "epoch": self.epoch + self.epoch_position / self.n_train,
            "train_loss": train_loss,
            "test_loss": test_loss,
            "train_accuracy": train_accuracy,
            "test_accuracy": test_accuracy,
        }

    def _confusion(self, outputs: np.ndarray, y: np.ndarray) -> list[list[int]]:
        """`k x k` counts, rows the true class, columns the predicted."""
        k = self.problem.classes
        counts = np.zeros((k, k), dtype=np.int64)
        np.add.at(counts, (np.asarray(y, dtype=np.int64), self.problem.predictions(outputs)), 1)
        return counts.tolist()

    def predict(self, points: Sequence[Sequence[float]]) -> dict:
        """Predictions for rows of raw input columns (the dataset's `columns`)."""
        raw = self._raw_points(points)
        with np.errstate(all="ignore"):
            outputs = self.learner.predict(self.data.pipeline.transform(raw))
            predictions = self.problem.predictions(outputs)
            probabilities = self.problem.probabilities(outputs)
        return {
            "predictions": (predictions.tolist() if self.problem.kind == "classification"
                            else finite_lists(predictions)),
            "probabilities": None if probabilities is None else finite_lists(probabilities),
        }

    def _raw_points(self, points: Sequence[Sequence[float]]) -> np.ndarray:
        columns = self.data.dataset.columns
        try:
            raw = np.asarray(points, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise SpecError("points",
                            f"expected rows of {len(columns)} numbers: {error}") from error
        if raw.ndim != 2 or raw.shape[1] != len(columns) or len(raw) == 0:
            raise SpecError(
                "points",
                f"expected a non-empty list of rows of {len(columns)} numbers "
                f"({', '.join(columns)}), got shape {raw.shape}")
        if not np.isfinite(raw).all():
            raise SpecError("points", "every coordinate must be a finite number")
        return raw

    def boundary(self, resolution: int = 50) -> dict:
        """The output over a grid (2-D data only; else `NotDrawableError`)."""
        return grids.boundary(self.learner, self.data, self.problem, resolution)

    def neurons(self, resolution: int = 20) -> dict:
        """Inputs, every hidden neuron and the output over a grid (2-D data only)."""
        return grids.neurons(self.model, self.layout, self.data, self.problem, resolution)

    def model_json(self) -> dict:
        return model_json(self.model, self.layout, self.data.pipeline, self.problem)

    def model_npz(self) -> bytes:
        return model_npz(self.model, self.layout, self.data.pipeline, self.problem)

    # --- checkpoints -------------------------------------------------------------------

    def checkpoint(self) -> bytes:
        """npz bytes from which `restore` continues this run to the bit."""
        session = {
            "step": np.array(self.step, dtype=np.int64),
            "epoch": np.array(self.epoch, dtype=np.int64),
            "batch_size": np.array(self.batch_size, dtype=np.int64),
            "learning_rate": np.array(self.optimizer.lr, dtype=np.float64),
            "regularization_rate": np.array(self.optimizer.penalty_rate, dtype=np.float64),
            "diverged": np.array(self.diverged),
            "finished": np.array(self.finished),
            "finished_reason": ckpt.text_array(self.finished_reason or ""),
        }
        return ckpt.pack(self.learner.state_dict(), session)

    def restore(self, data: bytes) -> None:
        """Continue from `checkpoint()` bytes of a session with the same spec.

        A checkpoint that does not fit raises ValueError and leaves the session as it was.
        """
        learner_state, session = ckpt.unpack(data)
        self._check_fits(learner_state, session)
        self.learner.load_state_dict(learner_state)
        self.update(learning_rate=float(session["learning_rate"]),
                    regularization_rate=float(session["regularization_rate"]),
                    batch_size=int(session["batch_size"]))
        self.diverged = bool(session["diverged"])
        reason = ckpt.array_text(session["finished_reason"])
        self.finished_reason = reason if bool(session["finished"]) else None

    def _check_fits(self, learner_state: dict, session: dict) -> None:
        expected = {key: value.shape for key, value in self.model.state_dict().items()}
        given = {key[len("model."):]: np.shape(value) for key, value in learner_state.items()
                 if key.startswith("model.")}
        differing = [f"{key} {given.get(key)} (expected {expected.get(key)})"
                     for key in sorted(expected.keys() | given.keys())
                     if given.get(key) != expected.get(key)]
        differing += [f"session.{key} missing" for key in ckpt.SESSION_KEYS
                      if key not in session]
        if differing:
            raise ValueError("checkpoint does not fit this session's spec: "
                             + "; ".join(differing[:5]))

    def __repr__(self) -> str:
        return (f"TrainingSession({self.data.dataset.name!r}, {self.problem.kind}, "
                f"step={self.step}, epoch={self.epoch}, finished={self.finished_reason!r})")


def split_metrics(losses: np.ndarray, correct: np.ndarray | None, rows: slice
                  ) -> tuple[float | None, float | None]:
    """(mean loss, accuracy) over `rows`; no accuracy for regression or a non-finite loss."""
    loss = finite_or_none(losses[rows].mean())
    if correct is None or loss is None:
        return loss, None
    return loss, float(correct[rows].mean())
