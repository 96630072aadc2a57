"""The throttle that paces a job at `training.speed` epochs per second (a fake clock)."""

from types import SimpleNamespace

import pytest

from nnplayground.jobs.speed import MAX_CREDIT_SECONDS, MIN_WAIT_SECONDS, Throttle


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


SESSION = SimpleNamespace(n_train=100, batch_size=10)  # 10 steps an epoch


def test_no_speed_means_no_limit():
    assert Throttle(Clock()).allowed(SESSION, None) is None


def test_steps_are_earned_at_speed_times_steps_per_epoch():
    clock = Clock()
    throttle = Throttle(clock)
    assert throttle.allowed(SESSION, 2.0) == 2  # 20 steps a second, MAX_CREDIT_SECONDS ahead
    throttle.spend(SESSION, 2.0, 2)
    assert throttle.allowed(SESSION, 2.0) == 0
    assert throttle.wait(SESSION, 2.0) == pytest.approx(0.05)
    clock.now += 0.05
    assert throttle.allowed(SESSION, 2.0) == 1
    throttle.spend(SESSION, 2.0, 1)
    clock.now += 0.045  # the next step is due in 5 ms: the wait is the shortest one
    assert throttle.wait(SESSION, 2.0) == MIN_WAIT_SECONDS


def test_credit_is_capped_so_a_pause_brings_no_burst():
    clock = Clock()
    throttle = Throttle(clock)
    throttle.allowed(SESSION, 10.0)  # 100 steps a second
    clock.now += 60
    assert throttle.allowed(SESSION, 10.0) == round(100 * MAX_CREDIT_SECONDS)
