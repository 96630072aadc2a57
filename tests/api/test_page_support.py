"""What the page needs of the API (issue 13): the confusion matrix and live settings on the
socket, a paced speed, a weight set by hand, metrics as CSV, the untrained network drawn
without a job, and points placed by hand kept in the split they were given."""

import numpy as np
import pytest

from nnplayground.data.features import FEATURES
from tests.api.test_stream import of_type, until
from tests.utils.factories import create_job, spec, wait_for_step


def test_model_messages_carry_the_confusion_matrix_as_it_moves(client):
    job = create_job(client)
    with client.websocket_connect(f"/api/jobs/{job['id']}/stream") as ws:
        first = until(ws, of_type("model"))[-1]
        assert np.array(first["confusion_matrix"]).sum() == job["summary"]["n_test"]
        ws.send_json({"action": "step", "epochs": 5})
        later = until(ws, lambda m: m["type"] == "model" and m["epoch"] == 5)[-1]
    assert np.array(later["confusion_matrix"]).shape == (2, 2)
    at_rest = client.get(f"/api/jobs/{job['id']}").json()["metrics"]["confusion_matrix"]
    assert later["confusion_matrix"] == at_rest


def test_a_live_change_reaches_every_watcher_as_a_settings_message(client):
    job = create_job(client)
    with client.websocket_connect(f"/api/jobs/{job['id']}/stream") as other:
        until(other, of_type("snapshot"))
        changed = client.patch(f"/api/jobs/{job['id']}",
                               json={"training": {"learning_rate": 0.3, "speed": 10}})
        assert changed.status_code == 200
        message = until(other, of_type("settings"))[-1]
    assert message["training"]["learning_rate"] == 0.3
    assert message["training"]["speed"] == 10


def test_speed_is_a_training_field_max_clears_it_and_bad_values_name_it(client):
    job = create_job(client, training={"speed": 1})
    assert job["spec"]["training"]["speed"] == 1
    url = f"/api/jobs/{job['id']}"
    assert client.patch(url, json={"training": {"speed": "max"}}).json()["spec"]["training"][
        "speed"] is None
    for bad in (0, -1, 5000, "fast"):
        answer = client.patch(url, json={"training": {"speed": bad}})
        assert answer.status_code == 422
        assert "speed" in answer.json()["message"]
    assert client.post("/api/jobs", json=spec(training={"speed": 0})).status_code == 422


def test_a_weight_and_a_bias_are_set_by_hand_on_a_job_at_rest(client):
    job = create_job(client)
    url = f"/api/jobs/{job['id']}"
    answer = client.post(f"{url}/weight", json={"layer": 0, "unit": 2, "input": 1, "value": 1.5})
    assert answer.status_code == 200, answer.text
    assert client.post(f"{url}/weight", json={"layer": 1, "unit": 0, "value": -0.25}
                       ).status_code == 200
    model = client.get(f"{url}/model").json()
    assert model["layers"][0]["weights"][1][2] == 1.5
    assert model["output"]["bias"][0] == -0.25
    client.post(f"{url}/step", json={"epochs": 1})
    assert client.get(f"{url}/model").json()["layers"][0]["weights"][1][2] != 1.5  # it trains on


@pytest.mark.parametrize(("edit", "field"), [
    ({"layer": 2, "unit": 0, "value": 1}, "layer"),
    ({"layer": 0, "unit": 4, "value": 1}, "unit"),
    ({"layer": 0, "unit": 0, "input": 2, "value": 1}, "input"),
    ({"layer": 0, "unit": 0, "value": 1e9}, "value"),
])
def test_a_weight_that_is_not_there_is_a_422_naming_the_field(client, edit, field):
    job = create_job(client)
    answer = client.post(f"/api/jobs/{job['id']}/weight", json=edit)
    assert answer.status_code == 422
    assert field in answer.json()["message"]


def test_a_running_job_is_not_edited(client):
    job = create_job(client, training={"speed": 1})
    client.post(f"/api/jobs/{job['id']}/play")
    answer = client.post(f"/api/jobs/{job['id']}/weight",
                         json={"layer": 0, "unit": 0, "value": 1})
    assert answer.status_code == 409
    assert "running" in answer.json()["message"]


def test_metrics_history_as_csv(client):
    job = create_job(client)
    client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 3})
    history = client.get(f"/api/jobs/{job['id']}/metrics").json()
    answer = client.get(f"/api/jobs/{job['id']}/metrics?format=csv")
    assert answer.headers["content-type"].startswith("text/csv")
    lines = answer.text.strip().split("\n")
    assert lines[0] == "step,epoch,train_loss,test_loss,train_accuracy,test_accuracy,time"
    assert len(lines) == 1 + len(history["step"])
    assert float(lines[-1].split(",")[2]) == history["train_loss"][-1]


def test_preview_draws_the_untrained_network_and_every_feature(client):
    body = spec(features=["x1", "x2"])
    preview = client.post("/api/preview?resolution=20&neurons_resolution=10", json=body).json()
    assert [f["name"] for f in preview["features"]["features"]] == list(FEATURES)
    sine = next(f for f in preview["features"]["features"] if f["name"] == "sin(x1)")
    x = np.array(preview["features"]["x"])
    np.testing.assert_allclose(np.array(sine["z"])[0], np.sin(x))
    assert np.array(preview["boundary"]["z"]).shape == (20, 20)
    assert len(preview["neurons"]["layers"][0]) == 4
    job = create_job(client, features=["x1", "x2"])
    model = client.get(f"/api/jobs/{job['id']}/model").json()
    assert preview["model"]["layers"][0]["weights"] == model["layers"][0]["weights"]


def test_preview_refuses_a_bad_spec_naming_the_field(client):
    answer = client.post("/api/preview", json=spec(network={"hidden": [{"units": 100_000}]}))
    assert answer.status_code == 422
    assert "units" in answer.json()["message"]


def test_points_with_a_split_keep_it_and_the_plane_stays(client):
    points = [[x, y, int(x > 0), 1] for x in (-2.0, -1.0, 1.0, 2.0) for y in (-1.0, 1.0)]
    points[0][3] = 0
    job = create_job(client, dataset={"points": points})
    assert (job["summary"]["n_train"], job["summary"]["n_test"]) == (7, 1)
    assert job["summary"]["x_range"] == [-6, 6]
    mixed = [*points, [0.5, 0.5, 1]]
    answer = client.post("/api/jobs", json=spec(dataset={"points": mixed}))
    assert answer.status_code == 422
    assert "dataset.points" in answer.json()["message"]


def test_a_paced_job_keeps_training_between_its_wake_ups_and_keeps_its_speed(client):
    job = create_job(client, training={"speed": 50})
    client.post(f"/api/jobs/{job['id']}/play")
    wait_for_step(client, job["id"], 3 * job["summary"]["steps_per_epoch"])
    client.post(f"/api/jobs/{job['id']}/pause")
    resumed = client.post(f"/api/jobs/{job['id']}/play").json()
    assert resumed["spec"]["training"]["speed"] == 50
    client.post(f"/api/jobs/{job['id']}/pause")
