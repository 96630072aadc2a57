"""A session's state as plain arrays in an npz file (never pickled), and back.

The learner's own state covers the model, optimizer, every random generator (dropout's
too) and the position in the epoch; the session adds its live hyperparameters and how it
finished, if it did. Text is stored as UTF-8 bytes in a uint8 array, so that the file
loads with `allow_pickle=False` whatever the reader.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from nnplayground.engine import load_npz, save_npz

from .stopping import Finish

LEARNER_PREFIX = "learner."
SESSION_PREFIX = "session."
SESSION_KEYS = ("batch_size", "learning_rate", "regularization_rate", "diverged", "finished",
                "finished_reason")


@dataclass(frozen=True)
class Checkpoint:
    learner_state: dict[str, np.ndarray]
    step: int
    epoch: int
    batch_size: int
    learning_rate: float
    regularization_rate: float
    finish: Finish | None

    def to_bytes(self) -> bytes:
        finish = self.finish
        session = {
            "step": np.array(self.step, dtype=np.int64),
            "epoch": np.array(self.epoch, dtype=np.int64),
            "batch_size": np.array(self.batch_size, dtype=np.int64),
            "learning_rate": np.array(self.learning_rate, dtype=np.float64),
            "regularization_rate": np.array(self.regularization_rate, dtype=np.float64),
            "diverged": np.array(finish is not None and finish.diverged),
            "finished": np.array(finish is not None),
            "finished_reason": text_array(finish.reason if finish else ""),
        }
        state = {LEARNER_PREFIX + key: value for key, value in self.learner_state.items()}
        state.update({SESSION_PREFIX + key: value for key, value in session.items()})
        buffer = io.BytesIO()
        save_npz(buffer, state)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, model_shapes: dict[str, tuple]) -> Checkpoint:
        """The checkpoint in `data`; ValueError unless it fits a model of `model_shapes`."""
        try:
            state = load_npz(io.BytesIO(data))
        except Exception as error:  # any unreadable file is the caller's bad input
            raise ValueError(f"checkpoint is not a readable npz file: {error}") from error
        learner = prefixed(state, LEARNER_PREFIX)
        session = prefixed(state, SESSION_PREFIX)
        check_fits(model_shapes, learner, session)
        finished = bool(session["finished"])
        finish = (Finish(array_text(session["finished_reason"]), bool(session["diverged"]))
                  if finished else None)
        return cls(learner, int(session.get("step", 0)), int(session.get("epoch", 0)),
                   int(session["batch_size"]), float(session["learning_rate"]),
                   float(session["regularization_rate"]), finish)


def check_fits(model_shapes: dict[str, tuple], learner: dict, session: dict) -> None:
    given = {key[len("model."):]: np.shape(value) for key, value in learner.items()
             if key.startswith("model.")}
    differing = [f"{key} {given.get(key)} (expected {model_shapes.get(key)})"
                 for key in sorted(model_shapes.keys() | given.keys())
                 if given.get(key) != model_shapes.get(key)]
    differing += [f"session.{key} missing" for key in SESSION_KEYS if key not in session]
    if differing:
        raise ValueError("checkpoint does not fit this session's spec: "
                         + "; ".join(differing[:5]))


def prefixed(state: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    return {key[len(prefix):]: value for key, value in state.items() if key.startswith(prefix)}


def text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8).copy()


def array_text(array: np.ndarray) -> str:
    return np.asarray(array, dtype=np.uint8).tobytes().decode("utf-8")
