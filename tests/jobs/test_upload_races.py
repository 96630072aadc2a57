"""Creating a job on an upload while that upload is deleted: whichever comes first, no job
ends up on a deleted upload. The test holds the create half-way (its data read, the job not
yet registered) and deletes the upload then: the create answers 409 saying why."""

import threading

import pytest

from nnplayground.jobs import JobConflict
from nnplayground.spec import JobCreate
from tests.utils.factories import csv_bytes

from .test_races import in_thread

PATIENCE = 30  # seconds: only reached when the order under test is broken


def upload_spec(upload_id: str) -> JobCreate:
    return JobCreate.model_validate({"dataset": {"id": upload_id},
                                     "network": {"hidden": [{"units": 2}]}})


def hold_upload_reads(manager, monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Reads of an upload's data that stop once read (`read` set) until `go_on` is set."""
    read, go_on = threading.Event(), threading.Event()
    dataset = manager.uploads.dataset

    def held_dataset(wanted: str):
        loaded = dataset(wanted)
        read.set()
        go_on.wait(PATIENCE)
        return loaded

    monkeypatch.setattr(manager.uploads, "dataset", held_dataset)
    return read, go_on


def test_a_create_whose_upload_is_deleted_meanwhile_answers_409(managers, monkeypatch):
    manager = managers()
    upload_id = manager.uploads.add(csv_bytes(), "data.csv").id
    read, go_on = hold_upload_reads(manager, monkeypatch)
    creating, outcome = in_thread(lambda: manager.create(upload_spec(upload_id)))
    assert read.wait(PATIENCE)
    manager.delete_upload(upload_id)  # no job uses it yet
    go_on.set()
    creating.join(PATIENCE)

    assert isinstance(outcome.get("error"), JobConflict), outcome
    assert upload_id in str(outcome["error"]) and "deleted" in str(outcome["error"])
    assert manager.list_jobs() == []
    assert manager.residency.budget.used_mb() == 0


def test_deleting_an_upload_that_a_created_job_uses_answers_409(managers):
    manager = managers()
    upload_id = manager.uploads.add(csv_bytes(), "data.csv").id
    job_id = manager.create(upload_spec(upload_id))["id"]
    with pytest.raises(JobConflict, match=job_id):
        manager.delete_upload(upload_id)


def test_a_reset_onto_an_upload_deleted_meanwhile_answers_409(managers, monkeypatch):
    manager = managers()
    job_id = manager.create(JobCreate.model_validate(
        {"dataset": {"name": "circle", "n_samples": 50}}))["id"]
    upload_id = manager.uploads.add(csv_bytes(), "data.csv").id
    read, go_on = hold_upload_reads(manager, monkeypatch)
    resetting, outcome = in_thread(lambda: manager.reset(job_id, upload_spec(upload_id)))
    assert read.wait(PATIENCE)
    manager.delete_upload(upload_id)
    go_on.set()
    resetting.join(PATIENCE)

    assert isinstance(outcome.get("error"), JobConflict), outcome
    assert manager.job(job_id)["spec"]["dataset"]["name"] == "circle"
