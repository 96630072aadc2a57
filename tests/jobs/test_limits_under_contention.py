"""Limits hold when many requests race for the last place."""

import threading

from nnplayground.jobs import CapacityError, Store
from nnplayground.limits import Limits
from tests.jobs.test_manager import create


def race(actions) -> list[BaseException | None]:
    """Run every action at once in its own thread; what each raised, or None."""
    start = threading.Barrier(len(actions))
    outcomes: list[BaseException | None] = [None] * len(actions)

    def run(index, action):
        start.wait()
        try:
            action()
        except BaseException as error:  # recorded for the assertions
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_plays_never_exceed_the_running_limit(managers):
    manager = managers(limits=Limits(max_running_jobs=1))
    for _ in range(10):
        ids = [create(manager)["id"] for _ in range(8)]
        outcomes = race([lambda job_id=job_id: manager.play(job_id) for job_id in ids])
        running = [job["id"] for job in manager.list_jobs() if job["status"] == "running"]
        assert len(running) == 1
        assert sum(isinstance(outcome, CapacityError) for outcome in outcomes) == 7
        manager.pause(running[0])
        for job_id in ids:
            manager.delete(job_id)


def test_simultaneous_creates_never_exceed_the_stored_limit(managers):
    manager = managers(limits=Limits(max_stored_jobs=3))
    outcomes = race([lambda: create(manager) for _ in range(8)])
    assert len(manager.list_jobs()) == 3
    assert sum(isinstance(outcome, CapacityError) for outcome in outcomes) == 5


def test_autostarts_at_the_running_limit_store_nothing(managers):
    manager = managers(limits=Limits(max_running_jobs=32))
    for _ in range(31):
        manager.play(create(manager)["id"])
    outcomes = race([lambda: create(manager, autostart=True) for _ in range(20)])
    assert sum(isinstance(outcome, CapacityError) for outcome in outcomes) == 19
    jobs = manager.list_jobs()
    assert len(jobs) == 32  # the 31, and the one create that found room: no orphans
    assert all(job["status"] == "running" for job in jobs)
    manager.shutdown()
    assert len(Store(manager.store.path.parent).load_jobs()) == 32
