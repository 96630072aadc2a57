"""Limits hold when many requests race for the last place."""

import threading

from nnplayground.jobs import CapacityError
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
