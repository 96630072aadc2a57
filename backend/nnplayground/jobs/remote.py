"""The manager's side of a runner whose sessions live elsewhere (RayRunner).

While a job runs there, the manager keeps its session as a mirror: every checkpoint that
comes back is restored into it, so what the manager persists, evaluates and draws at a
rest is the remote state to the bit. Points and pictures come back more often than
checkpoints and are recorded and published as the embedded runner's slices are; SQLite
stays the source of truth, and a lost actor's jobs come back from it.
"""

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from nnplayground.jobs import slices
from nnplayground.jobs.broadcast import Broadcaster, drawable
from nnplayground.jobs.errors import CapacityError, JobConflict
from nnplayground.jobs.history import Columns
from nnplayground.jobs.hub import BOUNDARY, EventHub
from nnplayground.jobs.job import Job
from nnplayground.jobs.persistence import Persistence
from nnplayground.jobs.record import StatusReason
from nnplayground.jobs.registry import JobRegistry
from nnplayground.jobs.shard_messages import Plan, Progress, Wants
from nnplayground.jobs.status import JobStatus, ended
from nnplayground.jobs.uploads import UploadLibrary
from nnplayground.training.evaluation import METRIC_KEYS

if TYPE_CHECKING:
    from nnplayground.jobs.manager import Timing

log = logging.getLogger(__name__)


class RemoteError(RuntimeError):
    """Training failed where the job ran; the message is the remote exception's."""


class RemoteTraining:
    jobs: JobRegistry
    hub: EventHub
    uploads: UploadLibrary
    broadcast: Broadcaster
    persistence: Persistence
    timing: "Timing"

    def plan(self, job_id: str) -> Plan:
        """What an actor needs to train the job (the caller holds its session lock)."""
        job = self.jobs.get(job_id)
        spec = job.record.spec
        uploads = {} if spec.dataset.id is None else {
            spec.dataset.id: self.uploads.dataset(spec.dataset.id)}
        session = self._session(job)
        latest = job.snapshots.latest()
        return Plan(job_id, spec, session.checkpoint(), uploads,
                    snapshot_cap=self._snapshot_cap(session),
                    last_snapshot=None if latest is None else latest.epoch)

    def hand_over(self, job_id: str, place) -> None:
        """`place(plan)` a job that is still running, under its session lock (so no pause
        slips between the plan and the placement)."""
        with self.jobs.running(job_id) as job:
            if job is not None:
                place(self.plan(job_id))

    def wants(self, job_id: str, pictures: bool = True) -> Wants | None:
        """What the next report of a running job should carry; None if it is gone."""
        job = self.jobs.find(job_id)
        if job is None or job.deleted:
            return None
        with job.state_lock:
            since = job.history.last_step
        if not pictures:
            return Wants(since)
        checkpoint = slices.checkpoint_due(job, self.timing.checkpoint_seconds)
        if not self.broadcast.pictures_due(job, self.jobs.running_count()) or not (
                self.hub.watched(job_id)):
            return Wants(since, checkpoint)
        job.last_pictures = time.monotonic()
        boundary = tuple(self.hub.resolutions(job_id)) if drawable(job) else ()
        neurons = tuple((view, self.broadcast.drawn(job, view))
                        for view in self.hub.model_views(job_id))
        return Wants(since, checkpoint, boundary, neurons)

    def checkpoint_soon(self, job_id: str) -> None:
        """The job's next report brings a checkpoint (and absorbing it saves the job)."""
        job = self.jobs.find(job_id)
        if job is not None:
            job.last_checkpoint = float("-inf")

    def absorb(self, job_id: str, progress: Progress,
               current: Callable[[], bool] = lambda: True, saving: bool = True) -> bool:
        """Record a report of a running job, if `current()` (the runner's check, under the
        job's session lock, that the report is of its placement now), and save it if it
        brings a checkpoint (not `saving`: the caller, which withdrew the job, saves it);
        False when it should not train there any more (it ended, failed, or was paused,
        reset or deleted meanwhile)."""
        with self.jobs.running(job_id) as job:
            if job is None or not current():
                return False
            if progress.checkpoint is not None:  # perhaps before a live change arrived there
                job.session.restore(progress.checkpoint)
                slices.live_settings(job.session, job.record.spec)
            self._record_remote(job, progress)
            for info, data in progress.snapshots:  # kept where it trains, when due
                job.snapshots.add(info, data, self._snapshot_cap(job.session))
            if progress.error is not None:
                self._fail(job, RemoteError(progress.error))
                return False
            session = job.session
            if session.finished:
                self._rest(job, ended(JobStatus.RUNNING, session.diverged, session.finished))
                return False
            if progress.checkpoint is not None and saving:
                self.persistence.save(job)
            self._publish_pictures(job, progress)
            return not progress.ended

    def lost(self, job_id: str, reason: str) -> None:
        """A running job whose actor is gone: paused at its last stored checkpoint, with
        the history as stored up to it: status reason `worker_lost`, `reason` its error."""
        with self.jobs.running(job_id) as job:
            if job is None:
                return
            log.warning("job %s lost its actor: %s", job_id, reason)
            job.session = None
            try:
                session = self._session(job)  # from the stored checkpoint
            except JobConflict:
                return  # it cannot be loaded: _session failed the job, saying why
            except CapacityError as error:  # no memory for it here now: paused, unloaded
                with job.state_lock:
                    job.record.error = f"{reason}; {error}"
                self._set_status(job, JobStatus.PAUSED, StatusReason.WORKER_LOST)
                return
            history = self._new_history()
            history.extend_columns(until(self.persistence.store.load_metrics(job_id),
                                         session.step))
            with job.state_lock:
                job.history = history
                job.saved_generation = -1  # the next save rewrites the stored points
                job.record.step, job.record.epoch = session.step, session.epoch
                job.record.error = (f"{reason}; paused at its last checkpoint "
                                    f"(step {session.step})")
                self.broadcast.snapshot(job)
            self._rest(job, JobStatus.PAUSED, StatusReason.WORKER_LOST)

    def _record_remote(self, job: Job, progress: Progress) -> None:
        with job.state_lock:
            last = job.history.last_step
            points = [point for point in progress.points if last is None or point["step"] > last]
            record = job.record
            record.step, record.epoch = progress.step, progress.epoch
            if points:
                job.history.append(points)
                latest = {key: points[-1][key] for key in METRIC_KEYS}
                record.metrics = record.metrics.model_copy(update=latest)
                self.broadcast.metrics(job, points)
            record.touch()

    def _publish_pictures(self, job: Job, progress: Progress) -> None:
        for picture in progress.pictures:
            resolution = picture.resolution
            if picture.message.type == BOUNDARY:
                self.hub.publish(job.id, picture.message,
                                 only=lambda watcher, r=resolution: watcher.resolution == r)
            else:
                self.hub.publish(job.id, picture.message,
                                 only=lambda watcher, v=resolution: watcher.model_view == v)


def until(columns: Columns, step: int) -> Columns:
    """The points up to `step`."""
    keep = sum(1 for value in columns["step"] if value <= step)
    return {name: values[:keep] for name, values in columns.items()}
