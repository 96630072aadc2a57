"""Running a session: metric points, determinism, checkpoints, divergence and completion."""

import io
import json
import re

import numpy as np
import pytest

from nnplayground.encoding import dumps
from nnplayground.training import TrainingSession

from .helpers import hidden, make_spec, weights

SPIRAL = {"name": "spiral", "n_samples": 200, "noise": 10, "seed": 1}


def spiral_session(network=None, **training) -> TrainingSession:
    return TrainingSession(make_spec(SPIRAL, network=network or hidden(8, 8),
                                     training=training))


def assert_same_weights(a: TrainingSession, b: TrainingSession) -> None:
    wa, wb = weights(a), weights(b)
    assert wa.keys() == wb.keys()
    for key in wa:
        np.testing.assert_array_equal(wa[key], wb[key], err_msg=key)


def test_points_at_each_epoch_end_for_short_epochs():
    session = spiral_session(batch_size=10)  # 100 training rows: 10 steps per epoch
    points = session.run(35)
    assert [p["step"] for p in points] == [10, 20, 30]
    assert [p["epoch"] for p in points] == [1.0, 2.0, 3.0]
    assert session.step == 35 and session.epoch == 3
    assert set(points[0]) == {"step", "epoch", "train_loss", "test_loss", "train_accuracy",
                              "test_accuracy"}
    assert all(0 <= p["test_accuracy"] <= 1 for p in points)


@pytest.mark.parametrize(("n_samples", "steps", "expected"), [
    (1000, 1150, [*range(50, 1001, 50), 1050, 1100, 1150]),  # 500 steps: tenths
    (400, 450, list(range(50, 451, 50))),  # 200 steps: quarters, 50 steps each
    (180, 200, [90, 180]),  # 90 steps: only the epoch end
])
def test_long_epochs_get_points_in_between(n_samples, steps, expected):
    session = TrainingSession(make_spec({**SPIRAL, "n_samples": n_samples},
                                        network=hidden(4), training={"batch_size": 1}))
    points = session.run(steps)
    per_epoch = n_samples // 2
    assert [p["step"] for p in points] == expected
    assert [p["epoch"] for p in points] == [step / per_epoch for step in expected]


def test_same_curve_to_the_bit_however_the_run_is_split():
    whole = spiral_session(network=hidden(8, 8, dropout=0.2), optimizer="adam",
                           learning_rate=0.01)
    pieces = spiral_session(network=hidden(8, 8, dropout=0.2), optimizer="adam",
                            learning_rate=0.01)
    expected = whole.run(330)
    got = []
    for size in (1, 7, 13, 50, 2, 99, 158):
        got += pieces.run(size)
    assert sum((1, 7, 13, 50, 2, 99, 158)) == 330
    assert got == expected
    assert_same_weights(whole, pieces)


def run_with_change(before: list[int], after: list[int]):
    """Train `before` steps, change batch size and learning rate, train `after` steps."""
    session = spiral_session(batch_size=10)
    points = [p for size in before for p in session.run(size)]
    session.update(batch_size=7, learning_rate=0.1)
    points += [p for size in after for p in session.run(size)]
    return points, session


def test_same_curve_with_live_changes_at_the_same_step():
    first, a = run_with_change([20], [40])
    second, b = run_with_change([5, 15], [33, 7])
    assert first == second
    assert_same_weights(a, b)


def test_batch_size_change_continues_the_current_epoch():
    session = spiral_session(batch_size=10)
    session.run(4)  # 40 of 100 rows used
    session.update(batch_size=25)
    assert session.summary.steps_per_epoch == 4
    points = session.run_epochs(1)  # 60 rows left: 3 steps of 25
    assert session.step == 7
    assert session.epoch == 1
    assert points[-1]["step"] == 7 and points[-1]["epoch"] == 1.0


def test_checkpoint_restore_continues_to_the_bit():
    def fresh() -> TrainingSession:
        return spiral_session(network=hidden(8, 6, dropout=0.3), optimizer="momentum",
                              regularization="l2", regularization_rate=0.001)

    original = fresh()
    original.run(30)
    original.update(batch_size=7, learning_rate=0.05)
    original.run(7)
    data = original.checkpoint()
    expected = original.run(50)

    restored = fresh()
    restored.restore(data)
    assert (restored.step, restored.epoch, restored.batch_size) == (37, 3, 7)
    assert restored.optimizer.lr == 0.05
    got = restored.run(50)
    assert got == expected
    assert restored.step == original.step
    assert_same_weights(original, restored)


def test_seed_streams_are_separate():
    plain = spiral_session()
    dropout = spiral_session(network=hidden(8, 8, dropout=0.5))
    other_seed = spiral_session(seed=1)
    assert np.array_equal(plain.model.layers[0].weights.tensor,
                          dropout.model.layers[0].weights.tensor)
    assert not np.array_equal(plain.model.layers[0].weights.tensor,
                              other_seed.model.layers[0].weights.tensor)


def test_learning_rate_10_diverges_and_says_so():
    spec = make_spec({"name": "plane", "n_samples": 200}, network=hidden(8, activation="relu"),
                     training={"learning_rate": 10})
    session = TrainingSession(spec)
    points = session.run(1000)
    assert session.diverged
    assert re.fullmatch(r"loss became NaN/inf at step (\d+); lower the learning rate",
                        session.finished_reason)
    bad_step = int(re.search(r"step (\d+)", session.finished_reason).group(1))
    assert 1 <= bad_step <= session.step < 1000
    assert points[-1]["train_loss"] is None
    assert session.run(10) == [] and session.step == points[-1]["step"]
    # NaN weights: no numbers in the picture, and null (never NaN) in its JSON
    assert json.loads(dumps(session.boundary(10)))["z"][0][0] is None


def test_max_epochs_stops_exactly():
    session = spiral_session(batch_size=30, max_epochs=3)  # 4 steps per epoch
    points = session.run(10_000)
    assert (session.step, session.epoch) == (12, 3)
    assert points[-1]["epoch"] == 3.0
    assert session.finished_reason == "reached max_epochs (3) at step 12"
    assert not session.diverged
    assert session.run(5) == [] and session.step == 12
    assert session.run_epochs(2) == [] and session.epoch == 3


def test_target_loss_completes_on_test_loss():
    spec = make_spec({"name": "gauss", "n_samples": 200}, network=hidden(4),
                     training={"target_loss": 0.1, "learning_rate": 0.1})
    session = TrainingSession(spec)
    points = session.run(5_000)
    assert points[-1]["test_loss"] <= 0.1
    assert all(p["test_loss"] > 0.1 for p in points[:-1])
    assert session.finished_reason.startswith("test loss ")
    assert "reached target_loss 0.1" in session.finished_reason
    assert session.step < 5_000


def test_spiral_with_two_tanh_layers_learns():
    # DESIGN.md's example job. Measured: test loss 0.69 -> 0.32, accuracy 0.64 -> 0.88.
    spec = make_spec({"name": "spiral", "n_samples": 500, "noise": 10, "train_ratio": 50,
                      "seed": 1},
                     network=hidden(8, 8),
                     training={"learning_rate": 0.03, "batch_size": 10, "seed": 0})
    session = TrainingSession(spec)
    start = session.evaluate()
    session.run_epochs(1000)
    end = session.evaluate()
    assert start["test_loss"] > 0.65
    assert end["test_loss"] < 0.4
    assert end["test_accuracy"] > 0.8


def test_timed_run_stops_soon_after_its_budget_on_the_same_curve():
    timed, plain = spiral_session(batch_size=1), spiral_session(batch_size=1)
    points = timed.run(10**9, seconds=0.05)
    assert 0 < timed.step < 10**9
    total = timed.step + 500
    points += timed.run(500)
    assert points == plain.run(total)
    assert_same_weights(timed, plain)


def test_checkpoint_is_a_plain_npz_and_keeps_the_finish():
    session = TrainingSession(make_spec({"name": "plane", "n_samples": 200},
                                        network=hidden(8, activation="relu"),
                                        training={"learning_rate": 10}))
    session.run(1000)
    data = session.checkpoint()
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        assert int(npz["session.step"]) == session.step
        assert "learner.model.0.weights" in npz.files
    fresh = TrainingSession(session.spec)
    fresh.restore(data)
    assert fresh.diverged and fresh.finished_reason == session.finished_reason
    assert fresh.run(10) == [] and fresh.step == session.step


def test_restore_refuses_a_checkpoint_of_another_shape():
    data = spiral_session(network=hidden(8, 8)).checkpoint()
    other = spiral_session(network=hidden(8, 4))
    before = weights(other)
    with pytest.raises(ValueError, match="does not fit"):
        other.restore(data)
    after = weights(other)
    assert all(np.array_equal(before[key], after[key]) for key in before)  # left as it was
    with pytest.raises(ValueError, match="not a readable npz"):
        spiral_session().restore(b"not a checkpoint")
