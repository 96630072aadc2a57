"""The npz model file runs with numpy alone, following only its own README key, and
answers exactly what POST /predict answers."""

import io

import numpy as np
import pytest

from tests.utils.factories import create_job, csv_bytes

FORMULAS = {"x1": lambda a, b: a, "x2": lambda a, b: b, "x1^2": lambda a, b: a * a,
            "x2^2": lambda a, b: b * b, "x1*x2": lambda a, b: a * b,
            "sin(x1)": lambda a, b: np.sin(a), "sin(x2)": lambda a, b: np.sin(b)}
ACTIVATIONS = {"tanh": np.tanh, "relu": lambda h: np.maximum(h, 0),
               "leaky_relu": lambda h: np.maximum(h, 0.01 * h),
               "sigmoid": lambda h: 1 / (1 + np.exp(-h)), "linear": lambda h: h,
               "softmax": lambda h: (e := np.exp(h - h.max(axis=1, keepdims=True)))
               / e.sum(axis=1, keepdims=True)}


def run_with_numpy(model: dict, rows: np.ndarray) -> np.ndarray:
    """What the README key says, step by step."""
    columns, features = list(model["columns"]), list(model["features"])
    if features != columns:
        x1, x2 = rows[:, 0], rows[:, 1]
        h = np.column_stack([FORMULAS[name](x1, x2) for name in features])
    else:
        h = rows
    if "standardize.mean" in model:
        h = (h - model["standardize.mean"]) / model["standardize.std"]
    for key, activation in zip(model["layers"], model["activations"], strict=True):
        h = ACTIVATIONS[str(activation)](h @ model[f"{key}.weights"] + model[f"{key}.bias"])
    return h


@pytest.mark.parametrize("overrides", [
    {"features": ["x1", "x2", "x1*x2", "sin(x1)"],
     "network": {"hidden": [{"units": 5, "activation": "relu", "dropout": 0.2},
                            {"units": 3, "activation": "leaky_relu"}]}},
    {"dataset": {"name": "blobs", "n_samples": 150, "standardize": True},
     "network": {"hidden": [{"units": 6, "activation": "sigmoid"}]}},
    {"dataset": {"name": "plane", "n_samples": 100}, "features": ["x1", "x2^2"]},
])
def test_the_npz_model_runs_with_numpy_alone(client, overrides):
    job_id = create_job(client, **overrides)["id"]
    client.post(f"/api/jobs/{job_id}/step", json={"epochs": 3})
    response = client.get(f"/api/jobs/{job_id}/model.npz")
    assert response.headers["content-type"] == "application/octet-stream"
    with np.load(io.BytesIO(response.content), allow_pickle=False) as arrays:
        model = {name: arrays[name] for name in arrays.files}
    assert "numpy alone" in str(model["README"])
    rows = np.random.default_rng(0).uniform(-5, 5, size=(50, len(model["columns"])))
    outputs = run_with_numpy(model, rows)
    served = client.post(f"/api/jobs/{job_id}/predict",
                         json={"points": rows.tolist()}).json()
    kind = str(model["kind"])
    if kind == "regression":
        np.testing.assert_allclose(outputs[:, 0], served["predictions"], rtol=1e-9)
    elif outputs.shape[1] == 1:
        np.testing.assert_allclose(outputs[:, 0], np.array(served["probabilities"])[:, -1],
                                   rtol=1e-9)
        assert list((outputs[:, 0] >= 0.5).astype(int)) == served["predictions"]
    else:
        np.testing.assert_allclose(outputs, served["probabilities"], rtol=1e-9)
        assert list(outputs.argmax(axis=1)) == served["predictions"]
        assert list(model["class_labels"]) == [0, 1, 2]


def test_an_uploaded_dataset_keeps_its_original_labels(client):
    upload = client.post("/api/datasets", files={"file": ("pm.csv", csv_bytes())}).json()
    job_id = create_job(client, dataset={"id": upload["id"]})["id"]
    model = np.load(io.BytesIO(client.get(f"/api/jobs/{job_id}/model?format=npz").content))
    assert list(model["class_labels"]) == [-1, 1]
    assert list(model["columns"]) == ["a", "b"]  # 2-D: a is x1, b is x2
    assert list(model["features"]) == ["x1", "x2"]
