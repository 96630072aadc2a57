"""The article's code and experiments run unchanged on nnplayground.engine."""

import numpy as np
import pytest

from nnplayground.engine import (
    Layer,
    Learner,
    Linear,
    Parameter,
    ReLu,
    Sequential,
    SGDOptimizer,
    Sigmoid,
    mse_loss,
)


def linear_regression(engine, epochs: int, seed: int) -> float:
    """The article's first experiment; returns the larger of the weight and bias errors."""
    np.random.seed(seed)
    X = np.random.randn(100, 10)
    W = np.random.randn(10, 1)
    B = np.random.randn(1)
    Y = X @ W + B
    m = engine.Linear(10, 1)
    learner = engine.Learner(m, engine.mse_loss, engine.SGDOptimizer(lr=0.05))
    learner.fit(X, Y, epochs=epochs, bs=10)
    return max(np.linalg.norm(m.weights.tensor - W), abs((m.bias.tensor - B)[0]))


@pytest.mark.usefixtures("global_seed")
@pytest.mark.parametrize("seed", range(5))
def test_linear_regression_recovers_w_and_b(seed):
    import nnplayground.engine as engine

    assert linear_regression(engine, epochs=10, seed=seed) < 2e-2
    assert linear_regression(engine, epochs=30, seed=seed) < 1e-4


def test_linear_regression_error_shrinks_with_more_epochs(global_seed):
    import nnplayground.engine as engine

    errors = [linear_regression(engine, epochs, seed=7) for epochs in (5, 10, 30)]
    assert errors[0] > errors[1] > errors[2]


def product_experiment(engine, seed: int, target_1d: bool = False):
    """The article's second experiment, y = x1 * x2: one Linear against Linear-Sigmoid-Linear."""
    np.random.seed(seed)
    X = np.random.randn(1000, 2)
    Y = X[:, 0] * X[:, 1]
    if not target_1d:
        Y = Y.reshape(-1, 1)
    model1 = engine.Sequential(engine.Linear(2, 1))
    losses1 = engine.Learner(
        model1,
        engine.mse_loss,
        engine.SGDOptimizer(lr=0.01)
    ).fit(X, Y, epochs=50, bs=50)
    model2 = engine.Sequential(
        engine.Linear(2, 10),
        engine.Sigmoid(),
        engine.Linear(10, 1)
    )
    losses2 = engine.Learner(
        model2,
        engine.mse_loss,
        engine.SGDOptimizer(lr=0.3)
    ).fit(X, Y, epochs=50, bs=50)
    weights = [p.tensor for model in (model1, model2) for p in model.parameters]
    return losses1, losses2, weights


@pytest.mark.usefixtures("global_seed")
def test_product_two_layers_beat_one():
    import nnplayground.engine as engine

    # the article's own code: a 1-D target, taken here as the column it means
    losses1, losses2, _ = product_experiment(engine, seed=3, target_1d=True)
    assert len(losses1) == len(losses2) == 50
    assert losses2[-1] < 0.5 * losses1[-1]
    assert losses2[-1] < 0.5 * losses2[0]


@pytest.mark.usefixtures("global_seed")
@pytest.mark.parametrize("experiment", ["regression", "product"])
def test_trains_like_the_article_to_rounding(article, experiment):
    """Same draws (init, shuffles), same operations: the weights agree to ~1e-15. (Not to the
    bit: the bias gradient's column sums go through BLAS, in another order.)"""
    import nnplayground.engine as engine

    if experiment == "regression":
        ours, theirs = linear_regression(engine, 10, seed=11), linear_regression(article, 10, 11)
        assert ours == pytest.approx(theirs, rel=1e-9)
        return
    *ours, our_weights = product_experiment(engine, 5)
    *theirs, their_weights = product_experiment(article, 5)
    for mine, reference in zip(our_weights, their_weights, strict=True):
        np.testing.assert_allclose(mine, reference, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_article_style_layers_compose_with_ours(global_seed):
    """A layer written as in the article (no input_grad, plain lambda) trains inside ours."""

    class Scale(Layer):
        def __init__(self):
            super().__init__()
            self.factor = self.build_param(np.ones(1))

        def forward(self, X):
            def backward(D):
                self.factor.gradient += (D * X).sum(axis=0).sum(keepdims=True)
                return D * self.factor.tensor
            return X * self.factor.tensor, backward

    class Plain(Layer):
        def forward(self, X):
            mask = X > 0
            return X * mask, lambda D: D * mask

    X = np.random.randn(200, 2)
    Y = (2 * X[:, :1] - X[:, 1:]) * 3
    model = Sequential(Scale(), Linear(2, 4), Plain(), ReLu(), Linear(4, 1))
    losses = Learner(model, mse_loss, SGDOptimizer(lr=0.02)).fit(X, Y, epochs=30, bs=20)
    assert losses[-1] < 0.1 * losses[0]
    assert model.layers[0].factor.tensor[0] != 1.0
    assert isinstance(model.layers[0].factor, Parameter)


def test_a_foreign_optimizer_updates_each_parameter(article):
    """Any object with update(param) works, as in the article (here: the article's own SGD)."""
    rng = np.random.default_rng(0)
    model = Sequential(Linear(3, 5, rng=rng), Sigmoid(), Linear(5, 1, rng=rng))
    X, Y = rng.normal(size=(64, 3)), rng.normal(size=(64, 1))
    ours = Learner(model, mse_loss, SGDOptimizer(lr=0.1))
    twin = Sequential(Linear(3, 5), Sigmoid(), Linear(5, 1))
    twin.load_state_dict(model.state_dict())
    theirs = Learner(twin, mse_loss, article.SGDOptimizer(lr=0.1))
    for start in range(0, 64, 16):
        ours.fit_batch(X[start:start + 16], Y[start:start + 16])
        theirs.fit_batch(X[start:start + 16], Y[start:start + 16])
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, twin.state_dict()[name])
