"""The built-in real datasets load offline from the package, with their documented shapes."""

import numpy as np
import pytest

from nnplayground.data import DataError, generate, list_datasets
from nnplayground.data.real import REAL, load_builtin

SHAPES = {  # name: (rows, columns, classes or None)
    "iris": (150, 4, 3),
    "wine": (178, 13, 3),
    "breast_cancer": (569, 30, 2),
    "diabetes": (442, 10, None),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_loads_with_its_documented_shape(name):
    rows, columns, classes = SHAPES[name]
    X, y, meta = load_builtin(name)
    assert X.shape == (rows, columns) and y.shape == (rows,) and X.dtype == np.float64
    assert np.isfinite(X).all() and np.isfinite(y).all()
    assert len(meta["feature_names"]) == columns == meta["n_features"]
    assert meta["n_samples"] == rows and meta["modality"] == "tabular"
    assert meta["source"] and meta["licence"]
    if classes is None:
        assert meta["kind"] == "regression" and meta["class_names"] is None
        assert y.dtype == np.float64
    else:
        assert meta["kind"] == "classification" and len(meta["class_names"]) == classes
        assert y.dtype == np.int64 and set(y.tolist()) == set(range(classes))


def test_iris_is_fishers():
    X, y, meta = load_builtin("iris")
    assert meta["feature_names"][0] == "sepal length (cm)"
    assert meta["class_names"] == ["setosa", "versicolor", "virginica"]
    assert X[0].tolist() == [5.1, 3.5, 1.4, 0.2] and np.bincount(y).tolist() == [50, 50, 50]


def test_every_call_gives_fresh_arrays():
    X, _, _ = load_builtin("wine")
    X[:] = 0
    assert load_builtin("wine")[0].any()


def test_the_catalogue_lists_them_after_the_generators_with_names_and_sizes():
    entries = {entry["name"]: entry for entry in list_datasets()}
    assert [e.name for e in REAL] == [name for name in entries if entries[name]["params"] == {}]
    iris = entries["iris"]
    assert (iris["classes"], iris["n_samples"], iris["n_features"]) == (3, 150, 4)
    assert iris["class_names"] == ["setosa", "versicolor", "virginica"]
    assert entries["circle"]["modality"] == "plane" and entries["circle"]["image_shape"] is None
    assert entries["diabetes"]["classes"] is None


def test_generate_gives_the_dataset_with_names_and_refuses_generator_parameters():
    data = generate("iris")
    assert data.columns[3] == "petal width (cm)" and data.class_labels[2] == "virginica"
    assert data.classes == 3 and data.n_samples == 150
    with pytest.raises(DataError, match=r"'iris' is real data of a fixed size; n_samples"):
        generate("iris", n_samples=100)
    with pytest.raises(DataError, match=r"noise does not apply"):
        generate("diabetes", noise=10)
