"""What is kept about a job besides its live session: the row a store persists."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from nnplayground.jobs.status import JobStatus
from nnplayground.spec import JobSpec

METRIC_KEYS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "confusion_matrix")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def empty_metrics() -> dict:
    return dict.fromkeys(METRIC_KEYS)


@dataclass
class JobRecord:
    id: str
    spec: JobSpec
    name: str | None = None
    status: JobStatus = JobStatus.CREATED
    step: int = 0
    epoch: int = 0
    metrics: dict = field(default_factory=empty_metrics)
    summary: dict | None = None
    error: str | None = None
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    def touch(self) -> None:
        self.updated_at = now_iso()
