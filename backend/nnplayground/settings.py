"""Server settings: where data lives, how many workers train, and how they pace it."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from nnplayground.limits import Limits

DATA_DIR_ENV = "NNPLAYGROUND_DATA_DIR"


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, "data"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    # Training threads. They share the GIL, so one already uses all the CPU small networks
    # can; more help only networks big enough for numpy to release the GIL, and cost the
    # API latency (benchmarks/server_bench.py, README "Server benchmark").
    workers: int = 1
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
    # Where running jobs train: "embedded" (threads of this process) or "ray" (Ray actors).
    runner: str = "embedded"
    # The Ray cluster to join ("auto", "host:port", "ray://host:port"); None starts a local
    # one. Only for runner="ray".
    ray_address: str | None = None
