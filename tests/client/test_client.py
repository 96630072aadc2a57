"""The Python client against a real server on loopback: jobs, errors, streams, sweeps,
and the example script."""

import asyncio
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnplayground.client import (
    AsyncClient,
    Client,
    Conflict,
    InvalidInput,
    NotFound,
    Table,
)
from tests.readme_blocks import python_blocks
from tests.utils.factories import SMALL_SPEC
from tests.utils.server import running_server

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("client") / "data") as server:
        yield server


@pytest.fixture
def client(server):
    with Client(server.url) as client:
        yield client


def test_a_job_through_the_client(client):
    job = client.create(SMALL_SPEC, tags=["client-test"], name="via client")
    assert job.info["status"] == "created" and job.info["tags"] == ["client-test"]
    job.step(epochs=2)
    assert job.info["epoch"] == 2 and job.info["status_reason"] == "stepped"
    metrics = job.metrics()
    assert isinstance(metrics, Table) and metrics["epoch"][-1] == 2.0
    assert len(metrics["time"]) == len(metrics["step"])
    job.update(learning_rate=0.1)
    assert job.info["spec"]["training"]["learning_rate"] == 0.1
    job.play()
    job.wait(epochs=4)
    job.pause()
    assert job.info["status"] == "paused"
    model = job.model()
    assert model["0.weights"].shape == (2, 4)
    predicted = job.predict([[0.0, 0.0], [3.0, 3.0]])
    assert len(predicted["predictions"]) == 2
    assert [s["id"] for s in client.jobs(tag="client-test")] == [job.id]
    job.reset()
    assert job.info["epoch"] == 0 and job.info["started_at"] is None
    job.delete()
    with pytest.raises(NotFound, match=f"no job with id '{job.id}'"):
        client.job(job.id)


def test_errors_are_typed_and_carry_the_server_message(client):
    with pytest.raises(InvalidInput) as invalid:
        client.create({**SMALL_SPEC, "network": {"hidden": [{"units": 9999}]}})
    assert invalid.value.field == "network.hidden.0.units"
    assert "at most 256 units" in str(invalid.value)
    job = client.create({**SMALL_SPEC, "training": {"max_epochs": 1}})
    job.step(epochs=1)
    with pytest.raises(Conflict) as conflict:
        job.play()
    assert conflict.value.job_status == "completed"
    assert str(conflict.value).startswith(f"cannot play job {job.id}: it is completed")
    job.delete()


def test_to_pandas_is_optional(client):
    table = Table({"a": [1, 2]})
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            table.to_pandas()
    else:
        assert list(table.to_pandas()["a"]) == [1, 2]


def test_the_async_client_streams_events(server):
    async def run() -> list[dict]:
        async with AsyncClient(server.url) as client:
            job = await client.create(SMALL_SPEC)
            events = []
            async for event in job.stream():
                events.append(event)
                if event["type"] == "snapshot":
                    await job.step(epochs=1)
                if event["type"] == "status" and event["status"] == "paused":
                    break
            await job.delete()
            return events

    events = asyncio.run(run())
    kinds = [event["type"] for event in events]
    assert kinds[0] == "snapshot" and "metrics" in kinds
    assert "boundary" not in kinds and "model" not in kinds  # metrics-only by default


def test_a_sweep_returns_a_table_of_results(client, tmp_path):
    base = {**SMALL_SPEC, "training": {**SMALL_SPEC["training"], "max_epochs": 2}}
    results = client.sweep(base, grid={"training.learning_rate": [0.03, 0.1]}, repeats=2,
                           max_parallel=2, timeout=60)
    assert len(results) == 4 and set(results["status"]) == {"completed"}
    assert results["learning_rate"] == [0.03, 0.03, 0.1, 0.1]
    assert results.configurations["n"] == [2, 2]
    assert all(len(curve["epoch"]) > 0 for curve in results.curves.values())
    chart = results.plot(tmp_path / "sweep.html").read_text()
    assert "parcoords" in chart and "learning_rate=0.03 seed=0" in chart
    client.delete_sweep(results.id)


def test_the_example_sweep_script_runs(server, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "sweep.py"), server.url,
                           "--small"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "test_loss_mean" in done.stdout
    assert (tmp_path / "sweep.html").stat().st_size > 0
    assert len((ROOT / "examples" / "sweep.py").read_text().splitlines()) <= 20


def test_model_arrays_are_numpy(client):
    job = client.create(SMALL_SPEC)
    assert all(isinstance(value, np.ndarray) for value in job.model().values())
    job.delete()


@pytest.mark.parametrize("section", ["Python client", "Using the engine as a library"])
def test_the_readme_client_examples_run(server, section):
    blocks = [block for block in python_blocks(section) if "Client(" in block]
    assert blocks
    for block in blocks:
        code = block.replace('"http://127.0.0.1:8000"', repr(server.url))
        exec(compile(code, "README.md", "exec"), {})
