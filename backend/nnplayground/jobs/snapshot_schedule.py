"""When a job keeps a snapshot of its weights, and which snapshot goes when it has too many.

Log-spaced moments: a snapshot is due once the epoch has grown by a factor since the last
one, and the factor widens as the run gets longer, so that every epoch is kept early on
(when the boundary changes most) and ever fewer later. Over its cap a job drops, one at a
time, the snapshot whose neighbours are closest on the log scale, so the rest stay
log-spaced; the first (the initial weights) and the latest are never dropped.
"""

import math

from nnplayground.training import TrainingSession, schedule


def next_due(last_epoch: int | None, cap: int) -> int:
    """The epoch at which the next snapshot is due, after one at `last_epoch` (None: none
    yet, so the very first is due at once)."""
    if last_epoch is None:
        return 0
    gap = math.log(last_epoch + 2) / max(cap - 1, 1)  # log-spacing that `cap` would keep
    return max(last_epoch + 1, math.ceil((last_epoch + 1) * math.exp(gap)) - 1)


def steps_until(session: TrainingSession, due: int) -> int | None:
    """Steps from where `session` is to the end of epoch `due`, so that a slice stops there
    (None: it is there or past it already)."""
    if session.epoch >= due:
        return None
    to_end = schedule.steps_to_epoch_end(session.n_train, session.epoch_position,
                                         session.batch_size)
    per_epoch = schedule.steps_per_epoch(session.n_train, session.batch_size)
    return to_end + (due - session.epoch - 1) * per_epoch


def thinned(epochs: list[int], cap: int) -> list[int]:
    """The indices into `epochs` (ascending) to drop so that at most `cap` remain."""
    kept = list(range(len(epochs)))
    dropped = []
    while len(kept) > max(cap, 2):
        position = min(range(1, len(kept) - 1), key=lambda i: log_span(epochs, kept, i))
        dropped.append(kept.pop(position))
    return sorted(dropped)


def log_span(epochs: list[int], kept: list[int], i: int) -> float:
    """How far apart, on the log scale, the neighbours of kept[i] are."""
    return math.log1p(epochs[kept[i + 1]]) - math.log1p(epochs[kept[i - 1]])
