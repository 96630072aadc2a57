"""Layers: shapes, values, modes, initialisation, dtype and state."""

import copy

import numpy as np
import pytest

from nnplayground.engine import (
    Dropout,
    Identity,
    Layer,
    LeakyReLU,
    Linear,
    ReLU,
    ReLu,
    Sequential,
    Sigmoid,
    Tanh,
)


def test_relu_alias_is_the_same_class():
    assert ReLu is ReLU


@pytest.mark.parametrize(("layer", "expected"), [
    (ReLU(), lambda X: np.maximum(X, 0)),
    (LeakyReLU(0.1), lambda X: np.where(X > 0, X, 0.1 * X)),
    (Tanh(), np.tanh),
    (Sigmoid(), lambda X: 1 / (1 + np.exp(-X))),
    (Identity(), lambda X: X),
])
def test_activation_values(layer, expected, rng):
    X = rng.normal(size=(7, 3)) * 3
    Y, _ = layer.forward(X)
    np.testing.assert_allclose(Y, expected(X), rtol=1e-12, atol=1e-15)


def test_sigmoid_layer_saturates_without_warnings():
    Y, backward = Sigmoid().forward(np.array([[-1e4, 0.0, 1e4]]))
    np.testing.assert_allclose(Y, [[0.0, 0.5, 1.0]], atol=1e-300)
    assert np.all(np.isfinite(backward(np.ones((1, 3)))))


def test_leaky_relu_rejects_alpha_out_of_range():
    with pytest.raises(ValueError, match="alpha"):
        LeakyReLU(1.5)


def test_linear_shapes_and_value(rng):
    layer = Linear(4, 3, rng=rng)
    assert layer.weights.tensor.shape == (4, 3) and layer.bias.tensor.shape == (3,)
    assert layer.weights.penalized and not layer.bias.penalized
    layer.bias.tensor[...] = [1.0, 2.0, 3.0]
    X = rng.normal(size=(5, 4))
    Y, backward = layer.forward(X)
    np.testing.assert_allclose(Y, X @ layer.weights.tensor + layer.bias.tensor)
    dX = backward(np.ones((5, 3)))
    assert dX.shape == (5, 4)
    np.testing.assert_allclose(layer.bias.gradient, [5.0, 5.0, 5.0])


def test_linear_backward_accumulates(rng):
    layer = Linear(3, 2, rng=rng)
    X, dY = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    for _ in range(2):
        _, backward = layer.forward(X)
        backward(dY)
    np.testing.assert_allclose(layer.weights.gradient, 2 * X.T @ dY)
    np.testing.assert_allclose(layer.bias.gradient, 2 * dY.sum(axis=0))


def test_linear_without_input_grad_returns_none(rng):
    layer = Linear(3, 2, rng=rng)
    _, backward = layer.forward(rng.normal(size=(4, 3)), input_grad=False)
    assert backward(np.ones((4, 2))) is None
    assert np.any(layer.weights.gradient != 0)


@pytest.mark.parametrize(("init", "check"), [
    ("article", lambda W, b, n: abs(W.std() - np.sqrt(1 / n)) < 0.1 * np.sqrt(1 / n)
     and not b.any()),
    ("he", lambda W, b, n: abs(W.std() - np.sqrt(2 / n)) < 0.1 * np.sqrt(2 / n)
     and not b.any()),
    ("xavier", lambda W, b, n: np.abs(W).max() <= np.sqrt(6 / (n + 300))
     and np.abs(W).max() > 0.9 * np.sqrt(6 / (n + 300)) and not b.any()),
    ("playground", lambda W, b, n: np.abs(W).max() <= 0.5 and np.abs(W).max() > 0.45
     and np.all(b == 0.1)),
    ("zeros", lambda W, b, n: not W.any() and not b.any()),
])
def test_initialisations(init, check, rng):
    layer = Linear(200, 300, init=init, rng=rng)
    assert check(layer.weights.tensor, layer.bias.tensor, 200)


def test_article_init_draws_from_the_global_state_like_the_article(global_seed, article):
    np.random.seed(5)
    ours = Linear(6, 4).weights.tensor
    np.random.seed(5)
    np.testing.assert_array_equal(ours, article.Linear(6, 4).weights.tensor)


def test_same_seed_same_weights_in_both_dtypes():
    a = Linear(5, 3, init="he", rng=np.random.default_rng(9))
    b = Linear(5, 3, init="he", rng=np.random.default_rng(9), dtype=np.float32)
    np.testing.assert_array_equal(a.weights.tensor.astype(np.float32), b.weights.tensor)
    assert b.weights.tensor.dtype == b.bias.tensor.dtype == b.weights.gradient.dtype == np.float32


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"inputs": 0, "outputs": 2}, "inputs"),
    ({"inputs": 2, "outputs": 2.5}, "outputs"),
    ({"inputs": 2, "outputs": 2, "init": "glorot"}, "'glorot'"),
    ({"inputs": 2, "outputs": 2, "dtype": np.int32}, "int32"),
])
def test_linear_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Linear(**kwargs)


def test_dropout_is_inverted_and_only_in_training(rng):
    layer = Dropout(0.25, rng=rng)
    X = np.ones((400, 50))
    Y, backward = layer.forward(X)
    kept = Y != 0
    assert 0.7 < kept.mean() < 0.8
    np.testing.assert_allclose(Y[kept], 1 / 0.75)
    np.testing.assert_array_equal(backward(np.ones_like(X)), Y)  # same mask on the way back
    layer.eval()
    Y, backward = layer.forward(X)
    np.testing.assert_array_equal(Y, X)
    np.testing.assert_array_equal(backward(X), X)


def test_dropout_keeps_float32_and_rejects_bad_p(rng):
    Y, backward = Dropout(0.5, rng=rng).forward(np.ones((3, 4), np.float32))
    assert Y.dtype == backward(np.ones((3, 4), np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match=r"1\.0"):
        Dropout(1.0)


def test_train_and_eval_reach_nested_layers():
    inner = Sequential(Dropout(0.5))
    model = Sequential(Linear(2, 2), inner)
    assert model.training and inner.layers[0].training
    model.eval()
    assert not model.training and not inner.training and not inner.layers[0].training
    model.train()
    assert inner.layers[0].training


def test_sequential_state_dict_names_and_round_trip(rng):
    model = Sequential(Linear(2, 3, rng=rng), ReLU(), Sequential(Linear(3, 1, rng=rng)))
    state = model.state_dict()
    assert list(state) == ["0.weights", "0.bias", "2.0.weights", "2.0.bias"]
    twin = Sequential(Linear(2, 3), ReLU(), Sequential(Linear(3, 1)))
    twin.load_state_dict(state)
    X = rng.normal(size=(5, 2))
    np.testing.assert_array_equal(model.forward(X)[0], twin.forward(X)[0])
    state["0.weights"][...] = 7  # a copy: the model is untouched
    assert not np.any(model.layers[0].weights.tensor == 7)


def test_load_state_dict_names_what_is_wrong(rng):
    model = Sequential(Linear(2, 3, rng=rng))
    with pytest.raises(ValueError, match=r"missing.*0\.bias"):
        model.load_state_dict({"0.weights": np.zeros((2, 3))})
    with pytest.raises(ValueError, match=r"0.weights.*\(3, 2\).*\(2, 3\)"):
        model.load_state_dict({"0.weights": np.zeros((3, 2)), "0.bias": np.zeros(3)})


def test_float32_is_kept_through_forward_and_backward(rng):
    model = Sequential(Linear(3, 8, dtype=np.float32, rng=rng), Tanh(), Linear(8, 8,
                       dtype=np.float32, rng=rng), Sigmoid(), Linear(8, 4, dtype=np.float32,
                       rng=rng), LeakyReLU(), Linear(4, 2, dtype=np.float32, rng=rng), ReLU())
    X = rng.normal(size=(6, 3)).astype(np.float32)
    Y, backward = model.forward(X)
    dX = backward(np.ones_like(Y))
    assert Y.dtype == dX.dtype == np.float32
    assert all(p.gradient.dtype == np.float32 for p in model.parameters)


def test_results_a_caller_keeps_are_never_overwritten(rng):
    """Layers reuse buffers between steps, but only those nobody holds any more."""
    model = Sequential(Linear(3, 4, rng=rng), Tanh(), Linear(4, 2, rng=rng))
    X1, X2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    Y1, backward1 = model.forward(X1)
    kept = Y1.copy()
    Y2, backward2 = model.forward(X2)
    np.testing.assert_array_equal(Y1, kept)
    dX1 = backward1(np.ones((5, 2)))
    kept_dX1 = dX1.copy()
    backward2(np.ones((5, 2)))
    np.testing.assert_array_equal(dX1, kept_dX1)
    view = Y2[:2]
    expected = Y2[:2].copy()
    del Y2, backward2
    model.forward(X1)
    np.testing.assert_array_equal(view, expected)


def test_layers_can_be_deep_copied(rng):
    model = Sequential(Linear(2, 2, rng=rng), Tanh())
    X = rng.normal(size=(3, 2))
    model.forward(X)
    twin = copy.deepcopy(model)
    np.testing.assert_array_equal(twin.forward(X)[0], model.forward(X)[0])


def test_base_layer_is_the_identity():
    X = np.arange(6.0).reshape(3, 2)
    Y, backward = Layer().forward(X)
    assert Y is X and backward(X) is X


def test_float32_layer_takes_float64_data_and_gradients(rng):
    layer = Linear(3, 2, rng=rng, dtype=np.float32)
    Y, backward = layer.forward(rng.normal(size=(4, 3)))  # float64 data
    dX = backward(np.ones((4, 2)))  # float64 gradient
    assert Y.dtype == dX.dtype == layer.weights.gradient.dtype == np.float32
    assert layer.weights.gradient.any()
