"""`nnplayground serve --runner ray` as a real process joining the test session's Ray
cluster: the API and the stream work unchanged, and a restart keeps the job's curve."""

import json
import subprocess
import sys

import httpx
from websockets.sync.client import connect

from nnplayground.jobs.history import to_columns
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession
from tests.utils.factories import curve, spec, wait_for
from tests.utils.server import free_port, running_server


def receive_until(ws, kind: str, **fields) -> dict:
    for _ in range(10_000):
        message = json.loads(ws.recv(timeout=30))
        if message["type"] == kind and all(message.get(k) == v for k, v in fields.items()):
            return message
    raise AssertionError(f"no {kind} message")


def test_a_job_streams_pauses_steps_and_survives_a_restart_on_ray(tmp_path, ray_cluster):
    # One kernel on both sides: the reference below trains on numpy.
    ray_args = ("--runner", "ray", "--ray-address", ray_cluster, "--kernel", "numpy")
    data_dir = tmp_path / "data"
    with running_server(data_dir, extra_args=ray_args, healthy_within=90) as server:
        api = f"{server.url}/api/jobs"
        job = httpx.post(api, json=spec()).raise_for_status().json()
        job_id = job["id"]
        with connect(f"{server.ws_url}/api/jobs/{job_id}/stream?resolution=12") as ws:
            assert receive_until(ws, "snapshot")["job"]["id"] == job_id
            ws.send('{"action": "play"}')
            receive_until(ws, "status", status="running")
            assert receive_until(ws, "metrics")["points"]["step"]
            boundary = wait_for_trained(ws, "boundary")
            assert len(boundary["z"]) == 12
            model = wait_for_trained(ws, "model")
            assert model["neurons"] is not None and model["model"]["job_id"] == job_id
            ws.send('{"action": "pause"}')
            paused = receive_until(ws, "status", status="paused")
        stepped = httpx.post(f"{api}/{job_id}/step", json={"epochs": 1}).raise_for_status()
        assert stepped.json()["step"] > paused["step"]
        httpx.post(f"{api}/{job_id}/play").raise_for_status()
        wait_for(lambda: httpx.get(f"{api}/{job_id}").json()["step"] > stepped.json()["step"],
                 30, what="training again")
        last_seen = httpx.get(f"{api}/{job_id}").json()["step"]
    # SIGTERM: the server brings the job home from its actor (not only its last periodic
    # checkpoint) before it exits.

    with running_server(data_dir, extra_args=ray_args, healthy_within=90) as server:
        api = f"{server.url}/api/jobs"
        job = httpx.get(f"{api}/{job_id}").json()
        assert job["status"] == "paused"
        assert job["step"] >= last_seen
        httpx.post(f"{api}/{job_id}/play").raise_for_status()
        wait_for(lambda: httpx.get(f"{api}/{job_id}").json()["step"] > job["step"], 30,
                 what="training after the restart")
        paused = httpx.post(f"{api}/{job_id}/pause").raise_for_status().json()
        history = httpx.get(f"{api}/{job_id}/metrics").raise_for_status().json()
    reference = TrainingSession(JobSpec.model_validate(spec()))
    expected = curve(to_columns(reference.run(paused["step"])))
    assert {key: history[key] for key in expected} == expected


def wait_for_trained(ws, kind: str) -> dict:
    while (message := receive_until(ws, kind))["step"] == 0:
        pass
    return message


def test_an_unreachable_cluster_is_a_clear_error_at_startup(tmp_path):
    address = f"127.0.0.1:{free_port()}"
    finished = subprocess.run(
        [sys.executable, "-m", "nnplayground", "serve", "--data-dir", str(tmp_path),
         "--runner", "ray", "--ray-address", address],
        capture_output=True, text=True, timeout=60)
    assert finished.returncode != 0
    assert f"--ray-address {address}: cannot reach the Ray cluster" in finished.stderr
