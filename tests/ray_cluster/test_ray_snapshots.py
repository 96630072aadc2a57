"""Snapshots of a job on Ray: kept where it trains, at the epochs the embedded runner keeps."""

import numpy as np

from nnplayground.jobs import EmbeddedRunner, EventHub, JobManager, Store, Timing, UploadLibrary
from nnplayground.kernel import NUMPY
from nnplayground.limits import Limits
from tests.jobs.conftest import AsClientSees
from tests.ray_cluster.test_ray_runner import create, wait_status

LONGER = {"max_epochs": 60}


def snapshots_after_run(manager) -> tuple[list[dict], dict]:
    job_id = create(manager, training=LONGER)["id"]
    manager.play(job_id)
    wait_status(manager, job_id, "completed", timeout=120)
    return manager.snapshots(job_id), manager.model_json(job_id, epoch=17)


def test_a_job_on_ray_keeps_the_embedded_runners_snapshots(ray_managers, tmp_path):
    on_ray, model_on_ray = snapshots_after_run(ray_managers())

    (tmp_path / "embedded").mkdir()
    store = Store(tmp_path / "embedded")
    embedded = AsClientSees(JobManager(store, UploadLibrary(store), EventHub(),
                                       EmbeddedRunner(1), Limits(), Timing(), NUMPY))
    embedded.start()
    try:
        here, model_here = snapshots_after_run(embedded)
    finally:
        embedded.shutdown()
    assert [snapshot["epoch"] for snapshot in on_ray][:40] == list(range(40))  # every one early
    assert on_ray == here
    assert model_on_ray["step"] == model_here["step"]
    for mine, theirs in zip(model_on_ray["layers"], model_here["layers"], strict=True):
        assert np.array_equal(mine["weights"], theirs["weights"])
        assert np.array_equal(mine["bias"], theirs["bias"])
