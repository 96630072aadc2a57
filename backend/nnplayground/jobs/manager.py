"""The job manager: every action on a job goes through here.

It creates jobs from specs, applies actions through the status machine (status.py),
persists jobs with their metrics and checkpoints (store.py), tells watchers what
happened (hub.py), and trains running jobs one slice at a time for the runner
(runner.py). The API only translates HTTP to these calls and their errors.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from nnplayground.jobs.errors import JobConflict, JobNotFound
from nnplayground.jobs.history import MetricsHistory, to_columns
from nnplayground.jobs.hub import EventHub, Message, Watcher, metrics_message
from nnplayground.jobs.job import Job
from nnplayground.jobs.messages import (
    boundary_message,
    model_message,
    snapshot_message,
    status_message,
)
from nnplayground.jobs.record import JobRecord
from nnplayground.jobs.runner import Runner
from nnplayground.jobs.status import Action, JobStatus, after, ended
from nnplayground.jobs.store import MetricsWrite, Store
from nnplayground.jobs.uploads import UploadLibrary
from nnplayground.limits import Limits
from nnplayground.spec import JobCreate, JobSpec, JobUpdate, SpecError, StepRequest
from nnplayground.training import TrainingSession

log = logging.getLogger(__name__)

DEFAULT_RESOLUTION = 50
DEFAULT_NEURONS_RESOLUTION = 20
SLICE_CAP_FACTOR = 4
BOUNDARY_SHARE = 0.1  # of the workers' time, at most, for streamed pictures


@dataclass(frozen=True)
class Timing:
    checkpoint_seconds: float = 5.0  # while running; also on pause, step, end and shutdown
    boundary_seconds: float = 0.25  # pictures (boundary, model) to watchers of a running job
    history_capacity: int = 10_000
    history_keep_recent: int = 1_000


class JobManager:
    def __init__(self, store: Store, uploads: UploadLibrary, hub: EventHub, runner: Runner,
                 limits: Limits, timing: Timing | None = None):
        self.store = store
        self.uploads = uploads
        self.hub = hub
        self.runner = runner
        self.limits = limits
        self.timing = timing or Timing()
        self._jobs: dict[str, Job] = {}
        self._running: set[str] = set()
        self._lock = threading.Lock()  # the jobs table; taken after any job's locks
        self._boundary_cost = 0.0  # seconds one boundary message takes (moving average)

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Load every stored job (a job that was running comes back paused), then train."""
        for record in self.store.load_jobs():
            history = self._new_history()
            history.extend_columns(self.store.load_metrics(record.id))
            if record.status is JobStatus.RUNNING:
                record.status = JobStatus.PAUSED
                record.touch()
                self.store.save_job(record)
            self._jobs[record.id] = Job(record, history)
        self.runner.start(self)

    def shutdown(self) -> None:
        """Stop training, checkpoint the jobs that were running (as paused), close the store."""
        self.runner.stop()
        for job in self._all():
            with job.session_lock:
                if job.status is JobStatus.RUNNING:
                    self._set_status(job, JobStatus.PAUSED)
                    self._persist(job)
        self.hub.close_all("the server is shutting down")
        self.store.close()

    # --- reading -------------------------------------------------------------------------

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise JobNotFound(job_id)
        return job

    def job(self, job_id: str) -> dict:
        return self.get(job_id).public()

    def list_jobs(self) -> list[dict]:
        return [job.public() for job in self._all()]

    def history(self, job_id: str, since: int | None = None) -> dict:
        job = self.get(job_id)
        with job.state_lock:
            return job.history.since(since)

    def boundary(self, job_id: str, resolution: int = DEFAULT_RESOLUTION) -> dict:
        return self._read_model(job_id, lambda session: session.boundary(resolution))

    def neurons(self, job_id: str, resolution: int = 20) -> dict:
        self.check_neurons_resolution(job_id, resolution)
        return self._read_model(job_id, lambda session: session.neurons(resolution))

    def predict(self, job_id: str, points: list[list[float]]) -> dict:
        return self._read_model(job_id, lambda session: session.predict(points))

    def model_json(self, job_id: str) -> dict:
        return {"job_id": job_id, **self._read_model(job_id, TrainingSession.model_json)}

    def model_npz(self, job_id: str) -> bytes:
        return self._read_model(job_id, TrainingSession.model_npz)

    def _read_model(self, job_id: str, read: Callable[[TrainingSession], object]):
        job = self.get(job_id)
        with job.session_lock:
            return read(self._session(job))

    # --- actions -------------------------------------------------------------------------

    def create(self, request: JobCreate) -> dict:
        spec = request.job_spec()
        self.limits.check_spec(spec)
        self._check_room(storing=True, starting=request.autostart)
        session = TrainingSession(spec, self.uploads.dataset)
        record = JobRecord(id=uuid.uuid4().hex[:12], spec=spec, name=request.name,
                           summary=session.summary, metrics=session.evaluate())
        job = Job(record, self._new_history())
        job.session = session
        self._check_room(storing=True, claim=job)
        with job.session_lock:
            self._persist(job)
        return self.play(job.id) if request.autostart else job.public()

    def play(self, job_id: str) -> dict:
        job = self.get(job_id)
        with job.session_lock:
            self._check(job, Action.PLAY)
            self._session(job)
            self._check_room(starting=True, claim=job)
            self._set_status(job, JobStatus.RUNNING)
            self._persist(job)
        self.runner.submit(job.id)
        return job.public()

    def pause(self, job_id: str) -> dict:
        job = self.get(job_id)
        with job.session_lock:
            self._check(job, Action.PAUSE)
            self._rest(job, JobStatus.PAUSED)
        return job.public()

    def step(self, job_id: str, request: StepRequest) -> dict:
        """Train the asked epochs or steps now (bounded), leaving the job paused."""
        job = self.get(job_id)
        with job.session_lock:
            self._check(job, Action.STEP)
            session = self._session(job)
            train = self._bounded_steps(session, request)
            try:
                points = train()
            except Exception as error:
                self._fail(job, error)
                return job.public()
            self._record(job, points)
            self._rest(job, ended(JobStatus.PAUSED, session.diverged, session.finished))
        return job.public()

    def reset(self, job_id: str, spec: JobSpec | None = None) -> dict:
        """Weights and history anew, with the same spec or a new one; the job is `created`."""
        job = self.get(job_id)
        spec = spec or job.record.spec
        self.limits.check_spec(spec)
        session = TrainingSession(spec, self.uploads.dataset)
        metrics = session.evaluate()
        with job.session_lock:
            self._check(job, Action.RESET)
            job.session = session
            job.seconds_per_step = None
            with job.state_lock:
                record = job.record
                record.spec, record.summary, record.metrics = spec, session.summary, metrics
                record.status, record.step, record.epoch, record.error = (
                    JobStatus.CREATED, 0, 0, None)
                record.touch()
                job.history.clear()
                job.saved_generation, job.saved_step = job.history.generation, None
                self.hub.publish(job.id, snapshot_message(job))
                self.hub.publish(job.id, status_message(record))
            with self._lock:
                self._running.discard(job.id)
            if not job.deleted:
                self.store.forget_progress(job.copy_record())
        return job.public()

    def update(self, job_id: str, request: JobUpdate) -> dict:
        """Live hyperparameters (learning rate, regularization rate, batch size) and name."""
        job = self.get(job_id)
        changes = request.training.model_dump(exclude_none=True) if request.training else {}
        if request.training is not None:
            self.limits.check_training(request.training)
        with job.session_lock:
            self._check_alive(job)
            if changes:  # the session is built now, so the summary shows the change at once
                self._session(job).update(**changes)
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
            self._persist(job)
        return job.public()

    def delete(self, job_id: str) -> None:
        job = self.get(job_id)
        with job.session_lock:
            job.deleted = True
            with self._lock:
                self._jobs.pop(job_id, None)
                self._running.discard(job_id)
            self.store.delete_job(job_id)
            self.hub.close_job(job_id, f"job {job_id} was deleted")

    # --- watching ------------------------------------------------------------------------

    def watch(self, job_id: str, resolution: int = DEFAULT_RESOLUTION,
              neurons_resolution: int | None = DEFAULT_NEURONS_RESOLUTION) -> Watcher:
        """A watcher whose first message is the snapshot (call it on the event loop)."""
        job = self.get(job_id)
        with job.state_lock:
            watcher = self.hub.subscribe(job_id, resolution, snapshot_message(job),
                                         neurons_resolution)
        # `delete` marks the job before it closes its watchers: a watcher subscribed after
        # that close sees the mark here; one subscribed before it is closed with the rest.
        if job.deleted:
            self.hub.unsubscribe(watcher)
            raise JobNotFound(job_id)
        return watcher

    def check_neurons_resolution(self, job_id: str, resolution: int) -> None:
        """SpecError when /neurons (or a stream's model messages) may not draw at
        `resolution` for this job's network."""
        record = self.get(job_id).record
        self.limits.check_pictures(record.spec, record.summary["n_inputs"], resolution)

    def picture_messages(self, job_id: str, watcher: Watcher) -> list[Message]:
        """The boundary (2-D data) and model messages for one new watcher."""
        job = self.get(job_id)
        with job.session_lock:
            session = self._session(job)
            messages = []
            if self._drawable(job):
                messages.append(boundary_message(session, watcher.resolution))
            messages.append(self._model_message(job, watcher.neurons_resolution))
            return messages

    # --- training, for the runner ----------------------------------------------------------

    def train_slice(self, job_id: str, seconds: float) -> bool:
        job = self._jobs.get(job_id)
        if job is None:
            return False
        with job.session_lock:
            if job.deleted or job.status is not JobStatus.RUNNING:
                return False
            session = job.session
            # Slices are sized in steps from the CPU time a step takes (not wall time, which
            # includes waiting for the GIL), so every job gets the same CPU per turn;
            # the wall-clock budget only caps a slice that stalls.
            first_step, started = session.step, time.thread_time()
            try:
                points = session.run(job.slice_steps(seconds),
                                     seconds=SLICE_CAP_FACTOR * seconds)
            except Exception as error:
                self._fail(job, error)
                return False
            job.observe_pace(session.step - first_step, time.thread_time() - started)
            self._record(job, points)
            if session.finished:
                self._rest(job, ended(JobStatus.RUNNING, session.diverged, session.finished))
                return False
            now = time.monotonic()
            if now - job.last_checkpoint >= self.timing.checkpoint_seconds:
                self._persist(job)
            if now - job.last_boundary >= self._boundary_interval():
                self._publish_pictures(job)
            return True

    # --- internals (callers hold the job's session lock) ------------------------------------

    def _all(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

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

    def _check_room(self, storing: bool = False, starting: bool = False,
                    claim: Job | None = None) -> None:
        """422 naming the limit when another job may not be stored or started. With `claim`,
        the job takes that place under the same lock, so racing requests cannot all take
        the last one."""
        with self._lock:
            stored = len(self._jobs)
            running = len(self._running)
            if storing and stored >= self.limits.max_stored_jobs:
                raise SpecError("max_stored_jobs",
                                f"at most {self.limits.max_stored_jobs} stored jobs allowed "
                                f"(got {stored}); delete one first")
            if starting and running >= self.limits.max_running_jobs:
                raise SpecError("max_running_jobs",
                                f"at most {self.limits.max_running_jobs} running jobs allowed "
                                f"(got {running}); pause one first")
            if claim is not None and storing:
                self._jobs[claim.id] = claim
            if claim is not None and starting:
                self._running.add(claim.id)

    def _bounded_steps(self, session: TrainingSession, request: StepRequest):
        most = self.limits.max_epochs_per_step
        if request.epochs is not None:
            if request.epochs > most:
                raise SpecError("epochs", f"at most {most} epochs per step allowed "
                                          f"(got {request.epochs})")
            return lambda: session.run_epochs(request.epochs)
        most_steps = most * session.summary["steps_per_epoch"]
        if request.steps > most_steps:
            raise SpecError("steps", f"at most {most_steps} steps ({most} epochs) per step "
                                     f"allowed (got {request.steps})")
        return lambda: session.run(request.steps)

    def _session(self, job: Job) -> TrainingSession:
        """The job's session, built (and restored from its checkpoint) on first use."""
        if job.session is None:
            try:
                job.session = self._load_session(job)
            except Exception as error:
                self._fail(job, error)
                raise JobConflict(f"job {job.id} cannot be loaded: {error}") from error
        return job.session

    def _load_session(self, job: Job) -> TrainingSession:
        spec = job.record.spec
        session = TrainingSession(spec, self.uploads.dataset)
        saved = self.store.load_checkpoint(job.id)
        if saved is not None:
            session.restore(saved[1])
        # The spec holds the latest live hyperparameters, even those changed after it.
        training = spec.training
        session.update(learning_rate=training.learning_rate,
                       regularization_rate=training.regularization_rate,
                       batch_size=training.batch_size)
        return session

    def _record(self, job: Job, points: list[dict]) -> None:
        """Step counters, history and latest metrics after some training; tells watchers."""
        session = job.session
        with job.state_lock:
            record = job.record
            record.step, record.epoch = session.step, session.epoch
            if points:
                job.history.append(points)
                latest = points[-1]
                record.metrics.update({key: latest[key] for key in (
                    "train_loss", "test_loss", "train_accuracy", "test_accuracy")})
                self.hub.publish(job.id, metrics_message(to_columns(points)))
            record.touch()

    def _rest(self, job: Job, status: JobStatus) -> None:
        """Stop training in `status`: full metrics, a checkpoint, and news to watchers."""
        session = job.session
        metrics = session.evaluate() if session is not None else None
        with job.state_lock:
            if metrics is not None:
                job.record.metrics = metrics
            if status is JobStatus.DIVERGED:
                job.record.error = session.finished_reason
        self._set_status(job, status)
        self._persist(job)
        self._publish_pictures(job)

    def _set_status(self, job: Job, status: JobStatus) -> None:
        with job.state_lock:
            job.record.status = status
            job.record.touch()
            self.hub.publish(job.id, status_message(job.record))
        with self._lock:
            if status is JobStatus.RUNNING:
                self._running.add(job.id)
            else:
                self._running.discard(job.id)

    def _fail(self, job: Job, error: Exception) -> None:
        log.error("job %s failed: %s", job.id, error, exc_info=error)
        with job.state_lock:
            job.record.error = f"{type(error).__name__}: {error}"
        self._set_status(job, JobStatus.FAILED)
        self._persist(job, checkpoint=False)

    def _persist(self, job: Job, checkpoint: bool = True) -> None:
        """Write the job row, its new metric points and (optionally) a checkpoint at once."""
        if job.deleted:
            return
        session = job.session
        saved = None
        if checkpoint and session is not None and session.step > 0:
            saved = (session.step, session.checkpoint())
        with job.state_lock:
            history = job.history
            if history.generation != job.saved_generation:
                write = MetricsWrite(history.since(None), replace=True)
            else:
                write = MetricsWrite(history.since(job.saved_step))
            job.saved_generation, job.saved_step = history.generation, history.last_step
            record = job.copy_record_locked()
        self.store.save_job(record, write, saved)
        job.last_checkpoint = time.monotonic()

    def _boundary_interval(self) -> float:
        """Seconds between a running job's pictures: `boundary_seconds`, or longer when
        so many jobs run that pictures would take more than BOUNDARY_SHARE of the time."""
        with self._lock:
            running = len(self._running)
        return max(self.timing.boundary_seconds, self._boundary_cost * running / BOUNDARY_SHARE)

    def _publish_pictures(self, job: Job) -> None:
        """Boundary pictures (2-D data) and model messages, each at its watchers' resolution."""
        job.last_boundary = time.monotonic()
        if not self.hub.watched(job.id):
            return
        started = time.thread_time()
        if self._drawable(job):
            for resolution in self.hub.resolutions(job.id):
                self.hub.publish(job.id, boundary_message(job.session, resolution),
                                 only=lambda watcher, r=resolution: watcher.resolution == r)
        for resolution in self.hub.neurons_resolutions(job.id):
            self.hub.publish(job.id, self._model_message(job, resolution),
                             only=lambda watcher, r=resolution: watcher.neurons_resolution == r)
        cost = time.thread_time() - started
        self._boundary_cost = 0.8 * self._boundary_cost + 0.2 * cost


    @staticmethod
    def _drawable(job: Job) -> bool:
        return bool((job.record.summary or {}).get("drawable"))

    def _model_message(self, job: Job, neurons_resolution: int | None) -> Message:
        """Neuron pictures only for 2-D data, at a resolution the limits allow."""
        if neurons_resolution is not None and self._drawable(job):
            try:
                self.check_neurons_resolution(job.id, neurons_resolution)
            except SpecError:
                neurons_resolution = None
        else:
            neurons_resolution = None
        return model_message(job.id, job.session, neurons_resolution)
