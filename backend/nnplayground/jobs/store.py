"""SQLite persistence (stdlib sqlite3, WAL) for jobs, metrics, checkpoints and uploads.

One connection guarded by a lock: writes are small and short, and every caller
(worker threads, request threads) gets a consistent view. Nothing here pickles:
specs and metrics are JSON, checkpoints are the session's own npz bytes, uploads
are the CSV bytes as received plus the options to parse them again. How a job's rows
are written and read is job_rows.py's; its snapshots', snapshot_store.py's.
"""

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nnplayground.jobs import snapshot_store
from nnplayground.jobs.errors import CapacityError, StorageError
from nnplayground.jobs.history import COLUMNS, Columns, empty_columns
from nnplayground.jobs.job_rows import (
    MetricsWrite,
    add_missing_columns,
    readable_job,
    write_job,
    write_metrics,
)
from nnplayground.jobs.record import JobRecord
from nnplayground.jobs.snapshots import SnapshotWrite

DATABASE_NAME = "nnplayground.sqlite3"
# Room kept on the data disk so that deletes, which free space, still work when it is full.
RESERVE_NAME = "nnplayground.reserve"
RESERVE_BYTES = 1024 * 1024

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
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    lifecycle TEXT
);
CREATE TABLE IF NOT EXISTS metrics (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    epoch REAL,
    train_loss REAL,
    test_loss REAL,
    train_accuracy REAL,
    test_accuracy REAL,
    time REAL,
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


class Store:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / DATABASE_NAME
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL survives a killed process; only a power cut may lose the last commits.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA + snapshot_store.SCHEMA)
        add_missing_columns(self._db)
        self.reserve = Path(data_dir) / RESERVE_NAME
        self._keep_reserve()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; a write the disk refuses is a StorageError."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:  # SQLite may have rolled back already
                        self._db.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as error:
                if not refused_write(error):
                    raise
                raise StorageError(str(error)) from error

    def _deleting(self, statement: str, key: str) -> int:
        """A delete, which must work on a full disk so that space can be freed: if the disk
        refuses it, the reserve file makes room for it once."""
        try:
            with self._transaction() as db:
                deleted = db.execute(statement, (key,)).rowcount
        except StorageError:
            if not self.reserve.exists():
                raise
            self.reserve.unlink()
            with self._transaction() as db:
                deleted = db.execute(statement, (key,)).rowcount
        with self._lock:  # hand the write-ahead log's pages back to the file system
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._keep_reserve()
        return deleted

    def _keep_reserve(self) -> None:
        if not self.reserve.exists():
            try:
                self.reserve.write_bytes(bytes(RESERVE_BYTES))
            except OSError:  # no room yet: the next delete that frees some makes it again
                self.reserve.unlink(missing_ok=True)

    # --- jobs ----------------------------------------------------------------------------

    def save_job(self, record: JobRecord, metrics: MetricsWrite | None = None,
                 checkpoint: tuple[int, bytes] | None = None,
                 snapshots: SnapshotWrite | None = None) -> None:
        """Write the job row, and with it (one transaction) new metrics, a checkpoint and
        snapshots."""
        with self._transaction() as db:
            write_job(db, record)
            if metrics is not None:
                write_metrics(db, record.id, metrics)
            if snapshots:
                snapshot_store.write(db, record.id, snapshots)
            if checkpoint is not None:
                step, data = checkpoint
                db.execute("INSERT OR REPLACE INTO checkpoints (job_id, step, data) "
                           "VALUES (?, ?, ?)", (record.id, step, data))

    def forget_progress(self, record: JobRecord, snapshots: SnapshotWrite | None = None) -> None:
        """A reset: the row as given, no metrics, no checkpoint, only the given snapshots."""
        with self._transaction() as db:
            write_job(db, record)
            db.execute("DELETE FROM metrics WHERE job_id = ?", (record.id,))
            db.execute("DELETE FROM checkpoints WHERE job_id = ?", (record.id,))
            snapshot_store.clear(db, record.id)
            if snapshots:
                snapshot_store.write(db, record.id, snapshots)

    def read(self, query: str, parameters: tuple = ()) -> list[tuple]:
        """The rows of one read-only query."""
        with self._lock:
            return self._db.execute(query, parameters).fetchall()

    def load_jobs(self) -> list[JobRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, status, spec, step, epoch, metrics, summary, error, "
                "created_at, updated_at, lifecycle FROM jobs ORDER BY created_at, rowid").fetchall()
        return [record for record in map(readable_job, rows) if record is not None]

    def delete_job(self, job_id: str) -> None:
        self._deleting("DELETE FROM jobs WHERE id = ?", job_id)

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

    def save_upload(self, upload: StoredUpload, most: int | None = None) -> None:
        """Store an upload; with `most`, CapacityError if that many are stored already
        (counted in the same transaction, so racing uploads cannot pass it together)."""
        with self._transaction() as db:
            if most is not None:
                stored = db.execute("SELECT COUNT(*) FROM datasets").fetchone()[0]
                if stored >= most:
                    raise CapacityError(f"at most {most} uploaded datasets allowed "
                                        f"(got {stored}); delete one first")
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

    def has_upload(self, upload_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM datasets WHERE id = ?",
                                    (upload_id,)).fetchone() is not None

    def load_upload_info(self, upload_id: str) -> dict | None:
        """An upload's stored description, without reading its content."""
        with self._lock:
            row = self._db.execute("SELECT info FROM datasets WHERE id = ?",
                                   (upload_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def list_upload_infos(self) -> list[dict]:
        """The stored descriptions of the uploads (their contents are not read)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT info FROM datasets ORDER BY created_at, rowid").fetchall()
        return [json.loads(info) for (info,) in rows]

    def delete_upload(self, upload_id: str) -> bool:
        return self._deleting("DELETE FROM datasets WHERE id = ?", upload_id) > 0


def read_upload(row: tuple) -> StoredUpload:
    upload_id, name, content, options, info, created_at = row
    return StoredUpload(upload_id, name, bytes(content), json.loads(options), json.loads(info),
                        created_at)


def refused_write(error: sqlite3.OperationalError) -> bool:
    """SQLITE_FULL or SQLITE_IOERR: the disk, not the statement, is at fault."""
    return getattr(error, "sqlite_errorname", "").startswith(("SQLITE_FULL", "SQLITE_IOERR"))
