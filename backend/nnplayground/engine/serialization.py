"""State to and from .npz files, and random generators' state as plain arrays. Never pickles."""

import json
from typing import IO

import numpy as np

File = str | IO[bytes]


def save_npz(file: File, state: dict[str, np.ndarray]) -> None:
    """Writes `state` (plain, non-object arrays) to a path or binary file object."""
    arrays = {}
    for name, value in state.items():
        array = np.asarray(value)
        if array.dtype.hasobject:
            raise ValueError(f"save_npz: {name!r} is an object array, which would need pickling")
        arrays[name] = array
    np.savez(file, **arrays)


def load_npz(file: File) -> dict[str, np.ndarray]:
    """Reads what save_npz wrote; refuses object arrays (allow_pickle=False)."""
    with np.load(file, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def _plain(value):
    if isinstance(value, np.ndarray):
        return {"__ndarray__": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value.item() if isinstance(value, np.generic) else value


def _arrays(value):
    if isinstance(value, dict):
        if "__ndarray__" in value:
            return np.array(value["__ndarray__"], dtype=value["dtype"])
        return {key: _arrays(item) for key, item in value.items()}
    return value


def rng_state(rng: np.random.Generator | None) -> np.ndarray:
    """The generator's state (numpy's global one for None) as a 0-d string array."""
    state = np.random.get_state(legacy=False) if rng is None else rng.bit_generator.state
    return np.array(json.dumps(_plain(state)))


def set_rng_state(rng: np.random.Generator | None, state: np.ndarray) -> None:
    """Puts back what rng_state returned."""
    value = _arrays(json.loads(str(state)))
    if rng is None:
        np.random.set_state(value)
    else:
        rng.bit_generator.state = value
