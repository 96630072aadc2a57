"""Seeded train/test split: the ratio, stratification, and its limits."""

import numpy as np
import pytest

from nnplayground.data import DataError, generate, train_test_split


@pytest.mark.parametrize("ratio", [10, 33, 50, 70, 90])
@pytest.mark.parametrize("stratify", [True, False])
def test_ratio_of_training_rows(ratio, stratify):
    y = generate("spiral", n_samples=500, classes=3).y
    is_train = train_test_split(y, ratio, seed=0, stratify=stratify)
    assert is_train.dtype == bool and is_train.shape == (500,)
    assert is_train.sum() == int(np.floor(500 * ratio / 100 + 0.5))


@pytest.mark.parametrize("ratio", [10, 50, 77])
def test_stratified_split_keeps_each_class_at_the_ratio(ratio):
    y = np.repeat(np.arange(5), [7, 30, 101, 250, 12])
    is_train = train_test_split(y, ratio, seed=3, stratify=True)
    for c, size in enumerate([7, 30, 101, 250, 12]):
        n_train = is_train[y == c].sum()
        assert abs(n_train - size * ratio / 100) < 1
        assert 1 <= n_train <= size - 1


def test_unstratified_split_of_an_unbalanced_set_drifts_from_the_ratio():
    # The contrast that shows the stratification above is real: plain shuffling
    # lets a small class land mostly on one side for some seeds.
    y = np.repeat([0, 1], [20, 480])
    drift = [
        abs(train_test_split(y, 50, seed=s, stratify=False)[y == 0].sum() - 10) for s in range(20)
    ]
    assert max(drift) >= 2


def test_tiny_classes_appear_on_both_sides():
    y = np.array([0, 0, 1, 1, 2, 2, 2])
    for ratio in (10, 90):
        is_train = train_test_split(y, ratio, seed=1, stratify=True)
        for c in range(3):
            assert is_train[y == c].any() and not is_train[y == c].all()


def test_same_seed_same_split_other_seed_other_split():
    y = generate("circle").y
    first = train_test_split(y, 60, seed=4, stratify=True)
    assert np.array_equal(first, train_test_split(y, 60, seed=4, stratify=True))
    assert not np.array_equal(first, train_test_split(y, 60, seed=5, stratify=True))


def test_regression_targets_split_without_stratification():
    y = generate("plane", n_samples=200).y
    assert train_test_split(y, 25, seed=0, stratify=False).sum() == 50
    with pytest.raises(DataError, match=r"stratified split needs integer class labels"):
        train_test_split(y, 25, seed=0, stratify=True)


@pytest.mark.parametrize("ratio", [9, 91, 50.0 * float("nan")])
def test_ratio_outside_10_to_90_is_refused(ratio):
    with pytest.raises(DataError, match=r"train_ratio must be between 10 and 90"):
        train_test_split(np.array([0, 1] * 10), ratio, seed=0, stratify=True)


def test_too_few_labels_are_refused():
    with pytest.raises(DataError, match=r"at least 2 labels, got shape \(1,\)"):
        train_test_split(np.array([1]), 50, seed=0, stratify=False)
