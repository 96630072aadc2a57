"""The table of live jobs and the set of running ones, with one atomic claim of room.

The lock is taken after any job's own locks, and held only to read or change the table.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from nnplayground.jobs.errors import CapacityError, JobNotFound
from nnplayground.jobs.job import Job
from nnplayground.jobs.status import JobStatus
from nnplayground.limits import Limits


class JobRegistry:
    def __init__(self, limits: Limits):
        self.limits = limits
        self._jobs: dict[str, Job] = {}
        self._running: set[str] = set()
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise JobNotFound(job_id)
        return job

    def find(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    @contextmanager
    def running(self, job_id: str) -> Iterator[Job | None]:
        """The job under its session lock if it is still running there (not deleted, not
        paused meanwhile); None otherwise. What trains a job checks this first."""
        job = self.find(job_id)
        if job is None:
            yield None
            return
        with job.session_lock:
            yield None if job.deleted or job.status is not JobStatus.RUNNING else job

    def all(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def running_count(self) -> int:
        with self._lock:
            return len(self._running)

    def load(self, job: Job) -> None:
        """A job from the store, at startup (limits do not apply to what exists)."""
        with self._lock:
            self._jobs[job.id] = job

    def claim(self, job: Job | None = None, storing: bool = False,
              starting: bool = False) -> None:
        """CapacityError when another job may not be stored or started. With `job`, it takes
        that place under the same lock, so racing requests cannot all take the last one."""
        limits = self.limits
        with self._lock:
            stored, running = len(self._jobs), len(self._running)
            if storing and stored >= limits.max_stored_jobs:
                raise CapacityError(f"at most {limits.max_stored_jobs} stored jobs allowed "
                                    f"(got {stored}); delete one first")
            if starting and running >= limits.max_running_jobs:
                raise CapacityError(f"at most {limits.max_running_jobs} running jobs allowed "
                                    f"(got {running}); pause one first")
            if job is not None and storing:
                self._jobs[job.id] = job
            if job is not None and starting:
                self._running.add(job.id)

    def set_running(self, job_id: str, running: bool) -> None:
        with self._lock:
            if running:
                self._running.add(job_id)
            else:
                self._running.discard(job_id)

    def remove(self, job_id: str) -> None:
        with self._lock:
            self._jobs.pop(job_id, None)
            self._running.discard(job_id)
