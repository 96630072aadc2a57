"""The seam between the job manager and whatever executes training.

The manager decides *what* a job does (status, persistence, events); a runner decides
*where and when* its slices of training run. `EmbeddedRunner` (embedded.py) runs them
in threads of this process; a distributed runner (Ray, say) would implement the same
three methods and call `SliceTrainer.train_slice` where the session lives. A runner
whose sessions live elsewhere (RayRunner, ray_runner.py) also implements the hooks
below, which the manager calls under the job's session lock; the embedded runner trains
only under that lock, so for it they do nothing (or train here).
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol

from nnplayground.jobs import slices
from nnplayground.training import TrainingSession


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

    def withdraw(self, job_id: str) -> None:
        """Before an action stops a running job (pause, reset, delete): stop training it
        where it trains and bring its state into the manager's session."""
        return

    def update(self, job_id: str, changes: dict) -> bool:
        """New live hyperparameters (and `speed`) for a job that may be training elsewhere;
        True when it trains elsewhere and its next report, soon, saves it (with the change)."""
        return False

    def step(self, job_id: str, session: TrainingSession, steps: int, seconds: float,
             stop: Callable[[], bool], record: Callable[[list[dict]], None]) -> str:
        """The bounded training of a `step` action on a resting job (slices.train_steps),
        wherever it runs, leaving `session` where the training left it; why it stopped."""
        return slices.train_steps(session, steps, seconds, stop, record)
