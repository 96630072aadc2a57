"""Numerically stable probabilities from logits."""

import numpy as np


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-Z)) without overflow, accurate in both tails; keeps Z's float dtype."""
    Z = np.asarray(Z)
    if not np.issubdtype(Z.dtype, np.floating):
        Z = Z.astype(np.float64)
    return np.exp(-np.logaddexp(0, -Z))


def log_softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise log of softmax: (n, k) -> (n, k)."""
    Z = np.asarray(Z)
    if not np.issubdtype(Z.dtype, np.floating):
        Z = Z.astype(np.float64)
    shifted = Z - Z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise softmax: (n, k) -> (n, k), each row summing to 1."""
    return np.exp(log_softmax(Z))
