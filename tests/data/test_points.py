"""Datasets from points added by hand, and their minimums."""

import numpy as np
import pytest

from nnplayground.data import DataError, from_points, train_test_split


def _two_classes(labels=(0, 1), per_class=3):
    return [(float(i), -float(i), label) for label in labels for i in range(per_class)]


def test_points_become_a_two_dimensional_classification():
    data = from_points(_two_classes())
    assert data.name == "points" and data.columns == ["x1", "x2"]
    assert data.X.shape == (6, 2) and data.X[4].tolist() == [1.0, -1.0]
    assert data.kind == "classification" and data.classes == 2
    assert data.y.dtype == np.int64 and data.y.tolist() == [0, 0, 0, 1, 1, 1]


def test_labels_as_floats_and_with_gaps_keep_their_values():
    data = from_points(_two_classes(labels=(4.0, 1.0, 9.0), per_class=2))
    assert data.class_labels == [1, 4, 9] and data.classes == 3
    assert data.y.tolist() == [1, 1, 0, 0, 2, 2]


def test_the_smallest_classification_splits_with_every_class_on_both_sides():
    data = from_points(_two_classes(per_class=2))
    is_train = train_test_split(data.y, 50, seed=0, stratify=True)
    assert is_train[data.y == 0].sum() == 1 and is_train[data.y == 1].sum() == 1


def test_regression_points():
    data = from_points([(0, 0, 0.5), (1, 0, 1.5), (0, 1, -2), (1, 1, 0)], kind="regression")
    assert data.kind == "regression" and data.classes is None
    assert data.y.dtype == np.float64 and data.y.tolist() == [0.5, 1.5, -2.0, 0.0]


@pytest.mark.parametrize(
    ("points", "kind", "message"),
    [
        ([(0, 0, 1)] * 5, "classification",
         r"points has a single class \(1\); classification needs at least 2 classes"),
        (_two_classes()[:4], "classification",
         r"class 1 has 1 point\(s\); every class needs at least 2 points"),
        ([(0, 0, 0.5)] * 4, "classification",
         "points: classification needs integer labels, point 0 has 0.5"),
        ([(0, 0, 1)] * 3, "regression", "3 points given; regression needs at least 4"),
        ([(0, 0, 0), (1, 1)], "classification",
         r"point 1 must be \(x1, x2, label\) numbers, got \(1, 1\)"),
        ([(0, 0, 0), 7], "classification",
         r"point 1 must be \(x1, x2, label\) numbers, got 7"),
        ([(0, "a", 0)], "classification",
         r"point 0 must be \(x1, x2, label\) numbers, got \(0, 'a', 0\)"),
        ([(0, 0, 0), (0, float("inf"), 1)], "classification",
         r"point 1 must have finite values, got \(0, inf, 1\)"),
        ([(0, 0, 0)] * 5001, "classification", "5001 points given; at most 5000 are allowed"),
        ("0,0,1", "classification", "points must be a list of \\(x1, x2, label\\), got str"),
        (_two_classes(), None, "kind must be given for points"),
        (_two_classes(), "clustering", "kind must be one of classification, regression"),
    ],
)
def test_bad_points_are_named(points, kind, message):
    with pytest.raises(DataError, match=message):
        from_points(points, kind=kind)
