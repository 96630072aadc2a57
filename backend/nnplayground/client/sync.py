"""The blocking client: `Client(url)`, jobs as `Job` handles, sweeps as result tables."""

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
from websockets.sync.client import connect

from nnplayground.client import calls
from nnplayground.client.calls import Call
from nnplayground.client.errors import raise_for_problem
from nnplayground.client.sweep_result import SweepResult
from nnplayground.client.table import Table

POLL_SECONDS = 0.1


class Client:
    """`Client("http://127.0.0.1:8000", token=None)`; use it in a `with` block or `close()`."""

    def __init__(self, url: str = "http://127.0.0.1:8000", token: str | None = None,
                 timeout: float = 60.0):
        self.url = url.rstrip("/")
        self.token = token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def send(self, call: Call) -> Any:
        """Make one call; its JSON (bytes for a file, None for 204) or a typed ApiError."""
        response = self.http.request(call.method, call.path, json=call.json,
                                     params=call.params, headers=call.headers)
        raise_for_problem(response)
        if call.binary:
            return response.content
        return None if response.status_code == 204 else response.json()

    # --- jobs ----------------------------------------------------------------------------

    def create(self, spec: dict, tags: list[str] | None = None, name: str | None = None,
               autostart: bool = False, idempotency_key: str | None = None) -> "Job":
        """A new job from a spec (as `POST /api/jobs` takes it)."""
        info = self.send(calls.create_job(spec, name, tags, autostart, idempotency_key))
        return Job(self, info)

    def job(self, job_id: str) -> "Job":
        return Job(self, self.send(Call("GET", calls.job_path(job_id))))

    def jobs(self, status=None, tag=None, q: str | None = None) -> list[dict]:
        """Every matching job summary, newest first (all pages)."""
        items, cursor = [], None
        while True:
            page = self.send(calls.list_jobs(status, tag, q, cursor))
            items += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return items

    def delete_jobs(self, status=None, tag=None, q: str | None = None) -> list[str]:
        return self.send(calls.delete_jobs(status, tag, q))["deleted"]

    # --- sweeps --------------------------------------------------------------------------

    def sweep(self, base: dict, grid: dict | None = None, random: dict | None = None,
              repeats: int = 1, max_parallel: int = 4, name: str | None = None,
              tags: list[str] | None = None, wait: bool = True, timeout: float | None = None,
              idempotency_key: str | None = None) -> SweepResult:
        """Run a sweep (`grid`: spec path -> values; `random`: {"count", "ranges"}) and,
        with `wait`, return its results once every member has ended."""
        sweep = self.send(calls.create_sweep(base, grid, random, repeats, max_parallel, name,
                                             tags, idempotency_key))
        return self.sweep_result(sweep["id"], wait=wait, timeout=timeout)

    def sweep_result(self, sweep_id: str, wait: bool = False,
                     timeout: float | None = None) -> SweepResult:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            sweep = self.send(Call("GET", f"/api/sweeps/{sweep_id}"))
            if not wait or sweep["status"] == "completed":
                break
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"sweep {sweep_id} not completed within {timeout}s")
            time.sleep(POLL_SECONDS * 5)
        curves = {m["job_id"]: Job(self, {"id": m["job_id"]}).metrics()
                  for m in sweep["members"] if m["status"] is not None}
        return SweepResult(sweep, curves)

    def pause_sweep(self, sweep_id: str) -> dict:
        return self.send(Call("POST", f"/api/sweeps/{sweep_id}/pause"))

    def resume_sweep(self, sweep_id: str) -> dict:
        return self.send(Call("POST", f"/api/sweeps/{sweep_id}/resume"))

    def delete_sweep(self, sweep_id: str) -> None:
        self.send(Call("DELETE", f"/api/sweeps/{sweep_id}"))


class Job:
    """A job of the server. `info` is the job object as last read; actions refresh it."""

    def __init__(self, client: Client, info: dict):
        self.client = client
        self.id: str = info["id"]
        self.info = info

    def __repr__(self) -> str:
        return f"Job({self.id!r}, status={self.info.get('status')!r}, " \
               f"epoch={self.info.get('epoch')})"

    def _act(self, call: Call) -> "Job":
        self.info = self.client.send(call)
        return self

    @property
    def status(self) -> str:
        return self.refresh().info["status"]

    def refresh(self) -> "Job":
        return self._act(Call("GET", calls.job_path(self.id)))

    def play(self) -> "Job":
        return self._act(calls.action(self.id, "play"))

    def pause(self) -> "Job":
        return self._act(calls.action(self.id, "pause"))

    def step(self, epochs: int | None = None, steps: int | None = None) -> "Job":
        return self._act(calls.step(self.id, epochs, steps))

    def reset(self, spec: dict | None = None) -> "Job":
        return self._act(calls.action(self.id, "reset", {"spec": spec} if spec else {}))

    def update(self, name: str | None = None, tags: list[str] | None = None,
               **training) -> "Job":
        """Live hyperparameters (`learning_rate=`, `regularization_rate=`, `batch_size=`),
        the name or the tags."""
        return self._act(calls.update(self.id, name, tags, training))

    def wait(self, status=None, epochs: int | None = None,
             timeout: float | None = 60.0) -> "Job":
        """Until the job has `status` (one or several), `epochs` done, or (neither given)
        rests; a finished job ends any wait. TimeoutError after `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not calls.reached(self.refresh().info, status, epochs):
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"job {self.id} still {self.info['status']} at epoch "
                                   f"{self.info['epoch']} after {timeout}s")
            time.sleep(POLL_SECONDS)
        return self

    def metrics(self, since: int | None = None) -> Table:
        return Table(self.client.send(calls.metrics(self.id, since)))

    def model(self) -> dict:
        """The npz model file as numpy arrays (README: "The model file")."""
        data = self.client.send(Call("GET", calls.job_path(self.id, "/model"),
                                     params={"format": "npz"}, binary=True))
        return calls.model_arrays(data)

    def predict(self, rows: list[list[float]]) -> dict:
        return self.client.send(Call("POST", calls.job_path(self.id, "/predict"),
                                     {"points": [list(row) for row in rows]}))

    def delete(self) -> None:
        self.client.send(Call("DELETE", calls.job_path(self.id)))

    # --- pictures and exports (drawn as in the report: calls.py) ------------------------

    def figure(self):
        """A Plotly figure of the loss (and accuracy) curves."""
        return calls.curves_figure(self.id, self.client.send(calls.metrics(self.id)))

    def boundary_figure(self, epoch: int | None = None, resolution: int = 50):
        """A Plotly figure of the decision boundary with the data, now or (`epoch`) at the
        job's snapshot at or before that epoch."""
        boundary = self.client.send(calls.boundary(self.id, epoch, resolution))
        job = self.refresh().info
        points = self.client.send(calls.sample(job["spec"]["dataset"]))
        return calls.boundary_figure(job, boundary, points, epoch)

    def report(self, path) -> str:
        """Save the job's standalone HTML report (opens offline) to `path`; returns it."""
        return calls.saved(path, self.client.send(calls.report(self.id)))

    def export(self, path, format: str = "python") -> str:
        """Save the job as a script (`format`: "python" or "pytorch") to `path`; returns it."""
        return calls.saved(path, self.client.send(calls.export(self.id, format)))

    def stream(self, boundary: bool = False) -> Iterator[dict]:
        """The job's WebSocket events, as dicts (`snapshot` first); metrics only unless
        `boundary`. Ends when the server closes the socket."""
        url = stream_url(self.client.url, self.id, boundary)
        with connect(url, additional_headers=auth_headers(self.client.token)) as socket:
            for text in socket:
                yield json.loads(text)


def stream_url(url: str, job_id: str, boundary: bool) -> str:
    base = "ws" + url.removeprefix("http")
    return f"{base}/api/jobs/{job_id}/stream?boundary={'true' if boundary else 'false'}"


def auth_headers(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}
