"""Actions that wait for a job's lock while the job is deleted, made deterministic: the test
holds the lock a slice would hold and lets the action block on it before deleting."""

import threading

import pytest

from nnplayground.jobs import JobNotFound
from nnplayground.limits import Limits
from nnplayground.spec import JobCreate, JobUpdate, StepRequest
from tests.utils.factories import spec, wait_for


def create(manager) -> str:
    return manager.create(JobCreate.model_validate(spec()))["id"]


class WatchedLock:
    """A job's lock that tells when a thread other than its holder starts waiting for it."""

    def __init__(self, lock):
        self.lock = lock
        self.waiting = threading.Event()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self.lock.acquire(blocking=False):
            return True
        self.waiting.set()
        return self.lock.acquire(blocking, timeout)

    def release(self) -> None:
        self.lock.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def in_thread(call):
    """Start `call()` in a thread; returns the thread and a dict that gets its outcome."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = call()
        except Exception as error:  # the outcome under test
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


ACTIONS = {
    "play": lambda manager, job_id: manager.play(job_id),
    "step": lambda manager, job_id: manager.step(job_id, StepRequest()),
    "reset": lambda manager, job_id: manager.reset(job_id),
    "update": lambda manager, job_id: manager.update(
        job_id, JobUpdate.model_validate({"training": {"learning_rate": 0.1}})),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_an_action_that_waited_while_its_job_was_deleted_is_not_found(managers, action):
    manager = managers(limits=Limits(max_running_jobs=1))
    doomed, other = create(manager), create(manager)
    job = manager.get(doomed)
    job.session_lock = lock = WatchedLock(job.session_lock)
    with lock:  # as a slice or a step in progress holds it
        thread, outcome = in_thread(lambda: ACTIONS[action](manager, doomed))
        wait_for(lock.waiting.is_set, what=f"{action} waiting for the job")
        manager.delete(doomed)
    thread.join(10)
    assert isinstance(outcome.get("error"), JobNotFound), outcome
    assert manager.store.load_jobs()[0].id == other  # nothing wrote the deleted job back
    assert manager.play(other)["status"] == "running"  # the deleted job holds no slot


def test_a_watcher_subscribing_while_its_job_is_deleted_is_not_left_hanging(managers):
    manager = managers()
    job_id = create(manager)
    job = manager.get(job_id)
    job.state_lock = lock = WatchedLock(job.state_lock)
    with lock:  # as a REST read or a slice recording its metrics holds it
        thread, outcome = in_thread(lambda: manager.watch(job_id))
        wait_for(lock.waiting.is_set, what="watch waiting for the job")
        manager.delete(job_id)  # closes the job's watchers: this one is not there yet
    thread.join(10)
    # Either it is refused, or it was subscribed in time to be told the job is gone.
    assert isinstance(outcome.get("error"), JobNotFound), outcome
    assert manager.hub.watcher_count(job_id) == 0
