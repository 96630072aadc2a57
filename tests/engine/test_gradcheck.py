"""Every backward against central finite differences (float64): max relative error < 1e-6."""

import numpy as np
import pytest

from nnplayground.engine import (
    Dropout,
    Identity,
    Layer,
    LeakyReLU,
    Linear,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
    bce_with_logits_loss,
    gradcheck,
    mse_loss,
    softmax_cross_entropy_loss,
)
from nnplayground.engine.gradcheck import numerical_gradient, relative_error

TOLERANCE = 1e-6


class FixedDropout(Dropout):
    """Dropout that draws the same mask every forward, so finite differences see one function."""

    def forward(self, X, input_grad=True):
        self.rng = np.random.default_rng(7)
        return super().forward(X, input_grad)


def assert_gradients_match(model, X, Y, loss=mse_loss):
    errors = gradcheck(model, X, Y, loss)
    assert max(errors.values()) < TOLERANCE, errors
    return errors


@pytest.mark.parametrize("layer", [
    lambda rng: Linear(4, 3, rng=rng),
    lambda rng: Linear(4, 3, init="playground", rng=rng),
    lambda rng: ReLU(),
    lambda rng: LeakyReLU(0.2),
    lambda rng: Tanh(),
    lambda rng: Sigmoid(),
    lambda rng: Identity(),
    lambda rng: FixedDropout(0.3),
    lambda rng: Layer(),
], ids=["linear", "linear-playground", "relu", "leaky_relu", "tanh", "sigmoid", "identity",
        "dropout", "layer"])
def test_every_layer(layer, rng):
    layer = layer(rng)
    X = rng.normal(size=(5, 4))
    Y = rng.normal(size=layer.forward(X)[0].shape)
    errors = assert_gradients_match(layer, X, Y)
    assert set(errors) == {"input"} | set(layer.named_parameters())


@pytest.mark.parametrize(("loss", "k", "target"), [
    (mse_loss, 4, lambda rng, n, k: rng.normal(size=(n, k))),
    (mse_loss, 1, lambda rng, n, k: rng.normal(size=n)),
    (bce_with_logits_loss, 1, lambda rng, n, k: rng.integers(0, 2, n)),
    (bce_with_logits_loss, 1, lambda rng, n, k: rng.uniform(size=(n, 1))),
    (softmax_cross_entropy_loss, 4, lambda rng, n, k: rng.integers(0, k, n)),
    (softmax_cross_entropy_loss, 4, lambda rng, n, k: rng.dirichlet(np.ones(k), n)),
], ids=["mse", "mse-1d", "bce-labels", "bce-soft", "softmax-labels", "softmax-probabilities"])
def test_every_loss(loss, k, target, rng):
    Yp = rng.normal(size=(6, k)) * 2
    assert_gradients_match(Identity(), Yp, target(rng, 6, k), loss)


@pytest.mark.parametrize(("loss", "outputs", "target"), [
    (mse_loss, 2, lambda rng, n: rng.normal(size=(n, 2))),
    (bce_with_logits_loss, 1, lambda rng, n: rng.integers(0, 2, n)),
    (softmax_cross_entropy_loss, 3, lambda rng, n: rng.integers(0, 3, n)),
])
def test_whole_networks(loss, outputs, target, rng):
    model = Sequential(
        Linear(3, 6, init="he", rng=rng), Tanh(),
        Linear(6, 5, init="xavier", rng=rng), Sigmoid(),
        Linear(5, 5, rng=rng), LeakyReLU(0.1),
        Linear(5, 4, init="playground", rng=rng), ReLU(), FixedDropout(0.2),
        Sequential(Linear(4, outputs, rng=rng)),
    )
    X = rng.normal(size=(7, 3))
    errors = assert_gradients_match(model, X, target(rng, 7), loss)
    assert len(errors) == 1 + 2 * 5


def test_shared_layer_accumulates_both_uses(rng):
    shared = Linear(3, 3, rng=rng)
    model = Sequential(shared, Tanh(), shared)
    assert_gradients_match(model, rng.normal(size=(4, 3)), rng.normal(size=(4, 3)))


def test_a_wrong_backward_is_caught(rng):
    class WrongTanh(Tanh):
        def forward(self, X, input_grad=True):
            Y, backward = super().forward(X, input_grad)
            return Y, lambda dY: backward(dY) * 1.01

    errors = gradcheck(Sequential(Linear(2, 3, rng=rng), WrongTanh()), rng.normal(size=(4, 2)),
                       rng.normal(size=(4, 3)))
    assert errors["input"] > 1e-3 and errors["0.weights"] > 1e-3


def test_gradcheck_refuses_float32(rng):
    with pytest.raises(ValueError, match="float32"):
        gradcheck(Linear(2, 2, dtype=np.float32), np.ones((1, 2)), np.ones((1, 2)))


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 3.0])
    grad = numerical_gradient(lambda: float(np.sum(x ** 3)), x, 1e-5)
    np.testing.assert_allclose(grad, 3 * x ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 1e-9])) < 1e-6
    assert relative_error(np.array([1.0]), np.array([1.1])) > 0.04
