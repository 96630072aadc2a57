"""Learner: steps, epochs, exact resumption, prediction and evaluation."""

import io

import numpy as np
import pytest

from nnplayground.engine import (
    AdamOptimizer,
    Dropout,
    Learner,
    Linear,
    ReLU,
    Sequential,
    SGDOptimizer,
    Tanh,
    bce_with_logits_loss,
    load_npz,
    mse_loss,
    save_npz,
    softmax_cross_entropy_loss,
)


def data(seed=0, n=53):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    return X, Y


def make_learner(seed=0, optimizer=None, dtype=np.float64, dropout=0.0):
    rng = np.random.default_rng(seed)
    model = Sequential(Linear(2, 6, init="he", rng=rng, dtype=dtype), Tanh(), Dropout(dropout,
                       rng=rng), Linear(6, 1, rng=rng, dtype=dtype))
    optimizer = optimizer or SGDOptimizer(0.1, momentum=0.9)
    return Learner(model, bce_with_logits_loss, optimizer, rng=rng)


def weights(learner):
    return learner.model.state_dict()


def assert_same_weights(a, b):
    assert a.keys() == b.keys()
    for name in a:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)


def test_fit_returns_per_epoch_sums_and_counts():
    X, Y = data()
    learner = make_learner()
    losses = learner.fit(X, Y, epochs=3, bs=10)
    assert len(losses) == 3 and all(isinstance(v, float) for v in losses)
    assert (learner.step, learner.epoch, learner.epoch_position) == (18, 3, 0)


@pytest.mark.parametrize("split", [[18], [1, 17], [5, 6, 7], [6, 6, 6], [17, 1], [2] * 9])
def test_any_split_of_run_steps_equals_fit_to_the_bit(split):
    X, Y = data()
    reference = make_learner(dropout=0.2)
    reference.fit(X, Y, epochs=3, bs=10)
    learner = make_learner(dropout=0.2)
    losses = np.concatenate([learner.run_steps(X, Y, steps, bs=10) for steps in split])
    assert len(losses) == 18
    assert_same_weights(weights(learner), weights(reference))
    assert (learner.step, learner.epoch, learner.epoch_position) == (18, 3, 0)


def test_epoch_sums_equal_run_steps_losses():
    X, Y = data()
    losses = make_learner().run_steps(X, Y, 12, bs=10)
    epochs = make_learner().fit(X, Y, epochs=2, bs=10)
    assert epochs == [sum(losses[:6].tolist()), sum(losses[6:].tolist())]


def test_batch_size_can_change_mid_epoch():
    X, Y = data(n=20)
    learner = make_learner()
    learner.run_steps(X, Y, 1, bs=8)
    assert learner.epoch_position == 8
    learner.run_steps(X, Y, 2, bs=5)
    assert (learner.epoch, learner.epoch_position) == (0, 18)
    learner.run_steps(X, Y, 1, bs=5)  # the last batch of the epoch holds the 2 left
    assert (learner.epoch, learner.epoch_position, learner.step) == (1, 0, 4)


def test_every_sample_is_used_once_per_epoch():
    seen = []

    class Recorder(Sequential):
        def forward(self, X, input_grad=True):
            seen.extend(X[:, 0].tolist())
            return super().forward(X, input_grad)

    X = np.arange(23.0).reshape(-1, 1)
    learner = Learner(Recorder(Linear(1, 1)), mse_loss, SGDOptimizer(0.0),
                      rng=np.random.default_rng(1))
    learner.run_steps(X, X, 5, bs=4)  # 4+4+4+4+4 = 20 samples
    learner.run_steps(X, X, 2, bs=4)  # 3 left in the epoch, then a new one
    assert sorted(seen[:23]) == X[:, 0].tolist()
    assert len(seen) == 27


def test_same_seed_gives_bit_identical_weights():
    X, Y = data()
    a, b = make_learner(seed=4), make_learner(seed=4)
    a.fit(X, Y, 2, 7)
    b.fit(X, Y, 2, 7)
    assert_same_weights(weights(a), weights(b))
    c = make_learner(seed=5)
    c.fit(X, Y, 2, 7)
    assert not np.array_equal(weights(a)["0.weights"], weights(c)["0.weights"])


@pytest.mark.parametrize("optimizer", [lambda: SGDOptimizer(0.1, momentum=0.9, nesterov=True,
                                                            penalty="l2", penalty_rate=0.01),
                                       lambda: AdamOptimizer(0.01, penalty="l1",
                                                             penalty_rate=0.001)])
def test_state_dict_round_trip_resumes_to_the_bit(optimizer):
    X, Y = data()
    reference = make_learner(optimizer=optimizer(), dropout=0.3)
    reference.run_steps(X, Y, 25, bs=8)
    first = make_learner(optimizer=optimizer(), dropout=0.3)
    first.run_steps(X, Y, 11, bs=8)
    buffer = io.BytesIO()
    save_npz(buffer, first.state_dict())
    buffer.seek(0)
    resumed = make_learner(seed=99, optimizer=optimizer(), dropout=0.3)
    resumed.load_state_dict(load_npz(buffer))
    assert (resumed.step, resumed.epoch, resumed.epoch_position) == (11, 1, 32)
    resumed.run_steps(X, Y, 14, bs=8)
    assert_same_weights(weights(resumed), weights(reference))


def test_state_dict_holds_only_plain_arrays():
    X, Y = data()
    learner = make_learner(optimizer=AdamOptimizer(), dropout=0.1)
    learner.run_steps(X, Y, 3, bs=8)
    state = learner.state_dict()
    assert all(isinstance(v, np.ndarray) and not v.dtype.hasobject for v in state.values())
    assert {"model.0.weights", "optimizer.0.weights.exp_avg", "optimizer.3.bias.step",
            "rng", "order", "step", "epoch", "epoch_position"} <= set(state)


def test_global_state_learner_resumes_too(global_seed):
    X, Y = data()

    def learner():
        return Learner(Sequential(Linear(2, 4), Tanh(), Linear(4, 1)), mse_loss,
                       SGDOptimizer(0.05))

    np.random.seed(3)
    reference = learner()
    reference.run_steps(X, Y, 20, bs=6)
    np.random.seed(3)
    first = learner()
    first.run_steps(X, Y, 7, bs=6)
    state = first.state_dict()
    np.random.seed(12345)
    resumed = learner()
    resumed.load_state_dict(state)
    resumed.run_steps(X, Y, 13, bs=6)
    assert_same_weights(weights(resumed), weights(reference))


def test_predict_and_evaluate_run_in_eval_mode_and_restore_it():
    X, Y = data()
    learner = make_learner(dropout=0.5)
    first = learner.predict(X).copy()
    np.testing.assert_array_equal(learner.predict(X), first)  # no dropout
    assert learner.model.training
    result = learner.evaluate(X, Y)
    assert set(result) == {"loss", "accuracy"}
    assert result["accuracy"] == np.mean((first > 0) == (Y > 0.5))
    assert learner.model.training


def test_learning_improves_accuracy():
    X, Y = data(n=400)
    learner = make_learner(optimizer=AdamOptimizer(0.03))
    before = learner.evaluate(X, Y)
    learner.fit(X, Y, epochs=40, bs=20)
    after = learner.evaluate(X, Y)
    assert after["loss"] < before["loss"] and after["accuracy"] > 0.9


def test_softmax_accuracy_and_mse_has_none():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
    model = Sequential(Linear(2, 16, rng=rng), ReLU(), Linear(16, 3, rng=rng))
    learner = Learner(model, softmax_cross_entropy_loss, AdamOptimizer(0.02), rng=rng)
    learner.fit(X, labels, epochs=30, bs=30)
    assert learner.evaluate(X, labels)["accuracy"] > 0.9
    assert learner.evaluate(X, np.eye(3)[labels])["accuracy"] > 0.9
    regression = Learner(Sequential(Linear(2, 1, rng=rng)), mse_loss, SGDOptimizer(0.1))
    assert regression.evaluate(X, X[:, :1])["accuracy"] is None


@pytest.mark.parametrize(("args", "message"), [
    ((np.zeros((4, 2)), np.zeros((3, 1)), 1, 2), "4 samples.*3"),
    ((np.zeros((4, 2)), np.zeros((4, 1)), 1, 0), "batch size"),
    ((np.zeros((4, 2)), np.zeros((4, 1)), -1, 2), "steps"),
])
def test_run_steps_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        make_learner().run_steps(*args)


def test_float32_training_stays_float32():
    X, Y = data()
    learner = make_learner(dtype=np.float32, optimizer=AdamOptimizer(0.01))
    learner.fit(X.astype(np.float32), Y.astype(np.float32), epochs=2, bs=8)
    assert all(v.dtype == np.float32 for v in learner.model.state_dict().values())
    assert all(v.dtype == np.float32 for k, v in learner.optimizer.state_dict(
        learner.model.named_parameters()).items() if not k.endswith("step"))
    assert learner.predict(X.astype(np.float32)).dtype == np.float32
