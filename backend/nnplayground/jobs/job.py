"""A live job: its record, its metrics history and (once built) its training session.

Two locks, always taken in this order:
- `session_lock` while anything trains or reads the model (slices, steps, grids,
  checkpoints, status changes), so actions wait for at most one slice;
- `state_lock` for the record and history only, held for microseconds, so REST reads
  and WebSocket snapshots never wait for training.
"""

import threading
import time

from nnplayground.jobs.history import MetricsHistory
from nnplayground.jobs.job_rows import MetricsWrite
from nnplayground.jobs.record import JobRecord
from nnplayground.jobs.slices import Pace
from nnplayground.jobs.snapshots import Snapshots
from nnplayground.jobs.speed import Throttle
from nnplayground.jobs.status import JobStatus
from nnplayground.training import TrainingSession


class Job:
    def __init__(self, record: JobRecord, history: MetricsHistory):
        self.record = record
        self.history = history
        self.session: TrainingSession | None = None
        self.snapshots = Snapshots()  # its weights at log-spaced epochs (snapshot_reads.py)
        self.session_lock = threading.RLock()
        self.state_lock = threading.Lock()
        self.deleted = False
        self.leaving = threading.Event()  # a delete waits for the lock: a step stops early
        self.pace = Pace()
        self.throttle = Throttle()
        self.last_checkpoint = time.monotonic()
        self.last_used = time.monotonic()  # the session's, by an action or a read
        self.checkpoint_step: int | None = None  # the step of the last checkpoint saved
        self.last_pictures = 0.0
        self.mark_saved()

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def status(self) -> JobStatus:
        return self.record.status

    def public(self) -> JobRecord:
        """The job object of the API, as it is now."""
        with self.state_lock:
            return self.record.model_copy()

    def mark_saved(self) -> None:
        """The store has the whole history as it is now (the caller holds the state lock
        or owns the job alone)."""
        self.saved_generation = self.history.generation
        self.saved_step = self.history.last_step

    def unsaved_metrics(self) -> MetricsWrite:
        """The points the store lacks (all of them after a thinning); they count as saved
        from now on. The caller holds the state lock."""
        history = self.history
        if history.generation != self.saved_generation:
            write = MetricsWrite(history.since(None), replace=True)
        else:
            write = MetricsWrite(history.since(self.saved_step))
        self.mark_saved()
        return write
