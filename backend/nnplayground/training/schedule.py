"""When metric points are recorded: at each epoch's end, and in between in long epochs.

A long epoch (more than `LONG_EPOCH_STEPS` steps) is cut into up to ten equal parts,
each at least `LONG_EPOCH_STEPS` steps long, so that evaluating both splits never costs
more than a small share of the training time (an evaluation of a few thousand rows costs
about as much as five minibatch steps).

Marks are positions in the current epoch's permutation (samples used), not step counts,
so they stay put when the batch size changes mid-epoch, and the same training produces
the same points however its steps are split into `run` calls.
"""

LONG_EPOCH_STEPS = 50
MAX_PARTS = 10


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def steps_per_epoch(n_train: int, batch_size: int) -> int:
    return ceil_div(n_train, batch_size)


def point_positions(n_train: int, batch_size: int) -> list[int]:
    """Sample positions in an epoch at which a point is due (the last one is the epoch end)."""
    parts = min(MAX_PARTS, steps_per_epoch(n_train, batch_size) // LONG_EPOCH_STEPS)
    if parts <= 1:
        return [n_train]
    return [ceil_div(n_train * j, parts) for j in range(1, parts + 1)]


def steps_to_next_point(n_train: int, position: int, batch_size: int) -> int:
    """Minibatch steps from `position` (samples used in this epoch) to the next point."""
    mark = next(m for m in point_positions(n_train, batch_size) if m > position)
    return ceil_div(mark - position, batch_size)


def steps_to_epoch_end(n_train: int, position: int, batch_size: int) -> int:
    return ceil_div(n_train - position, batch_size)
