"""The CLI serves on loopback, honours --data-dir and stops promptly on SIGTERM."""

import httpx

from tests.utils.factories import spec, wait_for
from tests.utils.server import running_server, start_server


def test_serve_answers_health_and_stops_within_seconds_of_sigterm(tmp_path):
    server = start_server(tmp_path / "data")
    try:
        assert httpx.get(f"{server.url}/api/health").json()["status"] == "ok"
        assert httpx.get(f"{server.url}/").status_code == 200
    finally:
        seconds = server.stop()
    assert seconds < 5.0
    # uvicorn shuts down gracefully, then re-raises the signal it caught.
    assert "Finished server process" in server.log()


def test_data_dir_flag_wins_over_environment(tmp_path):
    from_flag, from_env = tmp_path / "flag", tmp_path / "env"
    with running_server(from_flag, extra_env={"NNPLAYGROUND_DATA_DIR": str(from_env)}):
        assert from_flag.is_dir()
    assert not from_env.exists()


def test_without_numba_the_server_logs_one_error_and_trains_on_numpy(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "numba.py").write_text("raise ImportError('numba is broken here')\n")
    with running_server(tmp_path / "data", extra_env={"PYTHONPATH": str(broken)}) as server:
        url = f"{server.url}/api"
        wait_for(lambda: httpx.get(f"{url}/health").json()["kernel"] == "unavailable",
                 what="the kernel given up")
        job = httpx.post(f"{url}/jobs", json={**spec(), "autostart": True}).json()
        wait_for(lambda: httpx.get(f"{url}/jobs/{job['id']}").json()["step"] > 100,
                 what="training on numpy")
        job = httpx.get(f"{url}/jobs/{job['id']}").json()
    assert (job["status"], job["kernel"]) == ("running", "numpy")
    assert job["kernel_reason"] == ("the compiled kernel is unavailable: "
                                    "ImportError: numba is broken here")
    errors = [line for line in server.log().splitlines() if "kernel" in line.lower()
              and "error" in line.lower()]
    assert len(errors) == 1, server.log()
    assert "the compiled kernel is unavailable, jobs train on numpy" in errors[0]
