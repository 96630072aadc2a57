"""Painter: draws jobs' pictures in a thread of its own, off the jobs' session locks.

Whoever wants pictures of a job hands over a copy of its weights (taken under the job's
lock, which is cheap) and goes on; drawing happens here, so a slow picture never holds
training or control of the job. A job's newer request replaces one not drawn yet: a
picture of old weights is never drawn after a newer one was asked for.
"""

import logging
import threading
from collections.abc import Callable

from nnplayground.jobs.job import Job
from nnplayground.training import TrainingSession
from nnplayground.training.frozen import FrozenModel, Weights

log = logging.getLogger(__name__)

Draw = Callable[[Job, FrozenModel], None]


class Painter:
    def __init__(self, draw: Draw):
        self._draw = draw
        self._pending: dict[str, tuple[Job, TrainingSession, Weights]] = {}
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def request(self, job: Job, session: TrainingSession, weights: Weights) -> None:
        with self._changed:
            if self._closed:
                return
            self._pending.pop(job.id, None)  # to the back of the line, with the newer weights
            self._pending[job.id] = (job, session, weights)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="nnplayground-painter")
                self._thread.start()
            self._changed.notify()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._pending.clear()
            self._changed.notify()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._pending and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
                job_id = next(iter(self._pending))
                job, session, weights = self._pending.pop(job_id)
            if job.deleted:
                continue
            try:
                self._draw(job, FrozenModel(session, weights))
            except Exception:  # a picture that cannot be drawn must not end the painter
                log.exception("drawing the pictures of job %s failed", job.id)
