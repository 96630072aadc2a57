"""Which jobs' sessions are in memory. Each holds its estimated memory from the budget;
idle ones (not running, unused for a while) are unloaded after a checkpoint, and the
manager rebuilds them from it on demand, on the same curve to the bit. Caches of sessions
(the viewers of past epochs) hold theirs too, and are emptied first when room is needed."""

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nnplayground.data.catalogue import find_entry
from nnplayground.data.real import find_real, public_meta
from nnplayground.jobs.errors import CapacityError, StorageError
from nnplayground.jobs.job import Job
from nnplayground.jobs.memory import MemoryBudget, Shape, estimate_mb, give_back_memory
from nnplayground.jobs.persistence import Persistence
from nnplayground.jobs.registry import JobRegistry
from nnplayground.jobs.slices import load_session
from nnplayground.jobs.status import JobStatus
from nnplayground.jobs.uploads import UnknownUpload, UploadLibrary
from nnplayground.kernel import KernelChoice
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession

log = logging.getLogger(__name__)
# How long making room waits for a job's lock (a slice, a read): bounded, because the
# caller holds its own job's lock, and another may be waiting for that one.
MAKING_ROOM_WAIT_SECONDS = 0.5


class Residency:
    def __init__(self, jobs: JobRegistry, persistence: Persistence, uploads: UploadLibrary,
                 budget: MemoryBudget, max_samples: int, kernels: KernelChoice):
        self.jobs, self.persistence, self.uploads = jobs, persistence, uploads
        self.kernels = kernels
        self.budget = budget
        self.max_samples = max_samples
        self.caches: list[Callable[[], int]] = []  # each empties one: how many it dropped

    def hold(self, job_id: str, spec: JobSpec, holder: str | None = None) -> None:
        """Take `spec`'s memory for `job_id`."""
        self.hold_mb(job_id, estimate_mb(spec, self.shape(spec)), holder)

    def hold_mb(self, key: str, need: float, holder: str | None = None,
                keep: str | None = None) -> None:
        """Take `need` MB for `key`, emptying the caches, then unloading idle sessions (but
        job `keep`'s, default `key`'s), if that makes room (CapacityError naming the numbers
        and the `holder` otherwise)."""
        def unload() -> int:
            return self.unload_idle(0.0, keep=keep or key, wait=MAKING_ROOM_WAIT_SECONDS)

        refused = None
        for make_room in (None, self.empty_caches, unload):  # first as it is
            if make_room is not None and not make_room():
                continue  # nothing freed that way: the room is as it was
            try:
                self.budget.reserve(key, need, holder)
                return
            except CapacityError as error:
                refused = error
        raise refused

    def empty_caches(self) -> int:
        return sum(empty() for empty in self.caches)

    def build(self, job_id: str, spec: JobSpec, holder: str | None = None,
              kernels: KernelChoice | None = None) -> TrainingSession:
        """A new session of `spec`, its memory held for `job_id` (released if it fails)."""
        self.hold(job_id, spec, holder)
        try:
            return TrainingSession(spec, self.uploads.dataset,
                                   self.kernels if kernels is None else kernels)
        except BaseException:
            self.release(job_id)
            raise

    def load(self, job: Job) -> TrainingSession:
        """The session of a stored job, from its checkpoint, its memory held."""
        self.hold(job.id, job.record.spec)
        try:
            session = load_session(job.record.spec, self.uploads.dataset,
                                   self.persistence.load_checkpoint(job.id), self.kernels)
        except BaseException:
            self.release(job.id)
            raise
        job.checkpoint_step = session.step
        return session

    def release(self, job_id: str) -> None:
        self.budget.release(job_id)

    @contextmanager
    def held(self, need: float, holder: str, keep: str | None = None) -> Iterator[None]:
        """`need` MB held for a moment (a frozen copy of job `keep`'s model, read)."""
        key = f"held-{uuid.uuid4().hex}"
        self.hold_mb(key, need, holder, keep)
        try:
            yield
        finally:
            self.release(key)

    @contextmanager
    def passing(self, spec: JobSpec) -> Iterator[TrainingSession]:
        """A session of `spec` for a moment (a preview), its memory held meanwhile."""
        key = f"preview-{uuid.uuid4().hex}"
        session = self.build(key, spec, holder="a preview")
        try:
            yield session
        finally:
            self.release(key)

    def shape(self, spec: JobSpec) -> Shape:
        dataset = spec.dataset
        if dataset.points is not None:
            return Shape(len(dataset.points))
        if dataset.id is not None:
            try:
                info = self.uploads.info(dataset.id)
            except UnknownUpload:  # building the session will say so
                return Shape(1)
            return Shape(info.n_rows, info.n_features)
        real = find_real(dataset.name or "")
        if real is not None:
            meta = public_meta(real)
            return Shape(meta["n_samples"], meta["n_features"])
        entry = find_entry(dataset.name or "")
        default = entry.default_samples if entry else self.max_samples
        return Shape(dataset.n_samples or default)

    def unload_idle(self, older_than: float, keep: str | None = None, wait: float = 0.0
                    ) -> int:
        """Unload the sessions of jobs not running and unused for `older_than` seconds
        (skipping any still busy after `wait` seconds); how many were unloaded."""
        unloaded = 0
        now = time.monotonic()
        for job in self.jobs.all():
            if (job.id == keep or job.session is None or job.status is JobStatus.RUNNING
                    or now - job.last_used < older_than):
                continue
            if job.session_lock.acquire(timeout=wait):
                try:
                    unloaded += self._unload(job)
                finally:
                    job.session_lock.release()
        if unloaded:
            give_back_memory()
        return unloaded

    def _unload(self, job: Job) -> bool:
        session = job.session
        if session is None or job.deleted or job.status is JobStatus.RUNNING:
            return False
        if session.step > 0 and job.checkpoint_step != session.step:
            try:
                self.persistence.save(job)
            except StorageError:  # no checkpoint, no unloading: the session is the state
                return False
        job.session = None
        self.budget.release(job.id)
        return True

    def run(self, idle_seconds: float, stopping: threading.Event) -> threading.Thread:
        """A thread that unloads sessions idle for `idle_seconds` until `stopping`."""
        def unload_while_serving() -> None:
            while not stopping.wait(min(idle_seconds / 2, 5.0)):
                try:
                    self.unload_idle(idle_seconds)
                except Exception:  # never lose the thread
                    log.exception("unloading idle sessions failed")

        thread = threading.Thread(target=unload_while_serving, daemon=True,
                                  name="nnplayground-unloader")
        thread.start()
        return thread
