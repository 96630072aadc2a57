"""Jobs in the store: a job saved with its new metric points and checkpoint in one
transaction, and every job loaded again at startup (one that was running, paused)."""

import time
from collections.abc import Callable

from nnplayground.jobs import snapshot_store
from nnplayground.jobs.history import MetricsHistory
from nnplayground.jobs.job import Job
from nnplayground.jobs.lifecycle import set_status
from nnplayground.jobs.record import StatusReason
from nnplayground.jobs.snapshots import Snapshots
from nnplayground.jobs.status import JobStatus
from nnplayground.jobs.store import Store


class Persistence:
    def __init__(self, store: Store, new_history: Callable[[], MetricsHistory]):
        self.store = store
        self.new_history = new_history

    def load_jobs(self) -> list[Job]:
        jobs = []
        snapshots = snapshot_store.indexes(self.store.read(snapshot_store.index_query()))
        for record in self.store.load_jobs():
            history = self.new_history()
            history.extend_columns(self.store.load_metrics(record.id))
            if record.status is JobStatus.RUNNING:
                set_status(record, JobStatus.PAUSED, StatusReason.RESTART)
                self.store.save_job(record)
            job = Job(record, history)
            job.snapshots = Snapshots(snapshots.get(record.id))
            jobs.append(job)
        return jobs

    def save(self, job: Job, checkpoint: bool = True) -> None:
        """The job row, its unsaved metric points and (optionally) a checkpoint, at once.
        The caller holds the job's session lock."""
        if job.deleted:
            return
        session = job.session
        saved = None
        if checkpoint and session is not None and session.step > 0:
            saved = (session.step, session.checkpoint())
        with job.state_lock:
            metrics = job.unsaved_metrics()
            record = job.record.model_copy()
        snapshots = job.snapshots.unsaved()
        self.store.save_job(record, metrics, saved, snapshots)
        job.snapshots.saved(snapshots)
        job.last_checkpoint = time.monotonic()
        if saved is not None:
            job.checkpoint_step = saved[0]

    def forget_progress(self, job: Job) -> None:
        """After a reset: the row as it is now, without metrics or checkpoint."""
        if not job.deleted:
            snapshots = job.snapshots.unsaved()
            self.store.forget_progress(job.public(), snapshots)
            job.snapshots.saved(snapshots)

    def load_checkpoint(self, job_id: str) -> bytes | None:
        saved = self.store.load_checkpoint(job_id)
        return None if saved is None else saved[1]

    def load_snapshot(self, job_id: str, step: int) -> bytes | None:
        rows = self.store.read(snapshot_store.DATA_QUERY, (job_id, step))
        return bytes(rows[0][0]) if rows else None

    def delete(self, job_id: str) -> None:
        self.store.delete_job(job_id)

    def close(self) -> None:
        self.store.close()
