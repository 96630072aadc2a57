"""Training a job, for the job manager: a `step` action (bounded in time, cancellable) and
the slices the runner asks for. Whatever training raises fails the job; a write the disk
refuses pauses it: a job never stays `running` without training.
"""

import threading
import time

from nnplayground.jobs import slices, speed
from nnplayground.jobs.errors import StorageError
from nnplayground.jobs.job import Job
from nnplayground.jobs.record import StatusReason, StepReport, StepResult
from nnplayground.jobs.status import Action, JobStatus, ended
from nnplayground.spec import StepRequest


class Training:
    """Mixed into JobManager, whose helpers (`_check`, `_session`, `_record`, `_rest`,
    `_fail`, `_pause_for_storage`) and parts it uses."""

    def step(self, job_id: str, request: StepRequest, cancel: threading.Event | None = None,
             pause: threading.Event | None = None) -> StepResult:
        """Train the asked epochs or steps now, for at most `max_step_seconds` and until
        `cancel` or `pause` is set, leaving the job paused (by its user, after `pause`);
        the answer says what it did and why."""
        job = self.jobs.get(job_id)
        started = time.monotonic()
        with job.session_lock:
            self._check(job, Action.STEP)
            session = self._session(job)
            first_step = session.step
            steps = slices.steps_asked(session, request, self.limits.max_epochs_per_step)
            try:
                stopped = self.runner.step(
                    job.id, session, steps, self.limits.max_step_seconds,
                    lambda: (self._stopping.is_set() or job.leaving.is_set()
                             or any(event is not None and event.is_set()
                                    for event in (cancel, pause))),
                    lambda points: self._record(job, points))
            except Exception as error:
                self._fail(job, error)
                stopped = "failed"
            else:
                status = ended(JobStatus.PAUSED, session.diverged, session.finished)
                paused = pause is not None and pause.is_set()
                if paused and stopped == "cancelled":
                    stopped = "paused"
                if self._stopping.is_set():  # only the checkpoint: the process must end
                    self._set_status(job, status)
                    self.persistence.save(job)
                else:
                    self._rest(job, status, StatusReason.PAUSED_BY_USER if paused
                               else StatusReason.STEPPED)
            report = StepReport(steps=session.step - first_step, stopped=stopped,
                                seconds=round(time.monotonic() - started, 3))
        return StepResult(**dict(job.public()), trained=report)

    # --- training, for the runner ----------------------------------------------------------

    def train_slice(self, job_id: str, seconds: float) -> bool:
        with self.jobs.running(job_id) as job:
            if job is None:
                return False
            try:  # whatever a slice raises fails the job: it never stays `running`
                return self._train_slice(job, seconds)
            except StorageError as error:
                self._pause_for_storage(job, error)
                return False
            except Exception as error:
                self._fail(job, error)
                return False

    def _train_slice(self, job: Job, seconds: float) -> bool:
        session = job.session
        points = speed.paced_slice(job, job.record.spec.training.speed, seconds,
                                   lambda: self.runner.submit(job.id),
                                   most_steps=self._steps_to_snapshot(job))
        if points is None:  # paced: submitted again when its next step is due
            return False
        self._record(job, points)
        if session.finished:
            self._rest(job, ended(JobStatus.RUNNING, session.diverged, session.finished))
            return False
        if slices.checkpoint_due(job, self.timing.checkpoint_seconds):
            self.persistence.save(job)
        if self.broadcast.pictures_due(job, self.jobs.running_count()):
            self.broadcast.pictures(job)
        return True

