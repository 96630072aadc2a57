"""A big network drawn as the page shows it: `units_per_layer` on the preview, the stream,
/neurons and /model (issue 13, item 15: a 16x256 preview was 40.9 MB of JSON)."""

import numpy as np
import pytest
from starlette.websockets import WebSocketDisconnect

from tests.api.test_stream import of_type, until
from tests.utils.factories import create_job, spec

BIGGEST = {"hidden": [{"units": 256, "activation": "relu"}] * 16}  # the default limits' most
SMALL = {"hidden": [{"units": 5, "activation": "tanh"}, {"units": 6, "activation": "tanh"}]}


def test_the_preview_of_the_biggest_network_draws_16_units_a_layer_by_default(client):
    answer = client.post("/api/preview?resolution=10", json=spec(network=BIGGEST))
    assert answer.status_code == 200
    preview = answer.json()
    neurons, model = preview["neurons"], preview["model"]
    assert neurons["units"] == [list(range(16))] * 16
    assert [len(layer) for layer in neurons["layers"]] == [16] * 16
    assert np.array(neurons["layers"][15][3]).shape == (20, 20)
    # The weights between the units shown; the first layer's from the inputs are all there.
    assert np.array(model["layers"][0]["weights"]).shape == (2, 256)
    assert [np.array(layer["weights"]).shape for layer in model["layers"][1:]] == [(16, 16)] * 15
    assert all(len(layer["bias"]) == 16 and layer["units"] == 256
               for layer in model["layers"][1:])
    assert np.array(model["output"]["weights"]).shape == (16, 1)
    assert len(answer.content) < 1_500_000  # every unit: ~30 MB


def test_the_units_drawn_are_the_first_of_each_layer_as_the_whole_network_computes(client):
    job_id = create_job(client, network=SMALL)["id"]
    client.post(f"/api/jobs/{job_id}/step", json={"epochs": 1})
    whole = client.get(f"/api/jobs/{job_id}/neurons?resolution=8").json()
    some = client.get(f"/api/jobs/{job_id}/neurons?resolution=8&units_per_layer=3").json()
    assert whole["units"] == [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5]]
    assert some["units"] == [[0, 1, 2], [0, 1, 2]]
    assert some["layers"] == [layer[:3] for layer in whole["layers"]]
    assert (some["inputs"], some["output"]) == (whole["inputs"], whole["output"])
    full = client.get(f"/api/jobs/{job_id}/model").json()
    cut = client.get(f"/api/jobs/{job_id}/model?units_per_layer=3").json()
    assert cut["layers"][0] == full["layers"][0]  # from the inputs: whole
    second = full["layers"][1]
    assert cut["layers"][1]["weights"] == [row[:3] for row in second["weights"][:3]]
    assert cut["layers"][1]["bias"] == second["bias"][:3]
    assert cut["output"]["weights"] == full["output"]["weights"][:3]
    assert cut["output"]["bias"] == full["output"]["bias"]


@pytest.mark.parametrize("path", ["/neurons", "/model"])
@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_a_bad_units_per_layer_is_a_422_naming_it(client, path, value):
    job_id = create_job(client, network=SMALL)["id"]
    answer = client.get(f"/api/jobs/{job_id}{path}?units_per_layer={value}")
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("units_per_layer: ")
    preview = client.post(f"/api/preview?units_per_layer={value}", json=spec(network=SMALL))
    assert preview.status_code == 422
    assert preview.json()["message"].startswith("units_per_layer: ")


def test_the_picture_limit_counts_only_the_units_drawn(client):
    job_id = create_job(client, network={"hidden": [{"units": 256}] * 8})["id"]
    assert client.get(f"/api/jobs/{job_id}/neurons?resolution=100").status_code == 422
    some = client.get(f"/api/jobs/{job_id}/neurons?resolution=100&units_per_layer=4")
    assert some.status_code == 200
    assert some.json()["units"] == [[0, 1, 2, 3]] * 8


def test_the_stream_sends_the_units_asked_and_16_by_default(client):
    job_id = create_job(client, network=SMALL)["id"]
    full = client.get(f"/api/jobs/{job_id}/model").json()
    with client.websocket_connect(f"/api/jobs/{job_id}/stream?units_per_layer=2") as ws:
        model = until(ws, of_type("model"))[-1]
    assert model["neurons"]["units"] == [[0, 1], [0, 1]]
    assert [len(layer) for layer in model["neurons"]["layers"]] == [2, 2]
    assert model["model"]["layers"][1]["weights"] == [
        row[:2] for row in full["layers"][1]["weights"][:2]]
    big_id = create_job(client, network={"hidden": [{"units": 40}] * 2})["id"]
    with client.websocket_connect(f"/api/jobs/{big_id}/stream") as ws:
        model = until(ws, of_type("model"))[-1]
    assert model["neurons"]["units"] == [list(range(16))] * 2
    assert np.array(model["model"]["layers"][1]["weights"]).shape == (16, 16)


@pytest.mark.parametrize("value", ["0", "many"])
def test_a_bad_units_per_layer_is_an_error_message_on_the_socket(client, value):
    job_id = create_job(client, network=SMALL)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream?units_per_layer={value}") as ws:
        error = ws.receive_json()
        assert error["type"] == "error"
        assert error["detail"].startswith("units_per_layer: ")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1008
