"""Sessions hold their estimated memory against a budget; idle ones leave memory and come
back from their checkpoint on the same curve to the bit."""

import numpy as np
import pytest

from nnplayground.jobs import CapacityError
from nnplayground.jobs.memory import Shape, estimate_mb
from nnplayground.limits import Limits
from nnplayground.spec import StepRequest
from tests.jobs.test_manager import create, job_spec
from tests.utils.factories import curve, wait_for


def test_the_estimate_grows_with_every_part_of_the_spec():
    small = estimate_mb(job_spec(), Shape(200))
    assert estimate_mb(job_spec(network={"hidden": [{"units": 256}] * 4}), Shape(200)) > small
    assert estimate_mb(job_spec(training={"batch_size": 500}), Shape(1000)) > small
    assert estimate_mb(job_spec(training={"optimizer": "adam"}), Shape(200)) > small
    assert estimate_mb(job_spec(), Shape(5000)) > small
    largest = job_spec(network={"hidden": [{"units": 256}] * 16},
                       training={"batch_size": 1000, "optimizer": "adam"})
    assert 100 < estimate_mb(largest, Shape(5000)) < 400  # ~130 MB measured while training


def test_a_job_beyond_the_memory_budget_is_refused_naming_the_numbers(managers):
    manager = managers(limits=Limits(max_memory_mb=3))
    first = create(manager)["id"]
    manager.play(first)  # a running session is never unloaded
    with pytest.raises(CapacityError) as refused:
        create(manager)
    assert refused.value.message.startswith("job ")
    assert "MB of memory, and 2 MB of the server's 3 MB (max_memory_mb) are held" in (
        refused.value.message)
    assert [job["id"] for job in manager.list_jobs()] == [first]
    manager.pause(first)
    second = create(manager)["id"]  # the paused session makes room by leaving memory
    assert manager.get(first).session is None
    manager.play(second)
    with pytest.raises(CapacityError):
        manager.play(first)  # it would come back, but the running one holds the room
    assert manager.job(first)["status"] == "paused"
    manager.pause(second)
    assert manager.play(first)["status"] == "running"


def learner_state(manager, job_id: str) -> dict:
    """Weights and optimizer state, read under the job's lock."""
    job = manager.get(job_id)
    with job.session_lock:
        return manager.manager._session(job).learner.state_dict()


def test_idle_sessions_leave_memory_and_come_back_on_the_same_curve(managers):
    manager = managers(idle_seconds=0.05)
    unloaded, kept = create(manager)["id"], create(manager)["id"]
    manager.step(unloaded, StepRequest(epochs=2))
    wait_for(lambda: manager.get(unloaded).session is None, what="the idle session unloaded")
    assert manager.residency.budget.used_mb() < 3  # only the other job's session is held
    manager.step(unloaded, StepRequest(epochs=3))
    manager.step(kept, StepRequest(epochs=5))
    assert curve(manager.history(unloaded)) == curve(manager.history(kept))
    state, other = (learner_state(manager, job_id) for job_id in (unloaded, kept))
    assert state.keys() == other.keys()
    assert all(np.array_equal(state[key], other[key]) for key in state)
    assert manager.job(unloaded)["metrics"] == manager.job(kept)["metrics"]

