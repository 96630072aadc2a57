"""The seam between the job manager and whatever executes training.

The manager decides *what* a job does (status, persistence, events); a runner decides
*where and when* its slices of training run. `EmbeddedRunner` (embedded.py) runs them
in threads of this process; a distributed runner (Ray, say) would implement the same
three methods and call `SliceTrainer.train_slice` where the session lives.
"""

from abc import ABC, abstractmethod
from typing import Protocol


class SliceTrainer(Protocol):
    def train_slice(self, job_id: str, seconds: float) -> bool:
        """Train `job_id` for about `seconds`; True while it should keep running."""
        ...


class Runner(ABC):
    @abstractmethod
    def start(self, trainer: SliceTrainer) -> None:
        """Begin driving submitted jobs through `trainer`."""

    @abstractmethod
    def submit(self, job_id: str) -> None:
        """Drive `job_id` until its slices say it stops running (idempotent)."""

    @abstractmethod
    def stop(self, timeout: float = 5.0) -> None:
        """Finish the slices in progress and stop; jobs stay as their last slice left them."""

    def stalled_seconds(self) -> float:
        """How long the oldest slice in progress has been running (0 if none is): the
        health check's heartbeat, since a slice lasts milliseconds."""
        return 0.0
