"""Factories and waits shared by the API and jobs tests."""

import time
from collections.abc import Callable
from typing import Any

from tests.utils.patience import Budget

SMALL_SPEC: dict = {
    "dataset": {"name": "circle", "n_samples": 200, "noise": 5, "seed": 1},
    "network": {"hidden": [{"units": 4, "activation": "tanh"}]},
    "training": {"learning_rate": 0.03, "batch_size": 10},
}


def spec(**overrides: Any) -> dict:
    """SMALL_SPEC with top-level parts replaced (`network`, `training`: merged into)."""
    built = {key: dict(value) for key, value in SMALL_SPEC.items()}
    for key, value in overrides.items():
        if key in ("network", "training") and isinstance(value, dict):
            built[key] = {**built[key], **value}
        else:
            built[key] = value
    return built


def create_job(client, **overrides: Any) -> dict:
    """POST /api/jobs with SMALL_SPEC (+ overrides); the 201 body."""
    response = client.post("/api/jobs", json=spec(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def curve(columns: dict) -> dict:
    """A metrics history without its wall-clock `time`: what training reproduces to the bit."""
    return {name: values for name, values in columns.items() if name != "time"}


def wait_for(condition: Callable[[], Any], timeout: float = 10.0, every: float = 0.02,
             what: str = "condition") -> Any:
    """Poll until `condition()` is truthy; return its value. `timeout` is a quiet machine's
    seconds: it stretches with the load (tests/utils/patience.py)."""
    budget = Budget(timeout)
    while not budget.spent():
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what} not met within {timeout}s of a quiet machine's time")


def wait_for_step(client, job_id: str, at_least: int, timeout: float = 10.0) -> dict:
    def advanced() -> dict | None:
        job = client.get(f"/api/jobs/{job_id}").json()
        return job if job["step"] >= at_least else None

    return wait_for(advanced, timeout, what=f"job {job_id} at step {at_least}")


def csv_bytes(rows: int = 40, label: str = "label") -> bytes:
    """A small two-feature classification CSV (labels alternate -1 / 1)."""
    lines = [f"a,b,{label}"]
    for i in range(rows):
        sign = 1 if i % 2 else -1
        lines.append(f"{sign * (1 + i / rows):.4f},{(i % 7) / 7 - 0.5:.4f},{sign}")
    return ("\n".join(lines) + "\n").encode()
