"""Session state as plain arrays for an npz file (never pickled), and back.

The learner's own state covers the model, optimizer, every random generator (dropout's
too) and the position in the epoch; the session adds its live hyperparameters and whether
it finished. Text is stored as UTF-8 bytes in a uint8 array,
so that the file loads with `allow_pickle=False` whatever the reader.
"""

from __future__ import annotations

import io

import numpy as np

from nnplayground.engine import load_npz, save_npz

LEARNER_PREFIX = "learner."
SESSION_PREFIX = "session."
SESSION_KEYS = ("batch_size", "learning_rate", "regularization_rate", "diverged", "finished",
                "finished_reason")


def text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8).copy()


def array_text(array: np.ndarray) -> str:
    return np.asarray(array, dtype=np.uint8).tobytes().decode("utf-8")


def pack(learner_state: dict[str, np.ndarray], session_state: dict[str, np.ndarray]) -> bytes:
    state = {LEARNER_PREFIX + key: value for key, value in learner_state.items()}
    state.update({SESSION_PREFIX + key: value for key, value in session_state.items()})
    buffer = io.BytesIO()
    save_npz(buffer, state)
    return buffer.getvalue()


def unpack(data: bytes) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """`(learner_state, session_state)` from `pack`'s bytes."""
    try:
        state = load_npz(io.BytesIO(data))
    except Exception as error:  # any unreadable file is the caller's bad input
        raise ValueError(f"checkpoint is not a readable npz file: {error}") from error
    learner = {k[len(LEARNER_PREFIX):]: v for k, v in state.items() if k.startswith(LEARNER_PREFIX)}
    session = {k[len(SESSION_PREFIX):]: v for k, v in state.items() if k.startswith(SESSION_PREFIX)}
    return learner, session
