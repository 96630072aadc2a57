"""Multi-user mode's limits on a real server process: the teacher login's rate limit, the
quotas in /api/limits, and sweeps listed to their owner (the teacher sees all)."""

from collections.abc import Iterator

import httpx
import pytest

from nnplayground.classroom.login_throttle import (
    FAILURES_PER_MINUTE,
    LoginThrottle,
    TooManyFailures,
)
from tests.api.test_classroom import CLASSROOM, JOB, TEACHER_TOKEN, message, owner
from tests.utils.server import Server, running_server

pytestmark = pytest.mark.slow
SWEEP = {"base": {**JOB, "training": {"max_epochs": 1}},
         "grid": {"training.learning_rate": [0.1]}, "max_parallel": 1}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("classroom-limits") / "data",
                        extra_env=CLASSROOM, healthy_within=60) as server:
        yield server


def test_the_teacher_login_refuses_a_guesser_for_a_while(server):
    with httpx.Client(base_url=server.url, timeout=10.0) as guesser:
        for attempt in range(FAILURES_PER_MINUTE):
            wrong = guesser.post("/api/teacher/login", json={"token": f"guess-{attempt:020d}"})
            assert "not the teacher token" in message(wrong, 403)
        for token in ("one-more-guess-0123456789", TEACHER_TOKEN):  # even the right one
            refused = guesser.post("/api/teacher/login", json={"token": token})
            text = message(refused, 429)
            assert f"at most {FAILURES_PER_MINUTE} wrong tokens a minute" in text
            assert 1 <= int(refused.headers["retry-after"]) <= 60
            assert "set-cookie" not in refused.headers


def test_the_throttle_forgets_failures_after_a_minute_and_counts_addresses_apart():
    now = [0.0]
    throttle = LoginThrottle(most=2, window=60.0, clock=lambda: now[0])
    throttle.failed("10.0.0.1")
    now[0] = 30.0
    throttle.failed("10.0.0.1")
    throttle.check("10.0.0.2")  # another address: free
    with pytest.raises(TooManyFailures) as refused:
        throttle.check("10.0.0.1")
    assert refused.value.retry_after == 30  # the first failure is a minute old then
    now[0] = 60.0
    throttle.check("10.0.0.1")  # one failure left in the window: one more try


def test_limits_report_the_quotas_in_multi_user_mode(server):
    with owner(server, "q" * 40) as person:
        limits = person.get("/api/limits").json()
        assert limits["quotas"] == person.get("/api/me").json()["quotas"] \
            == {"running_jobs": 2, "stored_jobs": 4, "uploads": 1}
        assert limits["teacher_login_failures_per_minute"] == FAILURES_PER_MINUTE
        assert limits["max_units"] == 256  # and the server's own limits, as ever


def test_each_lists_their_own_sweeps_the_teacher_all(server):
    with owner(server, TEACHER_TOKEN) as teacher, owner(server, "s" * 40) as person:
        created = teacher.post("/api/sweeps", json=SWEEP)
        assert created.status_code == 201, created.text
        sweep_id = created.json()["id"]
        assert sweep_id in {sweep["id"] for sweep in teacher.get("/api/sweeps").json()}
        assert person.get("/api/sweeps").json() == []
        assert person.get(f"/api/sweeps/{sweep_id}").status_code == 200  # with its id: read
        assert teacher.delete(f"/api/sweeps/{sweep_id}").status_code == 204
        assert teacher.get("/api/sweeps").json() == []
