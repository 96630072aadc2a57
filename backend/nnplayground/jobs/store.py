"""SQLite persistence (stdlib sqlite3, WAL) for jobs, metrics, checkpoints and uploads.

One connection guarded by a lock: writes are small and short, and every caller
(worker threads, request threads) gets a consistent view. Nothing here pickles:
specs and metrics are JSON, checkpoints are the session's own npz bytes, uploads
are the CSV bytes as received plus the options to parse them again.
"""

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nnplayground.jobs.history import COLUMNS, Columns, empty_columns
from nnplayground.jobs.record import JobMetrics, JobRecord
from nnplayground.jobs.status import JobStatus
from nnplayground.spec import JobSpec
from nnplayground.training import SessionSummary

DATABASE_NAME = "nnplayground.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    name TEXT,
    status TEXT NOT NULL,
    spec TEXT NOT NULL,
    step INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    summary TEXT,
    error TEXT,
    status_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS metrics (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    epoch REAL,
    train_loss REAL,
    test_loss REAL,
    train_accuracy REAL,
    test_accuracy REAL,
    PRIMARY KEY (job_id, step)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
    job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS datasets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    content BLOB NOT NULL,
    options TEXT NOT NULL,
    info TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class StoredUpload:
    id: str
    name: str
    content: bytes
    options: dict
    info: dict
    created_at: str


@dataclass(frozen=True)
class MetricsWrite:
    """New points to append, or (`replace`) the whole history to write anew."""

    columns: Columns
    replace: bool = False


class Store:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / DATABASE_NAME
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL survives a killed process; only a power cut may lose the last commits.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(jobs)")}
        if "status_reason" not in columns:  # a database from before the column
            self._db.execute("ALTER TABLE jobs ADD COLUMN status_reason TEXT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- jobs ----------------------------------------------------------------------------

    def save_job(self, record: JobRecord, metrics: MetricsWrite | None = None,
                 checkpoint: tuple[int, bytes] | None = None) -> None:
        """Write the job row, and with it (one transaction) new metrics and a checkpoint."""
        with self._transaction() as db:
            write_job(db, record)
            if metrics is not None:
                write_metrics(db, record.id, metrics)
            if checkpoint is not None:
                step, data = checkpoint
                db.execute("INSERT OR REPLACE INTO checkpoints (job_id, step, data) "
                           "VALUES (?, ?, ?)", (record.id, step, data))

    def forget_progress(self, record: JobRecord) -> None:
        """A reset: the row as given, no metrics and no checkpoint."""
        with self._transaction() as db:
            write_job(db, record)
            db.execute("DELETE FROM metrics WHERE job_id = ?", (record.id,))
            db.execute("DELETE FROM checkpoints WHERE job_id = ?", (record.id,))

    def load_jobs(self) -> list[JobRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, status, spec, step, epoch, metrics, summary, error, "
                "status_reason, created_at, updated_at FROM jobs "
                "ORDER BY created_at, rowid").fetchall()
        return [read_job(row) for row in rows]

    def delete_job(self, job_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    def load_metrics(self, job_id: str) -> Columns:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM metrics WHERE job_id = ? ORDER BY step",
                (job_id,)).fetchall()
        columns = empty_columns()
        for row in rows:
            for name, value in zip(COLUMNS, row, strict=True):
                columns[name].append(value)
        return columns

    def load_checkpoint(self, job_id: str) -> tuple[int, bytes] | None:
        with self._lock:
            row = self._db.execute("SELECT step, data FROM checkpoints WHERE job_id = ?",
                                   (job_id,)).fetchone()
        return None if row is None else (row[0], bytes(row[1]))

    # --- uploads -------------------------------------------------------------------------

    def save_upload(self, upload: StoredUpload) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO datasets (id, name, content, options, info, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (upload.id, upload.name, upload.content, json.dumps(upload.options),
                 json.dumps(upload.info), upload.created_at))

    def load_upload(self, upload_id: str) -> StoredUpload | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, content, options, info, created_at FROM datasets "
                "WHERE id = ?", (upload_id,)).fetchone()
        return None if row is None else read_upload(row)

    def list_uploads(self) -> list[StoredUpload]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, content, options, info, created_at FROM datasets "
                "ORDER BY created_at, rowid").fetchall()
        return [read_upload(row) for row in rows]

    def delete_upload(self, upload_id: str) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM datasets WHERE id = ?", (upload_id,)).rowcount > 0


def write_job(db: sqlite3.Connection, record: JobRecord) -> None:
    db.execute(
        "INSERT INTO jobs (id, name, status, spec, step, epoch, metrics, summary, error, "
        "status_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name=excluded.name, status=excluded.status, "
        "spec=excluded.spec, step=excluded.step, epoch=excluded.epoch, "
        "metrics=excluded.metrics, summary=excluded.summary, error=excluded.error, "
        "status_reason=excluded.status_reason, updated_at=excluded.updated_at",
        (record.id, record.name, record.status.value, record.spec.model_dump_json(),
         record.step, record.epoch, record.metrics.model_dump_json(),
         None if record.summary is None else record.summary.model_dump_json(),
         record.error, record.status_reason, record.created_at, record.updated_at))


def read_job(row: tuple) -> JobRecord:
    (job_id, name, status, spec, step, epoch, metrics, summary, error, status_reason,
     created_at, updated_at) = row
    return JobRecord(
        id=job_id, name=name, status=JobStatus(status), spec=JobSpec.model_validate_json(spec),
        step=step, epoch=epoch, metrics=JobMetrics.model_validate_json(metrics),
        summary=None if summary is None else SessionSummary.model_validate_json(summary),
        error=error, status_reason=status_reason,
        created_at=created_at, updated_at=updated_at)


def write_metrics(db: sqlite3.Connection, job_id: str, metrics: MetricsWrite) -> None:
    if metrics.replace:
        db.execute("DELETE FROM metrics WHERE job_id = ?", (job_id,))
    columns = metrics.columns
    rows = zip(*(columns[name] for name in COLUMNS), strict=True)
    db.executemany(
        f"INSERT OR REPLACE INTO metrics (job_id, {', '.join(COLUMNS)}) "
        f"VALUES (?, {', '.join('?' * len(COLUMNS))})",
        ((job_id, *row) for row in rows))


def read_upload(row: tuple) -> StoredUpload:
    upload_id, name, content, options, info, created_at = row
    return StoredUpload(upload_id, name, bytes(content), json.loads(options), json.loads(info),
                        created_at)
