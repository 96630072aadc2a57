"""Losses `(Yp, Yt) -> (loss, dL/dYp)`: means over the batch, as PyTorch's defaults are.

A 1-D target stands for a column; shapes that cannot match raise ValueError naming both.
"""

import numpy as np

from . import ops
from .probabilities import log_softmax, sigmoid


def _target_like(Yp: np.ndarray, Yt: np.ndarray, loss: str) -> np.ndarray:
    """Yt as an array of Yp's shape and dtype: (n,) is taken as the column (n, 1)."""
    Yt = np.asarray(Yt)
    if Yt.ndim == 1 and Yp.shape == (len(Yt), 1):
        Yt = Yt.reshape(-1, 1)
    if Yt.shape != Yp.shape:
        raise ValueError(f"{loss}: target shape {Yt.shape} does not match "
                         f"prediction shape {Yp.shape}")
    return Yt.astype(Yp.dtype, copy=False)


def _predictions(Yp) -> np.ndarray:
    Yp = np.asarray(Yp)
    return Yp if Yp.dtype.kind == "f" else Yp.astype(np.float64)


def mse_loss(Yp: np.ndarray, Yt: np.ndarray) -> tuple[float, np.ndarray]:
    """mean((Yp - Yt)^2) over all elements; the article's, with its gradient for one output."""
    if type(Yp) is not np.ndarray or Yp.dtype.kind != "f":
        Yp = _predictions(Yp)
    if type(Yt) is not np.ndarray or Yt.shape != Yp.shape or Yt.dtype != Yp.dtype:
        Yt = _target_like(Yp, Yt, "mse_loss")
    diff = np.subtract(Yp, Yt)
    loss = float(ops.vdot(diff, diff)) / diff.size  # a BLAS dot: no overflow warning
    # diff / (size/2) is exactly the article's 2 * diff / len(diff) when there is one output
    return loss, np.divide(diff, diff.size / 2, out=diff)


def bce_with_logits_loss(Yp: np.ndarray, Yt: np.ndarray) -> tuple[float, np.ndarray]:
    """Binary cross-entropy of logits Yp (n, 1) against targets in [0, 1] (n,) or (n, 1).

    loss = mean(softplus(z) - y z), written max(z, 0) - y z + log1p(exp(-|z|)) so it never
    overflows; dL/dz = (sigmoid(z) - y) / size.
    """
    Yp = _predictions(Yp)
    Yt = _target_like(Yp, Yt, "bce_with_logits_loss")
    if Yt.size and (Yt.min() < 0 or Yt.max() > 1):
        raise ValueError("bce_with_logits_loss: targets must lie in [0, 1], got values in "
                         f"[{Yt.min()}, {Yt.max()}]")
    with np.errstate(over="ignore"):
        losses = np.maximum(Yp, 0) - Yp * Yt + np.log1p(np.exp(-np.abs(Yp)))
        return float(losses.mean()), (sigmoid(Yp) - Yt) / Yp.size


def _one_hot(Yp: np.ndarray, Yt: np.ndarray) -> np.ndarray:
    """Yt as (n, k) target probabilities: integer labels (n,)/(n, 1) or already one-hot (n, k)."""
    n, k = Yp.shape
    if Yt.shape == Yp.shape:
        return Yt.astype(Yp.dtype, copy=False)
    if Yt.shape not in ((n,), (n, 1)):
        raise ValueError(f"softmax_cross_entropy_loss: target shape {Yt.shape} does not match "
                         f"prediction shape {Yp.shape} (labels (n,) or (n, 1), or one-hot (n, k))")
    labels = Yt.reshape(n)
    if labels.size and (not np.array_equal(labels, np.round(labels))
                        or labels.min() < 0 or labels.max() >= k):
        bad = labels[(labels != np.round(labels)) | (labels < 0) | (labels >= k)][0]
        raise ValueError(f"softmax_cross_entropy_loss: label {bad!r} is not a class id "
                         f"in 0..{k - 1}")
    target = np.zeros_like(Yp)
    target[np.arange(n), labels.astype(np.intp)] = 1
    return target


def softmax_cross_entropy_loss(Yp: np.ndarray, Yt: np.ndarray) -> tuple[float, np.ndarray]:
    """Cross-entropy of row-wise softmax(Yp) for logits (n, k), averaged over the n rows.

    dL/dYp = (softmax(Yp) * sum(t) - t) / n, i.e. (softmax - one_hot) / n for labels.
    """
    Yp = _predictions(Yp)
    if Yp.ndim != 2:
        raise ValueError(f"softmax_cross_entropy_loss: predictions must be (n, k) logits, "
                         f"got shape {Yp.shape}")
    target = _one_hot(Yp, np.asarray(Yt))
    n = len(Yp)
    with np.errstate(over="ignore"):
        log_p = log_softmax(Yp)
        loss = -(target * log_p).sum() / n
        grad = (np.exp(log_p) * target.sum(axis=1, keepdims=True) - target) / n
    return float(loss), grad.astype(Yp.dtype, copy=False)
