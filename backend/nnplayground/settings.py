"""Server settings: where data lives, how many workers train, and how they pace it."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from nnplayground.limits import Limits

DATA_DIR_ENV = "NNPLAYGROUND_DATA_DIR"
KERNEL_ENV = "NNPLAYGROUND_KERNEL"


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, "data"))


def default_kernel() -> str:
    return os.environ.get(KERNEL_ENV, "compiled")


def default_workers() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    # Training threads, one per core: the compiled kernel trains without the GIL. (On the
    # numpy kernel they share the GIL, and more than one helps only big networks.)
    workers: int = field(default_factory=default_workers)
    # "compiled" (numba; numpy until it has compiled, and for what it does not cover) or
    # "numpy" (the engine alone).
    kernel: str = "compiled"
    limits: Limits = field(default_factory=Limits)
    # A worker trains a job for this long, then moves on to the next (round-robin).
    slice_seconds: float = 0.005
    # How long a thread may hold the GIL while another waits for it (sys.setswitchinterval)
    # while the server trains: the event loop's worst wait for each GIL hand-over.
    switch_interval: float = 0.001
    # Running jobs are checkpointed this often (and on pause, step, end and shutdown).
    checkpoint_seconds: float = 5.0
    # Watchers of a running 2-D job get its decision boundary this often.
    boundary_seconds: float = 0.25
    # Most metrics messages a second to one WebSocket client (coalesced beyond).
    stream_messages_per_second: float = 30.0
