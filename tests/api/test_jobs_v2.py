"""Jobs API v2: tags and lifecycle fields, paged summaries with filters, bulk delete,
201 + Location, Idempotency-Key, RFC 9457 problem details, metrics-only streams, and an
OpenAPI document fit for client generators."""

import pytest

from tests.api.test_stream import of_type, until
from tests.utils.factories import create_job, spec, wait_for

SUMMARY_KEYS = {"id", "name", "tags", "status", "status_reason", "step", "epoch", "created_at",
                "started_at", "finished_at", "metrics", "best", "dataset", "network"}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    assert isinstance(body["message"], str) and "\n" not in body["message"]
    return body


def test_lifecycle_fields_follow_the_job(client):
    job = create_job(client, tags=["baseline", "lr=0.03"], name="first")
    assert job["tags"] == ["baseline", "lr=0.03"] and job["name"] == "first"
    assert (job["status_reason"], job["started_at"], job["finished_at"]) == (None, None, None)
    assert job["created_at"].endswith("Z")
    job_id = job["id"]
    stepped = client.post(f"/api/jobs/{job_id}/step", json={"epochs": 3}).json()
    assert stepped["status_reason"] == "stepped" and stepped["started_at"] is not None
    best = stepped["best"]
    history = client.get(f"/api/jobs/{job_id}/metrics").json()
    lowest = min(history["test_loss"])
    assert best["test_loss"] == lowest
    assert best["test_loss_epoch"] == history["epoch"][history["test_loss"].index(lowest)]
    assert best["test_accuracy"] == max(history["test_accuracy"])
    assert all(isinstance(t, float) for t in history["time"])
    assert history["time"] == sorted(history["time"])

    client.post(f"/api/jobs/{job_id}/play")
    assert client.post(f"/api/jobs/{job_id}/pause").json()["status_reason"] == "paused_by_user"
    client.patch(f"/api/jobs/{job_id}", json={"training": {"learning_rate": 0.03}})
    finished = create_job(client, training={"max_epochs": 2}, autostart=True)
    done = wait_for(lambda: (j := client.get(f"/api/jobs/{finished['id']}").json())["status"]
                    == "completed" and j)
    assert done["status_reason"] == "max_epochs" and done["finished_at"] >= done["started_at"]
    reset = client.post(f"/api/jobs/{finished['id']}/reset").json()
    assert (reset["status_reason"], reset["started_at"], reset["finished_at"]) == (
        None, None, None)
    assert reset["best"]["test_loss"] is None


def test_a_restart_pauses_running_jobs_with_reason_restart(make_client):
    first = make_client()
    job_id = create_job(first, autostart=True, tags=["kept"])["id"]
    wait_for(lambda: first.get(f"/api/jobs/{job_id}").json()["step"] > 0)
    first.__exit__(None, None, None)
    job = make_client().get(f"/api/jobs/{job_id}").json()
    assert (job["status"], job["status_reason"], job["tags"]) == ("paused", "restart", ["kept"])


def test_tags_are_short_words(client):
    body = problem(client.post("/api/jobs", json=spec(tags=["no spaces please"])), 422)
    assert body["message"].startswith("tags.0: String should match pattern")
    job_id = create_job(client)["id"]
    assert client.patch(f"/api/jobs/{job_id}", json={"tags": ["a", "b"]}).json()["tags"] == [
        "a", "b"]


def test_the_list_is_summaries_filtered_and_paged(client):
    a = create_job(client, tags=["red"], name="alpha")
    b = create_job(client, tags=["red", "big"], name="beta")
    c = create_job(client, tags=["blue"], autostart=True)
    page = client.get("/api/jobs").json()
    assert [job["id"] for job in page["items"]] == [c["id"], b["id"], a["id"]]
    assert page["next_cursor"] is None
    summary = page["items"][1]
    assert set(summary) == SUMMARY_KEYS
    assert summary["dataset"] == "circle" and summary["network"] == [2, 4, 1]

    def ids(**params) -> list[str]:
        return [job["id"] for job in client.get("/api/jobs", params=params).json()["items"]]

    assert ids(tag="red") == [b["id"], a["id"]]
    assert ids(tag=["red", "big"]) == [b["id"]]
    assert ids(status="running") == [c["id"]]
    assert ids(status=["created", "running"]) == [c["id"], b["id"], a["id"]]
    assert ids(q="ALPHA") == [a["id"]]
    assert ids(q="circle", tag="blue") == [c["id"]]

    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/jobs", params=params).json()
        seen += [job["id"] for job in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [c["id"], b["id"], a["id"]]


@pytest.mark.parametrize(("params", "field"), [
    ({"status": "sleeping"}, "status.0"),
    ({"tag": "nobody-has-it"}, "tag"),
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"limit": 0}, "limit"),
])
def test_bad_filters_are_422_naming_the_field(client, params, field):
    create_job(client, tags=["red"])
    body = problem(client.get("/api/jobs", params=params), 422)
    assert body["message"].startswith(f"{field}: ")
    assert isinstance(body["detail"], list)  # FastAPI's list, kept


def test_bulk_delete_by_tag_or_status(client):
    red = [create_job(client, tags=["red"])["id"] for _ in range(2)]
    blue = create_job(client, tags=["blue"])["id"]
    stepped = create_job(client)["id"]
    client.post(f"/api/jobs/{stepped}/step")
    deleted = client.delete("/api/jobs", params={"tag": "red"}).json()["deleted"]
    assert sorted(deleted) == sorted(red)
    assert client.delete("/api/jobs", params={"status": "paused"}).json() == {
        "deleted": [stepped]}
    assert [job["id"] for job in client.get("/api/jobs").json()["items"]] == [blue]
    assert problem(client.delete("/api/jobs"), 422)["message"].startswith("status: give a")


def test_create_answers_201_with_location_and_honours_idempotency_keys(client):
    headers = {"Idempotency-Key": "job-once"}
    first = client.post("/api/jobs", json=spec(), headers=headers)
    assert first.status_code == 201
    assert first.headers["location"] == f"/api/jobs/{first.json()['id']}"
    assert client.get(first.headers["location"]).json()["id"] == first.json()["id"]
    again = client.post("/api/jobs", json=spec(), headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert len(client.get("/api/jobs").json()["items"]) == 1
    other = problem(client.post("/api/jobs", json=spec(name="other"), headers=headers), 422)
    assert other["message"].startswith("Idempotency-Key: this key was already used")


def test_every_error_is_a_problem_with_a_message(client):
    job_id = create_job(client, training={"max_epochs": 1})["id"]
    problem(client.get("/api/jobs/nope"), 404)
    unknown_route = problem(client.get("/api/nothing-here"), 404)
    assert "/api/nothing-here" in unknown_route["message"]
    wrong_method = problem(client.put(f"/api/jobs/{job_id}"), 405)
    assert "PUT" in wrong_method["message"]
    invalid = problem(client.post("/api/jobs", json={}), 422)
    assert invalid["message"] == "dataset: Field required" and invalid["detail"][0]["loc"]
    client.post(f"/api/jobs/{job_id}/step")
    conflict = problem(client.post(f"/api/jobs/{job_id}/play"), 409)
    assert (conflict["job_status"], conflict["job_id"]) == ("completed", job_id)
    assert conflict["detail"] == conflict["message"]
    rows = "\n".join(f"{i},{i % 3},{i % 5},{i % 2}" for i in range(30))
    upload = client.post("/api/datasets", files={"file": ("3d.csv", f"a,b,c,y\n{rows}\n")})
    wide = create_job(client, dataset={"id": upload.json()["id"]})["id"]  # 3-D: no plane
    not_drawable = problem(client.get(f"/api/jobs/{wide}/boundary"), 409)
    assert (not_drawable["job_status"], not_drawable["job_id"]) == ("created", wide)


def test_a_metrics_only_stream_gets_no_pictures(client):
    job_id = create_job(client)["id"]
    with client.websocket_connect(f"/api/jobs/{job_id}/stream?boundary=false") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        client.post(f"/api/jobs/{job_id}/step", json={"epochs": 2})
        seen = until(ws, of_type("status", status="paused"))
        ws.send_json({"action": "nope"})  # an error message marks the end of what was sent
        seen += until(ws, of_type("error"))
    kinds = {message["type"] for message in seen}
    assert "metrics" in kinds and not kinds & {"boundary", "model"}


def test_openapi_fits_client_generators(client):
    schema = client.get("/openapi.json").json()
    operations = {op["operationId"]: op for path in schema["paths"].values()
                  for op in path.values()}
    for name in ("list_jobs", "create_job", "get_job", "update_job", "delete_job",
                 "delete_jobs", "play_job", "pause_job", "step_job", "reset_job",
                 "get_metrics", "get_boundary", "get_neurons", "predict", "get_model",
                 "create_sweep", "get_sweep", "list_sweeps", "pause_sweep", "resume_sweep",
                 "delete_sweep", "list_datasets", "upload_dataset", "get_limits"):
        assert name in operations, name
        summary = operations[name]["summary"]
        assert summary and summary.lower() != name.replace("_", " "), name
    for operation in operations.values():
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None:
            assert body.get("examples"), operation["operationId"]
    npz = operations["get_model"]["responses"]["200"]["content"]
    assert npz["application/octet-stream"]["schema"]["format"] == "binary"
    assert "text/csv" in operations["get_dataset"]["responses"]["200"]["content"]
    components = schema["components"]["schemas"]
    for enum in ("JobStatus", "StatusReason", "Activation", "OptimizerName", "SweepState"):
        assert "enum" in components[enum], enum
    stream_tag = next(tag for tag in schema["tags"] if tag["name"] == "stream")
    assert "boundary=false" in stream_tag["description"]
