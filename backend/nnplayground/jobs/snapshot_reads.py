"""Snapshots of a job's weights, for the job manager: taken while it trains (at the epochs
snapshot_schedule.py says), listed, and read back as pictures and models of a past epoch.

A past epoch is drawn by a viewer session of the job's spec (numpy kernel) with the
snapshot's weights loaded, never by the live session: a read holds the live job's locks
only to look up and copy the snapshot's bytes, so it never waits for training.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable

from nnplayground.errors import FieldError
from nnplayground.jobs import snapshot_schedule
from nnplayground.jobs.errors import JobConflict
from nnplayground.jobs.job import Job
from nnplayground.jobs.persistence import Persistence
from nnplayground.jobs.registry import JobRegistry
from nnplayground.jobs.residency import Residency
from nnplayground.jobs.snapshots import SnapshotInfo
from nnplayground.jobs.uploads import UploadLibrary
from nnplayground.kernel import NUMPY
from nnplayground.limits import Limits
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession, weights_blob

VIEWERS_KEPT = 4  # viewer sessions kept built, for the jobs scrubbed most recently


class Viewer:
    """A session of a spec that only draws, with whichever snapshot is loaded."""

    def __init__(self, spec: JobSpec, session: TrainingSession):
        self.spec, self.session = spec, session
        self.lock = threading.Lock()


class Viewers:
    """The viewer sessions of the jobs scrubbed most recently (a replay asks one job for
    many epochs in a row: its viewer is built once). Each holds its memory from the budget,
    as a job's session does; they are the first to go when a session needs the room."""

    def __init__(self, residency: Residency, kept: int = VIEWERS_KEPT):
        self.residency, self.kept = residency, kept
        self._viewers: OrderedDict[str, Viewer] = OrderedDict()
        self._lock = threading.Lock()
        residency.caches.append(self.forget_all)

    def get(self, job_id: str, spec: JobSpec) -> Viewer:
        with self._lock:
            viewer = self._viewers.get(job_id)
        if viewer is None or viewer.spec != spec:  # built outside the lock: other jobs go on
            session = self.residency.build(budget_key(job_id), spec, kernels=NUMPY,
                                           holder=f"a viewer of job {job_id}'s past epochs")
            viewer = Viewer(spec, session)
        with self._lock:
            self._viewers[job_id] = viewer
            self._viewers.move_to_end(job_id)
            while len(self._viewers) > self.kept:
                self.residency.release(budget_key(self._viewers.popitem(last=False)[0]))
        return viewer

    def forget(self, job_id: str) -> None:
        with self._lock:
            if self._viewers.pop(job_id, None) is not None:
                self.residency.release(budget_key(job_id))

    def forget_all(self) -> int:
        """Drop every viewer (a read using one finishes with it); how many there were."""
        with self._lock:
            dropped = list(self._viewers)
            self._viewers.clear()
            for job_id in dropped:
                self.residency.release(budget_key(job_id))
        return len(dropped)


def budget_key(job_id: str) -> str:
    return f"viewer-{job_id}"


class SnapshotReads:
    jobs: JobRegistry
    limits: Limits
    persistence: Persistence
    uploads: UploadLibrary
    viewers: Viewers

    # --- reading ----------------------------------------------------------------------------

    def snapshots(self, job_id: str) -> list[SnapshotInfo]:
        return self.jobs.get(job_id).snapshots.infos()

    def snapshot_epochs(self, job_id: str) -> list[int]:
        """The epochs at which the job has a snapshot, ascending."""
        return [info.epoch for info in self.snapshots(job_id)]

    def snapshot_at(self, job_id: str, epoch: int) -> SnapshotInfo:
        """The snapshot nearest at or before `epoch`; FieldError outside the run's epochs."""
        job = self.jobs.get(job_id)
        with job.state_lock:
            trained = job.record.epoch
        if not 0 <= epoch <= trained:
            raise FieldError("epoch", f"must be between 0 and {trained} (the epochs job "
                                      f"{job_id} has trained), got {epoch}")
        info = job.snapshots.at_or_before(epoch)
        if info is None:
            raise JobConflict(f"job {job_id} has no snapshot at or before epoch {epoch}")
        return info

    def _read_snapshot(self, job_id: str, epoch: int,
                       read: Callable[[TrainingSession], dict | bytes]
                       ) -> tuple[SnapshotInfo, dict | bytes]:
        """`read` of a viewer session holding the weights of the snapshot at `epoch`."""
        job = self.jobs.get(job_id)
        for _ in range(3):  # a snapshot thinned out between two looks: the next is as good
            info = self.snapshot_at(job_id, epoch)
            data = job.snapshots.unsaved_bytes(info.step)
            if data is None:
                data = self.persistence.load_snapshot(job_id, info.step)
            if data is not None:
                break
        else:
            raise JobConflict(f"job {job_id}'s snapshots changed while read; ask again")
        with job.state_lock:
            spec = job.record.spec
        viewer = self.viewers.get(job_id, spec)
        with viewer.lock:
            weights_blob.load_into(viewer.session.model, data)
            return info, read(viewer.session)

    # --- taking (callers hold the job's session lock) -----------------------------------------

    def _take_snapshot(self, job: Job) -> None:
        """The session's weights now, as the snapshot of its epoch."""
        session = job.session
        info = SnapshotInfo(epoch=session.epoch, step=session.step)
        job.snapshots.add(info, weights_blob.encode(session.model), self._snapshot_cap(session))

    def _snapshot_if_due(self, job: Job, resting: bool = False) -> None:
        """After some training: a snapshot if one is due; at a rest (pause, step, end) the
        latest weights, unless they are kept already."""
        session = job.session
        if session is None or session.diverged:
            return
        latest = job.snapshots.latest()
        if resting or session.finished:
            if latest is None or latest.step != session.step:
                self._take_snapshot(job)
        elif session.epoch >= job.snapshots.next_due(self._snapshot_cap(session)):
            self._take_snapshot(job)

    def _steps_to_snapshot(self, job: Job) -> int | None:
        """Steps until the end of the epoch at which the next snapshot is due, so that a
        slice stops there (None: it is due now)."""
        session = job.session
        return snapshot_schedule.steps_until(
            session, job.snapshots.next_due(self._snapshot_cap(session)))

    def _snapshot_cap(self, session: TrainingSession) -> int:
        fit = self.limits.max_snapshot_bytes // max(1, weights_blob.raw_size(session.model))
        return max(2, min(self.limits.max_snapshots, fit))
