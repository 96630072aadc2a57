"""A sweep as the API shows it: each member with its axis values, status and final and
best metrics; configurations (members that differ only in their seed) with the mean and
spread of their results."""

import statistics
from collections import Counter
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from nnplayground.jobs.record import BestMetrics, JobRecord, LatestMetrics, StatusReason
from nnplayground.jobs.status import JobStatus
from nnplayground.jobs.sweep_store import SweepRow


class SweepState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"


class SweepMember(BaseModel):
    job_id: str
    name: str | None
    values: dict[str, Any] = Field(description="axis path -> this member's value")
    status: JobStatus | None = Field(description="null when the job was deleted")
    status_reason: StatusReason | None = None
    epoch: int = 0
    metrics: LatestMetrics = Field(default_factory=LatestMetrics, description="final (latest)")
    best: BestMetrics = Field(default_factory=BestMetrics)


class Spread(BaseModel):
    mean: float | None
    std: float | None = Field(description="sample standard deviation (0 for one value)")
    min: float | None
    max: float | None
    n: int


class SweepConfiguration(BaseModel):
    """Members with the same values but their seed."""

    values: dict[str, Any]
    job_ids: list[str]
    final_test_loss: Spread
    final_test_accuracy: Spread
    best_test_loss: Spread


class Sweep(BaseModel):
    id: str
    name: str | None
    status: SweepState
    created_at: str
    finished_at: str | None
    axes: list[str] = Field(description="the spec paths the members differ in")
    max_parallel: int
    counts: dict[str, int] = Field(description="members per job status")
    members: list[SweepMember]
    configurations: list[SweepConfiguration]


class SweepSummary(BaseModel):
    id: str
    name: str | None
    status: SweepState
    created_at: str
    axes: list[str]
    counts: dict[str, int]


def member_view(row, record: JobRecord | None) -> SweepMember:
    if record is None:
        return SweepMember(job_id=row.job_id, name=None, values=row.values, status=None)
    return SweepMember(
        job_id=record.id, name=record.name, values=row.values, status=record.status,
        status_reason=record.status_reason, epoch=record.epoch, best=record.best,
        metrics=LatestMetrics(**record.metrics.model_dump(exclude={"confusion_matrix"})))


def counts(members: list[SweepMember]) -> dict[str, int]:
    return dict(Counter(member.status.value if member.status else "deleted"
                        for member in members))


def sweep_view(row: SweepRow, records: dict[str, JobRecord]) -> Sweep:
    members = [member_view(member, records.get(member.job_id)) for member in row.members]
    return Sweep(id=row.id, name=row.name, status=SweepState(row.state),
                 created_at=row.created_at, finished_at=row.finished_at, axes=row.axes,
                 max_parallel=row.max_parallel, counts=counts(members), members=members,
                 configurations=configurations(members))


def summary_view(row: SweepRow, records: dict[str, JobRecord]) -> SweepSummary:
    members = [member_view(member, records.get(member.job_id)) for member in row.members]
    return SweepSummary(id=row.id, name=row.name, status=SweepState(row.state),
                        created_at=row.created_at, axes=row.axes, counts=counts(members))


def configurations(members: list[SweepMember]) -> list[SweepConfiguration]:
    groups: dict[str, list[SweepMember]] = {}
    for member in members:
        groups.setdefault(repr(without_seeds(member.values)), []).append(member)
    return [SweepConfiguration(
        values=without_seeds(group[0].values), job_ids=[member.job_id for member in group],
        final_test_loss=spread(member.metrics.test_loss for member in group),
        final_test_accuracy=spread(member.metrics.test_accuracy for member in group),
        best_test_loss=spread(member.best.test_loss for member in group))
        for group in groups.values()]


def without_seeds(values: dict[str, Any]) -> dict[str, Any]:
    return {path: value for path, value in values.items() if not path.endswith("seed")}


def spread(values) -> Spread:
    numbers = [value for value in values if value is not None]
    if not numbers:
        return Spread(mean=None, std=None, min=None, max=None, n=0)
    std = statistics.stdev(numbers) if len(numbers) > 1 else 0.0
    return Spread(mean=statistics.fmean(numbers), std=std, min=min(numbers), max=max(numbers),
                  n=len(numbers))
