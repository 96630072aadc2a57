"""The CLI serves on loopback, honours --data-dir and stops promptly on SIGTERM."""

import httpx

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
