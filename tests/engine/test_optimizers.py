"""Optimizers against updates computed by hand, penalties, live learning rates and state."""

import numpy as np
import pytest

from nnplayground.engine import (
    AdamOptimizer,
    Linear,
    Parameter,
    RMSPropOptimizer,
    Sequential,
    SGDOptimizer,
    Tanh,
)

P0 = np.array([[0.5, -1.0], [2.0, 0.25]])
GRADS = [np.array([[0.1, -0.2], [0.3, 0.05]]), np.array([[-0.4, 0.1], [0.2, -0.3]]),
         np.array([[0.05, 0.05], [-0.1, 0.2]])]


def run(optimizer, penalized=False, lrs=None):
    """Applies GRADS in turn to a copy of P0; returns the parameter after each step."""
    param = Parameter(P0.copy(), penalized=penalized)
    history = []
    for step, grad in enumerate(GRADS):
        if lrs:
            optimizer.lr = lrs[step]
        param.gradient += grad
        optimizer.update(param)
        assert not param.gradient.any(), "update must zero the gradient"
        history.append(param.tensor.copy())
    return history


def assert_steps(history, expected):
    for got, want in zip(history, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-15)


def test_sgd():
    p, expected = P0.copy(), []
    for g in GRADS:
        p = p - 0.1 * g
        expected.append(p)
    assert_steps(run(SGDOptimizer(lr=0.1)), expected)


def test_sgd_momentum():
    p, v, expected = P0.copy(), np.zeros_like(P0), []
    for g in GRADS:
        v = 0.9 * v + g
        p = p - 0.1 * v
        expected.append(p)
    assert_steps(run(SGDOptimizer(lr=0.1, momentum=0.9)), expected)


def test_sgd_nesterov_as_pytorch():
    p, v, expected = P0.copy(), np.zeros_like(P0), []
    for g in GRADS:
        v = 0.9 * v + g
        p = p - 0.1 * (g + 0.9 * v)
        expected.append(p)
    assert_steps(run(SGDOptimizer(lr=0.1, momentum=0.9, nesterov=True)), expected)


def test_rmsprop_with_pytorch_defaults():
    p, v, expected = P0.copy(), np.zeros_like(P0), []
    for g in GRADS:
        v = 0.99 * v + 0.01 * g * g
        p = p - 0.01 * g / (np.sqrt(v) + 1e-8)
        expected.append(p)
    assert_steps(run(RMSPropOptimizer()), expected)


def test_adam_bias_corrected():
    p, m, v, expected = P0.copy(), np.zeros_like(P0), np.zeros_like(P0), []
    for t, g in enumerate(GRADS, start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        m_hat, v_hat = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
        p = p - 0.001 * m_hat / (np.sqrt(v_hat) + 1e-8)
        expected.append(p)
    history = run(AdamOptimizer())
    assert_steps(history, expected)
    # the first step of Adam moves every element by about lr, whatever the gradient's size
    np.testing.assert_allclose(np.abs(history[0] - P0), 0.001, rtol=1e-4)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_penalties_apply_to_penalized_parameters_only(penalty):
    term = (lambda W: 0.5 * np.sign(W)) if penalty == "l1" else (lambda W: 0.5 * W)
    p, expected = P0.copy(), []
    for g in GRADS:
        p = p - 0.1 * (g + term(p))
        expected.append(p)
    optimizer = SGDOptimizer(lr=0.1, penalty=penalty, penalty_rate=0.5)
    assert_steps(run(optimizer, penalized=True), expected)
    unpenalized = SGDOptimizer(lr=0.1, penalty=penalty, penalty_rate=0.5)
    assert_steps(run(unpenalized, penalized=False), run(SGDOptimizer(lr=0.1)))


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_model_penalties_reach_weights_not_biases(penalty, rng):
    model = Sequential(Linear(3, 4, init="playground", rng=rng), Tanh(),
                       Linear(4, 2, init="playground", rng=rng))
    before = model.state_dict()
    model.update(SGDOptimizer(lr=0.1, penalty=penalty, penalty_rate=0.5))  # zero gradients
    after = model.state_dict()
    for name in before:
        if name.endswith("bias"):
            np.testing.assert_array_equal(after[name], before[name])
        else:
            W = before[name]
            shrink = 0.05 * (np.sign(W) if penalty == "l1" else W)
            np.testing.assert_allclose(after[name], W - shrink, rtol=1e-15)


def test_learning_rate_can_change_between_steps():
    lrs = [0.1, 0.01, 0.5]
    p, v, expected = P0.copy(), np.zeros_like(P0), []
    for lr, g in zip(lrs, GRADS, strict=True):
        v = 0.5 * v + g
        p = p - lr * v
        expected.append(p)
    assert_steps(run(SGDOptimizer(lr=1.0, momentum=0.5), lrs=lrs), expected)


@pytest.mark.parametrize("make", [lambda: SGDOptimizer(0.1, momentum=0.9, penalty="l2",
                                                       penalty_rate=0.1),
                                  lambda: RMSPropOptimizer(0.01, penalty="l1",
                                                           penalty_rate=0.01),
                                  lambda: AdamOptimizer(0.01)])
@pytest.mark.parametrize("hidden", [5, 300], ids=["small", "large-blockwise"])
def test_one_update_over_all_parameters_equals_one_per_parameter(make, hidden, rng):
    """Models hand the optimizer all parameters at once, moved into one flat buffer (a large
    one is stepped block by block): same bits as one update per parameter."""
    def model():
        r = np.random.default_rng(3)
        return Sequential(Linear(3, hidden, rng=r), Tanh(), Linear(hidden, 200, rng=r))

    flat, single = model(), model()
    flat_opt, single_opt = make(), make()
    X, dY = rng.normal(size=(4, 3)), rng.normal(size=(4, 200))
    for _ in range(3):
        for net, update in ((flat, lambda: flat.update(flat_opt)),
                            (single, lambda: [single_opt.update(p) for p in single.parameters])):
            _, backward = net.forward(X)
            backward(dY)
            update()
    for name, value in flat.state_dict().items():
        np.testing.assert_array_equal(value, single.state_dict()[name])
    names = flat.named_parameters()
    for key, value in flat_opt.state_dict(names).items():
        np.testing.assert_array_equal(value, single_opt.state_dict(
            single.named_parameters())[key], err_msg=key)


def test_flattened_parameters_stay_the_same_views(rng):
    model = Sequential(Linear(2, 3, rng=rng), Linear(3, 1, rng=rng))
    optimizer = SGDOptimizer(0.1)
    model.update(optimizer)
    views = [p.tensor for p in model.parameters]
    model.update(optimizer)
    assert all(p.tensor is v for p, v in zip(model.parameters, views, strict=True))
    model.layers[0].weights.tensor = np.ones((2, 3))  # rebinding is noticed: flattened again
    model.update(optimizer)
    np.testing.assert_array_equal(model.layers[0].weights.tensor, np.ones((2, 3)))


def test_a_new_array_is_flattened_again_with_its_state(rng):
    """Rebinding a tensor or a gradient between steps keeps the numbers and the optimizer's
    state as they would have been: same bits as a run without rebinding."""
    def train(rebind):
        r = np.random.default_rng(5)
        model = Sequential(Linear(3, 4, rng=r), Tanh(), Linear(4, 2, rng=r))
        optimizer = AdamOptimizer(0.01)
        X, dY = r.normal(size=(6, 3)), r.normal(size=(6, 2))
        for step in range(4):
            _, backward = model.forward(X)
            backward(dY)
            if step == 1 and rebind:
                model.layers[2].weights.tensor = model.layers[2].weights.tensor.copy()
            if step == 2 and rebind:
                model.layers[0].bias.gradient = model.layers[0].bias.gradient.copy()
            model.update(optimizer)
        return model.state_dict(), optimizer.state_dict(model.named_parameters())

    for plain, rebound in zip(train(False), train(True), strict=True):
        assert plain.keys() == rebound.keys()
        for name in plain:
            np.testing.assert_array_equal(plain[name], rebound[name], err_msg=name)


def test_optimizer_state_round_trip(rng):
    model = Sequential(Linear(2, 3, rng=rng), Linear(3, 1, rng=rng))
    optimizer = AdamOptimizer(0.01)
    for p in model.parameters:
        p.gradient += 1.0
    model.update(optimizer)
    state = optimizer.state_dict(model.named_parameters())
    assert set(state) == {f"{n}.{s}" for n in ("0.weights", "0.bias", "1.weights", "1.bias")
                          for s in ("exp_avg", "exp_avg_sq", "step")}
    assert int(state["1.bias.step"]) == 1
    fresh = AdamOptimizer(0.01)
    fresh.load_state_dict(state, model.named_parameters())
    restored = fresh.state_dict(model.named_parameters())
    for key, value in state.items():
        np.testing.assert_array_equal(restored[key], value)
    with pytest.raises(ValueError, match="exp_avg"):
        fresh.load_state_dict({"0.weights.step": np.array(1)}, model.named_parameters())


@pytest.mark.parametrize(("make", "message"), [
    (lambda: SGDOptimizer(lr=-0.1), "learning rate: -0.1"),
    (lambda: SGDOptimizer(lr=0.1, momentum=-1), "momentum: -1"),
    (lambda: SGDOptimizer(lr=0.1, nesterov=True), "Nesterov"),
    (lambda: SGDOptimizer(lr=0.1, penalty="l3"), "penalty: 'l3'"),
    (lambda: SGDOptimizer(lr=0.1, penalty="l2", penalty_rate=-1), "penalty rate: -1"),
    (lambda: RMSPropOptimizer(alpha=1.5), "alpha: 1.5"),
    (lambda: AdamOptimizer(betas=(0.9, 1.0)), "beta2: 1.0"),
    (lambda: AdamOptimizer(eps=-1e-8), "eps: -1e-08"),
])
def test_hyperparameters_are_validated(make, message):
    with pytest.raises(ValueError, match=message):
        make()
