"""What reads hold in memory counts in the budget: the viewer sessions that draw past epochs
(kept for the jobs scrubbed last, dropped first when a session needs the room) and a frozen
copy of a model while it is read."""

import math

import pytest

from nnplayground.jobs import CapacityError
from nnplayground.jobs.memory import estimate_mb, frozen_mb
from nnplayground.jobs.snapshot_reads import VIEWERS_KEPT
from nnplayground.limits import Limits
from nnplayground.spec import StepRequest
from tests.jobs.test_manager import create, job_spec
from tests.jobs.test_upload_races import upload_spec
from tests.utils.factories import csv_bytes

BIG = {"network": {"hidden": [{"units": 256}] * 4}}


def session_mb(manager, **overrides) -> float:
    spec = job_spec(**overrides)
    return estimate_mb(spec, manager.residency.shape(spec))


def probe(managers):
    """A manager to ask for estimates, shut down (its data directory is the test's)."""
    manager = managers()
    manager.shutdown()
    return manager


def test_viewer_sessions_hold_memory_and_at_most_a_few_are_kept(managers):
    manager = managers()
    budget = manager.residency.budget
    jobs = [create(manager)["id"] for _ in range(VIEWERS_KEPT + 2)]
    for job_id in jobs:
        manager.step(job_id, StepRequest(epochs=2))
    sessions, one = budget.used_mb(), session_mb(manager)
    assert sessions == pytest.approx(len(jobs) * one)
    for scrubbed, job_id in enumerate(jobs, start=1):
        assert manager.boundary(job_id, resolution=10, epoch=0)["epoch"] == 0
        viewers = min(scrubbed, VIEWERS_KEPT)
        assert budget.used_mb() == pytest.approx(sessions + viewers * one)
    manager.boundary(jobs[0], resolution=10)  # a frozen copy of now: held only while read
    assert budget.used_mb() == pytest.approx(sessions + VIEWERS_KEPT * one)
    manager.delete(jobs[-1])  # its viewer goes with it
    assert budget.used_mb() == pytest.approx(sessions - one + (VIEWERS_KEPT - 1) * one)


def test_viewers_make_room_for_sessions_and_never_pass_the_budget(managers):
    budget_mb = math.floor(2.5 * session_mb(probe(managers)))  # two sessions fit, not three
    manager = managers(limits=Limits(max_memory_mb=budget_mb))
    budget = manager.residency.budget
    running, scrubbed = create(manager)["id"], create(manager)["id"]
    manager.step(scrubbed, StepRequest(epochs=2))
    manager.play(running)
    manager.boundary(scrubbed, resolution=10, epoch=0)  # its idle session leaves for it
    assert manager.get(scrubbed).session is None
    assert budget.used_mb() <= budget_mb
    manager.play(scrubbed)  # the viewer leaves for the session
    assert manager.job(scrubbed)["status"] == "running"
    assert budget.used_mb() <= budget_mb
    with pytest.raises(CapacityError) as refused:  # no room for a viewer while both run
        manager.boundary(running, resolution=10, epoch=0)
    assert refused.value.message.startswith(f"a viewer of job {running}'s past epochs needs")
    assert budget.used_mb() <= budget_mb


def test_a_frozen_copy_holds_its_memory_while_it_is_read(managers):
    spec = job_spec(**BIG)
    shape = probe(managers).residency.shape(spec)
    session, copy = estimate_mb(spec, shape), frozen_mb(spec, shape)
    assert copy > 1  # four layers of 256 units: their weights, twice
    budget_mb = math.ceil(session + copy / 2)  # room for the session, not for both
    manager = managers(limits=Limits(max_memory_mb=budget_mb))
    job_id = create(manager, **BIG)["id"]
    manager.step(job_id, StepRequest(epochs=1))
    with pytest.raises(CapacityError) as refused:
        manager.boundary(job_id, resolution=10)
    assert refused.value.message.startswith(f"a read of job {job_id}'s model needs")
    assert manager.residency.budget.used_mb() == pytest.approx(session)


def test_live_reads_of_an_upload_job_leave_the_uploads_content_on_disk(managers, monkeypatch):
    """A read holds memory by the data's size (its description); the content, up to 16 MB,
    was once read from SQLite for that on every boundary, prediction and picture."""
    manager = managers()
    upload_id = manager.uploads.add(csv_bytes(), "data.csv").id
    job_id = manager.create(upload_spec(upload_id))["id"]
    manager.step(job_id, StepRequest(epochs=1))
    contents_read = []
    load_upload = manager.store.load_upload
    monkeypatch.setattr(manager.store, "load_upload",
                        lambda wanted: contents_read.append(wanted) or load_upload(wanted))
    manager.boundary(job_id)
    manager.model_json(job_id)
    assert contents_read == []
