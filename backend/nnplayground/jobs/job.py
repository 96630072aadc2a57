"""A live job: its record, its metrics history and (once built) its training session.

Two locks, always taken in this order:
- `session_lock` while anything trains or reads the model (slices, steps, grids,
  checkpoints, status changes), so actions wait for at most one slice;
- `state_lock` for the record and history only, held for microseconds, so REST reads
  and WebSocket snapshots never wait for training.
"""

import dataclasses
import threading
import time

from nnplayground.jobs.history import MetricsHistory
from nnplayground.jobs.record import JobRecord
from nnplayground.jobs.status import JobStatus
from nnplayground.training import TrainingSession

FIRST_SLICE_STEPS = 8


class Job:
    def __init__(self, record: JobRecord, history: MetricsHistory):
        self.record = record
        self.history = history
        self.session: TrainingSession | None = None
        self.session_lock = threading.RLock()
        self.state_lock = threading.Lock()
        self.deleted = False
        # What the store already has, so a checkpoint writes only new metric points.
        self.saved_generation = history.generation
        self.saved_step = history.last_step
        self.last_checkpoint = time.monotonic()
        self.last_boundary = 0.0
        self.seconds_per_step: float | None = None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def status(self) -> JobStatus:
        return self.record.status

    def public(self) -> dict:
        """The job object of the API."""
        with self.state_lock:
            return public_record(self.record)

    def snapshot(self) -> tuple[dict, dict]:
        """`(job object, whole history)`, consistent with each other."""
        with self.state_lock:
            return public_record(self.record), self.history.since(None)

    def copy_record(self) -> JobRecord:
        with self.state_lock:
            return self.copy_record_locked()

    def copy_record_locked(self) -> JobRecord:
        return dataclasses.replace(self.record, metrics=dict(self.record.metrics))

    def slice_steps(self, seconds: float) -> int:
        """How many steps take `seconds` of CPU, from the pace of the previous slices."""
        if self.seconds_per_step is None:
            return FIRST_SLICE_STEPS
        return max(1, round(seconds / self.seconds_per_step))

    def observe_pace(self, steps: int, seconds: float) -> None:
        if steps <= 0:
            return
        pace = seconds / steps
        previous = self.seconds_per_step
        self.seconds_per_step = pace if previous is None else 0.7 * previous + 0.3 * pace


def public_record(record: JobRecord) -> dict:
    return {
        "id": record.id,
        "name": record.name,
        "status": record.status.value,
        "step": record.step,
        "epoch": record.epoch,
        "spec": record.spec.model_dump(mode="json"),
        "metrics": dict(record.metrics),
        "summary": record.summary,
        "error": record.error,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }
