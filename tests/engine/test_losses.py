"""Losses: values, targets' shapes, and stability for any finite input."""

import numpy as np
import pytest

from nnplayground.engine import (
    bce_with_logits_loss,
    log_softmax,
    mse_loss,
    sigmoid,
    softmax,
    softmax_cross_entropy_loss,
)


def test_mse_value_and_gradient(rng):
    Yp, Yt = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    loss, grad = mse_loss(Yp, Yt)
    assert loss == pytest.approx(np.mean((Yp - Yt) ** 2))
    np.testing.assert_allclose(grad, 2 * (Yp - Yt) / Yp.size)


def test_one_dimensional_target_is_a_column(rng):
    Yp, Yt = rng.normal(size=(1000, 1)), rng.normal(size=1000)
    loss, grad = mse_loss(Yp, Yt)
    assert grad.shape == (1000, 1)
    assert loss == pytest.approx(np.mean((Yp[:, 0] - Yt) ** 2))


@pytest.mark.parametrize("loss", [mse_loss, bce_with_logits_loss, softmax_cross_entropy_loss])
def test_mismatched_shapes_name_both(loss):
    with pytest.raises(ValueError, match=r"\(7, 2\).*\(5, 2\)|\(5, 2\).*\(7, 2\)"):
        loss(np.zeros((5, 2)), np.zeros((7, 2)))


def test_bce_matches_the_naive_formula(rng):
    Z, Y = rng.normal(size=(50, 1)) * 3, rng.integers(0, 2, 50)
    P = 1 / (1 + np.exp(-Z[:, 0]))
    loss, grad = bce_with_logits_loss(Z, Y)
    assert loss == pytest.approx(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
    np.testing.assert_allclose(grad[:, 0], (P - Y) / 50)


def test_bce_rejects_targets_outside_0_1():
    with pytest.raises(ValueError, match=r"\[0, 1\].*2"):
        bce_with_logits_loss(np.zeros((2, 1)), np.array([0, 2]))


def test_softmax_ce_labels_and_one_hot_agree(rng):
    Z = rng.normal(size=(8, 4)) * 2
    labels = rng.integers(0, 4, 8)
    loss, grad = softmax_cross_entropy_loss(Z, labels)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(P[np.arange(8), labels])))
    one_hot = np.eye(4)[labels]
    np.testing.assert_allclose(grad, (P - one_hot) / 8)
    for target in (labels.reshape(-1, 1), one_hot, labels.astype(float)):
        other_loss, other_grad = softmax_cross_entropy_loss(Z, target)
        assert other_loss == pytest.approx(loss)
        np.testing.assert_allclose(other_grad, grad)


@pytest.mark.parametrize("label", [4, -1, 1.5])
def test_softmax_ce_rejects_labels_that_are_not_classes(label):
    with pytest.raises(ValueError, match="label"):
        softmax_cross_entropy_loss(np.zeros((2, 4)), np.array([0, label]))


@pytest.mark.parametrize("scale", [1e-300, 1.0, 1e3, 1e30, 1e300])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_losses_are_never_nan_for_finite_inputs(scale, dtype, rng):
    big = np.finfo(dtype).max / 4
    Z = np.clip(rng.normal(size=(16, 3)) * scale, -big, big).astype(dtype)
    labels = rng.integers(0, 3, 16)
    for loss, target in ((bce_with_logits_loss, labels[:, None] % 2),
                         (softmax_cross_entropy_loss, labels),
                         (mse_loss, np.zeros_like(Z))):
        Yp = Z[:, :1] if loss is bce_with_logits_loss else Z
        value, grad = loss(Yp, target)
        assert not np.isnan(value), (loss.__name__, scale)
        assert not np.any(np.isnan(grad)), (loss.__name__, scale)
        assert grad.dtype == dtype


def test_probability_helpers_are_stable():
    Z = np.array([[-1000.0, 0.0, 1000.0]])
    np.testing.assert_allclose(sigmoid(Z), [[0.0, 0.5, 1.0]])
    assert sigmoid(np.array([-40.0]))[0] == pytest.approx(np.exp(-40.0), rel=1e-12)
    np.testing.assert_allclose(softmax(Z), [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(softmax(np.array([[1.0, 2.0]])).sum(), 1.0)
    assert np.all(np.isfinite(log_softmax(Z)[:, 2]))
    assert sigmoid(np.zeros(2, np.float32)).dtype == np.float32
