"""Snapshots in SQLite: a table beside the checkpoints, written in the job's own save
transaction (so a restart finds the snapshots that match its history) and deleted with the
job (cascade) or by a reset."""

import sqlite3

from nnplayground.jobs.snapshots import SnapshotInfo, SnapshotWrite

SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (job_id, step)
);
"""


def write(db: sqlite3.Connection, job_id: str, snapshots: SnapshotWrite) -> None:
    db.executemany("DELETE FROM snapshots WHERE job_id = ? AND step = ?",
                   ((job_id, step) for step in snapshots.dropped))
    db.executemany("INSERT OR REPLACE INTO snapshots (job_id, step, epoch, data) "
                   "VALUES (?, ?, ?, ?)",
                   ((job_id, info.step, info.epoch, data) for info, data in snapshots.added))


def clear(db: sqlite3.Connection, job_id: str) -> None:
    db.execute("DELETE FROM snapshots WHERE job_id = ?", (job_id,))


def index_query() -> str:
    return "SELECT job_id, step, epoch FROM snapshots ORDER BY job_id, step"


def indexes(rows: list[tuple]) -> dict[str, list[SnapshotInfo]]:
    """Every job's snapshots, from the rows of `index_query`."""
    by_job: dict[str, list[SnapshotInfo]] = {}
    for job_id, step, epoch in rows:
        by_job.setdefault(job_id, []).append(SnapshotInfo(epoch=epoch, step=step))
    return by_job


DATA_QUERY = "SELECT data FROM snapshots WHERE job_id = ? AND step = ?"
SIZE_QUERY = "SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM snapshots WHERE job_id = ?"
