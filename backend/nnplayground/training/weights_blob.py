"""A model's weights as compact bytes (float32, zlib-compressed) for snapshots, and back.

Parameters go in the order of their sorted names, so the bytes need no header: a model
built from the same spec has the same names and shapes. float32 keeps ~7 digits, plenty
for pictures of a past epoch, at half the size of the checkpoints' float64.
"""

import zlib

import numpy as np

from nnplayground.engine import Layer

COMPRESSION_LEVEL = 6


def encode(model: Layer) -> bytes:
    state = model.state_dict()
    with np.errstate(over="ignore"):  # weights beyond float32 (a run diverging) are inf
        flat = [np.asarray(state[name], dtype=np.float32).ravel() for name in sorted(state)]
    vector = np.concatenate(flat) if flat else np.zeros(0, dtype=np.float32)
    return zlib.compress(vector.tobytes(), COMPRESSION_LEVEL)


def raw_size(model: Layer) -> int:
    """Bytes of one snapshot before compression (what the per-job budget counts)."""
    return 4 * sum(param.tensor.size for param in model.named_parameters().values())


def load_into(model: Layer, data: bytes) -> None:
    """Copy the weights in `data` (from `encode` of a model like this one) into `model`;
    ValueError if they do not fit it."""
    shapes = {name: value.shape for name, value in model.state_dict().items()}
    vector = np.frombuffer(zlib.decompress(data), dtype=np.float32)
    needed = sum(int(np.prod(shape)) for shape in shapes.values())
    if vector.size != needed:
        raise ValueError(f"snapshot holds {vector.size} weights; this model has {needed}")
    state, start = {}, 0
    for name in sorted(shapes):
        size = int(np.prod(shapes[name]))
        state[name] = vector[start:start + size].astype(np.float64).reshape(shapes[name])
        start += size
    model.load_state_dict(state)
