"""Multi-user mode on a real server process: owners, watchers, the teacher, quotas, idle runs.

Two owners (A and B) with bearer tokens of their own, the teacher with the teacher token.
"""

import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from websockets.sync.client import connect

from nnplayground.classroom.identity import MIN_TOKEN
from tests.utils.factories import csv_bytes, wait_for
from tests.utils.server import Server, running_server

pytestmark = pytest.mark.slow
TEACHER_TOKEN = "teacher-secret-0123456789"
QUOTAS = {"NNPLAYGROUND_QUOTA_RUNNING_JOBS": "2", "NNPLAYGROUND_QUOTA_STORED_JOBS": "4",
          "NNPLAYGROUND_QUOTA_UPLOADS": "1"}
CLASSROOM = {"NNPLAYGROUND_MULTI_USER": "1", "NNPLAYGROUND_TEACHER_TOKEN": TEACHER_TOKEN,
             "NNPLAYGROUND_KERNEL": "numpy", **QUOTAS}
JOB = {"dataset": {"name": "circle", "n_samples": 100}}


def owner(server: Server, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=10.0,
                        headers={"Authorization": f"Bearer {token}"})


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("classroom") / "data",
                        extra_env=CLASSROOM, healthy_within=60) as server:
        yield server


@pytest.fixture
def alice(server) -> Iterator[httpx.Client]:
    with owner(server, httpx.post(f"{server.url}/api/session").json()["token"]) as client:
        yield client


@pytest.fixture
def bob(server) -> Iterator[httpx.Client]:
    with owner(server, "b" * MIN_TOKEN + "-a-token-bob-chose-himself") as client:
        yield client


@pytest.fixture
def teacher(server) -> Iterator[httpx.Client]:
    with owner(server, TEACHER_TOKEN) as client:
        yield client


def create(client: httpx.Client, **fields) -> dict:
    response = client.post("/api/jobs", json={**JOB, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def message(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["message"]


def socket(server: Server, client: httpx.Client, job_id: str):
    return connect(f"{server.ws_url}/api/jobs/{job_id}/stream?boundary=false",
                   additional_headers={"Authorization": client.headers["authorization"]})


def receive_until(ws, kind: str) -> dict:
    while True:
        received = json.loads(ws.recv(timeout=10))
        if received["type"] == kind:
            return received


def test_no_token_is_401_saying_how_to_get_one(server):
    text = message(httpx.get(f"{server.url}/api/jobs"), 401)
    assert "POST /api/session" in text and "nnp_owner" in text
    short = httpx.get(f"{server.url}/api/jobs", headers={"Authorization": "Bearer short"})
    assert "fewer than 32" in message(short, 401)
    assert httpx.get(f"{server.url}/api/health").status_code == 200


def test_the_page_sets_an_owner_cookie_that_works(server):
    page = httpx.get(f"{server.url}/")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("nnp_owner=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = page.cookies["nnp_owner"]
    assert len(token) >= 22  # >= 128 random bits, URL-safe base64
    again = httpx.get(f"{server.url}/", cookies={"nnp_owner": token})
    assert "set-cookie" not in again.headers  # one cookie per browser
    me = httpx.get(f"{server.url}/api/me", cookies={"nnp_owner": token}).json()
    assert me["multi_user"] is True and me["nickname"].startswith("student-")


def test_owners_act_on_their_own_jobs_only(alice, bob):
    job = create(alice)
    assert len(job["id"]) * 4 >= 96  # hex digits: 96 random bits
    nickname = alice.get("/api/me").json()["nickname"]
    assert (job["can_act"], job["owner_nickname"]) == (True, nickname)
    seen = bob.get(f"/api/jobs/{job['id']}").json()
    assert seen["can_act"] is False and seen["owner_nickname"] == job["owner_nickname"]
    for method, path, body in [("POST", "/play", None), ("POST", "/pause", None),
                               ("POST", "/step", {"epochs": 1}), ("POST", "/reset", {}),
                               ("PATCH", "", {"name": "mine now"}), ("DELETE", "", None)]:
        refused = bob.request(method, f"/api/jobs/{job['id']}{path}", json=body)
        assert "read-only: this run belongs to" in message(refused, 403)
    for read in ("", "/metrics", "/boundary", "/neurons", "/model"):
        assert bob.get(f"/api/jobs/{job['id']}{read}").status_code == 200, read
    assert alice.post(f"/api/jobs/{job['id']}/step", json={"epochs": 1}).status_code == 200
    assert alice.delete(f"/api/jobs/{job['id']}").status_code == 204


def test_each_lists_their_own_jobs_and_uploads(alice, bob, teacher):
    mine, theirs = create(alice), create(bob)
    listed = {item["id"] for item in alice.get("/api/jobs").json()["items"]}
    assert mine["id"] in listed and theirs["id"] not in listed
    assert bob.delete("/api/jobs", params={"q": mine["id"]}).json()["deleted"] == []
    everything = {item["id"] for item in teacher.get("/api/jobs").json()["items"]}
    assert {mine["id"], theirs["id"]} <= everything
    upload = alice.post("/api/datasets", files={"file": ("a.csv", csv_bytes(), "text/csv")})
    assert upload.status_code == 201, upload.text
    upload_id = upload.json()["id"]
    assert upload_id not in {d.get("id") for d in bob.get("/api/datasets").json()}
    assert "belongs to someone else" in message(bob.delete(f"/api/datasets/{upload_id}"), 403)
    assert "uploaded datasets" in message(
        alice.post("/api/datasets", files={"file": ("b.csv", csv_bytes(), "text/csv")}), 429)
    assert alice.delete(f"/api/datasets/{upload_id}").status_code == 204
    for job in (mine, theirs):
        assert teacher.delete(f"/api/jobs/{job['id']}").status_code == 204


def test_a_watcher_socket_is_read_only_and_stays_open(server, alice, bob):
    job = create(alice, autostart=True)
    with socket(server, bob, job["id"]) as ws:
        assert receive_until(ws, "snapshot")["job"]["id"] == job["id"]
        ws.send(json.dumps({"action": "pause"}))
        error = receive_until(ws, "error")
        assert error["detail"].startswith("read-only: this run belongs to student-")
        receive_until(ws, "metrics")  # still open, still live
    assert alice.get(f"/api/jobs/{job['id']}").json()["status"] == "running"
    with socket(server, alice, job["id"]) as ws:
        receive_until(ws, "snapshot")
        ws.send(json.dumps({"action": "pause"}))
        assert receive_until(ws, "status")["status"] == "paused"
    alice.delete(f"/api/jobs/{job['id']}")


def test_the_teacher_sees_and_controls_every_job(server, alice, teacher):
    job = create(alice, autostart=True)
    assert teacher.get(f"/api/jobs/{job['id']}").json()["can_act"] is True
    overview = teacher.get("/api/teacher/overview").json()
    tile = next(tile for tile in overview["jobs"] if tile["id"] == job["id"])
    assert tile["nickname"] == job["owner_nickname"] and tile["dataset"] == "circle"
    assert tile["picture"]["z"] and tile["network"] == [4, 2]
    assert "teacher" in message(alice.get("/api/teacher/overview"), 403)
    assert teacher.post(f"/api/jobs/{job['id']}/pause").json()["status"] == "paused"
    assert teacher.delete(f"/api/jobs/{job['id']}").status_code == 204
    # The teacher's cookie: entered once at /teacher.
    with httpx.Client(base_url=server.url) as browser:
        browser.get("/teacher")
        assert "token" in message(browser.post("/api/teacher/login", json={"token": "x" * 20}),
                                  403)
        assert browser.post("/api/teacher/login", json={"token": TEACHER_TOKEN}).status_code \
            == 204
        assert browser.get("/api/me").json()["teacher"] is True
        assert browser.get("/api/teacher/overview").status_code == 200


def test_nicknames_are_set_by_their_owner(alice, bob):
    assert alice.patch("/api/me", json={"nickname": "Ada"}).json()["nickname"] == "Ada"
    job = create(alice)
    assert bob.get(f"/api/jobs/{job['id']}").json()["owner_nickname"] == "Ada"
    assert "nickname" in message(alice.patch("/api/me", json={"nickname": "<b>"}), 422)
    alice.delete(f"/api/jobs/{job['id']}")


def test_quotas_name_themselves_and_how_to_free_one(alice):
    first, second = create(alice, autostart=True), create(alice, autostart=True)
    third = create(alice)
    refused = alice.post(f"/api/jobs/{third['id']}/play")
    assert "at most 2 running jobs per person" in message(refused, 429)
    assert "pause one of yours" in refused.json()["message"] and "retry-after" in refused.headers
    assert "running jobs" in message(alice.post("/api/jobs", json={**JOB, "autostart": True}),
                                     429)
    alice.post(f"/api/jobs/{first['id']}/pause")
    assert alice.post(f"/api/jobs/{third['id']}/play").json()["status"] == "running"
    create(alice)
    assert "at most 4 stored jobs per person" in message(alice.post("/api/jobs", json=JOB), 429)
    for job in alice.get("/api/jobs").json()["items"]:
        alice.delete(f"/api/jobs/{job['id']}")
    assert second["id"] != third["id"]


def test_sweeps_are_the_teachers(alice):
    refused = alice.post("/api/sweeps", json={"base": JOB, "axes": {}})
    assert "sweeps are the teacher's" in message(refused, 403)


def test_a_run_nobody_watches_pauses_as_idle(tmp_path):
    env = {**CLASSROOM, "NNPLAYGROUND_IDLE_PAUSE_S": "0.5"}
    with running_server(tmp_path / "data", extra_env=env, healthy_within=60) as server, \
            owner(server, "i" * 40) as client:
        watched = create(client)
        with socket(server, client, watched["id"]) as ws:
            receive_until(ws, "snapshot")
            assert client.post(f"/api/jobs/{watched['id']}/play").status_code == 200
            unwatched = create(client, autostart=True)
            paused = wait_for(lambda: (job := client.get(f"/api/jobs/{unwatched['id']}").json())
                              ["status"] == "paused" and job, what="the idle pause")
            assert paused["status_reason"] == "idle"
            assert client.get(f"/api/jobs/{watched['id']}").json()["status"] == "running"
        assert client.post(f"/api/jobs/{unwatched['id']}/play").json()["status"] == "running"


def test_a_short_teacher_token_is_refused_at_startup(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "nnplayground", "serve", "--multi-user",
         "--teacher-token", "too-short", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "teacher token has 9 characters; use at least 16" in run.stderr
    assert "too-short" not in run.stderr  # a secret, even a refused one, stays out of logs


def test_single_user_mode_sets_no_cookie_and_needs_no_token(client):
    page = client.get("/")
    assert page.status_code == 200 and "set-cookie" not in page.headers
    assert client.get("/api/jobs").status_code == 200
    assert client.get("/api/me").json() == {"multi_user": False, "nickname": None,
                                            "teacher": False, "quotas": None}
    assert client.get("/teacher").status_code == 404
