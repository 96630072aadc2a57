"""What makes training fast, checked as behaviour: no allocation in steady state, no input
gradient for the first layer, one optimizer update over all parameters."""

import tracemalloc

import numpy as np
import pytest

from nnplayground.engine import (
    AdamOptimizer,
    Learner,
    Linear,
    Parameter,
    ReLU,
    RMSPropOptimizer,
    Sequential,
    SGDOptimizer,
    Sigmoid,
    Tanh,
    mse_loss,
)


@pytest.mark.parametrize("optimizer", [lambda: SGDOptimizer(0.01),
                                       lambda: SGDOptimizer(0.01, momentum=0.9, nesterov=True),
                                       lambda: RMSPropOptimizer(), lambda: AdamOptimizer()])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_steady_state_steps_allocate_no_arrays(optimizer, dtype):
    rng = np.random.default_rng(0)
    model = Sequential(Linear(256, 512, rng=rng, dtype=dtype), ReLU(),
                       Linear(512, 256, rng=rng, dtype=dtype), Tanh(),
                       Linear(256, 8, rng=rng, dtype=dtype), Sigmoid())
    learner = Learner(model, mse_loss, optimizer(), rng=rng)
    X = rng.normal(size=(256, 256)).astype(dtype)
    Y = rng.normal(size=(256, 8)).astype(dtype)
    learner.run_steps(X, Y, 2, bs=128)
    tracemalloc.start()
    try:
        learner.run_steps(X, Y, 4, bs=128)  # minibatches gathered into reused arrays too
        for _ in range(2):
            learner.fit_batch(X[:128], Y[:128])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The smallest array of this network is 128 x 256 (128 KiB in float32). What remains is
    # numpy's own iteration buffer for the broadcast bias add (<= 64 KiB), the loss's
    # (128, 8) gradient and an epoch's permutation (256 indices).
    assert peak < 100_000


def test_the_first_layer_computes_no_input_gradient(rng):
    calls = []

    class Spy(Linear):
        def forward(self, X, input_grad=True):
            calls.append(input_grad)
            return super().forward(X, input_grad)

    model = Sequential(ReLU(), Spy(3, 4, rng=rng), Tanh(), Spy(4, 1, rng=rng))
    learner = Learner(model, mse_loss, SGDOptimizer(0.1))
    learner.fit_batch(rng.normal(size=(5, 3)), rng.normal(size=(5, 1)))
    assert calls == [False, True]  # the leading ReLU needs no backward at all
    _, backward = model.forward(rng.normal(size=(5, 3)), input_grad=False)
    assert backward(np.ones((5, 1))) is None


def test_one_optimizer_step_covers_every_parameter(rng):
    """After the first update every tensor (and gradient) is a view of one flat array."""
    model = Sequential(Linear(2, 3, rng=rng), Tanh(), Linear(3, 1, rng=rng))
    Learner(model, mse_loss, SGDOptimizer(0.1)).fit_batch(np.ones((4, 2)), np.ones((4, 1)))
    for arrays in ([p.tensor for p in model.parameters], [p.gradient for p in model.parameters]):
        flat = arrays[0].base
        assert flat.size == sum(a.size for a in arrays)
        assert all(a.base is flat for a in arrays)


def test_a_zeroed_gradient_is_written_then_accumulated(rng):
    """After an optimizer step the next backward writes, and any further one adds."""
    layer = Linear(3, 2, rng=rng)
    X, dY = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    layer.update(SGDOptimizer(0.1))
    assert layer.weights.zeroed and not layer.weights.gradient.any()
    for expected in (1, 2):
        _, backward = layer.forward(X)
        backward(dY)
        np.testing.assert_allclose(layer.weights.gradient, expected * X.T @ dY)
        np.testing.assert_allclose(layer.bias.gradient, expected * dY.sum(axis=0))
        assert not layer.weights.zeroed


def test_parameters_start_not_zeroed_so_backward_adds():
    param = Parameter(np.ones(3))
    assert not param.zeroed
