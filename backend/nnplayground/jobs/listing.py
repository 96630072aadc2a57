"""`GET /api/jobs`: job summaries filtered by status, tag and text, newest first, in pages
joined by an opaque cursor (the position of the last job of a page)."""

import base64
import binascii
import json

from pydantic import BaseModel, Field

from nnplayground.errors import FieldError
from nnplayground.jobs.record import BestMetrics, JobRecord, LatestMetrics, StatusReason
from nnplayground.jobs.status import JobStatus

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class JobSummary(BaseModel):
    """A job without its spec (that comes from `GET /api/jobs/{id}`)."""

    id: str = Field(examples=["3f2a9c1b7d4e"])
    name: str | None
    tags: list[str]
    status: JobStatus
    status_reason: StatusReason | None
    step: int
    epoch: int
    created_at: str
    started_at: str | None
    finished_at: str | None
    metrics: LatestMetrics
    best: BestMetrics
    dataset: str = Field(description="the generator's name, `upload:<id>` or `points`",
                         examples=["spiral"])
    network: list[int] = Field(description="units per layer: inputs, hidden..., outputs",
                               examples=[[2, 8, 8, 1]])


class JobPage(BaseModel):
    items: list[JobSummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null "
                                                "on the last")


class JobFilter(BaseModel):
    status: list[JobStatus] = []
    tag: list[str] = []
    q: str | None = None

    def empty(self) -> bool:
        return not (self.status or self.tag or self.q)

    def matches(self, record: JobRecord) -> bool:
        if self.status and record.status not in self.status:
            return False
        if any(tag not in record.tags for tag in self.tag):
            return False
        return self.q is None or self.q.lower() in searchable(record)

    def check_tags(self, records: list[JobRecord]) -> None:
        """A tag no job carries is most likely a typo: FieldError naming it."""
        known = {tag for record in records for tag in record.tags}
        for tag in self.tag:
            if tag not in known:
                raise FieldError("tag", f"no job has the tag {tag!r}")


def searchable(record: JobRecord) -> str:
    return " ".join([record.id, record.name or "", *record.tags, dataset_label(record)]).lower()


def dataset_label(record: JobRecord) -> str:
    dataset = record.spec.dataset
    if dataset.name is not None:
        return dataset.name
    return f"upload:{dataset.id}" if dataset.id is not None else "points"


def network_shape(record: JobRecord) -> list[int]:
    summary = record.summary
    inputs = summary.n_inputs if summary else len(record.spec.features)
    outputs = summary.classes if summary and summary.classes and summary.classes > 2 else 1
    return [inputs, *(layer.units for layer in record.spec.network.hidden), outputs]


def summarize(record: JobRecord) -> JobSummary:
    return JobSummary(
        **record.model_dump(include={"id", "name", "tags", "status", "status_reason", "step",
                                     "epoch", "created_at", "started_at", "finished_at",
                                     "best"}),
        metrics=LatestMetrics(**record.metrics.model_dump(exclude={"confusion_matrix"})),
        dataset=dataset_label(record), network=network_shape(record))


def position(record: JobRecord) -> tuple[str, str]:
    return record.created_at, record.id


def encode_cursor(record: JobRecord) -> str:
    return base64.urlsafe_b64encode(json.dumps(position(record)).encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        created_at, job_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if isinstance(created_at, str) and isinstance(job_id, str):
            return created_at, job_id
    except (binascii.Error, ValueError, TypeError):
        pass
    raise FieldError("cursor", "not a cursor this server gave (pass `next_cursor` as it is)")


def page(records: list[JobRecord], where: JobFilter, limit: int = DEFAULT_LIMIT,
         cursor: str | None = None) -> JobPage:
    """One page of summaries, newest first, after `cursor`."""
    where.check_tags(records)
    after = decode_cursor(cursor) if cursor is not None else None
    chosen = sorted((r for r in records if where.matches(r)), key=position, reverse=True)
    if after is not None:
        chosen = [record for record in chosen if position(record) < after]
    items = chosen[:limit]
    more = len(chosen) > limit
    return JobPage(items=[summarize(record) for record in items],
                   next_cursor=encode_cursor(items[-1]) if more else None)
