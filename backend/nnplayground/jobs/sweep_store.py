"""Sweeps in SQLite, beside the jobs (same database file, a connection of their own): a
sweep is one row of JSON, written whenever it changes; its members are ordinary jobs."""

import sqlite3
import threading
from pathlib import Path

from pydantic import BaseModel, Field

from nnplayground.jobs.record import now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS sweeps (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


class SweepMemberRow(BaseModel):
    job_id: str
    values: dict


class SweepRow(BaseModel):
    """What is kept of a sweep: how it was asked for, its members, and whether it runs."""

    id: str
    name: str | None = None
    state: str = Field("running", description="running, paused or completed")
    axes: list[str]
    max_parallel: int
    members: list[SweepMemberRow]
    created_at: str = Field(default_factory=now_iso)
    finished_at: str | None = None


class SweepStore:
    def __init__(self, path: Path):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None,
                                   timeout=10)
        self._db.executescript(SCHEMA)

    def save(self, sweep: SweepRow) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO sweeps (id, body, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET body=excluded.body",
                (sweep.id, sweep.model_dump_json(), sweep.created_at))

    def load(self) -> list[SweepRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM sweeps ORDER BY created_at, rowid").fetchall()
        return [SweepRow.model_validate_json(body) for (body,) in rows]

    def delete(self, sweep_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sweeps WHERE id = ?", (sweep_id,))

    def close(self) -> None:
        with self._lock:
            self._db.close()
