"""A real server process on loopback with real WebSocket clients (the `websockets` package).

One job's life: create, stream, play, pause, step one epoch, live learning rate,
reset, two watchers, reconnect; then SIGTERM and SIGKILL with a restart in between.
"""

import json
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest
from websockets.sync.client import connect

from nnplayground.jobs.history import to_columns
from nnplayground.kernel import KernelChoice
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession
from tests.utils.factories import curve, spec, wait_for
from tests.utils.server import Server, running_server, start_server

pytestmark = pytest.mark.slow
RECEIVE_TIMEOUT = 10.0


class Watcher:
    """A WebSocket client of one job that keeps every message it received."""

    def __init__(self, socket):
        self.socket = socket
        self.messages: list[dict] = []

    def receive(self) -> dict:
        message = json.loads(self.socket.recv(timeout=RECEIVE_TIMEOUT))
        self.messages.append(message)
        return message

    def until(self, kind: str, **fields) -> dict:
        deadline = time.monotonic() + RECEIVE_TIMEOUT
        while time.monotonic() < deadline:
            message = self.receive()
            if message["type"] == kind and all(message.get(k) == v for k, v in fields.items()):
                return message
        raise AssertionError(f"no {kind} {fields} within {RECEIVE_TIMEOUT}s")

    def send(self, message: dict) -> None:
        self.socket.send(json.dumps(message))

    def points(self) -> list[int]:
        """Every metric step received, in order (the snapshot's history first)."""
        steps: list[int] = []
        for message in self.messages:
            if message["type"] == "snapshot":
                steps = list(message["history"]["step"])
            elif message["type"] == "metrics":
                steps += message["points"]["step"]
        return steps



@contextmanager
def watching(server: Server, job_id: str) -> Iterator[Watcher]:
    with connect(f"{server.ws_url}/api/jobs/{job_id}/stream",
                 open_timeout=RECEIVE_TIMEOUT) as socket:
        yield Watcher(socket)


def api(server: Server) -> httpx.Client:
    return httpx.Client(base_url=f"{server.url}/api", timeout=10.0)


def test_a_job_driven_over_rest_and_websockets(tmp_path):
    with running_server(tmp_path / "data") as server, api(server) as client, ExitStack() as stack:
        job_id = client.post("/jobs", json=spec()).json()["id"]
        watcher = stack.enter_context(watching(server, job_id))
        snapshot = watcher.receive()
        assert snapshot["type"] == "snapshot" and snapshot["job"]["status"] == "created"

        watcher.send({"action": "play"})
        watcher.until("status", status="running")
        watcher.until("metrics")
        watcher.until("boundary")
        paused = client.post(f"/jobs/{job_id}/pause").json()
        watcher.until("status", status="paused")

        stepped = client.post(f"/jobs/{job_id}/step", json={"epochs": 1}).json()
        assert stepped["epoch"] == paused["epoch"] + 1
        status = watcher.until("status", epoch=stepped["epoch"])
        assert (status["status"], status["step"]) == ("paused", stepped["step"])

        watcher.send({"action": "update", "training": {"learning_rate": 0.3}})
        wait_for(lambda: client.get(f"/jobs/{job_id}").json()["spec"]["training"][
            "learning_rate"] == 0.3, what="learning rate 0.3")

        with watching(server, job_id) as second:
            assert second.receive()["history"]["step"] == watcher.points()
            second.send({"action": "play"})
            for each in (watcher, second):
                each.until("status", status="running")
                each.until("metrics")
            client.post(f"/jobs/{job_id}/pause")
            for each in (watcher, second):
                each.until("status", status="paused")
        assert watcher.points() == client.get(f"/jobs/{job_id}/metrics").json()["step"]

        reconnected = stack.enter_context(watching(server, job_id))
        history = reconnected.receive()["history"]
        assert history == client.get(f"/jobs/{job_id}/metrics").json()
        assert history["step"] == watcher.points()

        watcher.send({"action": "reset"})
        assert watcher.until("snapshot")["history"]["step"] == []
        assert reconnected.until("status", status="created")["step"] == 0


@pytest.fixture(scope="module")
def kernels():
    """Both kernels, loaded: references train in this process exactly as the server does."""
    compiled = KernelChoice("compiled")
    compiled.load()
    return {"compiled": compiled, "numpy": KernelChoice("numpy")}


def kernel_server(data_dir, kernel: str) -> Server:
    """A server on `kernel`, with the compiled one loaded before any job trains (a job that
    starts earlier trains on numpy until then, and its curve is then no kernel's alone)."""
    server = start_server(data_dir, extra_env={"NNPLAYGROUND_KERNEL": kernel})
    with api(server) as client:
        wait_for(lambda: client.get("/health").json()["kernel"] == kernel, timeout=120,
                 what=f"the {kernel} kernel")
    return server


@contextmanager
def stopping(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
def test_sigterm_checkpoints_and_a_restart_continues_the_same_curve(tmp_path, kernels, kernel):
    data_dir = tmp_path / "data"
    body = spec()
    server = kernel_server(data_dir, kernel)
    try:
        with api(server) as client:
            job_id = client.post("/jobs", json={**body, "autostart": True}).json()["id"]
            wait_for(lambda: client.get(f"/jobs/{job_id}").json()["epoch"] >= 5)
            with watching(server, job_id) as watcher:  # an open socket must not delay the stop
                watcher.receive()
                seconds = server.stop(signal.SIGTERM)
    finally:
        server.stop(signal.SIGKILL)
    assert seconds < 5.0
    assert "Traceback" not in server.log(), server.log()

    with stopping(kernel_server(data_dir, kernel)) as server, api(server) as client:
        job = client.get(f"/jobs/{job_id}").json()
        assert job["status"] == "paused" and job["epoch"] >= 5
        reference = TrainingSession(JobSpec.model_validate(body), kernels=kernels[kernel])
        assert reference.kernel == kernel
        assert curve(client.get(f"/jobs/{job_id}/metrics").json()) == curve(to_columns(
            reference.run(job["step"])))
        client.post(f"/jobs/{job_id}/play")
        wait_for(lambda: client.get(f"/jobs/{job_id}").json()["step"] > job["step"] + 100)
        after = client.post(f"/jobs/{job_id}/pause").json()
        continued = client.get(f"/jobs/{job_id}/metrics", params={"since": job["step"]}).json()
        assert curve(continued) == curve(to_columns(reference.run(after["step"] - job["step"])))


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
def test_sigkill_then_restart_keeps_the_job_at_its_last_checkpoint(tmp_path, kernels, kernel):
    data_dir = tmp_path / "data"
    body = spec()
    server = kernel_server(data_dir, kernel)
    try:
        with api(server) as client:
            job_id = client.post("/jobs", json={**body, "autostart": True}).json()["id"]
            wait_for(lambda: client.get(f"/jobs/{job_id}").json()["epoch"] >= 3)
            checkpoint = client.post(f"/jobs/{job_id}/pause").json()  # pause checkpoints
            client.post(f"/jobs/{job_id}/play")
            wait_for(lambda: client.get(f"/jobs/{job_id}").json()["step"]
                     > checkpoint["step"] + 200)
    finally:
        server.stop(signal.SIGKILL)

    with stopping(kernel_server(data_dir, kernel)) as server, api(server) as client:
        [job] = client.get("/jobs").json()["items"]
        assert job["id"] == job_id and job["status"] == "paused"
        # Periodic checkpoints (every few seconds) may have saved more than the pause did.
        assert job["step"] >= checkpoint["step"]
        history = client.get(f"/jobs/{job_id}/metrics").json()
        reference = TrainingSession(JobSpec.model_validate(body), kernels=kernels[kernel])
        assert curve(history) == curve(to_columns(reference.run(job["step"])))
        client.post(f"/jobs/{job_id}/play")
        wait_for(lambda: client.get(f"/jobs/{job_id}").json()["step"] > job["step"] + 100)
        after = client.post(f"/jobs/{job_id}/pause").json()
        continued = client.get(f"/jobs/{job_id}/metrics", params={"since": job["step"]}).json()
        assert curve(continued) == curve(to_columns(reference.run(after["step"] - job["step"])))
