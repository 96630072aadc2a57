"""What a job's session costs in memory, estimated from its spec, and the server's budget.

A session in memory holds its parameters with their gradients and optimizer state, the
layers' reused buffers for a training batch and an evaluation block, and its data. The
factors below were fitted (generously) to RSS measured per session: the largest allowed
shape (16x256, 5,000 samples, batch 1,000, Adam) ~130 MB while training, ~45 MB idle
(benchmarks/memory_bench.py). Sessions held in memory take their estimate from the budget;
a session that would not fit is refused (CapacityError) once idle sessions were unloaded.
So do the viewer sessions that draw past epochs, and a frozen copy of a model while a
request or a new watcher reads it.
"""

import ctypes
import ctypes.util
import gc
import threading
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from nnplayground.jobs.errors import CapacityError
from nnplayground.spec import JobSpec
from nnplayground.training.evaluation import EVALUATION_ROWS

MB = 2**20
FLOAT = 8
OPTIMIZER_STATES = {"sgd": 0, "momentum": 1, "rmsprop": 1, "adam": 2}
BATCH_BUFFERS = 4  # per unit and row of a batch: outputs, activations, their gradients
EVALUATION_BUFFERS = 2  # per unit and row of an evaluation block: outputs, activations
DATA_COPIES = 6  # raw rows, features, both splits, the evaluation stack, their targets
SESSION_OVERHEAD_MB = 2.0
MAX_OUTPUTS = 10  # output units: classes of the multi-class data sets, at most


@dataclass(frozen=True)
class Shape:
    """What the estimate needs beyond the spec: the data's rows and raw columns."""

    rows: int
    columns: int = 2


def estimate_mb(spec: JobSpec, shape: Shape) -> float:
    """Megabytes a session of `spec` holds at most (while training)."""
    states = OPTIMIZER_STATES.get(spec.training.optimizer, 2)
    # weights, gradients, optimizer state, and the checkpoint written from them
    parameter_bytes = FLOAT * parameter_count(spec, shape) * (3 + states)
    batch = min(spec.training.batch_size, shape.rows)
    buffer_bytes = FLOAT * unit_count(spec) * (
        BATCH_BUFFERS * batch + EVALUATION_BUFFERS * min(EVALUATION_ROWS, shape.rows))
    inputs = max(len(spec.features), shape.columns)
    data_bytes = FLOAT * shape.rows * (inputs + 2) * DATA_COPIES
    return SESSION_OVERHEAD_MB + (parameter_bytes + buffer_bytes + data_bytes) / MB


def frozen_mb(spec: JobSpec, shape: Shape) -> float:
    """Megabytes a frozen copy of a session's model holds while it is read (it shares the
    session's data): the copied weights, the model loaded from them, an evaluation block."""
    parameter_bytes = FLOAT * parameter_count(spec, shape) * 2
    buffer_bytes = FLOAT * unit_count(spec) * EVALUATION_BUFFERS * min(EVALUATION_ROWS,
                                                                         shape.rows)
    return (parameter_bytes + buffer_bytes) / MB


def parameter_count(spec: JobSpec, shape: Shape) -> int:
    inputs = max(len(spec.features), shape.columns)
    widths = [inputs, *(layer.units for layer in spec.network.hidden), MAX_OUTPUTS]
    return sum(n_in * n_out + n_out for n_in, n_out in pairwise(widths))


def unit_count(spec: JobSpec) -> int:
    return sum(layer.units for layer in spec.network.hidden) + MAX_OUTPUTS


class MemoryBudget:
    """Megabytes held by the sessions in memory, against `max_mb`."""

    def __init__(self, max_mb: float):
        self.max_mb = max_mb
        self._held: dict[str, float] = {}
        self._lock = threading.Lock()

    def used_mb(self) -> float:
        with self._lock:
            return sum(self._held.values())

    def reserve(self, job_id: str, mb: float, holder: str | None = None) -> None:
        """Hold `mb` for `job_id` (replacing what it held), or CapacityError naming the
        numbers and the `holder` (default: the job)."""
        with self._lock:
            others = sum(held for key, held in self._held.items() if key != job_id)
            if others + mb > self.max_mb:
                raise CapacityError(
                    f"{holder or 'job ' + job_id} needs about {mb:.0f} MB of memory, and "
                    f"{others:.0f} MB of "
                    f"the server's {self.max_mb:.0f} MB (max_memory_mb) are held by other "
                    "jobs' sessions; pause or delete some, or use a smaller network, "
                    "batch or data set")
            self._held[job_id] = mb

    def release(self, job_id: str) -> None:
        with self._lock:
            self._held.pop(job_id, None)


def settle_heap() -> None:
    """Move what is alive once the server has started (numpy, numba, FastAPI...) out of
    the collector's sight: the full collection in give_back_memory then scans only what
    came later. Unfrozen, it took ~0.15 s per delete with the GIL held."""
    gc.collect()
    gc.freeze()


@cache
def _libc_name() -> str | None:
    return ctypes.util.find_library("c")  # runs ldconfig: once, not per delete


def give_back_memory() -> None:
    """Return freed heap to the system (glibc keeps it otherwise: after unloading or
    deleting sessions, RSS stayed at its high-water mark); a no-op elsewhere."""
    gc.collect()  # a session's layers and closures refer to each other: cycles
    with suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(_libc_name()).malloc_trim(0)
