"""Pacing a job at `training.speed` epochs per second, so that a person can watch it learn.

A job earns steps as time passes (at `speed * steps_per_epoch` steps a second) and spends
them in slices; credit never exceeds MAX_CREDIT_SECONDS of steps, so a pause, a slow slice
or a busy machine is not followed by a burst. A job with no credit leaves the runner and is
submitted again when its next step is due, so a slow job costs no worker time meanwhile.
"""

import math
import threading
import time
from collections.abc import Callable

from nnplayground.jobs import slices
from nnplayground.training import TrainingSession
from nnplayground.training.schedule import steps_per_epoch

MAX_CREDIT_SECONDS = 0.1
MIN_WAIT_SECONDS = 0.01  # a wake-up per job at most every 10 ms


class Throttle:
    """The steps a paced job may take now."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.earned_since: float | None = None  # time from which credit accrues

    def allowed(self, session: TrainingSession, speed: float | None) -> int | None:
        """Steps allowed now (None: no limit)."""
        if speed is None:
            self.earned_since = None
            return None
        rate = self._rate(session, speed)
        now = self.clock()
        oldest = now - max(MAX_CREDIT_SECONDS, 1 / rate)
        if self.earned_since is None or self.earned_since < oldest:
            self.earned_since = oldest
        return math.floor((now - self.earned_since) * rate + 1e-9)  # 0.1 * 20 is 1.999…

    def spend(self, session: TrainingSession, speed: float | None, steps: int) -> None:
        if speed is not None and self.earned_since is not None:
            self.earned_since += steps / self._rate(session, speed)

    def wait(self, session: TrainingSession, speed: float) -> float:
        """Seconds until the next step is earned (at least MIN_WAIT_SECONDS)."""
        due = self.earned_since + 1 / self._rate(session, speed)
        return max(MIN_WAIT_SECONDS, due - self.clock())

    @staticmethod
    def _rate(session: TrainingSession, speed: float) -> float:
        return speed * steps_per_epoch(session.n_train, session.batch_size)


def later(seconds: float, action: Callable[[], None]) -> None:
    """Run `action` on a timer thread after `seconds`."""
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()


def paced_slice(job, seconds: float, resubmit: Callable[[], None],
                most_steps: int | None = None) -> list[dict] | None:
    """A slice of `job` within its speed (and `most_steps`): its metric points, or None when
    no step is due yet (then `resubmit` runs when one is)."""
    session, speed = job.session, job.record.spec.training.speed
    allowed = job.throttle.allowed(session, speed)
    if allowed == 0:
        later(job.throttle.wait(session, speed), resubmit)
        return None
    if most_steps is not None:
        allowed = most_steps if allowed is None else min(allowed, most_steps)
    first_step = session.step
    points = slices.train_slice(session, job.pace, seconds, most_steps=allowed)
    job.throttle.spend(session, speed, session.step - first_step)
    return points
