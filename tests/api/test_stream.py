"""WS /api/jobs/{id}/stream through TestClient: snapshot first, events, actions, errors."""

import asyncio
import contextlib
import time

import numpy as np
import pytest
from starlette.websockets import WebSocketDisconnect, WebSocketState

from nnplayground.api.routers import stream
from nnplayground.jobs.history import to_columns
from nnplayground.jobs.hub import SNAPSHOT, EventHub, Message
from nnplayground.jobs.messages import metrics_message
from nnplayground.limits import Limits
from tests.utils.factories import create_job


def until(ws, predicate, limit: int = 10_000) -> list[dict]:
    """Messages up to and including the first that satisfies `predicate`."""
    seen = []
    for _ in range(limit):
        message = ws.receive_json()
        seen.append(message)
        if predicate(message):
            return seen
    raise AssertionError(f"no matching message in {limit}: {[m['type'] for m in seen][-20:]}")


def of_type(kind: str, **fields):
    return lambda m: m["type"] == kind and all(m.get(k) == v for k, v in fields.items())


def test_unknown_job_gets_an_error_then_the_socket_closes(client):
    with client.websocket_connect("/api/jobs/nope/stream") as ws:
        assert ws.receive_json() == {"type": "error", "detail": "no job with id 'nope'"}
        with pytest.raises(WebSocketDisconnect) as excinfo:
            ws.receive_json()
    assert excinfo.value.code == 4404


def test_snapshot_first_then_a_boundary_of_a_resting_job(client):
    job_id = create_job(client)["id"]
    client.post(f"/api/jobs/{job_id}/step", json={"epochs": 2})
    with client.websocket_connect(f"/api/jobs/{job_id}/stream?resolution=16") as ws:
        snapshot = ws.receive_json()
        assert snapshot["type"] == "snapshot"
        assert snapshot["job"] == client.get(f"/api/jobs/{job_id}").json()
        assert snapshot["history"]["step"] == [10, 20]
        boundary = ws.receive_json()
        assert boundary["type"] == "boundary"
        assert len(boundary["x"]) == 16 and len(boundary["z"]) == 16


def test_play_streams_status_metrics_and_boundaries_then_pause(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        ws.send_json({"action": "play"})
        running = until(ws, of_type("status", status="running"))[-1]
        assert running["error"] is None
        seen = until(ws, of_type("boundary"))
        seen += until(ws, of_type("metrics"))
        points = [m for m in seen if m["type"] == "metrics"][-1]["points"]
        assert set(points) == {"step", "epoch", "train_loss", "test_loss", "train_accuracy",
                               "test_accuracy", "time"}
        ws.send_json({"action": "pause"})
        paused = until(ws, of_type("status", status="paused"))[-1]
    assert client.get(f"/api/jobs/{job_id}").json()["step"] == paused["step"]


def test_metrics_messages_are_coalesced_to_about_30_a_second(client):
    job_id = create_job(client, autostart=True)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        snapshot = ws.receive_json()
        started, counts, last_step = time.monotonic(), 0, snapshot["history"]["step"]
        while time.monotonic() - started < 1.0:
            message = ws.receive_json()
            if message["type"] == "metrics":
                counts += 1
                steps = message["points"]["step"]
                assert steps == sorted(steps) and (not last_step or steps[0] > last_step[-1])
                last_step = steps
        elapsed = time.monotonic() - started
        ws.send_json({"action": "pause"})
    assert counts / elapsed <= 35


def test_step_action_moves_one_epoch(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        ws.send_json({"action": "step", "epochs": 1})
        seen = until(ws, of_type("status"))
        assert seen[-1] == {"type": "status", "status": "paused", "step": 10, "epoch": 1,
                            "error": None, "status_reason": "stepped"}
        assert [m["points"]["step"] for m in seen if m["type"] == "metrics"] == [[10]]


def test_update_and_reset_actions(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        ws.send_json({"action": "update", "training": {"learning_rate": 0.2}})
        ws.send_json({"action": "step", "steps": 3})
        until(ws, of_type("status", step=3))
        assert client.get(f"/api/jobs/{job_id}").json()["spec"]["training"][
            "learning_rate"] == 0.2
        ws.send_json({"action": "reset"})
        snapshot = until(ws, of_type("snapshot"))[-1]
        assert snapshot["job"]["step"] == 0 and snapshot["history"]["step"] == []
        assert until(ws, of_type("status"))[-1]["status"] == "created"


@pytest.mark.parametrize(("sent", "detail"), [
    ({"action": "jump"},
     "unknown action 'jump'; expected one of play, pause, step, reset, update"),
    ({"verb": "play"}, "unknown action None; expected one of play, pause, step, reset, update"),
    ({"action": "pause"},
     "cannot pause job {id}: it is created (only a running job can be paused)"),
    ({"action": "step", "epochs": 0}, "epochs: Input should be greater than or equal to 1"),
    ({"action": "step", "epochs": 500}, "epochs: at most 100 epochs per step allowed (got 500)"),
    ({"action": "play", "fast": True}, "fast: Extra inputs are not permitted"),
    ({"action": "update", "training": {"momentum": 0.5}},
     "training.momentum: Extra inputs are not permitted"),
    ({"action": "update", "training": {"learning_rate": 99}},
     "training.learning_rate: must be between 1e-05 and 10.0 (got 99.0)"),
    (["play"], "expected a JSON object like {\"action\": \"play\"}, got list"),
])
def test_bad_messages_get_an_error_and_the_socket_stays_open(client, sent, detail):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        ws.send_json(sent)
        error = until(ws, of_type("error"))[-1]
        assert error["detail"] == detail.replace("{id}", job_id)
        ws.send_json({"action": "step"})
        assert until(ws, of_type("status"))[-1]["epoch"] == 1


def test_text_that_is_not_json_and_binary_frames_are_refused(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        ws.send_text("play")
        assert until(ws, of_type("error"))[-1]["detail"].startswith("not JSON (")
        ws.send_bytes(b'{"action": "play"}')
        assert until(ws, of_type("error"))[-1]["detail"] == (
            'send actions as JSON text, e.g. {"action": "play"}')


def test_two_watchers_both_follow_and_a_delete_closes_them(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as first, \
            client.websocket_connect(f"/api/jobs/{job_id}/stream") as second:
        first.receive_json()
        second.receive_json()
        first.send_json({"action": "step"})
        for ws in (first, second):
            assert until(ws, of_type("status"))[-1]["epoch"] == 1
        client.delete(f"/api/jobs/{job_id}")
        for ws in (first, second):
            assert until(ws, of_type("error"))[-1]["detail"] == f"job {job_id} was deleted"
            with pytest.raises(WebSocketDisconnect) as excinfo:
                ws.receive_json()
            assert excinfo.value.code == 4404  # the page stops reconnecting


def test_a_client_that_stops_reading_is_dropped_and_never_blocks_publishers(monkeypatch):
    monkeypatch.setattr(stream, "SEND_TIMEOUT_SECONDS", 0.2)

    class StuckSocket:
        """A client whose socket buffers are full: sending never completes."""

        application_state = WebSocketState.CONNECTED
        closed_with = None

        async def send_text(self, text: str) -> None:
            await asyncio.sleep(3600)

        async def close(self, code: int = 1000) -> None:
            self.closed_with = code

    async def scenario():
        hub, socket = EventHub(max_points=500), StuckSocket()
        watcher = hub.subscribe("j", 50, Message(SNAPSHOT, {"type": "snapshot"}))
        sender = asyncio.create_task(stream.send_loop(socket, watcher, hub))
        hub.flush()
        await asyncio.sleep(0)  # the sender is now stuck sending the snapshot
        for step in range(1, 5_001):  # publishing is synchronous: it cannot wait for a socket
            hub.publish("j", metrics_message(to_columns([{"step": step}])))
        await asyncio.wait_for(sender, timeout=5)
        return socket.closed_with, hub.take(watcher)

    closed_with, pending = asyncio.run(scenario())
    assert closed_with == 1008  # policy violation: it does not read
    assert len(pending) == 1 and len(pending[0].body["points"]["step"]) <= 500
    assert pending[0].body["points"]["step"][-1] == 5_000


def assert_pictures_close(streamed, answered) -> None:
    """Neuron pictures as the stream sends them (rounded to 4 decimals) against /neurons."""
    assert streamed["x"] == answered["x"] and streamed["y"] == answered["y"]
    pairs = [(a["z"], b["z"]) for a, b in zip(streamed["inputs"], answered["inputs"],
                                             strict=True)]
    pairs += [(a, b) for la, lb in zip(streamed["layers"], answered["layers"], strict=True)
              for a, b in zip(la, lb, strict=True)]
    pairs.append((streamed["output"], answered["output"]))
    assert [a["name"] for a in streamed["inputs"]] == [b["name"] for b in answered["inputs"]]
    for a, b in pairs:
        assert np.allclose(a, b, atol=1e-4, rtol=0)


def test_a_resting_job_sends_its_model_and_neurons_after_the_snapshot(client):
    job_id = create_job(client)["id"]
    client.post(f"/api/jobs/{job_id}/step", json={"epochs": 2})
    with client.websocket_connect(f"/api/jobs/{job_id}/stream?neurons_resolution=7") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        model = until(ws, of_type("model"))[-1]
    assert (model["step"], model["epoch"]) == (20, 2)
    assert model["model"] == client.get(f"/api/jobs/{job_id}/model").json()
    assert_pictures_close(model["neurons"],
                          client.get(f"/api/jobs/{job_id}/neurons?resolution=7").json())


def test_model_messages_follow_training_and_every_rest(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        until(ws, of_type("model", step=0))
        ws.send_json({"action": "play"})
        running = until(ws, lambda m: m["type"] == "model" and m["step"] > 0)[-1]
        assert len(running["neurons"]["x"]) == 20  # the default neurons_resolution
        ws.send_json({"action": "pause"})
        paused = until(ws, of_type("status", status="paused"))[-1]
        rested = until(ws, of_type("model", step=paused["step"]))[-1]
        ws.send_json({"action": "step", "epochs": 1})
        stepped = until(ws, of_type("status", status="paused"))[-1]
        until(ws, of_type("model", step=stepped["step"]))
    # The weights moved with the steps: a pause that lands right after the running picture
    # (a loaded machine) rests at its step, with its weights.
    moved = rested["model"]["layers"] != running["model"]["layers"]
    assert moved == (rested["step"] > running["step"]), (rested["step"], running["step"])


def test_data_that_is_not_2d_streams_weights_without_pictures(client):
    lines = ["a,b,c,label", *(f"{i},{i % 3},{i % 5},{i % 2}" for i in range(30))]
    upload = client.post("/api/datasets",
                         files={"file": ("wide.csv", "\n".join(lines).encode())}).json()
    job_id = create_job(client, dataset={"id": upload["id"]})["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        model = until(ws, of_type("model"))[-1]
    assert model["neurons"] is None and model["model"]["features"] == ["a", "b", "c"]


def test_a_neurons_resolution_beyond_the_limit_is_an_error_on_an_open_socket(make_client):
    client = make_client(limits=Limits(max_picture_values=1_000))  # 7 pictures: at most 11
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream?neurons_resolution=20") as ws:
        ws.receive_json()
        error = until(ws, of_type("error"))[-1]
        assert error["detail"] == ("neurons_resolution: at most 11 for this network's "
                                   "7 pictures (got 20)")
        assert until(ws, of_type("model"))[-1]["neurons"] is None
        ws.send_json({"action": "step"})
        assert until(ws, of_type("model", step=10))[-1]["neurons"] is None


def test_a_deeply_nested_frame_gets_an_error_and_the_socket_stays_open(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream") as ws:
        ws.receive_json()
        ws.send_text("[" * 100_000)
        error = until(ws, of_type("error"))[-1]
        assert "nested too deeply" in error["detail"]
        ws.send_json({"action": "step", "epochs": 1})
        until(ws, of_type("status", status="paused"))


def test_a_job_is_drawn_at_a_few_resolutions_at_most(client):
    job_id = create_job(client)["id"]
    path = f"/api/jobs/{job_id}/stream?resolution="
    with contextlib.ExitStack() as stack:
        for resolution in (10, 20, 30, 40):
            stack.enter_context(client.websocket_connect(path + str(resolution))).receive_json()
        with client.websocket_connect(path + "20") as same:  # one already drawn: fine
            assert same.receive_json()["type"] == "snapshot"
        with client.websocket_connect(path + "50") as fifth:
            error = fifth.receive_json()
            assert error["type"] == "error"
            assert "watched at 4 resolutions already (10, 20, 30, 40)" in error["detail"]
            with pytest.raises(WebSocketDisconnect) as closed:
                fifth.receive_json()
            assert closed.value.code == 1008
