"""The client's figures (the report's own, from nnplayground.exports.figures), report and
exports, against a real server on loopback; the async client's are the same."""

import asyncio

import numpy as np
import pytest

from nnplayground.client import AsyncClient, Client
from tests.utils.server import running_server

pytestmark = pytest.mark.slow
SPEC = {"dataset": {"name": "xor", "n_samples": 200, "noise": 5, "seed": 2},
        "training": {"learning_rate": 0.1}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    with running_server(folder / "data", extra_env={"NNPLAYGROUND_KERNEL": "numpy"}) as server:
        yield server


@pytest.fixture(scope="module")
def job(server):
    with Client(server.url) as client:
        yield client.create(SPEC).step(epochs=12)


def test_figure_draws_the_curves_of_the_history(job):
    history = job.metrics()
    figure = job.figure()
    lines = {trace.name: trace for trace in figure.data}
    assert set(lines) == {"train loss", "test loss", "train accuracy", "test accuracy"}
    np.testing.assert_array_equal(lines["test loss"].y, history["test_loss"])
    np.testing.assert_array_equal(lines["train loss"].x, history["epoch"])


def test_boundary_figure_now_and_at_a_snapshot(job):
    now = job.boundary_figure()
    heatmap, *points = now.data
    assert heatmap.type == "heatmap" and np.asarray(heatmap.z).shape == (50, 50)
    assert sum(len(trace.x) for trace in points) == 200  # train and test points
    assert "epoch 12" in now.layout.title.text
    start = job.boundary_figure(epoch=0, resolution=20)
    assert "epoch 0" in start.layout.title.text
    assert np.asarray(start.data[0].z).shape == (20, 20)


def test_report_and_exports_are_saved_where_asked(job, tmp_path):
    saved = job.report(tmp_path / "report.html")
    text = (tmp_path / "report.html").read_text()
    assert saved.endswith("report.html") and job.id in text and "Plotly" in text
    job.export(tmp_path / "job.py")
    assert "Learner(model" in (tmp_path / "job.py").read_text()
    job.export(tmp_path / "job_torch.py", format="pytorch")
    assert "nn.Sequential(" in (tmp_path / "job_torch.py").read_text()


def test_the_async_job_draws_and_saves_the_same(server, job, tmp_path):
    async def run():
        async with AsyncClient(server.url) as client:
            same = await client.job(job.id)
            return (await same.figure(), await same.boundary_figure(epoch=0, resolution=20),
                    await same.report(tmp_path / "async.html"),
                    await same.export(tmp_path / "async.py", format="pytorch"))

    curves, boundary, report, export = asyncio.run(run())
    assert curves.to_dict() == job.figure().to_dict()
    assert boundary.to_dict() == job.boundary_figure(epoch=0, resolution=20).to_dict()
    assert report.endswith("async.html") and job.id in (tmp_path / "async.html").read_text()
    job.export(tmp_path / "sync.py", format="pytorch")
    assert (tmp_path / "async.py").read_bytes() == (tmp_path / "sync.py").read_bytes()
    assert export.endswith("async.py")
