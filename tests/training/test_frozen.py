"""A FrozenModel reads a session's model at one step, whatever the session does after."""

import numpy as np
import pytest

from nnplayground.kernel import KernelChoice
from nnplayground.training import TrainingSession

from .helpers import hidden, make_spec


def same(a, b) -> bool:
    """Equal to the bit, through nested dicts and lists of arrays."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray | float):
        return np.array_equal(a, b, equal_nan=True)
    return a == b


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
def test_frozen_reads_equal_the_sessions_to_the_bit_and_stay_while_it_trains(kernel):
    dataset = {"name": "blobs", "classes": 3, "n_samples": 120, "seed": 2}
    kernels = KernelChoice(kernel)
    kernels.load()
    session = TrainingSession(make_spec(dataset, network=hidden(5, 3)), kernels=kernels)
    assert session.kernel == kernel
    session.run_epochs(2)
    reads = {"boundary": session.boundary(13), "neurons": session.neurons(7),
             "predict": session.predict([[0.5, -1.0]]), "model": session.model_json(),
             "confusion": session.confusion_matrix()}
    frozen = session.frozen()
    assert (frozen.step, frozen.epoch) == (session.step, session.epoch)

    session.run_epochs(3)  # training goes on; the frozen model does not move
    assert not same(session.boundary(13), reads["boundary"])
    assert same(frozen.boundary(13), reads["boundary"])
    assert same(frozen.neurons(7), reads["neurons"])
    assert same(frozen.predict([[0.5, -1.0]]), reads["predict"])
    assert same(frozen.model_json(), reads["model"])
    assert frozen.confusion_matrix() == reads["confusion"]


def test_frozen_model_npz_is_the_sessions():
    session = TrainingSession(make_spec({"name": "circle", "n_samples": 80}, network=hidden(3)))
    session.run_epochs(1)
    assert session.frozen().model_npz() == session.model_npz()
