"""Snapshots: log-spaced weights kept while a job trains, listed and read back by epoch."""

import math
from itertools import pairwise

import numpy as np

from nnplayground.jobs.snapshot_schedule import next_due
from nnplayground.limits import Limits
from tests.utils.factories import create_job, wait_for

SPEC = {"dataset": {"name": "spiral", "n_samples": 200, "noise": 5, "seed": 1},
        "network": {"hidden": [{"units": 6, "activation": "tanh"}]},
        "training": {"learning_rate": 0.1, "batch_size": 10}}


def run_to_end(client, epochs: int) -> dict:
    job = create_job(client, **{**SPEC, "training": {**SPEC["training"], "max_epochs": epochs}},
                     autostart=True)

    def completed():
        found = client.get(f"/api/jobs/{job['id']}").json()
        return found if found["status"] == "completed" else None

    return wait_for(completed, timeout=60, what=f"job {job['id']} completed")


def snapshots(client, job_id: str) -> list[dict]:
    response = client.get(f"/api/jobs/{job_id}/snapshots")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_run_keeps_every_early_epoch_then_sparser_ones_at_epoch_ends(client):
    job = run_to_end(client, 150)
    kept = snapshots(client, job["id"])
    epochs = [snapshot["epoch"] for snapshot in kept]
    expected, epoch = [0], 0
    while (epoch := next_due(epoch, Limits().max_snapshots)) < 150:
        expected.append(epoch)
    assert epochs == [*expected, 150]  # the last one: the run's end
    assert epochs[:40] == list(range(40))  # every epoch early on
    gaps = np.diff(epochs[:-1])
    assert gaps[-1] > 1 and (np.diff(gaps) >= 0).all()  # sparser later, never denser
    per_epoch = job["summary"]["steps_per_epoch"]
    assert [snapshot["step"] for snapshot in kept] == [e * per_epoch for e in epochs]


def test_over_the_cap_the_rest_stay_log_spaced_first_and_latest_kept(make_client):
    client = make_client(limits=Limits(max_snapshots=12))
    job = run_to_end(client, 300)
    epochs = [snapshot["epoch"] for snapshot in snapshots(client, job["id"])]
    assert len(epochs) == 12
    assert epochs[0] == 0 and epochs[-1] == 300
    spans = np.diff(np.log1p(epochs))
    assert spans.max() < 3 * spans.min(), epochs  # log-spaced, not bunched


def test_epoch_reads_the_snapshot_at_or_before_it_and_states_its_epoch(client):
    job = run_to_end(client, 150)
    job_id = job["id"]
    epochs = [snapshot["epoch"] for snapshot in snapshots(client, job_id)]
    later = next(e for e, after in pairwise(epochs) if after - e > 1)
    between = later + 1
    for path in ("boundary", "neurons", "model"):
        answer = client.get(f"/api/jobs/{job_id}/{path}", params={"epoch": between})
        assert answer.status_code == 200, answer.text
        assert answer.json()["epoch"] == later
    live = client.get(f"/api/jobs/{job_id}/boundary").json()
    early = client.get(f"/api/jobs/{job_id}/boundary", params={"epoch": 2}).json()
    assert early["epoch"] == 2 and early["z"] != live["z"]
    end = client.get(f"/api/jobs/{job_id}/boundary", params={"epoch": 150}).json()
    assert np.allclose(np.array(end["z"], dtype=float), np.array(live["z"], dtype=float),
                       atol=1e-5)  # float32 weights: the same picture


def test_epoch_zero_is_the_initial_model(client):
    job = create_job(client, **SPEC)
    initial = client.get(f"/api/jobs/{job['id']}/model").json()
    assert client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 5}).status_code == 200
    at_zero = client.get(f"/api/jobs/{job['id']}/model", params={"epoch": 0}).json()
    assert at_zero["epoch"] == 0 and at_zero["step"] == 0
    for mine, theirs in zip(at_zero["layers"], initial["layers"], strict=True):
        assert np.allclose(mine["weights"], theirs["weights"], rtol=1e-6)
    npz = client.get(f"/api/jobs/{job['id']}/model.npz", params={"epoch": 0})
    assert npz.status_code == 200 and npz.headers["x-snapshot-epoch"] == "0"


def test_an_epoch_outside_the_run_is_a_422_naming_the_bounds(client):
    job = create_job(client, **SPEC)
    client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 3})
    for bad in (-1, 4):
        for path in ("boundary", "neurons", "model"):
            answer = client.get(f"/api/jobs/{job['id']}/{path}", params={"epoch": bad})
            assert answer.status_code == 422, answer.text
            assert "between 0 and 3" in answer.json()["message"]
            assert "epoch" in answer.json()["message"]


def test_snapshots_survive_a_restart_and_reset_clears_them(make_client, tmp_path):
    client = make_client()
    job = run_to_end(client, 40)
    kept = snapshots(client, job["id"])
    before = client.get(f"/api/jobs/{job['id']}/boundary", params={"epoch": 7}).json()
    client.__exit__(None, None, None)

    again = make_client()
    assert snapshots(again, job["id"]) == kept
    after = again.get(f"/api/jobs/{job['id']}/boundary", params={"epoch": 7}).json()
    assert after == before

    assert again.post(f"/api/jobs/{job['id']}/reset").status_code == 200
    assert snapshots(again, job["id"]) == [{"epoch": 0, "step": 0}]
    assert again.get(f"/api/jobs/{job['id']}/boundary",
                     params={"epoch": 7}).status_code == 422


def test_snapshots_are_bounded_in_bytes_for_a_big_network(make_client):
    limits = Limits(max_snapshot_bytes=4 * 4 * (2 * 64 + 64 + 64 * 64 + 64 + 65))
    client = make_client(limits=limits)  # room for 4 snapshots of this network
    job = create_job(client, **{**SPEC, "network": {"hidden": [{"units": 64}, {"units": 64}]}})
    client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 30})
    epochs = [snapshot["epoch"] for snapshot in snapshots(client, job["id"])]
    assert len(epochs) == 4 and epochs[0] == 0 and epochs[-1] == 30
    assert math.isfinite(epochs[1])
