"""npz files: round trips, and never a pickle."""

import io

import numpy as np
import pytest

from nnplayground.engine import Linear, Sequential, Tanh, load_npz, save_npz


def test_model_round_trip_through_a_path(tmp_path, rng):
    model = Sequential(Linear(3, 4, rng=rng), Tanh(), Linear(4, 2, rng=rng))
    save_npz(tmp_path / "model.npz", model.state_dict())
    loaded = load_npz(tmp_path / "model.npz")
    assert list(loaded) == list(model.state_dict())
    twin = Sequential(Linear(3, 4), Tanh(), Linear(4, 2))
    twin.load_state_dict(loaded)
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(twin.state_dict()[name], value)


def test_saving_an_object_array_is_refused():
    with pytest.raises(ValueError, match=r"'bad'.*pickling"):
        save_npz(io.BytesIO(), {"bad": np.array([{"a": 1}], dtype=object)})


def test_loading_never_unpickles(tmp_path):
    class Boom:
        def __reduce__(self):
            return (print, ("unpickled!",))

    path = tmp_path / "evil.npz"
    np.savez(path, evil=np.array([Boom()], dtype=object))  # numpy pickles object arrays
    with pytest.raises(ValueError, match="pickle"):
        load_npz(path)


def test_strings_and_scalars_survive():
    buffer = io.BytesIO()
    save_npz(buffer, {"text": np.array('{"a": 1}'), "count": np.array(3, np.int64)})
    buffer.seek(0)
    loaded = load_npz(buffer)
    assert str(loaded["text"]) == '{"a": 1}' and int(loaded["count"]) == 3
