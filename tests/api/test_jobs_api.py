"""REST endpoints for jobs through TestClient: shapes, actions, and every refusal's text."""

import io
import json

import numpy as np
import pytest

from tests.utils.factories import create_job, spec, wait_for

JOB_KEYS = {"id", "name", "tags", "status", "status_reason", "step", "epoch", "spec", "metrics",
            "best", "summary", "error", "kernel", "kernel_reason", "created_at", "updated_at",
            "started_at", "finished_at"}
METRIC_KEYS = {"train_loss", "test_loss", "train_accuracy", "test_accuracy", "confusion_matrix"}
HISTORY_KEYS = ["step", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
                "time"]


def strict_json(text: str):
    """json.loads that fails on NaN or Infinity, which are not JSON."""
    def refuse(constant):
        raise AssertionError(f"non-JSON constant {constant} in a response")
    return json.loads(text, parse_constant=refuse)


def message(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["message"]


def test_create_answers_201_with_the_job_object(client):
    job = create_job(client, name="circle run")
    assert set(job) == JOB_KEYS
    assert set(job["metrics"]) == METRIC_KEYS
    assert (job["status"], job["step"], job["epoch"], job["error"]) == ("created", 0, 0, None)
    assert job["name"] == "circle run"
    assert job["spec"]["dataset"]["name"] == "circle"
    assert job["spec"]["training"]["optimizer"] == "sgd"  # defaults are filled in
    assert job["summary"]["drawable"] is True
    assert job["summary"]["n_train"] == 100


def test_autostart_runs_the_job(client):
    job = create_job(client, autostart=True)
    assert job["status"] == "running"
    wait_for(lambda: client.get(f"/api/jobs/{job['id']}").json()["step"] > 0)


def test_list_and_read(client):
    first, second = create_job(client), create_job(client)
    listed = client.get("/api/jobs").json()
    assert [job["id"] for job in listed["items"]] == [second["id"], first["id"]]  # newest first
    assert client.get(f"/api/jobs/{first['id']}").json() == first


@pytest.mark.parametrize(("method", "path"), [
    ("get", ""), ("patch", ""), ("delete", ""), ("post", "/play"), ("post", "/pause"),
    ("post", "/step"), ("post", "/reset"), ("get", "/metrics"), ("get", "/boundary"),
    ("get", "/neurons"), ("post", "/predict"), ("get", "/model"),
])
def test_unknown_ids_are_404_naming_the_id(client, method, path):
    body = {"json": {"points": [[0, 0]]}} if path == "/predict" else {}
    if method == "patch":
        body = {"json": {"name": "x"}}
    response = client.request(method, f"/api/jobs/nope{path}", **body)
    assert message(response, 404) == "no job with id 'nope'"


@pytest.mark.parametrize(("overrides", "text"), [
    ({"network": {"hidden": [{"units": 2}] * 17}},
     "network.hidden: at most 16 hidden layers allowed (got 17)"),
    ({"network": {"hidden": [{"units": 257}]}},
     "network.hidden.0.units: at most 256 units allowed (got 257)"),
    ({"training": {"learning_rate": 11}},
     "training.learning_rate: must be between 1e-05 and 10.0 (got 11.0)"),
    ({"training": {"batch_size": 1001}},
     "training.batch_size: at most 1000 allowed (got 1001)"),
    ({"dataset": {"name": "circle", "n_samples": 6000}},
     "dataset.n_samples: at most 5000 samples allowed (got 6000)"),
    ({"training": {"lr": 0.1}}, "training.lr: Extra inputs are not permitted"),
    ({"network": {"hidden": [{"units": 0}]}},
     "network.hidden.0.units: Input should be greater than or equal to 1"),
    ({"dataset": {"id": "nope"}}, "dataset.id: no uploaded dataset with id 'nope'"),
    ({"dataset": {"name": "nope"}}, "dataset.name: unknown dataset 'nope'"),
    ({"features": ["x1", "x9"]}, "features.1: Input should be"),
])
def test_bad_specs_are_422_naming_the_field_and_limit(client, overrides, text):
    response = client.post("/api/jobs", json=spec(**overrides))
    assert text in message(response, 422)
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail[0]["msg"]


def test_limit_errors_locate_the_field_as_fastapi_does(client):
    response = client.post("/api/jobs", json=spec(network={"hidden": [{"units": 257}]}))
    assert response.json()["detail"][0]["loc"] == ["body", "network", "hidden", 0, "units"]
    response = client.post("/api/jobs", json=spec(dataset={"name": "circle", "train_ratio": 95}))
    assert response.json()["detail"][0]["loc"] == ["body", "dataset", "train_ratio"]


def test_a_body_that_is_not_json_says_so(client):
    response = client.post("/api/jobs", content=b"{not json",
                           headers={"content-type": "application/json"})
    assert message(response, 422) == ("body: not valid JSON (Expecting property name enclosed "
                                      "in double quotes, at character 1)")


def test_a_missing_dataset_is_named(client):
    assert message(client.post("/api/jobs", json={}), 422) == "dataset: Field required"


def test_step_moves_the_epoch_by_exactly_one(client):
    job_id = create_job(client)["id"]
    for epoch in (1, 2):
        job = client.post(f"/api/jobs/{job_id}/step").json()
        assert (job["status"], job["epoch"], job["step"]) == ("paused", epoch, 10 * epoch)
    assert client.post(f"/api/jobs/{job_id}/step", json={"epochs": 2}).json()["epoch"] == 4
    assert client.post(f"/api/jobs/{job_id}/step", json={"steps": 3}).json()["step"] == 43


def test_step_refuses_both_units_and_too_many_epochs(client):
    job_id = create_job(client)["id"]
    response = client.post(f"/api/jobs/{job_id}/step", json={"epochs": 1, "steps": 1})
    assert "give 'epochs' or 'steps', not both" in message(response, 422)
    response = client.post(f"/api/jobs/{job_id}/step", json={"epochs": 101})
    assert message(response, 422) == "epochs: at most 100 epochs per step allowed (got 101)"
    response = client.post(f"/api/jobs/{job_id}/step", json={"epochs": 0})
    assert message(response, 422) == "epochs: Input should be greater than or equal to 1"


def test_play_pause_and_the_409s_that_name_the_status(client):
    job_id = create_job(client)["id"]
    text = message(client.post(f"/api/jobs/{job_id}/pause"), 409)
    assert text == f"cannot pause job {job_id}: it is created (only a running job can be paused)"
    assert client.post(f"/api/jobs/{job_id}/play").json()["status"] == "running"
    assert "it is running" in message(client.post(f"/api/jobs/{job_id}/play"), 409)
    assert "it is running" in message(client.post(f"/api/jobs/{job_id}/step"), 409)
    paused = client.post(f"/api/jobs/{job_id}/pause").json()
    assert paused["status"] == "paused"
    assert client.get(f"/api/jobs/{job_id}").json()["step"] == paused["step"]


def test_a_learning_rate_of_10_diverges_with_a_message_not_a_500(client):
    job = create_job(client, dataset={"name": "plane", "n_samples": 200},
                     training={"learning_rate": 10}, autostart=True)
    url = f"/api/jobs/{job['id']}"
    diverged = wait_for(lambda: (body := client.get(url).json())["status"] == "diverged" and body)
    assert "NaN" in diverged["error"]
    assert "it is diverged" in message(client.post(f"{url}/play"), 409)
    for path in ("", "/metrics", "/model", "/boundary"):
        strict_json(client.get(url + path).text)


def test_max_epochs_completes_and_play_is_then_409(client):
    job = create_job(client, training={"max_epochs": 2}, autostart=True)
    url = f"/api/jobs/{job['id']}"
    wait_for(lambda: client.get(url).json()["status"] == "completed")
    assert client.get(url).json()["epoch"] == 2
    assert "it is completed" in message(client.post(f"{url}/play"), 409)


def test_patch_changes_live_hyperparameters_and_refuses_other_fields(client):
    job_id = create_job(client)["id"]
    url = f"/api/jobs/{job_id}"
    job = client.patch(url, json={"training": {"learning_rate": 0.1, "batch_size": 25},
                                  "name": "renamed"}).json()
    assert job["spec"]["training"]["learning_rate"] == 0.1
    assert (job["name"], job["summary"]["steps_per_epoch"]) == ("renamed", 4)
    text = message(client.patch(url, json={"training": {"optimizer": "adam"}}), 422)
    assert text == "training.optimizer: Extra inputs are not permitted"
    assert message(client.patch(url, json={"network": {}}), 422) == (
        "network: Extra inputs are not permitted")
    assert message(client.patch(url, json={"training": {"learning_rate": 20}}), 422) == (
        "training.learning_rate: must be between 1e-05 and 10.0 (got 20.0)")


def test_reset_keeps_the_id_and_clears_the_history(client):
    job_id = create_job(client)["id"]
    client.post(f"/api/jobs/{job_id}/step", json={"epochs": 2})
    job = client.post(f"/api/jobs/{job_id}/reset").json()
    assert (job["id"], job["status"], job["step"]) == (job_id, "created", 0)
    assert client.get(f"/api/jobs/{job_id}/metrics").json()["step"] == []
    new_spec = spec(network={"hidden": [{"units": 6}]})
    job = client.post(f"/api/jobs/{job_id}/reset", json={"spec": new_spec}).json()
    assert job["spec"]["network"]["hidden"][0]["units"] == 6
    response = client.post(f"/api/jobs/{job_id}/reset",
                           json={"spec": spec(network={"hidden": [{"units": 300}]})})
    assert message(response, 422) == "network.hidden.0.units: at most 256 units allowed (got 300)"


def test_metrics_are_columnar_and_since_filters(client):
    job_id = create_job(client)["id"]
    client.post(f"/api/jobs/{job_id}/step", json={"epochs": 3})
    history = client.get(f"/api/jobs/{job_id}/metrics").json()
    assert list(history) == HISTORY_KEYS
    assert history["step"] == [10, 20, 30]
    assert history["epoch"] == [1.0, 2.0, 3.0]
    assert client.get(f"/api/jobs/{job_id}/metrics?since=10").json()["step"] == [20, 30]


def test_boundary_and_neurons_grids(client):
    job_id = create_job(client)["id"]
    boundary = client.get(f"/api/jobs/{job_id}/boundary?resolution=12").json()
    assert len(boundary["x"]) == len(boundary["y"]) == 12
    assert len(boundary["z"]) == 12 and len(boundary["z"][0]) == 12
    assert all(0 <= value <= 1 for row in boundary["z"] for value in row)
    text = message(client.get(f"/api/jobs/{job_id}/boundary?resolution=5"), 422)
    assert text == "resolution: Input should be greater than or equal to 10"
    neurons = client.get(f"/api/jobs/{job_id}/neurons?resolution=8").json()
    assert [picture["name"] for picture in neurons["inputs"]] == ["x1", "x2"]
    assert len(neurons["layers"]) == 1 and len(neurons["layers"][0]) == 4
    assert len(neurons["output"]) == 8


def test_predict_answers_classes_and_probabilities(client):
    job_id = create_job(client)["id"]
    answer = client.post(f"/api/jobs/{job_id}/predict",
                         json={"points": [[0, 0], [5, 5]]}).json()
    assert len(answer["predictions"]) == 2 and set(answer["predictions"]) <= {0, 1}
    assert len(answer["probabilities"][0]) == 2
    response = client.post(f"/api/jobs/{job_id}/predict", json={"points": [[1, 2, 3]]})
    assert "points: expected a non-empty list of rows of 2 numbers" in message(response, 422)
    response = client.post(f"/api/jobs/{job_id}/predict", json={"points": []})
    assert message(response, 422).startswith("points: List should have at least 1 item")


def test_model_as_json_and_npz(client):
    job_id = create_job(client)["id"]
    model = client.get(f"/api/jobs/{job_id}/model").json()
    assert model["job_id"] == job_id
    assert model["features"] == ["x1", "x2"]
    assert np.array(model["layers"][0]["weights"]).shape == (2, 4)
    response = client.get(f"/api/jobs/{job_id}/model?format=npz")
    assert response.headers["content-type"] == "application/octet-stream"
    arrays = np.load(io.BytesIO(response.content), allow_pickle=False)
    assert any(array.shape == (2, 4) for array in arrays.values())
    text = message(client.get(f"/api/jobs/{job_id}/model?format=pt"), 422)
    assert text.startswith("format: Input should be 'json' or 'npz'")


def test_delete_answers_204_then_404(client):
    job_id = create_job(client, autostart=True)["id"]
    response = client.delete(f"/api/jobs/{job_id}")
    assert response.status_code == 204 and response.content == b""
    assert client.get(f"/api/jobs/{job_id}").status_code == 404
    assert client.get("/api/jobs").json() == {"items": [], "next_cursor": None}


def test_running_and_stored_limits_are_429_with_retry_after(make_client, small_limits):
    client = make_client(limits=small_limits)
    first = create_job(client, autostart=True)["id"]
    second = create_job(client)["id"]
    refused = client.post(f"/api/jobs/{second}/play")
    assert message(refused, 429) == "at most 1 running jobs allowed (got 1); pause one first"
    assert int(refused.headers["retry-after"]) > 0
    create_job(client)
    refused = client.post("/api/jobs", json=spec())
    assert message(refused, 429) == "at most 3 stored jobs allowed (got 3); delete one first"
    assert int(refused.headers["retry-after"]) > 0
    client.post(f"/api/jobs/{first}/pause")
    assert client.post(f"/api/jobs/{second}/play").json()["status"] == "running"


def test_limits_endpoint_reports_the_configured_limits(make_client, small_limits):
    client = make_client(limits=small_limits)
    limits = client.get("/api/limits").json()
    assert limits.pop("max_memory_mb") == small_limits.max_memory_mb > 0  # the machine's
    assert limits == {
        "max_hidden_layers": 16, "max_units": 256, "max_samples": 5000, "max_batch_size": 1000,
        "learning_rate": {"min": 1e-5, "max": 10.0}, "max_regularization_rate": 10.0,
        "max_running_jobs": 1, "max_stored_jobs": 3, "max_upload_bytes": 2048,
        "max_uploads": 100, "max_epochs_per_step": 5, "max_step_seconds": 10.0,
        "max_picture_values": 2_000_000,
        "max_json_body_bytes": 2 * 1024 * 1024, "max_sweep_members": 100,
        "max_snapshots": 200, "max_snapshot_bytes": 16 * 1024 * 1024}


def test_openapi_documents_models_with_examples(client):
    schema = client.get("/openapi.json").json()
    create = schema["paths"]["/api/jobs"]["post"]
    examples = create["requestBody"]["content"]["application/json"]["examples"]
    assert examples["spiral"]["value"]["dataset"]["name"] == "spiral"
    assert "201" in create["responses"] and "422" in create["responses"]
    for name in ("JobRecord", "MetricsColumns", "Boundary", "UploadedDataset", "LimitsPublic"):
        assert name in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_the_page_and_plotly_are_served(client):
    assert client.get("/").status_code == 200
    response = client.get("/vendor/plotly.min.js")
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]
    assert response.headers["content-type"].startswith("text/javascript")
    assert b"plotly" in response.content[:2000].lower()


def test_neuron_pictures_of_a_huge_network_need_a_small_resolution(client):
    job_id = create_job(client, network={"hidden": [{"units": 256}] * 8})["id"]
    response = client.get(f"/api/jobs/{job_id}/neurons", params={"resolution": 100})
    assert message(response, 422) == (
        "resolution: at most 31 for this network's 2051 pictures (got 100)")
    pictures = client.get(f"/api/jobs/{job_id}/neurons", params={"resolution": 31}).json()
    assert len(pictures["layers"]) == 8 and len(pictures["layers"][0][0]) == 31


def test_infinity_is_not_a_target_loss(client):
    response = client.post("/api/jobs", content=b'{"dataset": {"name": "xor"}, '
                           b'"training": {"target_loss": Infinity}}',
                           headers={"content-type": "application/json"})
    assert "training.target_loss" in message(response, 422)
