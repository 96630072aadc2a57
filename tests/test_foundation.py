"""The project's own packaging: CLI, Docker files and the README agree with each other."""

import re
import subprocess
import sys
from pathlib import Path

import yaml
from fastapi.testclient import TestClient

from nnplayground import __version__
from nnplayground.api.app import create_app
from nnplayground.cli import build_parser
from nnplayground.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_health_reports_ok_and_version(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as client:
        response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


def test_data_dir_is_created_when_missing(tmp_path):
    data_dir = tmp_path / "nested" / "data"
    with TestClient(create_app(Settings(data_dir=data_dir))):
        assert data_dir.is_dir()


def test_module_entry_point_prints_help():
    result = subprocess.run([sys.executable, "-m", "nnplayground", "serve", "--help"],
                            capture_output=True, text=True, check=True)
    for option in ("--host", "--port", "--data-dir", "--workers"):
        assert option in result.stdout


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_one_api_service_built_from_this_repo():
    services = compose()["services"]
    assert [name for name, service in services.items() if "profiles" not in service] == ["api"]
    api = services["api"]
    assert api["build"]["context"] == "."
    assert (ROOT / api["build"]["dockerfile"]).is_file()
    assert "8000:8000" in api["ports"]


def test_the_ray_profile_runs_a_head_a_worker_and_an_api_on_ray():
    services = compose()["services"]
    ray = {name: service for name, service in services.items()
           if "ray" in service.get("profiles", ())}
    assert set(ray) == {"ray-head", "ray-worker", "api-ray"}
    for service in ray.values():
        assert service["build"]["args"]["EXTRAS"] == "[ray]"
    assert "--head" in ray["ray-head"]["command"]
    assert "--address=ray-head:6379" in ray["ray-worker"]["command"]
    assert "--runner ray --ray-address auto" in " ".join(ray["api-ray"]["command"])


def test_compose_keeps_data_on_a_named_volume():
    document = compose()
    api = document["services"]["api"]
    volume, mount = api["volumes"][0].split(":")
    assert volume in document["volumes"]
    assert api["environment"]["NNPLAYGROUND_DATA_DIR"] == mount


def test_compose_healthcheck_probes_the_health_endpoint():
    check = compose()["services"]["api"]["healthcheck"]
    assert any("/api/health" in part for part in check["test"])
    assert {"interval", "timeout", "retries"} <= set(check)


def dockerfile_command() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD\s+(\[.*\])\s*$", text, re.MULTILINE)
    assert match, "Dockerfile has no exec-form CMD"
    return yaml.safe_load(match.group(1))


def test_dockerfile_runs_the_documented_cli():
    command = dockerfile_command()
    assert command[:2] == ["nnplayground", "serve"]
    readme = (ROOT / "README.md").read_text()
    assert "nnplayground serve" in readme
    args = build_parser().parse_args(command[1:])
    assert (args.host, args.port, str(args.data_dir)) == ("0.0.0.0", 8000, "/data")


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
