"""The default runner: worker threads that give running jobs short slices, round-robin.

Fairness: one queue, each job gets one slice per turn and goes to the back of it,
so 30 jobs on 2 workers all advance at the same pace. Responsiveness: the event
loop shares the GIL with the workers, and a thread holding it for a whole slice
makes every request wait (p99 ~100 ms measured with the default 5 ms switch
interval). Slices stay a few ms, each worker yields after its slice, and the
interpreter's switch interval is lowered to 1 ms while the runner runs, which
brought REST p99 to ~10 ms in the same measurement (benchmarks/server_bench.py).
"""

import logging
import sys
import threading
import time
from collections import deque

from nnplayground.jobs.runner import Runner, SliceTrainer
from nnplayground.settings import default_setting

log = logging.getLogger(__name__)


class EmbeddedRunner(Runner):
    def __init__(self, workers: int = 2, slice_seconds: float = default_setting("slice_seconds"),
                 switch_interval: float | None = default_setting("switch_interval")):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.slice_seconds = slice_seconds
        self.switch_interval = switch_interval
        self._condition = threading.Condition()
        self._queue: deque[str] = deque()
        self._queued: set[str] = set()
        self._in_flight: set[str] = set()
        self._again: set[str] = set()  # submitted while a slice of it was running
        self._slice_started: dict[str, float] = {}  # per worker thread, while in a slice
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._previous_switch_interval: float | None = None

    def start(self, trainer: SliceTrainer) -> None:
        if self.switch_interval is not None:
            self._previous_switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(self.switch_interval)
        self._stopping = False
        self._threads = [
            threading.Thread(target=self._work, args=(trainer,), daemon=True,
                             name=f"nnplayground-worker-{index}")
            for index in range(self.workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, job_id: str) -> None:
        with self._condition:
            if job_id in self._in_flight:
                self._again.add(job_id)
            elif job_id not in self._queued:
                self._queue.append(job_id)
                self._queued.add(job_id)
                self._condition.notify()

    def stop(self, timeout: float = 5.0) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads = []
        if self._previous_switch_interval is not None:
            sys.setswitchinterval(self._previous_switch_interval)
            self._previous_switch_interval = None

    def stalled_seconds(self) -> float:
        started = list(self._slice_started.values())
        return time.monotonic() - min(started) if started else 0.0

    def _work(self, trainer: SliceTrainer) -> None:
        me = threading.current_thread().name
        while (job_id := self._next()) is not None:
            self._slice_started[me] = time.monotonic()
            try:
                keep = trainer.train_slice(job_id, self.slice_seconds)
            except Exception:  # the trainer fails the job itself; never lose the worker
                log.exception("slice of job %s failed", job_id)
                keep = False
            finally:
                del self._slice_started[me]
            self._done(job_id, keep)
            time.sleep(0)  # let the event loop take the GIL between slices

    def _next(self) -> str | None:
        with self._condition:
            while not self._queue and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            job_id = self._queue.popleft()
            self._queued.discard(job_id)
            self._in_flight.add(job_id)
            return job_id

    def _done(self, job_id: str, keep: bool) -> None:
        with self._condition:
            self._in_flight.discard(job_id)
            again = job_id in self._again
            self._again.discard(job_id)
            if (keep or again) and not self._stopping and job_id not in self._queued:
                alone = not self._queue
                self._queue.append(job_id)
                self._queued.add(job_id)
                if not alone:  # else this worker takes it next: waking another is a handoff
                    self._condition.notify()
