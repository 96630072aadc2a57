"""One settings model: flags win over NNPLAYGROUND_* variables, which win over defaults; the
limits it holds are what the server enforces and what /api/limits reports."""

import os
from pathlib import Path

from fastapi.testclient import TestClient

from nnplayground.api.app import create_app
from nnplayground.cli import Cli
from nnplayground.limits import Limits
from nnplayground.settings import Settings


def from_command_line(*flags: str) -> Settings:
    cli = Cli()
    return cli.settings(cli.parser.parse_args(["serve", *flags]))


def test_defaults_without_flags_or_variables(monkeypatch):
    for name in ("HOST", "PORT", "DATA_DIR", "WORKERS", "KERNEL"):
        monkeypatch.delenv(f"NNPLAYGROUND_{name}", raising=False)
    settings = from_command_line()
    assert (settings.host, settings.port, settings.data_dir, settings.workers,
            settings.kernel) == ("127.0.0.1", 8000, Path("data"), os.cpu_count(), "compiled")
    assert settings.limits == Limits()


def test_variables_set_what_flags_leave_and_flags_win(monkeypatch):
    monkeypatch.setenv("NNPLAYGROUND_DATA_DIR", "/from/env")
    monkeypatch.setenv("NNPLAYGROUND_PORT", "9001")
    monkeypatch.setenv("NNPLAYGROUND_LIMITS__MAX_UNITS", "64")
    monkeypatch.setenv("NNPLAYGROUND_LIMITS__MAX_RUNNING_JOBS", "4")
    settings = from_command_line("--data-dir", "/from/flag", "--limits.max-running-jobs", "2")
    assert settings.data_dir == Path("/from/flag")
    assert settings.port == 9001
    assert settings.limits.max_units == 64
    assert settings.limits.max_running_jobs == 2


def test_settings_made_in_code_read_the_environment_too(monkeypatch, tmp_path):
    monkeypatch.setenv("NNPLAYGROUND_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("NNPLAYGROUND_LIMITS__MAX_PICTURE_VALUES", "1234")
    assert Settings().data_dir == tmp_path / "env-data"
    assert Settings().limits.max_picture_values == 1234
    assert Settings(data_dir=tmp_path).data_dir == tmp_path


def test_limits_endpoint_reports_every_enforced_limit(monkeypatch, tmp_path):
    monkeypatch.setenv("NNPLAYGROUND_LIMITS__MAX_PICTURE_VALUES", "5000")
    settings = from_command_line("--data-dir", str(tmp_path), "--limits.max-units", "8")
    with TestClient(create_app(settings)) as client:
        reported = client.get("/api/limits").json()
        assert reported == settings.limits.model_dump()
        assert set(reported) == set(Limits.model_fields)
        assert (reported["max_units"], reported["max_picture_values"]) == (8, 5000)
        # ...and they are the limits the server enforces.
        spec = {"dataset": {"name": "xor"}, "network": {"hidden": [{"units": 9}]}}
        refused = client.post("/api/jobs", json=spec)
        assert refused.status_code == 422
        assert "at most 8 units" in refused.json()["message"]
