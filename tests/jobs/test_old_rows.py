"""A stored job that today's (stricter) rules no longer accept does not stop the server from
starting: it is skipped with a warning, and every other job loads."""

import logging
import sqlite3

from nnplayground.jobs.store import DATABASE_NAME
from nnplayground.spec import JobCreate
from tests.utils.factories import spec

from .conftest import open_manager

# As an older version wrote it: a batch size as a string, which numbers no longer accept.
OLD_SPEC = ('{"dataset": {"name": "circle", "n_samples": 100}, "features": ["x1", "x2"], '
            '"network": {"hidden": [{"units": 4}]}, "training": {"batch_size": "10"}}')


def write_old_row(data_dir) -> None:
    db = sqlite3.connect(data_dir / DATABASE_NAME)
    with db:
        db.execute("INSERT INTO jobs (id, name, status, spec, step, epoch, metrics, summary, "
                   "error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   ("oldjob000001", None, "paused", OLD_SPEC, 0, 0, "{}", None, None,
                    "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00"))
    db.close()


def test_a_job_stored_with_a_spec_that_no_longer_validates_is_skipped(tmp_path, caplog):
    manager = open_manager(tmp_path)
    kept = manager.create(JobCreate.model_validate(spec()))["id"]
    manager.shutdown()
    write_old_row(tmp_path)

    with caplog.at_level(logging.WARNING):
        again = open_manager(tmp_path)
    try:
        assert [job["id"] for job in again.list_jobs()] == [kept]
        warning = next(r.getMessage() for r in caplog.records if "oldjob000001" in r.getMessage())
        assert "no longer validates" in warning and "batch_size" in warning
    finally:
        again.shutdown()
