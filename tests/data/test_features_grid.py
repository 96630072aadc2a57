"""Input features by hand, and the boundary grid's layout."""

import math

import numpy as np
import pytest

from nnplayground.data import FEATURES, DataError, compute_features, grid


def test_all_seven_features_by_hand():
    X = np.array([[1.0, 2.0], [-0.5, math.pi / 2]])
    expected = np.array([
        [1.0, 2.0, 1.0, 4.0, 2.0, math.sin(1.0), math.sin(2.0)],
        [-0.5, math.pi / 2, 0.25, math.pi**2 / 4, -math.pi / 4, math.sin(-0.5), 1.0],
    ])
    assert FEATURES == ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
    assert np.allclose(compute_features(X, FEATURES), expected, rtol=0, atol=1e-15)


def test_subset_in_the_order_asked():
    X = np.array([[3.0, -2.0]])
    assert compute_features(X, ["x1*x2", "x1"]).tolist() == [[-6.0, 3.0]]
    assert compute_features(X, ("x2^2",)).shape == (1, 1)


def test_empty_data_keeps_the_column_count():
    assert compute_features(np.empty((0, 2)), ["x1", "sin(x2)"]).shape == (0, 2)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([], r"at least one of x1, x2"),
        (["x1", "x3"], r"unknown feature 'x3'"),
        (["x1", "x1"], r"feature 'x1' is listed more than once"),
    ],
)
def test_bad_feature_lists_are_named(names, message):
    with pytest.raises(DataError, match=message):
        compute_features(np.zeros((2, 2)), names)


def test_features_need_two_columns():
    with pytest.raises(DataError, match=r"\(n, 2\) points, got shape \(4, 3\)"):
        compute_features(np.zeros((4, 3)), ["x1"])


def test_grid_layout_matches_a_heatmap():
    xs, ys, points = grid(5, x_range=(-1.0, 3.0), y_range=(10.0, 20.0))
    assert xs.tolist() == [-1.0, 0.0, 1.0, 2.0, 3.0]
    assert ys.tolist() == [10.0, 12.5, 15.0, 17.5, 20.0]
    assert points.shape == (25, 2)
    for i in range(5):
        for j in range(5):
            assert points[i * 5 + j].tolist() == [xs[j], ys[i]]
    z = points[:, 0] + 100 * points[:, 1]
    assert z.reshape(5, 5)[3][1] == xs[1] + 100 * ys[3]


def test_default_grid_spans_the_playground_square():
    xs, ys, points = grid(50)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-6.0, 6.0, -6.0, 6.0)
    assert len(points) == 2500
    # The grid goes through the same feature code as the data.
    assert compute_features(points, ["x1^2"])[:, 0].tolist() == (points[:, 0] ** 2).tolist()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resolution": 1}, r"resolution must be between 2 and 1000, got 1"),
        ({"resolution": 20.0}, r"resolution must be an integer, got 20.0"),
        ({"resolution": 10, "x_range": (1.0, 1.0)}, r"x_range must be two finite numbers"),
        ({"resolution": 10, "y_range": (0.0, math.inf)}, r"y_range must be two finite numbers"),
    ],
)
def test_bad_grids_are_named(kwargs, message):
    with pytest.raises(DataError, match=message):
        grid(**kwargs)
