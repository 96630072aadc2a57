"""A job as the API shows it and the store keeps it: one definition, one shape."""

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from nnplayground.jobs.status import JobStatus
from nnplayground.spec import JobSpec
from nnplayground.training import SessionSummary

Number = float | None  # null where a number is not finite


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JobMetrics(BaseModel):
    """The latest values (after a rest: of the whole model, with the confusion matrix)."""

    train_loss: Number = Field(None, examples=[0.412])
    test_loss: Number = Field(None, examples=[0.437])
    train_accuracy: Number = Field(None, description="None for regression", examples=[0.82])
    test_accuracy: Number = Field(None, examples=[0.8])
    confusion_matrix: list[list[int]] | None = Field(
        None, description="rows: true class, columns: predicted (test split, else train)",
        examples=[[[110, 15], [35, 90]]])


class JobRecord(BaseModel):
    """The job object of the API. Its nested values (spec, metrics, summary) are replaced,
    never changed in place, so a shallow copy is a consistent snapshot."""

    id: str = Field(examples=["3f2a9c1b7d4e"])
    name: str | None = None
    status: JobStatus = JobStatus.CREATED
    step: int = Field(0, description="minibatch steps done")
    epoch: int = Field(0, description="completed epochs")
    spec: JobSpec
    metrics: JobMetrics = Field(default_factory=JobMetrics)
    summary: SessionSummary | None = None
    error: str | None = Field(None, description="why the job diverged or failed")
    status_reason: str | None = Field(
        None, description="why the server, not the user, put the job in its status "
                          "(a lost Ray actor, say)")
    created_at: str = Field(default_factory=now_iso, examples=["2026-01-31T12:00:00.000Z"])
    updated_at: str = Field(default_factory=now_iso)

    def touch(self) -> None:
        self.updated_at = now_iso()
