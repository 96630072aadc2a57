"""How a job comes to rest, fails or changes status: the record, its watchers, the running
set and the store, in that order. A mixin of the job manager; callers hold the job's
session lock."""

import logging

from nnplayground.jobs import lifecycle
from nnplayground.jobs.errors import StorageError
from nnplayground.jobs.job import Job
from nnplayground.jobs.record import JobMetrics, StatusReason
from nnplayground.jobs.status import JobStatus

log = logging.getLogger(__name__)


class StatusChanges:
    def _rest(self, job: Job, status: JobStatus, reason: StatusReason | None = None) -> None:
        """Stop training in `status` (for `reason`, unless training ended it): full metrics,
        a checkpoint, and news to watchers."""
        session = job.session
        metrics = session.evaluate() if session is not None else None
        with job.state_lock:
            if metrics is not None:
                job.record.metrics = JobMetrics.model_validate(metrics)
            if status is JobStatus.DIVERGED:
                job.record.error = session.finished_reason
        if status.finished and session is not None and session.finish is not None:
            reason = StatusReason(session.finish.code)
        self._set_status(job, status, reason)
        self._snapshot_if_due(job, resting=True)  # the latest weights are always kept
        try:
            self.persistence.save(job)
        except StorageError as error:
            self._pause_for_storage(job, error)
            raise
        self.broadcast.pictures(job)

    def _pause_for_storage(self, job: Job, error: StorageError) -> None:
        """A write the disk refused: the job stops running (its slot freed) and says why."""
        log.error("job %s: %s", job.id, error.message)
        with job.state_lock:
            job.record.error = error.message
        self._set_status(job, JobStatus.PAUSED if job.status is JobStatus.RUNNING
                         else job.status)

    def _set_status(self, job: Job, status: JobStatus,
                    reason: StatusReason | None = None) -> None:
        with job.state_lock:
            lifecycle.set_status(job.record, status, reason)
            self.broadcast.status(job)
        self.jobs.set_running(job.id, status is JobStatus.RUNNING)

    def _fail(self, job: Job, error: Exception) -> None:
        log.error("job %s failed: %s", job.id, error, exc_info=error)
        with job.state_lock:
            job.record.error = f"{type(error).__name__}: {error}"
        self._set_status(job, JobStatus.FAILED, StatusReason.ERROR)
        try:
            self.persistence.save(job, checkpoint=False)
        except StorageError as storage:  # the job is failed in memory all the same
            log.error("job %s: %s", job.id, storage.message)
