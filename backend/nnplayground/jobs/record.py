"""A job as the API shows it and the store keeps it: one definition, one shape."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from nnplayground.jobs.status import JobStatus
from nnplayground.spec import JobSpec
from nnplayground.training import SessionSummary, TrainingSession

Number = float | None  # null where a number is not finite


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StatusReason(StrEnum):
    """Why a job has its status (null while it runs or before it ever did)."""

    MAX_EPOCHS = "max_epochs"
    TARGET_LOSS = "target_loss"
    DIVERGED = "diverged"
    ERROR = "error"
    PAUSED_BY_USER = "paused_by_user"
    STEPPED = "stepped"
    IDLE = "idle"
    RESTART = "restart"
    SWEEP_PAUSED = "sweep_paused"
    WORKER_LOST = "worker_lost"  # its Ray actor (or node) was lost: paused at a checkpoint


class LatestMetrics(BaseModel):
    """The latest losses and accuracies."""

    train_loss: Number = Field(None, examples=[0.412])
    test_loss: Number = Field(None, examples=[0.437])
    train_accuracy: Number = Field(None, description="None for regression", examples=[0.82])
    test_accuracy: Number = Field(None, examples=[0.8])


class JobMetrics(LatestMetrics):
    """The latest values (after a rest: of the whole model, with the confusion matrix)."""

    confusion_matrix: list[list[int]] | None = Field(
        None, description="rows: true class, columns: predicted (test split, else train)",
        examples=[[[110, 15], [35, 90]]])


class BestMetrics(BaseModel):
    """The lowest test loss and highest test accuracy so far, and the epoch of each."""

    test_loss: Number = Field(None, examples=[0.21])
    test_loss_epoch: float | None = Field(None, examples=[42.0])
    test_accuracy: Number = Field(None, examples=[0.93])
    test_accuracy_epoch: float | None = Field(None, examples=[40.0])

    def after(self, points: list[dict]) -> "BestMetrics":
        """These bests updated with new metric points (a copy; None when nothing changed)."""
        best = self.model_dump()
        for point in points:
            loss, accuracy = point.get("test_loss"), point.get("test_accuracy")
            if loss is not None and (best["test_loss"] is None or loss < best["test_loss"]):
                best["test_loss"], best["test_loss_epoch"] = loss, point["epoch"]
            if accuracy is not None and (best["test_accuracy"] is None
                                         or accuracy > best["test_accuracy"]):
                best["test_accuracy"], best["test_accuracy_epoch"] = accuracy, point["epoch"]
        return BestMetrics(**best)


class JobRecord(BaseModel):
    """The job object of the API. Its nested values (spec, metrics, summary) are replaced,
    never changed in place, so a shallow copy is a consistent snapshot."""

    id: str = Field(examples=["3f2a9c1b7d4e"])
    name: str | None = None
    tags: list[str] = Field(default_factory=list, examples=[["baseline", "sweep-1a2b3c"]])
    status: JobStatus = JobStatus.CREATED
    status_reason: StatusReason | None = Field(
        None, description="why it has its status: max_epochs, target_loss, diverged, error, "
                          "paused_by_user, stepped, idle, restart, sweep_paused")
    step: int = Field(0, description="minibatch steps done")
    epoch: int = Field(0, description="completed epochs")
    spec: JobSpec
    metrics: JobMetrics = Field(default_factory=JobMetrics)
    best: BestMetrics = Field(default_factory=BestMetrics)
    summary: SessionSummary | None = None
    error: str | None = Field(None, description="why the job diverged or failed")
    kernel: Literal["compiled", "numpy"] | None = Field(
        None, description="what trains the job now (null until its session is built)")
    kernel_reason: str | None = Field(
        None, description="why numpy trains it although the compiled kernel was wanted",
        examples=["the compiled kernel is still compiling"])
    created_at: str = Field(default_factory=now_iso, examples=["2026-01-31T12:00:00.000Z"])
    updated_at: str = Field(default_factory=now_iso)
    started_at: str | None = Field(None, description="when it first trained (ISO 8601)")
    finished_at: str | None = Field(None, description="when it completed, diverged or failed")

    def show_kernel(self, session: TrainingSession) -> None:
        self.kernel, self.kernel_reason = session.kernel, session.kernel_reason

    def touch(self) -> None:
        self.updated_at = now_iso()


class StepReport(BaseModel):
    """What one `step` request trained, and why it stopped there."""

    steps: int = Field(description="minibatch steps trained by this request")
    seconds: float = Field(description="wall-clock seconds it trained")
    stopped: Literal["done", "time_limit", "ended", "cancelled", "paused", "failed"] = Field(
        description="done: all that was asked; time_limit: after the server's "
                    "`max_step_seconds` (ask again to continue); ended: the job completed or "
                    "diverged; cancelled: the client went away or the server is stopping; "
                    "paused: a pause asked meanwhile stopped it; failed: training raised "
                    "(see `error`)")


class StepResult(JobRecord):
    """The job after a `step`, with what the step did."""

    trained: StepReport
