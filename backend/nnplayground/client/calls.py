"""Every call of the API the client makes, described once (method, path, body) for both
the sync and the async client, and what their answers become."""

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nnplayground.client.table import Table


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    json: Any = None
    params: dict | None = None
    headers: dict | None = None
    binary: bool = False  # the answer is a file, not JSON


def job_path(job_id: str, rest: str = "") -> str:
    return f"/api/jobs/{job_id}{rest}"


def create_job(spec: dict, name: str | None, tags: list[str] | None, autostart: bool,
               idempotency_key: str | None) -> Call:
    body = {**spec, "autostart": autostart}
    if name is not None:
        body["name"] = name
    if tags:
        body["tags"] = list(tags)
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
    return Call("POST", "/api/jobs", body, headers=headers)


def list_jobs(status, tag, q, cursor: str | None, limit: int = 500) -> Call:
    params = {"status": as_list(status), "tag": as_list(tag), "q": q, "cursor": cursor,
              "limit": limit}
    return Call("GET", "/api/jobs", params={k: v for k, v in params.items() if v})


def delete_jobs(status, tag, q) -> Call:
    params = {"status": as_list(status), "tag": as_list(tag), "q": q}
    return Call("DELETE", "/api/jobs", params={k: v for k, v in params.items() if v})


def action(job_id: str, name: str, body: dict | None = None) -> Call:
    return Call("POST", job_path(job_id, f"/{name}"), body)


def step(job_id: str, epochs: int | None, steps: int | None) -> Call:
    body = {"steps": steps} if steps is not None else {"epochs": epochs or 1}
    return action(job_id, "step", body)


def update(job_id: str, name: str | None, tags: list[str] | None, training: dict) -> Call:
    body: dict[str, Any] = {}
    if training:
        body["training"] = training
    if name is not None:
        body["name"] = name
    if tags is not None:
        body["tags"] = list(tags)
    return Call("PATCH", job_path(job_id), body)


def create_sweep(base: dict, grid: dict | None, random: dict | None, repeats: int,
                 max_parallel: int, name: str | None, tags: list[str] | None,
                 idempotency_key: str | None) -> Call:
    body = {"base": base, "grid": grid or {}, "random": random, "repeats": repeats,
            "max_parallel": max_parallel, "name": name, "tags": list(tags or [])}
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
    return Call("POST", "/api/sweeps", body, headers=headers)


def boundary(job_id: str, epoch: int | None, resolution: int) -> Call:
    params = {"resolution": resolution} | ({"epoch": epoch} if epoch is not None else {})
    return Call("GET", job_path(job_id, "/boundary"), params=params)


def sample(dataset: dict) -> Call:
    """The points of a dataset spec, columnar (`x1`, `x2`, `y`, `is_train`)."""
    return Call("POST", "/api/datasets/sample", dataset)


def metrics(job_id: str, since: int | None = None) -> Call:
    params = {"since": since} if since is not None else None
    return Call("GET", job_path(job_id, "/metrics"), params=params)


def report(job_id: str) -> Call:
    return Call("GET", job_path(job_id, "/report"), binary=True)


def export(job_id: str, format: str) -> Call:
    return Call("GET", job_path(job_id, "/export"), params={"format": format}, binary=True)


def saved(path, data: bytes) -> str:
    """A downloaded file (report, export) written to `path`; the path as text."""
    Path(path).write_bytes(data)
    return str(path)


# The pictures are the report's own (nnplayground.exports.figures), imported when asked for:
# they need plotly, which a client that draws nothing can do without.

def curves_figure(job_id: str, history: dict):
    """A Plotly figure of the loss (and accuracy) curves of a `/metrics` answer."""
    from nnplayground.exports.figures import curves_figure

    return curves_figure(history, f"job {job_id}")


def boundary_figure(job: dict, boundary: dict, points: dict, epoch: int | None):
    """A Plotly figure of a `/boundary` answer (at `epoch`, or now) over the job's data."""
    from nnplayground.exports.figures import boundary_figure

    shown = boundary.get("epoch", job["epoch"] if epoch is None else epoch)
    return boundary_figure(boundary, points, f"job {job['id']} at epoch {shown}")


def as_list(value) -> list | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def metrics_table(columns: dict) -> Table:
    return Table(columns)


def model_arrays(data: bytes) -> dict[str, np.ndarray]:
    """The npz download as arrays (text arrays as str arrays); README "The model file"."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return {name: arrays[name] for name in arrays.files}


def reached(job: dict, status, epochs: int | None) -> bool:
    """What `wait` waits for: the status (one or several), the epochs, or else any rest."""
    if epochs is not None and job["epoch"] >= epochs:
        return True
    if job["status"] in ("completed", "diverged", "failed"):
        return True
    if status is not None:
        return job["status"] in as_list(status)
    return epochs is None and job["status"] != "running"
