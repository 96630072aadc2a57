"""Compiled kernel against the numpy engine: the same curve, to 1e-9 relative, over 2,000 steps.

The two differ only in the rounding of the matrix products (numpy's BLAS sums in its own
order), so the curves agree to ~1e-12; the random draws (epoch orders, dropout masks)
come from the same generators and are identical.
"""

import itertools

import numpy as np
import pytest

from nnplayground.training.pictures import layer_outputs

from .conftest import session

STEPS = 2000
ACTIVATIONS = ("tanh", "relu", "leaky_relu", "sigmoid", "linear")
LOSSES = ("mse", "bce", "softmax")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
REGULARIZATIONS = ("none", "l1", "l2")


def both(trainer, **options):
    """(numpy session, compiled kernel on a twin session) of one spec."""
    reference, twin = session(**options), session(**options)
    return reference, trainer.CompiledLearner(twin.learner)


def assert_same_curve(trainer, steps=STEPS, batch=10, **options):
    reference, compiled = both(trainer, **options)
    expected = reference.learner.run_steps(reference.X_train, reference.Y_train, steps, batch)
    twin = compiled.learner
    got = compiled.run_steps(reference.X_train, reference.Y_train, steps, batch)
    assert np.isfinite(expected).all()
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=0)
    for counter in ("step", "epoch", "epoch_position"):
        assert getattr(twin, counter) == getattr(reference.learner, counter)
    state, twin_state = reference.learner.state_dict(), twin.state_dict()
    assert state.keys() == twin_state.keys()
    for key, value in state.items():
        if key.startswith("rng") or key == "order":  # the random draws are the same, exactly
            np.testing.assert_array_equal(twin_state[key], value, err_msg=key)
        elif value.dtype.kind == "f":
            np.testing.assert_allclose(twin_state[key], value, rtol=1e-7, atol=1e-10,
                                       err_msg=key)
        else:
            np.testing.assert_array_equal(twin_state[key], value, err_msg=key)


# Every optimizer with every loss and every penalty; activations and dropout rotate through.
GRID = [(optimizer, loss, regularization, ACTIVATIONS[i % 5], (0.0, 0.2)[i % 2])
        for i, (optimizer, loss, regularization)
        in enumerate(itertools.product(OPTIMIZERS, LOSSES, REGULARIZATIONS))]


@pytest.mark.parametrize(("optimizer", "loss", "regularization", "activation", "dropout"), GRID)
def test_optimizers_losses_and_penalties(trainer, optimizer, loss, regularization, activation,
                                         dropout):
    assert_same_curve(trainer, optimizer=optimizer, loss=loss, regularization=regularization,
                      activation=activation, dropout=dropout)


@pytest.mark.parametrize(("activation", "loss", "dropout"),
                         list(itertools.product(ACTIVATIONS, LOSSES, (0.0, 0.3))))
def test_activations_with_and_without_dropout(trainer, activation, loss, dropout):
    assert_same_curve(trainer, activation=activation, loss=loss, dropout=dropout,
                      optimizer="adam")


@pytest.mark.parametrize("batch", [1, 7, 80, 500])
def test_batch_sizes_including_a_whole_epoch_and_more(trainer, batch):
    assert_same_curve(trainer, steps=300, batch=batch, dropout=0.1, optimizer="momentum")


def test_deep_and_wide_networks(trainer):
    assert_same_curve(trainer, steps=300, units=(16, 16, 8, 8, 4), activation="relu",
                      loss="softmax", optimizer="adam", dropout=0.1)
    assert_same_curve(trainer, steps=100, units=(256,), loss="bce", optimizer="sgd")


@pytest.mark.parametrize("loss", LOSSES)
def test_predictions_and_neuron_outputs(trainer, loss):
    reference, compiled = both(trainer, loss=loss, dropout=0.2, units=(6, 4, 3))
    reference.run(400)
    compiled.learner.load_state_dict(reference.learner.state_dict())
    X = np.random.default_rng(5).uniform(-6, 6, (1000, reference.X_train.shape[1]))
    np.testing.assert_allclose(compiled.predict(X), reference.learner.predict(X),
                               rtol=1e-12, atol=1e-13)
    hidden, output = compiled.hidden_outputs(X)
    expected = layer_outputs(reference.model, X)
    slots = reference.layout.hidden
    assert [h.shape for h in hidden] == [(1000, slot.units) for slot in slots]
    for got, slot in zip(hidden, slots, strict=True):
        np.testing.assert_allclose(got, expected[slot.activation], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(output, expected[-1], rtol=1e-12, atol=1e-13)


def test_training_in_eval_mode_draws_no_dropout(trainer):
    reference, compiled = both(trainer, dropout=0.5)
    for learner in (reference.learner, compiled.learner):
        learner.model.eval()
    expected = reference.learner.run_steps(reference.X_train, reference.Y_train, 50, 10)
    got = compiled.run_steps(reference.X_train, reference.Y_train, 50, 10)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    state, twin = reference.learner.state_dict(), compiled.learner.state_dict()
    assert [twin[k] for k in state if k.startswith("rng")] == [
        state[k] for k in state if k.startswith("rng")]


@pytest.mark.parametrize("loss", LOSSES)
def test_metric_points(trainer, loss):
    """A compiled metric point (one pass over both splits, no outputs kept) is numpy's."""
    reference, compiled = both(trainer, loss=loss, dropout=0.2)
    reference.run(300)
    compiled.learner.load_state_dict(reference.learner.state_dict())
    evaluation = reference.evaluation
    expected = evaluation.point(evaluation.outputs(reference.learner), 7, 1.5)
    got = evaluation.measure(compiled, 7, 1.5)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == (None if value is None else pytest.approx(value, rel=1e-12)), key


@pytest.mark.parametrize("loss", LOSSES)
def test_metric_points_of_a_broken_model_have_no_numbers(trainer, loss):
    reference, compiled = both(trainer, loss=loss)
    reference.model.layers[0].weights.tensor[0, 0] = np.nan
    compiled.learner.load_state_dict(reference.learner.state_dict())
    evaluation = reference.evaluation
    expected = evaluation.point(evaluation.outputs(reference.learner), 0, 0.0)
    assert expected["train_loss"] is None and expected["test_loss"] is None
    assert evaluation.measure(compiled, 0, 0.0) == expected
