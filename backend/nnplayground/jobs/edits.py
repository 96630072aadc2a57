"""Edits of a job's model by hand (a weight or a bias), for the job manager.

Only a job at rest (created or paused) is edited, so that the edit is what the next step
starts from; watchers get the new weights and pictures at once.
"""

from nnplayground.jobs.broadcast import Broadcaster
from nnplayground.jobs.errors import JobConflict
from nnplayground.jobs.job import Job
from nnplayground.jobs.persistence import Persistence
from nnplayground.jobs.record import JobMetrics, JobRecord
from nnplayground.jobs.registry import JobRegistry
from nnplayground.jobs.status import JobStatus
from nnplayground.spec import WeightEdit
from nnplayground.training import TrainingSession

EDITABLE = (JobStatus.CREATED, JobStatus.PAUSED)


class ModelEdits:
    jobs: JobRegistry
    persistence: Persistence
    broadcast: Broadcaster

    def _session(self, job: Job) -> TrainingSession:
        raise NotImplementedError

    def _check_alive(self, job: Job) -> None:
        raise NotImplementedError

    def _take_snapshot(self, job: Job) -> None:
        raise NotImplementedError

    def set_weight(self, job_id: str, edit: WeightEdit) -> JobRecord:
        job = self.jobs.get(job_id)
        with job.session_lock:
            self._check_alive(job)
            if job.status not in EDITABLE:
                raise JobConflict(f"job {job_id} is {job.status.value}: pause it to edit a "
                                  "weight (only a created or paused job is edited)")
            session = self._session(job)
            session.set_weight(edit)
            self._take_snapshot(job)  # what the next step starts from
            metrics = JobMetrics.model_validate(session.evaluate())
            with job.state_lock:
                job.record.metrics = metrics
                job.record.touch()
            self.persistence.save(job)
            self.broadcast.pictures(job)
        return job.public()
