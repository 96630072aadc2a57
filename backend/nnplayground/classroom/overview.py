"""The teacher's view of the class: one tile per running or recent job, with a small
boundary picture. Pictures are cached per job and redrawn when the job has trained since,
at most once a second each and a few per refresh, so a refresh mostly reads what it has."""

import threading
import time
from dataclasses import dataclass

import numpy as np

from nnplayground.classroom.owners import JOB, OwnerBook
from nnplayground.jobs import JobManager, JobNotFound, JobStatus
from nnplayground.jobs.job import Job
from nnplayground.training import NotDrawableError

PICTURE_RESOLUTION = 20
PICTURE_SECONDS = 1.0  # a running job's picture is redrawn at most this often
MAX_TILES = 60
PICTURES_PER_REFRESH = 8


@dataclass(frozen=True)
class Picture:
    step: int
    drawn_at: float
    body: dict | None  # None: not 2-D data


class Overview:
    def __init__(self, manager: JobManager, book: OwnerBook):
        self.manager, self.book = manager, book
        self._pictures: dict[str, Picture] = {}
        self._lock = threading.Lock()

    def tiles(self) -> list[dict]:
        """Running jobs first, newest first (a stable order: tiles stay where they are)."""
        jobs = sorted(self.manager.jobs.all(), key=lambda job: (
            job.status is JobStatus.RUNNING, job.record.created_at), reverse=True)[:MAX_TILES]
        self._forget_others({job.id for job in jobs})
        due = self._due(jobs, time.monotonic())
        return [self.tile(job, job.id in due) for job in jobs]

    def tile(self, job: Job, redraw: bool) -> dict:
        record = job.public()
        hidden = record.spec.network.hidden
        return {
            "id": record.id, "name": record.name,
            "nickname": self.book.nickname(self.book.owner_of(JOB, record.id)),
            "status": record.status, "status_reason": record.status_reason,
            "dataset": record.spec.dataset.name or "upload",
            "network": [layer.units for layer in hidden],
            "activation": hidden[0].activation if hidden else None,
            "epoch": record.epoch, "step": record.step,
            "test_loss": record.metrics.test_loss,
            "picture": self.picture(job, record.step) if redraw else self.cached(job.id),
        }

    def _due(self, jobs: list[Job], now: float) -> set[str]:
        """The pictures to redraw now: never drawn, or trained since and older than
        PICTURE_SECONDS; the oldest first, at most PICTURES_PER_REFRESH (each picture waits
        for the GIL that training threads hold: the budget bounds a refresh's time)."""
        with self._lock:
            drawn = {job.id: self._pictures.get(job.id) for job in jobs}
        stale = [(-1.0 if picture is None else picture.drawn_at, job.id)
                 for job in jobs if (picture := drawn[job.id]) is None
                 or (picture.step != job.record.step
                     and now - picture.drawn_at >= PICTURE_SECONDS)]
        return {job_id for _, job_id in sorted(stale)[:PICTURES_PER_REFRESH]}

    def cached(self, job_id: str) -> dict | None:
        with self._lock:
            picture = self._pictures.get(job_id)
        return None if picture is None else picture.body

    def picture(self, job: Job, step: int) -> dict | None:
        with self._lock:
            cached = self._pictures.get(job.id)
        # A job in the middle of a slice keeps its last picture: the view never waits for it.
        if cached is not None and not job.session_lock.acquire(blocking=False):
            return cached.body
        try:
            body = small_picture(self.manager.boundary(job.id, PICTURE_RESOLUTION))
        except NotDrawableError:
            body = None
        except JobNotFound:
            return None
        finally:
            if cached is not None:
                job.session_lock.release()
        with self._lock:
            self._pictures[job.id] = Picture(step, time.monotonic(), body)
        return body

    def _forget_others(self, shown: set[str]) -> None:
        with self._lock:
            for job_id in set(self._pictures) - shown:
                del self._pictures[job_id]


def small_picture(boundary: dict) -> dict:
    """The grid's values rounded to 2 decimals (null where not finite), rows bottom-up."""
    z = np.asarray(boundary["z"], dtype=np.float64)
    rounded = np.round(z, 2)
    rows = [[None if not np.isfinite(v) else float(v) for v in row] for row in rounded]
    return {"z": rows, "kind": boundary.get("kind"), "classes": boundary.get("classes")}
