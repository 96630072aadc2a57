"""Host and Origin checks, and the security headers on every answer (issue 10, item 11).

TestClient's requests come in on the host "testserver", which counts as the address
the server is reached at; browsers' requests are imitated with Host and Origin headers.
"""

import pytest
from starlette.testclient import WebSocketDenialResponse

from tests.utils.factories import create_job, csv_bytes

EVIL = "http://evil.example"


def test_a_foreign_host_name_is_refused(client):
    response = client.get("/api/health", headers={"host": "attacker.example:8000"})
    assert response.status_code == 400
    assert "attacker.example" in response.json()["message"]
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "localhost"])
def test_loopback_names_are_served(client, host):
    assert client.get("/api/health", headers={"host": host}).status_code == 200


def test_allowed_hosts_adds_names(make_client):
    client = make_client(allowed_hosts=("playground.lan",))
    assert client.get("/api/health", headers={"host": "playground.lan:8000"}).status_code == 200
    assert client.get("/api/health", headers={"host": "other.lan"}).status_code == 400


def test_cross_site_requests_that_change_state_are_refused(client):
    job_id = create_job(client)["id"]
    for path in (f"/api/jobs/{job_id}/play", f"/api/jobs/{job_id}/reset", "/api/jobs"):
        response = client.post(path, headers={"origin": EVIL})
        assert response.status_code == 403, path
        assert EVIL in response.json()["message"]
    upload = client.post("/api/datasets", files={"file": ("a.csv", csv_bytes())},
                         headers={"origin": EVIL})
    assert upload.status_code == 403
    assert client.delete(f"/api/jobs/{job_id}", headers={"origin": EVIL}).status_code == 403
    assert client.get(f"/api/jobs/{job_id}").json()["status"] == "created"


def test_same_origin_and_listed_origins_pass(make_client):
    client = make_client(allowed_origins=("http://tools.lan:3000",))
    job_id = create_job(client)["id"]
    own = {"origin": "http://localhost:8000", "host": "localhost:8000"}
    assert client.post(f"/api/jobs/{job_id}/play", headers=own).status_code == 200
    listed = {"origin": "http://tools.lan:3000"}
    assert client.post(f"/api/jobs/{job_id}/pause", headers=listed).status_code == 200
    # Reading is not a change of state: any origin may (the browser keeps the answer).
    assert client.get(f"/api/jobs/{job_id}", headers={"origin": EVIL}).status_code == 200


def test_a_cross_site_websocket_is_refused_before_it_opens(client):
    job_id = create_job(client)["id"]
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect(
            f"/api/jobs/{job_id}/stream", headers={"origin": EVIL}):
        pass
    assert denied.value.status_code == 403
    with client.websocket_connect(f"/api/jobs/{job_id}/stream",
                                  headers={"origin": "http://testserver"}) as ws:
        assert ws.receive_json()["type"] == "snapshot"


@pytest.mark.parametrize("path", ["/", "/api/health", "/api/nothing", "/vendor/plotly.min.js",
                                  "/docs", "/openapi.json"])
def test_every_answer_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "http:" not in csp and "https:" not in csp and "*" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_the_docs_inline_script_is_allowed_by_its_hash_only(client):
    csp = client.get("/docs").headers["content-security-policy"]
    script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
    assert "'sha256-" in script_src and "unsafe-inline" not in script_src
    assert "'sha256-" not in client.get("/").headers["content-security-policy"]
