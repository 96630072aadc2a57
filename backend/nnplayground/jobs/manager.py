"""The job manager: every action on a job goes through here, and it only sequences them.

The status machine (status.py) says what an action may do, the registry (registry.py)
holds the jobs and the room for more, persistence.py saves them, broadcast.py tells
watchers, slices.py trains. The API only translates HTTP to these calls and their errors.
"""

import logging
import uuid
from dataclasses import dataclass

from nnplayground.jobs import slices
from nnplayground.jobs.broadcast import Broadcaster
from nnplayground.jobs.errors import JobConflict, JobNotFound
from nnplayground.jobs.history import Columns, MetricsHistory
from nnplayground.jobs.hub import EventHub, Message, Watcher
from nnplayground.jobs.job import Job
from nnplayground.jobs.messages import snapshot_message
from nnplayground.jobs.persistence import Persistence
from nnplayground.jobs.reading import DEFAULT_NEURONS_RESOLUTION, DEFAULT_RESOLUTION, ModelReads
from nnplayground.jobs.record import JobMetrics, JobRecord
from nnplayground.jobs.registry import JobRegistry
from nnplayground.jobs.remote import RemoteTraining
from nnplayground.jobs.runner import Runner
from nnplayground.jobs.status import Action, JobStatus, after, ended
from nnplayground.jobs.store import Store
from nnplayground.jobs.uploads import UploadLibrary
from nnplayground.limits import Limits
from nnplayground.spec import JobCreate, JobSpec, JobUpdate, StepRequest
from nnplayground.training import TrainingSession
from nnplayground.training.evaluation import METRIC_KEYS

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class Timing:
    checkpoint_seconds: float = 5.0  # while running; also on pause, step, end and shutdown
    boundary_seconds: float = 0.25  # pictures (boundary, model) to watchers of a running job
    history_capacity: int = 10_000
    history_keep_recent: int = 1_000


class JobManager(ModelReads, RemoteTraining):
    def __init__(self, store: Store, uploads: UploadLibrary, hub: EventHub, runner: Runner,
                 limits: Limits, timing: Timing | None = None):
        self.uploads = uploads
        self.hub = hub
        self.runner = runner
        self.limits = limits
        self.timing = timing or Timing()
        self.jobs = JobRegistry(limits)
        self.persistence = Persistence(store, self._new_history)
        self.broadcast = Broadcaster(hub, limits, self.timing.boundary_seconds)

    @property
    def store(self) -> Store:
        return self.persistence.store

    def start(self) -> None:
        """Load every stored job (a job that was running comes back paused), then train."""
        for job in self.persistence.load_jobs():
            self.jobs.load(job)
        self.runner.start(self)

    def shutdown(self) -> None:
        """Stop training, checkpoint the jobs that were running (as paused), close the store."""
        self.runner.stop()
        for job in self.jobs.all():
            with job.session_lock:
                if job.status is JobStatus.RUNNING:
                    self._set_status(job, JobStatus.PAUSED)
                    self.persistence.save(job)
        self.hub.close_all("the server is shutting down")
        self.persistence.close()

    # --- reading -------------------------------------------------------------------------

    def get(self, job_id: str) -> Job:
        return self.jobs.get(job_id)

    def job(self, job_id: str) -> JobRecord:
        return self.jobs.get(job_id).public()

    def list_jobs(self) -> list[JobRecord]:
        return [job.public() for job in self.jobs.all()]

    def history(self, job_id: str, since: int | None = None) -> Columns:
        job = self.jobs.get(job_id)
        with job.state_lock:
            return job.history.since(since)

    # --- actions -------------------------------------------------------------------------

    def create(self, request: JobCreate) -> JobRecord:
        spec = request.job_spec()
        self.limits.check_spec(spec)
        self.jobs.claim(storing=True, starting=request.autostart)  # fail before building
        session = TrainingSession(spec, self.uploads.dataset)
        record = JobRecord(id=uuid.uuid4().hex[:12], spec=spec, name=request.name,
                           summary=session.summary,
                           metrics=JobMetrics.model_validate(session.evaluate()))
        job = Job(record, self._new_history())
        job.session = session
        self.jobs.claim(job, storing=True)
        with job.session_lock:
            self.persistence.save(job)
        return self.play(job.id) if request.autostart else job.public()

    def play(self, job_id: str) -> JobRecord:
        job = self.jobs.get(job_id)
        with job.session_lock:
            self._check(job, Action.PLAY)
            self._session(job)
            self.jobs.claim(job, starting=True)
            self._set_status(job, JobStatus.RUNNING)
            self.persistence.save(job)
        self.runner.submit(job.id)
        return job.public()

    def pause(self, job_id: str) -> JobRecord:
        job = self.jobs.get(job_id)
        with job.session_lock:
            self._check(job, Action.PAUSE)
            self.runner.withdraw(job.id)
            self._rest(job, JobStatus.PAUSED)
        return job.public()

    def step(self, job_id: str, request: StepRequest) -> JobRecord:
        """Train the asked epochs or steps now (bounded), leaving the job paused."""
        job = self.jobs.get(job_id)
        with job.session_lock:
            self._check(job, Action.STEP)
            session = self._session(job)
            train = slices.bounded_steps(session, request, self.limits.max_epochs_per_step)
            try:
                points = self.runner.step(job.id, session, train)
            except Exception as error:
                self._fail(job, error)
                return job.public()
            self._record(job, points)
            self._rest(job, ended(JobStatus.PAUSED, session.diverged, session.finished))
        return job.public()

    def reset(self, job_id: str, spec: JobSpec | None = None) -> JobRecord:
        """Weights and history anew, with the same spec or a new one; the job is `created`."""
        job = self.jobs.get(job_id)
        spec = spec or job.record.spec
        self.limits.check_spec(spec)
        session = TrainingSession(spec, self.uploads.dataset)
        metrics = JobMetrics.model_validate(session.evaluate())
        with job.session_lock:
            self._check(job, Action.RESET)
            self.runner.withdraw(job.id)
            job.session = session
            job.pace = slices.Pace()
            with job.state_lock:
                record = job.record
                record.spec, record.summary, record.metrics = spec, session.summary, metrics
                record.status, record.step, record.epoch, record.error = (
                    JobStatus.CREATED, 0, 0, None)
                record.status_reason = None
                record.touch()
                job.history.clear()
                job.mark_saved()
                self.broadcast.snapshot(job)
                self.broadcast.status(job)
            self.jobs.set_running(job.id, False)
            self.persistence.forget_progress(job)
        return job.public()

    def update(self, job_id: str, request: JobUpdate) -> JobRecord:
        """Live hyperparameters (learning rate, regularization rate, batch size) and name."""
        job = self.jobs.get(job_id)
        changes = request.training.model_dump(exclude_none=True) if request.training else {}
        if request.training is not None:
            self.limits.check_training(request.training)  # the one check of these values
        with job.session_lock:
            self._check_alive(job)
            if changes:  # the session is built now, so the summary shows the change at once
                self._session(job).update(**changes)
                self.runner.update(job.id, changes)
            with job.state_lock:
                record = job.record
                if changes:
                    training = record.spec.training.model_copy(update=changes)
                    record.spec = record.spec.model_copy(update={"training": training})
                if "name" in request.model_fields_set:
                    record.name = request.name
                if job.session is not None:
                    record.summary = job.session.summary
                record.touch()
            self.persistence.save(job)
        return job.public()

    def delete(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        with job.session_lock:
            self.runner.withdraw(job.id)
            job.deleted = True
            self.jobs.remove(job_id)
            self.persistence.delete(job_id)
            self.hub.close_job(job_id, f"job {job_id} was deleted")

    # --- watching ------------------------------------------------------------------------

    def watch(self, job_id: str, resolution: int = DEFAULT_RESOLUTION,
              neurons_resolution: int | None = DEFAULT_NEURONS_RESOLUTION) -> Watcher:
        """A watcher whose first message is the snapshot (call it on the event loop)."""
        job = self.jobs.get(job_id)
        with job.state_lock:
            first = snapshot_message(job.record, job.history.since(None))
            watcher = self.hub.subscribe(job_id, resolution, first, neurons_resolution)
        # `delete` marks the job before it closes its watchers: a watcher subscribed after
        # that close sees the mark here; one subscribed before it is closed with the rest.
        if job.deleted:
            self.hub.unsubscribe(watcher)
            raise JobNotFound(job_id)
        return watcher

    def picture_messages(self, job_id: str, watcher: Watcher) -> list[Message]:
        """The boundary (2-D data) and model messages for one new watcher."""
        job = self.jobs.get(job_id)
        with job.session_lock:
            self._session(job)
            return self.broadcast.first_pictures(job, watcher)

    # --- training, for the runner ----------------------------------------------------------

    def train_slice(self, job_id: str, seconds: float) -> bool:
        job = self.jobs.find(job_id)
        if job is None:
            return False
        with job.session_lock:
            if job.deleted or job.status is not JobStatus.RUNNING:
                return False
            session = job.session
            try:
                points = slices.train_slice(session, job.pace, seconds)
            except Exception as error:
                self._fail(job, error)
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

    # --- internals (callers hold the job's session lock) ------------------------------------

    def _new_history(self) -> MetricsHistory:
        return MetricsHistory(self.timing.history_capacity, self.timing.history_keep_recent)

    def _check(self, job: Job, action: Action) -> JobStatus:
        self._check_alive(job)
        with job.state_lock:
            return after(job.id, action, job.status)

    @staticmethod
    def _check_alive(job: Job) -> None:
        """404 for a job deleted while the caller waited for its session lock."""
        if job.deleted:
            raise JobNotFound(job.id)

    def _session(self, job: Job) -> TrainingSession:
        """The job's session, built (and restored from its checkpoint) on first use."""
        if job.session is None:
            try:
                job.session = slices.load_session(
                    job.record.spec, self.uploads.dataset,
                    self.persistence.load_checkpoint(job.id))
            except Exception as error:
                self._fail(job, error)
                raise JobConflict(f"job {job.id} cannot be loaded: {error}") from error
        return job.session

    def _record(self, job: Job, points: list[dict]) -> None:
        """Step counters, history and latest metrics after some training; tells watchers."""
        session = job.session
        with job.state_lock:
            record = job.record
            record.step, record.epoch = session.step, session.epoch
            if points:
                job.history.append(points)
                latest = {key: points[-1][key] for key in METRIC_KEYS}
                record.metrics = record.metrics.model_copy(update=latest)
                self.broadcast.metrics(job, points)
            record.touch()

    def _rest(self, job: Job, status: JobStatus, reason: str | None = None) -> None:
        """Stop training in `status`: full metrics, a checkpoint, and news to watchers."""
        session = job.session
        metrics = session.evaluate() if session is not None else None
        with job.state_lock:
            if metrics is not None:
                job.record.metrics = JobMetrics.model_validate(metrics)
            if status is JobStatus.DIVERGED:
                job.record.error = session.finished_reason
        self._set_status(job, status, reason)
        self.persistence.save(job)
        self.broadcast.pictures(job)

    def _set_status(self, job: Job, status: JobStatus, reason: str | None = None) -> None:
        with job.state_lock:
            job.record.status, job.record.status_reason = status, reason
            job.record.touch()
            self.broadcast.status(job)
        self.jobs.set_running(job.id, status is JobStatus.RUNNING)

    def _fail(self, job: Job, error: Exception) -> None:
        log.error("job %s failed: %s", job.id, error, exc_info=error)
        with job.state_lock:
            job.record.error = f"{type(error).__name__}: {error}"
        self._set_status(job, JobStatus.FAILED)
        self.persistence.save(job, checkpoint=False)
