"""The job manager: every action on a job goes through here, and it only sequences them.

The status machine (status.py) says what an action may do, the registry (registry.py)
holds the jobs and the room for more (queries.py reads them), residency.py their sessions'
memory, persistence.py saves them, broadcast.py tells watchers, stepping.py and slices.py
train. The API only translates HTTP to these calls and their errors.
"""

import logging
import secrets
import threading
import time

from nnplayground.jobs import lifecycle, slices
from nnplayground.jobs.broadcast import Broadcaster
from nnplayground.jobs.edits import ModelEdits
from nnplayground.jobs.errors import CapacityError, JobConflict, JobNotFound, StorageError
from nnplayground.jobs.history import MetricsHistory
from nnplayground.jobs.hub import EventHub
from nnplayground.jobs.job import Job
from nnplayground.jobs.memory import MemoryBudget, give_back_memory
from nnplayground.jobs.persistence import Persistence
from nnplayground.jobs.queries import JobQueries
from nnplayground.jobs.reading import ModelReads
from nnplayground.jobs.record import JobMetrics, JobRecord, StatusReason
from nnplayground.jobs.registry import JobRegistry
from nnplayground.jobs.remote import RemoteTraining
from nnplayground.jobs.residency import Residency
from nnplayground.jobs.runner import Runner
from nnplayground.jobs.snapshot_reads import SnapshotReads, Viewers
from nnplayground.jobs.status import Action, JobStatus, after
from nnplayground.jobs.status_changes import StatusChanges
from nnplayground.jobs.stepping import Training
from nnplayground.jobs.store import Store
from nnplayground.jobs.timing import Timing
from nnplayground.jobs.uploads import UploadLibrary
from nnplayground.jobs.watching import Watching
from nnplayground.kernel import NUMPY, KernelChoice
from nnplayground.limits import Limits
from nnplayground.spec import JobCreate, JobSpec, JobUpdate
from nnplayground.training import TrainingSession
from nnplayground.training.evaluation import METRIC_KEYS

log = logging.getLogger(__name__)


class JobManager(SnapshotReads, ModelReads, ModelEdits, JobQueries, Training, RemoteTraining,
                 Watching, StatusChanges):
    def __init__(self, store: Store, uploads: UploadLibrary, hub: EventHub, runner: Runner,
                 limits: Limits, timing: Timing | None = None, kernels: KernelChoice = NUMPY):
        self.uploads = uploads
        self.kernels = kernels
        self.hub = hub
        self.runner = runner
        self.limits = limits
        self.timing = timing or Timing()
        self.jobs = JobRegistry(limits)
        self.persistence = Persistence(store, self._new_history)
        self.broadcast = Broadcaster(hub, limits, self.timing.boundary_seconds)
        self._stopping = threading.Event()  # set at shutdown: steps in progress end
        self.residency = Residency(self.jobs, self.persistence, uploads,
                                   MemoryBudget(limits.max_memory_mb), limits.max_samples,
                                   kernels)
        self.viewers = Viewers(self.residency)

    @property
    def store(self) -> Store:
        return self.persistence.store

    def start(self) -> None:
        """Load every stored job (a job that was running comes back paused), then train
        (the compiled kernel loads in the background meanwhile: kernel/choice.py)."""
        self.kernels.start()
        for job in self.persistence.load_jobs():
            self.jobs.load(job)
        self.runner.start(self)
        self.residency.run(self.timing.idle_seconds, self._stopping)

    def shutdown(self) -> None:
        """Stop training, checkpoint the jobs that were running (as paused), close the store."""
        self._stopping.set()
        self.runner.stop()
        for job in self.jobs.all():
            with job.session_lock:
                if job.status is JobStatus.RUNNING:
                    self._set_status(job, JobStatus.PAUSED, StatusReason.RESTART)
                    self.persistence.save(job)
        self.broadcast.close()
        self.hub.close_all("the server is shutting down")
        self.persistence.close()

    # --- actions -------------------------------------------------------------------------

    def create(self, request: JobCreate) -> JobRecord:
        spec = request.job_spec()
        self.limits.check_spec(spec)
        starting = request.autostart
        self.jobs.claim(storing=True, starting=starting)  # fail before building
        job_id = secrets.token_hex(12)  # 96 random bits: a job's link is hard to guess
        session = self.residency.build(job_id, spec)
        record = JobRecord(id=job_id, spec=spec, name=request.name,
                           tags=request.tags, summary=session.summary,
                           metrics=JobMetrics.model_validate(session.evaluate()))
        if starting:
            lifecycle.set_status(record, JobStatus.RUNNING, None)
        record.show_kernel(session)
        job = Job(record, self._new_history())
        job.session = session
        self._take_snapshot(job)  # the initial weights: epoch 0
        # Stored and started under one claim: a create that finds no room stores nothing,
        # nor one whose upload was deleted while it was built.
        try:
            with self.uploads.taken(spec.dataset.id):
                self.jobs.claim(job, storing=True, starting=starting)
        except BaseException:
            self.residency.release(job.id)
            raise
        try:
            with job.session_lock:
                self.persistence.save(job)
        except BaseException:
            self.jobs.remove(job.id)
            self.residency.release(job.id)
            raise
        if starting:
            self.runner.submit(job.id)
        return job.public()

    def play(self, job_id: str) -> JobRecord:
        job = self.jobs.get(job_id)
        with job.session_lock:
            self._check(job, Action.PLAY)
            self._session(job)
            self.jobs.claim(job, starting=True)
            before = job.status, job.record.error
            with job.state_lock:
                job.record.error = None  # a storage error of the last run, say
            self._set_status(job, JobStatus.RUNNING)
            try:
                self.persistence.save(job)
            except StorageError:
                with job.state_lock:  # as it was: not running, its slot free
                    job.record.error = before[1]
                self._set_status(job, before[0])
                raise
        self.runner.submit(job.id)
        return job.public()

    def pause(self, job_id: str, reason: StatusReason = StatusReason.PAUSED_BY_USER,
              stepped: bool = False) -> JobRecord:
        """Pause a running job; `stepped`: this pause stopped a step, so a paused job is
        what it asked for (not a 409)."""
        job = self.jobs.get(job_id)
        with job.session_lock:
            if not (stepped and job.status is JobStatus.PAUSED):
                self._check(job, Action.PAUSE)
                self.runner.withdraw(job.id)
                self._rest(job, JobStatus.PAUSED, reason)
        return job.public()

    def reset(self, job_id: str, spec: JobSpec | None = None) -> JobRecord:
        """Weights and history anew, with the same spec or a new one; the job is `created`."""
        job = self.jobs.get(job_id)
        spec = spec or job.record.spec
        self.limits.check_spec(spec)
        with job.session_lock:
            self._check(job, Action.RESET)
            self.runner.withdraw(job.id)
            session = self.residency.build(job.id, spec)
            metrics = JobMetrics.model_validate(session.evaluate())
            with self.uploads.taken(spec.dataset.id), job.state_lock:
                job.session, job.checkpoint_step = session, None
                job.snapshots.clear()
                self._take_snapshot(job)
                job.pace = slices.Pace()
                record = job.record
                record.spec, record.summary, record.metrics = spec, session.summary, metrics
                record.step, record.epoch, record.error = 0, 0, None
                lifecycle.start_over(record)
                record.show_kernel(session)
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
        changes = request.training.spec_changes() if request.training else {}
        if request.training is not None:
            self.limits.check_training(request.training)  # the one check of these values
        saved_soon = False  # by the next report of a job that trains elsewhere
        with job.session_lock:
            self._check_alive(job)
            if changes:  # the session is built now, so the summary shows the change at once
                session_changes = request.training.session_changes()
                self._session(job).update(**session_changes)
                saved_soon = self.runner.update(job.id, changes)  # with a remote job's pace
            with job.state_lock:
                record = job.record
                if changes:
                    training = record.spec.training.model_copy(update=changes)
                    record.spec = record.spec.model_copy(update={"training": training})
                if "name" in request.model_fields_set:
                    record.name = request.name
                if request.tags is not None:
                    record.tags = request.tags
                if job.session is not None:
                    record.summary = job.session.summary
                    record.show_kernel(job.session)
                record.touch()
                self.broadcast.settings(job)
            if not saved_soon:
                self.persistence.save(job)
        return job.public()

    def delete(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        job.leaving.set()  # a step in progress ends at its next chunk
        with job.session_lock:
            self.runner.withdraw(job.id)  # its state home first, so nothing saves it after
            try:
                self.persistence.delete(job_id)  # one the disk refuses changes nothing more
            except BaseException:
                job.leaving.clear()
                raise
            job.deleted = True
            self.jobs.remove(job_id)
            job.session = None
            self.residency.release(job_id)
            self.viewers.forget(job_id)
            self.hub.close_job(job_id, f"job {job_id} was deleted")
        give_back_memory()

    def delete_upload(self, upload_id: str) -> None:
        """Delete an uploaded dataset no job uses (JobConflict naming those that do)."""
        def refuse_if_used() -> None:
            using = [job.id for job in self.jobs.all()
                     if job.record.spec.dataset.id == upload_id]
            if using:
                shown = ", ".join(using[:10]) + (", ..." if len(using) > 10 else "")
                raise JobConflict(f"dataset {upload_id} is used by {len(using)} job(s) "
                                  f"({shown}); delete them first")
        self.uploads.delete(upload_id, refuse_if_used)

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
        job.last_used = time.monotonic()
        if job.session is None:
            try:
                job.session = self.residency.load(job)
            except CapacityError:
                raise
            except Exception as error:
                self._fail(job, error)
                raise JobConflict(f"job {job.id} cannot be loaded: {error}") from error
            with job.state_lock:
                job.record.show_kernel(job.session)
        return job.session

    def _record(self, job: Job, points: list[dict]) -> None:
        """Step counters, history and latest metrics after some training; tells watchers."""
        session = job.session
        with job.state_lock:
            record = job.record
            record.step, record.epoch = session.step, session.epoch
            record.show_kernel(session)
            if points:
                job.history.append(lifecycle.stamp(points))
                record.best = record.best.after(points)
                latest = {key: points[-1][key] for key in METRIC_KEYS}
                record.metrics = record.metrics.model_copy(update=latest)
                self.broadcast.metrics(job, points)
            record.touch()
        self._snapshot_if_due(job)
