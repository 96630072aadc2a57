"""The metrics history stays columnar and bounded, never losing the latest points."""

import pytest

from nnplayground.jobs.history import COLUMNS, MetricsHistory, to_columns


def point(step: int) -> dict:
    return {"step": step, "epoch": step / 10, "train_loss": 1 / step, "test_loss": 2 / step,
            "train_accuracy": None, "test_accuracy": None, "time": 1000.0 + step}


def test_points_become_columns_in_order():
    history = MetricsHistory()
    history.append([point(1), point(2)])
    history.append([point(3)])
    columns = history.since(None)
    assert list(columns) == list(COLUMNS)
    assert columns["step"] == [1, 2, 3]
    assert columns["test_loss"] == [2.0, 1.0, 2 / 3]
    assert history.latest() == point(3)


def test_since_returns_only_later_points():
    history = MetricsHistory()
    history.append(point(step) for step in (5, 10, 15, 20))
    assert history.since(10)["step"] == [15, 20]
    assert history.since(12)["step"] == [15, 20]
    assert history.since(20)["step"] == []
    assert history.since(0)["step"] == [5, 10, 15, 20]


def test_a_long_run_stays_within_capacity_and_keeps_recent_points():
    history = MetricsHistory(capacity=200, keep_recent=50)
    total = 5_000
    for step in range(1, total + 1):
        history.append([point(step)])
        assert len(history) < 200
    steps = history.since(None)["step"]
    assert steps[-50:] == list(range(total - 49, total + 1))  # the newest, untouched
    assert steps[0] == 1  # the start of the curve survives thinning
    assert steps == sorted(steps)
    assert len(history) >= 100


def test_thinning_keeps_at_least_the_recent_part_and_bumps_the_generation():
    history = MetricsHistory(capacity=10_000, keep_recent=1_000)
    history.append(point(step) for step in range(1, 10_000))
    assert history.generation == 0
    history.append([point(10_000)])
    assert history.generation == 1
    assert 1_000 <= len(history) <= 10_000
    assert history.last_step == 10_000


def test_clear_empties_and_bumps_the_generation():
    history = MetricsHistory()
    history.append([point(1)])
    history.clear()
    assert len(history) == 0 and history.latest() is None and history.generation == 1


def test_extend_columns_round_trips():
    history = MetricsHistory()
    history.extend_columns(to_columns([point(1), point(2)]))
    assert history.since(None) == to_columns([point(1), point(2)])


def test_capacity_must_leave_room_to_thin():
    with pytest.raises(ValueError, match="capacity >= 2 \\* keep_recent"):
        MetricsHistory(capacity=100, keep_recent=80)
