"""SQLite persistence: jobs, metrics, checkpoints and uploads survive reopening the store."""

import sqlite3

from nnplayground.jobs.history import to_columns
from nnplayground.jobs.record import JobRecord
from nnplayground.jobs.status import JobStatus
from nnplayground.jobs.store import DATABASE_NAME, MetricsWrite, Store, StoredUpload
from nnplayground.spec import JobSpec

SUMMARY = {"kind": "classification", "classes": 2, "n_train": 8, "n_test": 2, "n_inputs": 2,
           "features": ["x1", "x2"], "columns": ["x1", "x2"], "steps_per_epoch": 1,
           "drawable": True, "x_range": [-6, 6], "y_range": [-6, 6]}


def record(job_id: str = "job1", **fields) -> JobRecord:
    spec = JobSpec.model_validate({"dataset": {"name": "xor"},
                                   "training": {"learning_rate": 0.1}})
    return JobRecord(id=job_id, spec=spec, **fields)


def points(*steps: int) -> dict:
    return to_columns({"step": s, "epoch": float(s), "train_loss": 0.5, "test_loss": None,
                       "train_accuracy": 0.75, "test_accuracy": None} for s in steps)


def test_database_uses_write_ahead_logging(tmp_path):
    Store(tmp_path).close()
    with sqlite3.connect(tmp_path / DATABASE_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_job_row_round_trips(tmp_path):
    store = Store(tmp_path)
    saved = record(name="baseline", status=JobStatus.PAUSED, step=50, epoch=2,
                   metrics={"train_loss": 0.25, "confusion_matrix": [[1, 0], [0, 1]]},
                   summary=SUMMARY, error=None)
    store.save_job(saved)
    store.close()
    [loaded] = Store(tmp_path).load_jobs()
    assert loaded == saved


def test_metrics_append_then_replace(tmp_path):
    store = Store(tmp_path)
    store.save_job(record(), MetricsWrite(points(1, 2)))
    store.save_job(record(), MetricsWrite(points(3)))
    assert store.load_metrics("job1")["step"] == [1, 2, 3]
    assert store.load_metrics("job1")["test_loss"] == [None, None, None]
    store.save_job(record(), MetricsWrite(points(1, 3), replace=True))
    assert store.load_metrics("job1")["step"] == [1, 3]


def test_checkpoint_is_written_with_the_row_and_forgotten_on_reset(tmp_path):
    store = Store(tmp_path)
    store.save_job(record(step=7), MetricsWrite(points(7)), checkpoint=(7, b"npz bytes"))
    assert store.load_checkpoint("job1") == (7, b"npz bytes")
    store.forget_progress(record())
    assert store.load_checkpoint("job1") is None
    assert store.load_metrics("job1")["step"] == []


def test_deleting_a_job_deletes_its_metrics_and_checkpoint(tmp_path):
    store = Store(tmp_path)
    store.save_job(record(), MetricsWrite(points(1)), checkpoint=(1, b"x"))
    store.save_job(record("job2"))
    store.delete_job("job1")
    assert [job.id for job in store.load_jobs()] == ["job2"]
    assert store.load_checkpoint("job1") is None
    assert store.load_metrics("job1")["step"] == []


def test_uploads_keep_the_bytes_and_options(tmp_path):
    store = Store(tmp_path)
    upload = StoredUpload("u1", "data.csv", b"a,b\n1,2\n", {"label_column": "b"},
                          {"id": "u1", "n_rows": 1}, "2026-01-01T00:00:00.000Z")
    store.save_upload(upload)
    store.close()
    store = Store(tmp_path)
    assert store.load_upload("u1") == upload
    assert store.list_upload_infos() == [upload.info]
    assert store.delete_upload("u1") is True
    assert store.delete_upload("u1") is False
    assert store.load_upload("u1") is None
