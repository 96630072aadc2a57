"""The lifecycle fields of a job record: status with its reason, start and finish times,
best metrics, and the wall-clock time of metric points. Callers hold the job's state lock."""

import time

from nnplayground.jobs.record import BestMetrics, JobRecord, StatusReason, now_iso
from nnplayground.jobs.status import JobStatus


def set_status(record: JobRecord, status: JobStatus, reason: StatusReason | None) -> None:
    """The new status and why; the first training sets `started_at`, an end `finished_at`."""
    record.status = status
    record.status_reason = None if status is JobStatus.RUNNING else reason
    if record.started_at is None and status in (JobStatus.RUNNING, JobStatus.PAUSED):
        record.started_at = now_iso()
    if status.finished:
        record.finished_at = now_iso()
    elif status is JobStatus.RUNNING:
        record.finished_at = None
    record.touch()


def start_over(record: JobRecord) -> None:
    """After a reset: the job has never trained."""
    record.status, record.status_reason = JobStatus.CREATED, None
    record.started_at = record.finished_at = None
    record.best = BestMetrics()


def stamp(points: list[dict]) -> list[dict]:
    """Metric points with the wall-clock time (Unix seconds) they were recorded at."""
    now = round(time.time(), 3)
    for point in points:
        point["time"] = now
    return points
