"""Spec factories for the training tests."""

import numpy as np

from nnplayground.data import Dataset
from nnplayground.spec import JobSpec


def make_spec(dataset: dict | None = None, **sections) -> JobSpec:
    """A JobSpec from a dataset dict and any other sections (`network=...`, `training=...`)."""
    return JobSpec.model_validate({"dataset": dataset or {"name": "circle"}, **sections})


def hidden(*units: int, activation: str = "tanh", dropout: float = 0.0) -> dict:
    return {"hidden": [{"units": u, "activation": activation, "dropout": dropout}
                       for u in units]}


def weights(session) -> dict[str, np.ndarray]:
    return session.model.state_dict()


def wide_upload(n: int = 120, seed: int = 3) -> Dataset:
    """Four columns; the class is the sign of a linear combination of them."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4)) * [1.0, 2.0, 0.5, 3.0] + [0.0, 5.0, -1.0, 2.0]
    score = X @ np.array([1.0, -0.5, 2.0, 0.3])
    y = (score > np.median(score)).astype(np.int64)
    return Dataset("wide.csv", X, y, "classification", 2, columns=["a", "b", "c", "d"])


def resolver(**uploads: Dataset):
    """A resolve_upload over a dict, raising KeyError for unknown ids like a store would."""
    return lambda upload_id: uploads[upload_id]
