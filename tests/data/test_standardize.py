"""Z-scores with statistics of the rows the standardiser is fitted on."""

import numpy as np
import pytest

from nnplayground.data import DataError, Standardizer


def test_statistics_come_from_the_fitted_rows_only():
    train = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 40.0], [7.0, 40.0]])
    test = np.array([[9.0, 100.0]])
    scaler = Standardizer.fit(train)
    assert scaler.mean.tolist() == [4.0, 25.0]
    assert np.allclose(scaler.std, [np.sqrt(5.0), 15.0])
    assert np.allclose(scaler.transform(test), [[5 / np.sqrt(5.0), 5.0]])
    scaled = scaler.transform(train)
    assert np.allclose(scaled.mean(axis=0), 0) and np.allclose(scaled.std(axis=0), 1)
    assert np.allclose(scaler.inverse_transform(scaled), train)


def test_a_constant_column_is_only_centred():
    scaler = Standardizer.fit(np.array([[2.0, 1.0], [2.0, 3.0]]))
    assert scaler.std[0] == 1.0
    assert scaler.transform(np.array([[5.0, 2.0]])).tolist() == [[3.0, 0.0]]


def test_shapes_are_checked():
    scaler = Standardizer.fit(np.ones((3, 2)))
    with pytest.raises(DataError, match="fitted on 2 columns, got 3"):
        scaler.transform(np.ones((1, 3)))
    with pytest.raises(DataError, match=r"\(n, d\) rows, got shape \(3,\)"):
        Standardizer.fit(np.ones(3))
    with pytest.raises(DataError, match="statistics of 0 rows"):
        Standardizer.fit(np.ones((0, 2)))
