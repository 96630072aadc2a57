"""Jobs in the store: a job saved with its new metric points and checkpoint in one
transaction, and every job loaded again at startup (one that was running, paused)."""

import time
from collections.abc import Callable

from nnplayground.jobs.history import MetricsHistory
from nnplayground.jobs.job import Job
from nnplayground.jobs.lifecycle import set_status
from nnplayground.jobs.record import StatusReason
from nnplayground.jobs.status import JobStatus
from nnplayground.jobs.store import Store


class Persistence:
    def __init__(self, store: Store, new_history: Callable[[], MetricsHistory]):
        self.store = store
        self.new_history = new_history

    def load_jobs(self) -> list[Job]:
        jobs = []
        for record in self.store.load_jobs():
            history = self.new_history()
            history.extend_columns(self.store.load_metrics(record.id))
            if record.status is JobStatus.RUNNING:
                set_status(record, JobStatus.PAUSED, StatusReason.RESTART)
                self.store.save_job(record)
            jobs.append(Job(record, history))
        return jobs

    def save(self, job: Job, checkpoint: bool = True, edited: bool = False) -> None:
        """The job row, its unsaved metric points and (optionally) a checkpoint, at once:
        after some training, or after weights were `edited` (at step 0 as well).
        The caller holds the job's session lock."""
        if job.deleted:
            return
        session = job.session
        saved = None
        if checkpoint and session is not None and (session.step > 0 or edited):
            saved = (session.step, session.checkpoint())
        with job.state_lock:
            metrics = job.unsaved_metrics()
            record = job.record.model_copy()
        self.store.save_job(record, metrics, saved)
        job.last_checkpoint = time.monotonic()
        if saved is not None:
            job.checkpoint_step = saved[0]

    def forget_progress(self, job: Job) -> None:
        """After a reset: the row as it is now, without metrics or checkpoint."""
        if not job.deleted:
            self.store.forget_progress(job.public())

    def load_checkpoint(self, job_id: str) -> bytes | None:
        saved = self.store.load_checkpoint(job_id)
        return None if saved is None else saved[1]

    def delete(self, job_id: str) -> None:
        self.store.delete_job(job_id)

    def close(self) -> None:
        self.store.close()
