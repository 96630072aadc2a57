"""Sweeps over the API: grid and random axes, seed repeats, max_parallel and capacity,
pause/resume/delete, persistence, and bad axes refused naming the field."""

from nnplayground.limits import Limits
from tests.utils.factories import SMALL_SPEC, wait_for

BASE = {**SMALL_SPEC, "training": {**SMALL_SPEC["training"], "max_epochs": 2}}


def sweep_body(**overrides) -> dict:
    body = {"base": BASE, "grid": {"training.learning_rate": [0.03, 0.1],
                                   "training.optimizer": ["sgd", "adam"]},
            "repeats": 2, "max_parallel": 2}
    return {**body, **overrides}


def create_sweep(client, **overrides) -> dict:
    response = client.post("/api/sweeps", json=sweep_body(**overrides))
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/sweeps/{response.json()['id']}"
    return response.json()


def finished(client, sweep_id: str, most_running: int | None = None) -> dict:
    def done():
        sweep = client.get(f"/api/sweeps/{sweep_id}").json()
        if most_running is not None:
            assert sweep["counts"].get("running", 0) <= most_running
        return sweep if sweep["status"] == "completed" else None

    return wait_for(done, timeout=60, what=f"sweep {sweep_id} completed")


def message(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["message"]


def test_a_grid_sweep_runs_every_member_and_compares_seed_repeats(client):
    sweep = create_sweep(client)
    assert len(sweep["members"]) == 8
    assert sweep["axes"] == ["training.learning_rate", "training.optimizer", "training.seed"]
    first = sweep["members"][0]
    assert first["values"] == {"training.learning_rate": 0.03, "training.optimizer": "sgd",
                               "training.seed": 0}
    job = client.get(f"/api/jobs/{first['job_id']}").json()
    assert sweep["id"] in job["tags"]
    assert job["name"] == "learning_rate=0.03 optimizer=sgd seed=0"
    assert job["spec"]["training"]["optimizer"] == "sgd"

    done = finished(client, sweep["id"], most_running=2)
    assert done["counts"] == {"completed": 8}
    assert all(member["epoch"] == 2 and member["metrics"]["test_loss"] is not None
               and member["best"]["test_loss"] is not None for member in done["members"])
    assert len(done["configurations"]) == 4
    config = done["configurations"][0]
    assert config["values"] == {"training.learning_rate": 0.03, "training.optimizer": "sgd"}
    losses = [member["metrics"]["test_loss"] for member in done["members"][:2]]
    assert config["final_test_loss"]["n"] == 2
    assert config["final_test_loss"]["mean"] == sum(losses) / 2
    assert config["final_test_loss"]["std"] > 0  # the seeds differ
    listed = client.get("/api/jobs", params={"tag": sweep["id"]}).json()["items"]
    assert len(listed) == 8


def test_random_axes_draw_values_in_their_ranges(client):
    sweep = create_sweep(client, grid={}, repeats=1, random={
        "count": 5, "seed": 3, "ranges": {
            "training.learning_rate": {"min": 0.01, "max": 0.3, "log": True},
            "network.hidden": [[{"units": 2}], [{"units": 3}, {"units": 3}]]}})
    values = [member["values"] for member in sweep["members"]]
    assert len(values) == 5
    assert all(0.01 <= v["training.learning_rate"] <= 0.3 for v in values)
    assert all(v["network.hidden"] in ([{"units": 2}], [{"units": 3}, {"units": 3}])
               for v in values)


def test_a_sweep_over_capacity_queues_its_members(make_client):
    client = make_client(limits=Limits(max_running_jobs=1))
    sweep = create_sweep(client, max_parallel=4, repeats=1)
    done = finished(client, sweep["id"], most_running=1)
    assert done["counts"] == {"completed": 4}


def test_pause_resume_and_delete_act_on_the_whole_sweep(client):
    sweep = create_sweep(client, base={**BASE, "training": {**BASE["training"],
                                                            "max_epochs": 500}})
    sweep_id = sweep["id"]
    wait_for(lambda: client.get(f"/api/sweeps/{sweep_id}").json()["counts"].get("running"),
             what="a running member")
    paused = client.post(f"/api/sweeps/{sweep_id}/pause").json()
    assert paused["status"] == "paused" and "running" not in paused["counts"]
    reasons = {m["status_reason"] for m in paused["members"] if m["status"] == "paused"}
    assert reasons == {"sweep_paused"}
    resumed = client.post(f"/api/sweeps/{sweep_id}/resume").json()
    assert resumed["status"] == "running"
    wait_for(lambda: client.get(f"/api/sweeps/{sweep_id}").json()["counts"].get("running"),
             what="members running again")
    assert client.delete(f"/api/sweeps/{sweep_id}").status_code == 204
    assert client.get(f"/api/sweeps/{sweep_id}").status_code == 404
    for member in sweep["members"]:
        assert client.get(f"/api/jobs/{member['job_id']}").status_code == 404


def test_a_sweep_persists_across_a_restart(make_client):
    first = make_client()
    sweep = create_sweep(first, max_parallel=1)
    first.post(f"/api/sweeps/{sweep['id']}/pause")
    first.__exit__(None, None, None)
    second = make_client()
    again = second.get(f"/api/sweeps/{sweep['id']}").json()
    assert again["status"] == "paused"
    assert [m["job_id"] for m in again["members"]] == [m["job_id"] for m in sweep["members"]]
    second.post(f"/api/sweeps/{sweep['id']}/resume")
    assert finished(second, sweep["id"])["counts"] == {"completed": 8}


def test_a_retried_create_with_the_same_key_makes_one_sweep(client):
    headers = {"Idempotency-Key": "sweep-once"}
    first = client.post("/api/sweeps", json=sweep_body(repeats=1), headers=headers)
    again = client.post("/api/sweeps", json=sweep_body(repeats=1), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert len(client.get("/api/sweeps").json()) == 1


def test_bad_axes_are_422_naming_the_field(make_client):
    client = make_client(limits=Limits(max_sweep_members=6))
    assert message(client.post("/api/sweeps", json=sweep_body(
        grid={"training.lr": [0.1]})), 422).startswith("grid.training.lr: no spec field")
    assert message(client.post("/api/sweeps", json=sweep_body(
        grid={"training.learning_rate": [-1.0]})), 422).startswith(
        "grid.training.learning_rate: -1.0")
    assert message(client.post("/api/sweeps", json=sweep_body()), 422) == (
        "grid: the axes give 8 members; at most 6 allowed")
    no_end = {**BASE, "training": SMALL_SPEC["training"]}
    assert message(client.post("/api/sweeps", json=sweep_body(base=no_end)), 422).startswith(
        "base.training.max_epochs")
    assert client.get("/api/jobs").json()["items"] == []  # nothing half-made


def test_a_sweep_beyond_the_stored_jobs_limit_is_429_and_leaves_nothing(make_client):
    client = make_client(limits=Limits(max_stored_jobs=3))
    headers = {"Idempotency-Key": "too-big"}
    refused = client.post("/api/sweeps", json=sweep_body(repeats=1), headers=headers)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert refused.json()["message"].startswith("at most 3 stored jobs allowed")
    assert client.get("/api/jobs").json()["items"] == []
    assert client.get("/api/sweeps").json() == []
    again = client.post("/api/sweeps", json=sweep_body(repeats=1, grid={
        "training.learning_rate": [0.03, 0.1]}), headers=headers)
    assert again.status_code == 201  # an error is not kept: a key may be used again
