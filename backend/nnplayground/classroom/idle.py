"""Idle runs pause: a running job nobody has watched (no open WebSocket on it) for
`idle_pause_s` pauses with `status_reason: "idle"`. Only a person's play resumes it."""

import asyncio
import contextlib
import time

from nnplayground.jobs import IllegalAction, JobManager, JobNotFound, JobStatus
from nnplayground.jobs.record import StatusReason


class IdleWatch:
    def __init__(self, manager: JobManager, idle_seconds: float):
        self.manager = manager
        self.idle_seconds = idle_seconds
        self._watched_at: dict[str, float] = {}  # running job -> last moment it had a watcher

    def idle_jobs(self, now: float) -> list[str]:
        """The running jobs unwatched for `idle_seconds` (the clock starts when first seen)."""
        idle, running = [], set()
        for job in self.manager.jobs.all():
            if job.status is not JobStatus.RUNNING:
                continue
            running.add(job.id)
            if self.manager.hub.watcher_count(job.id):
                self._watched_at[job.id] = now
            elif now - self._watched_at.setdefault(job.id, now) >= self.idle_seconds:
                idle.append(job.id)
        for job_id in (set(self._watched_at) - running) | set(idle):
            del self._watched_at[job_id]
        return idle

    def pause(self, job_id: str) -> None:
        with contextlib.suppress(IllegalAction, JobNotFound):  # paused or deleted meanwhile
            self.manager.pause(job_id, StatusReason.IDLE)

    async def run(self, lines) -> None:
        period = min(1.0, self.idle_seconds / 4)
        while True:
            await asyncio.sleep(period)
            for job_id in self.idle_jobs(time.monotonic()):
                await lines.call(job_id, self.pause, job_id)
