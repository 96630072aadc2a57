"""A `/step` is bounded in time, stops when its client leaves or the server stops, and a
job's waiting requests never hold up requests about other jobs; the health check sees a
stuck worker."""

import signal
from contextlib import ExitStack

import httpx
import pytest

from nnplayground.jobs import Store
from nnplayground.limits import Limits
from nnplayground.settings import Settings
from tests.jobs.test_races import in_thread
from tests.utils.factories import create_job, spec, wait_for, wait_for_step
from tests.utils.server import send_request, serving_in_process, start_server

# Far more training than any test waits for: only a cancellation ends such a step.
ENDLESS = Limits(max_step_seconds=3600, max_epochs_per_step=1_000_000)


def test_a_step_answers_what_it_trained_and_why_it_stopped(make_client):
    client = make_client()
    job = create_job(client)
    answer = client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 1}).json()
    per_epoch = answer["summary"]["steps_per_epoch"]
    assert answer["trained"]["steps"] == per_epoch
    assert answer["trained"]["stopped"] == "done"
    assert (answer["status"], answer["epoch"]) == ("paused", 1)


def test_a_step_trains_at_most_max_step_seconds(make_client):
    client = make_client(limits=Limits(max_step_seconds=0.0))
    job_id = create_job(client)["id"]
    answer = client.post(f"/api/jobs/{job_id}/step", json={"epochs": 50}).json()
    assert answer["trained"]["stopped"] == "time_limit"
    assert 0 < answer["trained"]["steps"] < 50 * answer["summary"]["steps_per_epoch"]
    assert answer["step"] == answer["trained"]["steps"]
    again = client.post(f"/api/jobs/{job_id}/step", json={"epochs": 50}).json()
    assert again["step"] > answer["step"]  # the next step continues where it stopped


def test_a_step_stops_when_its_client_goes_away(tmp_path):
    with serving_in_process(Settings(data_dir=tmp_path, limits=ENDLESS)) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        job_id = create_job(client)["id"]
        step = send_request(url, "POST", f"/api/jobs/{job_id}/step", {"epochs": 1_000_000})
        wait_for_step(client, job_id, 1)
        step.close()
        played = client.post(f"/api/jobs/{job_id}/play")  # waits for the step to end
        assert played.status_code == 200, played.text
        assert played.json()["status"] == "running"


def test_requests_waiting_on_one_job_never_hold_up_the_others(tmp_path):
    with serving_in_process(Settings(data_dir=tmp_path, limits=ENDLESS)) as url, \
            httpx.Client(base_url=url, timeout=30) as client, ExitStack() as sockets:
        busy = create_job(client)["id"]
        step = sockets.enter_context(
            send_request(url, "POST", f"/api/jobs/{busy}/step", {"epochs": 1_000_000}))
        wait_for_step(client, busy, 1)
        for _ in range(60):  # more than the thread pool's 40 threads (a pause would stop it)
            sockets.enter_context(send_request(url, "GET", f"/api/jobs/{busy}/boundary"))
        assert client.get(f"/api/jobs/{busy}").json()["status"] == "created"
        other = create_job(client)["id"]
        assert client.post(f"/api/jobs/{other}/step", json={"steps": 3}).json()["step"] == 3
        assert {job["id"] for job in client.get("/api/jobs").json()["items"]} == {busy, other}
        assert client.get(f"/api/jobs/{other}/boundary").status_code == 200
        assert client.get("/api/health").status_code == 200
        step.close()
        wait_for(lambda: client.get(f"/api/jobs/{busy}").json()["status"] == "paused",
                 what="the abandoned step ended")


def test_health_answers_503_while_a_worker_is_stuck(make_client):
    client = make_client(stall_seconds=0.2)
    job_id = create_job(client)["id"]
    client.post(f"/api/jobs/{job_id}/play")
    wait_for_step(client, job_id, 1)
    lock = client.app.state.manager.get(job_id).session_lock
    with lock:  # the worker's next slice of this job now waits: the worker is stuck
        answer = wait_for(lambda: (r := client.get("/api/health")).status_code == 503 and r,
                          what="health 503")
        assert answer.json()["message"].startswith("a training worker has been in one slice")
    wait_for(lambda: client.get("/api/health").status_code == 200, what="health 200")


@pytest.mark.slow
def test_sigterm_ends_the_server_within_5_s_during_a_long_step(tmp_path):
    server = start_server(tmp_path / "data")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            big = spec(dataset={"name": "spiral", "n_samples": 5000},
                       network={"hidden": [{"units": 64}] * 8},
                       training={"batch_size": 1})
            job_id = client.post("/api/jobs", json=big).json()["id"]
            step = send_request(server.url, "POST", f"/api/jobs/{job_id}/step",
                                {"epochs": 100})
            wait_for_step(client, job_id, 1)
        server.stop(signal.SIGTERM, timeout=5.0)  # raises if it takes longer
        step.close()
    finally:
        server.stop(signal.SIGKILL)
    assert "Finished server process" in server.log()
    stored = Store(tmp_path / "data").load_jobs()
    assert stored[0].status == "paused" and stored[0].step > 0  # the step's progress kept


def test_pause_during_a_step_stops_it_and_leaves_the_job_paused(tmp_path):
    with serving_in_process(Settings(data_dir=tmp_path, limits=ENDLESS)) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        job_id = create_job(client)["id"]
        assert_pause_stops_a_step(client, job_id, lambda: wait_for_step(client, job_id, 1))


def assert_pause_stops_a_step(client: httpx.Client, job_id: str, until_training) -> None:
    """Pressing pause while a long step trains (`until_training()` returns once it does):
    the step stops at its next chunk, says so, and the job rests paused by its user (a
    200, not a 409)."""
    stepping, outcome = in_thread(lambda: client.post(f"/api/jobs/{job_id}/step",
                                                      json={"epochs": 1_000_000}))
    until_training()
    paused = client.post(f"/api/jobs/{job_id}/pause")
    assert paused.status_code == 200, paused.text
    assert (paused.json()["status"], paused.json()["status_reason"]) == (
        "paused", "paused_by_user")
    stepping.join(60)
    stepped = outcome["value"].raise_for_status().json()
    assert stepped["trained"]["stopped"] == "paused"
    assert stepped["step"] == stepped["trained"]["steps"] == paused.json()["step"]
    assert client.post(f"/api/jobs/{job_id}/pause").status_code == 409  # paused already
