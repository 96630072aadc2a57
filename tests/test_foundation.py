"""The project's own packaging: CLI, Docker files and the README agree with each other."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from nnplayground import __version__
from nnplayground.api.app import create_app
from nnplayground.cli import Cli
from nnplayground.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_health_reports_ok_version_live_updates_and_kernel(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as client:
        response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body.pop("kernel") in ("compiling", "compiled")  # loads in the background
    assert body == {"status": "ok", "version": __version__, "live_updates": True,
                    "live_updates_problem": None}
    with TestClient(create_app(Settings(data_dir=tmp_path / "data", kernel="numpy"))) as client:
        assert client.get("/api/health").json()["kernel"] == "numpy"


def test_data_dir_is_created_when_missing(tmp_path):
    data_dir = tmp_path / "nested" / "data"
    with TestClient(create_app(Settings(data_dir=data_dir))):
        assert data_dir.is_dir()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnplayground", *args],
                          capture_output=True, text=True)


def test_version_and_help_name_the_command():
    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"nnplayground {__version__}"
    top = run_cli("--help")
    assert top.returncode == 0
    assert re.search(r"serve\s+serve the playground", top.stdout)


def setting_paths(model: type, prefix: str = "") -> list[str]:
    """Every leaf setting as a dotted path: `data_dir`, `limits.max_units`, ..."""
    paths = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            paths += setting_paths(annotation, f"{prefix}{name}.")
        else:
            paths.append(prefix + name)
    return paths


def test_serve_help_describes_every_setting_with_its_flag_and_variable():
    result = run_cli("serve", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())  # argparse wraps lines anywhere
    paths = setting_paths(Settings)
    assert {"host", "port", "data_dir", "workers", "kernel",
            "limits.max_picture_values"} <= set(paths)
    for path in paths:
        flag = "--" + path.replace("_", "-")
        variable = "NNPLAYGROUND_" + path.replace(".", "__").upper()
        # `--port int port to listen on (default: 8000) [env: NNPLAYGROUND_PORT]`; a bool
        # reads `--x, --no-x ...`, a choice `--x {a,b} ...`.
        match = re.search(rf"{re.escape(flag)}\S* \S+ ([^\[]+?) \(default: .+?\) "
                          rf"\[env: {variable}\]", text)
        assert match, f"{flag} is not described with its default and {variable}"
        assert len(match.group(1)) > 10, f"{flag} has no description"


def test_a_bad_setting_is_refused_naming_its_flag_and_variable():
    result = run_cli("serve", "--workers", "0")
    assert result.returncode == 2
    assert "--workers (NNPLAYGROUND_WORKERS): Input should be greater than or equal to 1" \
        in result.stderr
    result = run_cli("serve", "--limits.max-units", "many")
    assert result.returncode == 2
    assert "--limits.max-units (NNPLAYGROUND_LIMITS__MAX_UNITS): Input should be a valid " \
           "integer" in result.stderr


# ---- the container ------------------------------------------------------------------------


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", dockerfile())
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def dockerfile_command() -> list[str]:
    [command] = [arguments for name, arguments in instructions() if name == "CMD"]
    return yaml.safe_load(command)


def test_dockerfile_runs_the_documented_cli_on_every_interface():
    command = dockerfile_command()
    assert command[:2] == ["nnplayground", "serve"]
    assert "nnplayground serve" in (ROOT / "README.md").read_text()
    cli = Cli()
    settings = cli.settings(cli.parser.parse_args(command[1:]))
    assert (settings.host, settings.port, settings.data_dir) == ("0.0.0.0", 8000, Path("/data"))


def test_dockerfile_pins_its_base_and_installs_dependencies_before_the_code():
    steps = instructions()
    assert steps[0] == ("FROM", "python:3.11-slim-bookworm")
    copies = [(index, arguments) for index, (name, arguments) in enumerate(steps)
              if name == "COPY"]
    runs = [(index, arguments) for index, (name, arguments) in enumerate(steps) if name == "RUN"]
    first_copy = copies[0][1].split()
    assert {"pyproject.toml", "constraints.txt"} <= set(first_copy)
    assert not {"backend", "frontend"} & {Path(part).name for part in first_copy}
    code_copied_at = min(index for index, arguments in copies if "backend" in arguments)
    dependencies_at = min(index for index, arguments in runs if "pip install -r" in arguments)
    assert copies[0][0] < dependencies_at < code_copied_at
    installs = [arguments for _, arguments in runs if "pip install" in arguments]
    assert all("-c constraints.txt" in arguments for arguments in installs)
    assert not any(re.search(r"pip install.*\s(-e|--editable)\s", arguments)
                   for arguments in installs), "the image must not use an editable install"
    assert any(re.search(r"pip install .*\s\.(\s|$)", arguments) for arguments in installs)


def test_dockerfile_runs_as_a_user_owning_the_data_volume_and_checks_health():
    steps = instructions()
    [user] = [arguments for name, arguments in steps if name == "USER"]
    assert user not in ("root", "0")
    assert any(name == "RUN" and f"chown {user}:{user} /data" in arguments
               for name, arguments in steps)
    assert ("VOLUME", '["/data"]') in steps
    [health] = [arguments for name, arguments in steps if name == "HEALTHCHECK"]
    assert "http://127.0.0.1:8000/api/health" in health


def test_the_dependency_layer_installs_the_runtime_dependencies():
    script = ROOT / "scripts" / "runtime-requirements.py"
    result = subprocess.run([sys.executable, script, ROOT / "pyproject.toml"],
                            capture_output=True, text=True, check=True)
    names = {re.split(r"[<>=\[]", line)[0] for line in result.stdout.split()}
    assert {"fastapi", "uvicorn", "websockets", "pydantic-settings", "plotly"} <= names


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".git", "data", "test-artifacts", "**/__pycache__", ".pytest_cache",
            ".ruff_cache"} <= ignored


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_publishes_on_loopback_and_documents_the_lan_way():
    services = compose()["services"]
    assert [name for name, service in services.items() if "profiles" not in service] == ["api"]
    api = services["api"]
    assert api["build"]["context"] == "."
    assert (ROOT / api["build"]["dockerfile"]).is_file()
    assert api["ports"] == ["127.0.0.1:8000:8000"]
    text = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"LAN.*\n(\s*#.*\n)*\s*#\s*- \"8000:8000\"", text), \
        "docker-compose.yml should show, commented, how to publish on the LAN"


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


def test_docker_compose_accepts_the_compose_file(tmp_path):
    if shutil.which("docker-compose") is None:
        message = "docker-compose is missing (scripts/ensure-compose.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)
    result = subprocess.run(["docker-compose", "config", "-q"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
