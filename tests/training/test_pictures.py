"""Reading a session's model: grids, confusion matrix, predictions, exports."""

import io

import numpy as np
import pytest

from nnplayground.training import NotDrawableError, TrainingSession

from .helpers import hidden, make_spec, resolver, wide_upload


def trained(dataset: dict, network: dict, epochs: int = 3, **spec) -> TrainingSession:
    session = TrainingSession(make_spec(dataset, network=network, **spec))
    session.run_epochs(epochs)
    return session


def test_binary_boundary_is_a_probability_grid():
    session = trained({"name": "circle", "n_samples": 200}, hidden(4, 2))
    picture = session.boundary(resolution=17)
    assert len(picture["x"]) == 17 and len(picture["y"]) == 17
    assert picture["x"][0] == -6.0 and picture["x"][-1] == 6.0
    z = np.array(picture["z"])
    assert z.shape == (17, 17)
    assert 0 <= z.min() < z.max() <= 1
    assert (picture["kind"], picture["classes"]) == ("classification", 2)
    assert "confidence" not in picture


def test_boundary_z_row_is_a_y_and_matches_predict():
    session = trained({"name": "xor", "n_samples": 200}, hidden(6))
    picture = session.boundary(resolution=11)
    i, j = 3, 8
    point = [picture["x"][j], picture["y"][i]]
    probability = session.predict([point])["probabilities"][0][1]
    assert picture["z"][i][j] == pytest.approx(probability, rel=1e-12)


def test_multi_class_boundary_has_class_ids_and_confidence():
    session = trained({"name": "blobs", "classes": 4, "n_samples": 200}, hidden(6))
    picture = session.boundary(resolution=12)
    z, confidence = np.array(picture["z"]), np.array(picture["confidence"])
    assert z.shape == confidence.shape == (12, 12)
    assert set(np.unique(z)) <= {0.0, 1.0, 2.0, 3.0}
    assert len(np.unique(z)) > 1
    assert confidence.min() >= 0.25 and confidence.max() <= 1


def test_regression_boundary_is_the_value():
    session = trained({"name": "plane", "n_samples": 200}, hidden(3))
    picture = session.boundary(resolution=9)
    z = np.array(picture["z"])
    predicted = session.predict([[picture["x"][2], picture["y"][5]]])
    assert z[5, 2] == pytest.approx(predicted["predictions"][0], rel=1e-12)
    assert predicted["probabilities"] is None
    assert picture["classes"] is None


def test_neuron_grids_cover_inputs_every_hidden_unit_and_output():
    session = trained({"name": "circle", "n_samples": 200}, {
        "hidden": [{"units": 3, "activation": "tanh", "dropout": 0.5},
                   {"units": 2, "activation": "relu"}]},
        features=["x1", "x2", "x1^2"])
    grids = session.neurons(resolution=8)
    assert [entry["name"] for entry in grids["inputs"]] == ["x1", "x2", "x1^2"]
    x1, square = np.array(grids["inputs"][0]["z"]), np.array(grids["inputs"][2]["z"])
    assert x1.shape == (8, 8)
    np.testing.assert_allclose(x1[0], grids["x"])  # a row runs along x
    np.testing.assert_allclose(square, x1**2)
    assert [len(layer) for layer in grids["layers"]] == [3, 2]
    tanh_layer = np.array(grids["layers"][0])
    relu_layer = np.array(grids["layers"][1])
    assert tanh_layer.shape == (3, 8, 8) and relu_layer.shape == (2, 8, 8)
    assert tanh_layer.min() >= -1 and tanh_layer.max() <= 1 and tanh_layer.std() > 0
    assert relu_layer.min() >= 0
    np.testing.assert_allclose(grids["output"], session.boundary(resolution=8)["z"])


def test_wide_data_has_no_pictures():
    session = TrainingSession(make_spec({"id": "w"}), resolve_upload=resolver(w=wide_upload()))
    with pytest.raises(NotDrawableError, match="4 input columns"):
        session.boundary()
    with pytest.raises(NotDrawableError):
        session.neurons()
    assert len(session.predict([[0.0, 1.0, 2.0, 3.0]])["predictions"]) == 1


def test_confusion_matrix_counts_the_test_predictions():
    session = trained({"name": "blobs", "classes": 3, "n_samples": 150, "noise": 40},
                      hidden(5), epochs=2)
    metrics = session.evaluate()
    matrix = np.array(metrics["confusion_matrix"])
    assert matrix.shape == (3, 3)
    assert matrix.sum() == session.n_test
    data = session.data
    raw_test, truth = data.dataset.X[~data.is_train], data.dataset.y[~data.is_train]
    predicted = session.predict(raw_test.tolist())["predictions"]
    by_hand = np.zeros((3, 3), dtype=int)
    for true_class, guess in zip(truth, predicted, strict=True):
        by_hand[true_class, guess] += 1
    np.testing.assert_array_equal(matrix, by_hand)
    assert np.trace(matrix) / session.n_test == pytest.approx(metrics["test_accuracy"])


def test_predict_checks_the_number_of_columns():
    session = TrainingSession(make_spec())
    with pytest.raises(ValueError, match=r"2 numbers \(x1, x2\)"):
        session.predict([[1.0, 2.0, 3.0]])


def test_model_json_and_npz_hold_the_weights():
    session = trained({"name": "circle", "n_samples": 100, "standardize": True}, hidden(4, 3),
                      features=["x1", "x2", "x2^2"])
    model = session.model_json()
    assert [layer["units"] for layer in model["layers"]] == [4, 3]
    assert np.array(model["layers"][0]["weights"]).shape == (3, 4)
    assert model["output"]["activation"] == "sigmoid"
    assert model["features"] == ["x1", "x2", "x2^2"]
    assert len(model["standardize"]["mean"]) == 3
    with np.load(io.BytesIO(session.model_npz()), allow_pickle=False) as npz:
        np.testing.assert_array_equal(npz["0.weights"], model["layers"][0]["weights"])
        assert npz["features"].tolist() == ["x1", "x2", "x2^2"]
