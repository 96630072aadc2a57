"""A job's rows in SQLite: the `jobs` row of its record and its `metrics` rows, written and
read back (a row today's rules no longer accept is skipped with a warning)."""

import json
import logging
import sqlite3
from dataclasses import dataclass

from nnplayground.jobs.history import COLUMNS, Columns
from nnplayground.jobs.record import JobMetrics, JobRecord
from nnplayground.jobs.status import JobStatus
from nnplayground.spec import JobSpec
from nnplayground.training import SessionSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MetricsWrite:
    """New points to append, or (`replace`) the whole history to write anew."""

    columns: Columns
    replace: bool = False


# Columns added after the first release; a database made before gets them on opening.
ADDED_COLUMNS = {"jobs": {"lifecycle": "TEXT"}, "metrics": {"time": "REAL"}}
# The record's fields kept together in the `lifecycle` column (JSON).
LIFECYCLE_FIELDS = {"tags", "status_reason", "best", "started_at", "finished_at"}


def add_missing_columns(db: sqlite3.Connection) -> None:
    for table, columns in ADDED_COLUMNS.items():
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for name, kind in columns.items():
            if name not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def write_job(db: sqlite3.Connection, record: JobRecord) -> None:
    db.execute(
        "INSERT INTO jobs (id, name, status, spec, step, epoch, metrics, summary, error, "
        "created_at, updated_at, lifecycle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name=excluded.name, status=excluded.status, "
        "spec=excluded.spec, step=excluded.step, epoch=excluded.epoch, "
        "metrics=excluded.metrics, summary=excluded.summary, error=excluded.error, "
        "updated_at=excluded.updated_at, lifecycle=excluded.lifecycle",
        (record.id, record.name, record.status.value, record.spec.model_dump_json(),
         record.step, record.epoch, record.metrics.model_dump_json(),
         None if record.summary is None else record.summary.model_dump_json(),
         record.error, record.created_at, record.updated_at,
         record.model_dump_json(include=LIFECYCLE_FIELDS)))


def read_job(row: tuple) -> JobRecord:
    (job_id, name, status, spec, step, epoch, metrics, summary, error,
     created_at, updated_at, lifecycle) = row
    return JobRecord(
        **(json.loads(lifecycle) if lifecycle else {}),
        id=job_id, name=name, status=JobStatus(status), spec=JobSpec.model_validate_json(spec),
        step=step, epoch=epoch, metrics=JobMetrics.model_validate_json(metrics),
        summary=None if summary is None else SessionSummary.model_validate_json(summary),
        error=error,
        created_at=created_at, updated_at=updated_at)


def readable_job(row: tuple) -> JobRecord | None:
    """The job of a row, or None (with a warning) for one today's rules no longer accept,
    say a spec stored before they became stricter: it stays stored, and the rest load."""
    try:
        return read_job(row)
    except ValueError as error:  # pydantic's ValidationError, a bad status
        problem = str(error).replace("\n", " ")
        log.warning("job %s is not loaded: it no longer validates (%s)", row[0], problem[:300])
        return None


def write_metrics(db: sqlite3.Connection, job_id: str, metrics: MetricsWrite) -> None:
    if metrics.replace:
        db.execute("DELETE FROM metrics WHERE job_id = ?", (job_id,))
    columns = metrics.columns
    rows = zip(*(columns[name] for name in COLUMNS), strict=True)
    db.executemany(
        f"INSERT OR REPLACE INTO metrics (job_id, {', '.join(COLUMNS)}) "
        f"VALUES (?, {', '.join('?' * len(COLUMNS))})",
        ((job_id, *row) for row in rows))
