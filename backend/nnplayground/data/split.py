"""Seeded train/test split, stratified by class for classification."""

from __future__ import annotations

import numpy as np

from .checks import checked_number, checked_seed
from .errors import DataError

TRAIN_RATIO_RANGE = (10, 90)  # percent
#: The split draws from its own stream: with the generator's stream (the same seed) the
#: permutation would be made of the very draws that placed the points.
_SPLIT_STREAM = 1


def train_test_split(
    y: np.ndarray, train_ratio: float, seed: int, stratify: bool
) -> np.ndarray:
    """Boolean mask `is_train` `(n,)` with about `train_ratio` percent of the rows.

    Stratified: every class keeps the ratio (rounded so that the total is right), and
    a class of two or more rows has at least one row on each side.
    Either way at least one row is trained on and, from two rows on, one is tested.
    """
    y = np.asarray(y)
    ratio = checked_number("train_ratio", train_ratio, TRAIN_RATIO_RANGE) / 100.0
    rng = np.random.default_rng([checked_seed(seed), _SPLIT_STREAM])
    if y.ndim != 1 or len(y) < 2:
        raise DataError(f"a split needs a 1-D array of at least 2 labels, got shape {y.shape}")
    if not stratify:
        return _mask(len(y), rng.permutation(len(y))[: _bounded(_round(len(y) * ratio), len(y))])
    if not np.issubdtype(y.dtype, np.integer):
        raise DataError(f"a stratified split needs integer class labels, got dtype {y.dtype}")
    members = [np.flatnonzero(y == c) for c in np.unique(y)]
    quotas = _class_quotas(np.array([len(m) for m in members]), ratio)
    chosen = [rng.permutation(m)[:q] for m, q in zip(members, quotas, strict=True)]
    return _mask(len(y), np.concatenate(chosen))


def _class_quotas(sizes: np.ndarray, ratio: float) -> np.ndarray:
    """Training rows per class: largest remainders, so the quotas add up to the rounded total."""
    exact = sizes * ratio
    quotas = np.floor(exact).astype(np.int64)
    missing = _round(sizes.sum() * ratio) - quotas.sum()
    by_remainder = np.argsort(-(exact - quotas), kind="stable")
    quotas[by_remainder[:missing]] += 1
    return np.array([_bounded(q, size) for q, size in zip(quotas, sizes, strict=True)])


def _bounded(n_train: int, n: int) -> int:
    """At least one training row; at least one test row when there are two or more rows."""
    return int(min(max(n_train, 1), max(n - 1, 1)))


def _round(value: float) -> int:
    return int(np.floor(value + 0.5))


def _mask(n: int, train_rows: np.ndarray) -> np.ndarray:
    is_train = np.zeros(n, dtype=bool)
    is_train[train_rows] = True
    return is_train
