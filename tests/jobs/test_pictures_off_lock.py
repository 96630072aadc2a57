"""Pictures are drawn from a copy of the weights, outside the job's lock: while one is being
drawn, control of the same job goes on. A picture that the test holds half-drawn proves it
(the order of events, no timing)."""

import threading

import pytest

from nnplayground.jobs.job import Job
from nnplayground.spec import JobCreate
from nnplayground.training import pictures
from tests.utils.factories import spec, wait_for

from .test_races import in_thread

PATIENCE = 3  # seconds: only reached when the pause is blocked behind the picture


@pytest.fixture
def held_picture(monkeypatch):
    """Boundary pictures that stop half-drawn until the test lets them finish."""
    drawing, finish = threading.Event(), threading.Event()
    draw = pictures.boundary

    def held(*args, **kwargs):
        drawing.set()
        finish.wait(PATIENCE)
        return draw(*args, **kwargs)

    monkeypatch.setattr(pictures, "boundary", held)
    yield drawing, finish
    finish.set()


def running_job(manager) -> str:
    job_id = manager.create(JobCreate.model_validate(spec(autostart=True)))["id"]
    wait_for(lambda: manager.job(job_id)["step"] > 0)
    return job_id


def test_a_pause_answers_while_a_boundary_read_is_being_drawn(managers, held_picture):
    drawing, finish = held_picture
    manager = managers()
    job_id = running_job(manager)
    read, read_outcome = in_thread(lambda: manager.boundary(job_id, 20))
    assert drawing.wait(PATIENCE)

    paused, outcome = in_thread(lambda: manager.pause(job_id))
    paused.join(PATIENCE)
    assert outcome.get("value", {}).get("status") == "paused", outcome
    assert not finish.is_set() and read.is_alive()  # the picture is still being drawn

    finish.set()
    read.join(PATIENCE)
    assert len(read_outcome["value"]["z"]) == 20


def test_a_pause_answers_while_a_streamed_picture_is_being_drawn(managers, held_picture):
    drawing, finish = held_picture
    manager = managers(boundary_seconds=0.0)
    job_id = running_job(manager)
    manager.watch(job_id, resolution=20)  # streamed pictures for this watcher
    assert drawing.wait(PATIENCE)
    job: Job = manager.get(job_id)

    paused, outcome = in_thread(lambda: manager.pause(job_id))
    paused.join(PATIENCE)
    assert outcome.get("value", {}).get("status") == "paused", outcome
    assert not finish.is_set()
    with job.session_lock:  # free: nothing holds it while the picture is drawn
        pass
    finish.set()
