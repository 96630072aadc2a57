"""The Python export: run as is in a subprocess, it prints the job's own curve to the bit."""

import numpy as np
import pytest

from nnplayground.exports import export_source

from ..utils.factories import csv_bytes, spec
from .conftest import run_script

SPIRAL = {"name": "spiral", "n_samples": 300, "noise": 10, "seed": 1}


def trained_job(client, epochs: int, **overrides) -> dict:
    response = client.post("/api/jobs", json=spec(**overrides))
    assert response.status_code == 201, response.text
    job = response.json()
    stepped = client.post(f"/api/jobs/{job['id']}/step", json={"epochs": epochs})
    assert stepped.status_code == 200, stepped.text
    return stepped.json()


def exported_curve(client, job: dict, tmp_path) -> list[dict]:
    response = client.get(f"/api/jobs/{job['id']}/export", params={"format": "python"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/x-python")
    assert f'KERNEL = "{job["kernel"]}"' in response.text
    return run_script(response.text, tmp_path)


def assert_same_curve(client, job: dict, printed: list[dict]) -> None:
    history = client.get(f"/api/jobs/{job['id']}/metrics").json()
    assert len(history["step"]) == len(printed) > 0
    for index, row in enumerate(printed):  # exact: == on floats, None for no test split
        assert row["step"] == history["step"][index]
        assert row["epoch"] == history["epoch"][index]
        assert row["train_loss"] == history["train_loss"][index], index
        assert row["test_loss"] == history["test_loss"][index], index


def test_a_spiral_job_on_numpy_is_reproduced_to_the_bit(make_client, tmp_path):
    client = make_client(kernel="numpy")
    job = trained_job(client, 6, dataset=SPIRAL,
                      network={"hidden": [{"units": 6, "activation": "tanh"},
                                          {"units": 3, "activation": "relu"}]})
    assert job["kernel"] == "numpy"
    assert_same_curve(client, job, exported_curve(client, job, tmp_path))


def test_a_job_on_the_compiled_kernel_is_reproduced_on_that_kernel(make_client, tmp_path):
    client = make_client(kernel="compiled")
    kernels = client.app.state.manager.kernels
    assert kernels.wait(300) and kernels.state == "compiled", kernels.error
    # 600 training rows at batch size 5: a long epoch, with points inside it.
    job = trained_job(client, 2, dataset={"name": "blobs", "n_samples": 1000, "classes": 3,
                                          "noise": 20, "seed": 3, "train_ratio": 60},
                      training={"optimizer": "adam", "learning_rate": 0.01, "batch_size": 5,
                                "regularization": "l2", "regularization_rate": 0.001})
    assert job["kernel"] == "compiled"
    printed = exported_curve(client, job, tmp_path)
    assert len(printed) > 2 * 1  # several points an epoch
    assert_same_curve(client, job, printed)


def test_hand_points_with_dropout_momentum_and_standardizing(make_client, tmp_path):
    client = make_client(kernel="numpy")
    rng = np.random.default_rng(5)
    points = [[float(x), float(y), int(x * y > 0), int(i % 4 != 0)]
              for i, (x, y) in enumerate(rng.uniform(-5, 5, (120, 2)))]
    job = trained_job(client, 4, dataset={"points": points, "standardize": True},
                      features=["x1", "x2", "x1*x2", "sin(x1)"],
                      network={"hidden": [{"units": 5, "activation": "leaky_relu",
                                           "dropout": 0.2}]},
                      training={"optimizer": "momentum", "regularization": "l1",
                                "regularization_rate": 0.001, "seed": 9})
    assert_same_curve(client, job, exported_curve(client, job, tmp_path))


def test_an_uploaded_csv_is_embedded_and_reproduced(make_client, tmp_path):
    client = make_client(kernel="numpy")
    uploaded = client.post("/api/datasets", files={"file": ("points.csv", csv_bytes(80))})
    assert uploaded.status_code == 201, uploaded.text
    job = trained_job(client, 3, dataset={"id": uploaded.json()["id"], "train_ratio": 70},
                      training={"optimizer": "rmsprop", "learning_rate": 0.01})
    text = client.get(f"/api/jobs/{job['id']}/export").text
    assert "parse_csv(CSV" in text
    assert_same_curve(client, job, run_script(text, tmp_path))


def test_a_job_whose_upload_is_gone_is_409_with_a_message(make_client):
    client = make_client(kernel="numpy")
    uploaded = client.post("/api/datasets", files={"file": ("gone.csv", csv_bytes())}).json()
    job = trained_job(client, 1, dataset={"id": uploaded["id"]})
    client.app.state.manager.uploads.delete(uploaded["id"])  # as a store cleanup would
    for path in ("/export?format=python", "/export?format=pytorch", "/report"):
        response = client.get(f"/api/jobs/{job['id']}{path}")
        assert response.status_code == 409, response.text
        assert uploaded["id"] in response.json()["message"]
        assert "was deleted" in response.json()["message"]


def test_an_export_over_the_limit_is_413_with_a_message(make_client, monkeypatch):
    client = make_client(kernel="numpy")
    job = trained_job(client, 1)
    monkeypatch.setattr(export_source, "MAX_EXPORT_BYTES", 1000)
    response = client.get(f"/api/jobs/{job['id']}/export")
    assert response.status_code == 413
    assert "MB an export may be" in response.json()["message"]


def test_the_largest_hand_made_dataset_exports_compressed_under_the_limit(make_client):
    client = make_client(kernel="numpy")
    rng = np.random.default_rng(1)
    points = [[float(x), float(y), int(x > y)] for x, y in rng.uniform(-6, 6, (5000, 2))]
    job = trained_job(client, 1, dataset={"points": points})
    sizes = {}
    for kind in ("export?format=python", "export?format=pytorch", "report"):
        response = client.get(f"/api/jobs/{job['id']}/{kind}")
        assert response.status_code == 200, response.text
        sizes[kind.split("=")[-1]] = len(response.content)
    assert max(sizes.values()) < export_source.MAX_EXPORT_BYTES
    assert sizes["report"] < 6_000_000  # plotly.js (4.7 MB) and at most 2,000 points drawn
    assert sizes["python"] < 200_000  # 5,000 points packed: ~100 KB rather than ~250 KB


@pytest.mark.parametrize("bad", ["csv", ""])
def test_an_unknown_format_is_422_naming_it(make_client, bad):
    client = make_client(kernel="numpy")
    job = trained_job(client, 1)
    response = client.get(f"/api/jobs/{job['id']}/export", params={"format": bad})
    assert response.status_code == 422
    assert "format" in response.json()["message"]


def test_a_diverged_job_prints_none_where_its_history_has_null(make_client, tmp_path):
    client = make_client(kernel="numpy")
    job = trained_job(client, 30, dataset={"name": "plane", "n_samples": 200},
                      training={"learning_rate": 10})
    assert job["status"] == "diverged", job
    history = client.get(f"/api/jobs/{job['id']}/metrics").json()
    assert None in history["train_loss"]  # the loss that diverged
    text = client.get(f"/api/jobs/{job['id']}/export").text
    assert_same_curve(client, job, run_script(text, tmp_path))
