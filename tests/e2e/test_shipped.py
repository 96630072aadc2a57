"""The product as people get it: the wheel, installed with its runtime dependencies only into
a fresh venv outside the repo, serves the page, Plotly, /docs and the live stream.

Everything the dev environment adds (pytest, httpx2, playwright...) is absent from that venv,
so a feature that works only thanks to a dev dependency fails here. The browser scenarios
imported at the end run against this server instead of the dev one.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from tests.utils.server import Server, free_port, wait_until_healthy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PIP_QUIET = ["-q", "--disable-pip-version-check"]


def source_copy(target: Path) -> Path:
    """The files of this checkout (tracked or new, not ignored): a build sees nothing else."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def run(command: list, **options) -> str:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                            **options)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def outside_env() -> dict:
    """This environment without anything that points Python at the repo or its venv."""
    return {name: value for name, value in os.environ.items()
            if name not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """A fresh venv with the built wheel and its runtime dependencies; returns its bin/."""
    work = tmp_path_factory.mktemp("shipped")
    source = source_copy(work / "source")
    run([sys.executable, "-m", "pip", "wheel", *PIP_QUIET, "--no-deps", "-w", work / "dist",
         source], env=outside_env())
    [wheel] = (work / "dist").glob("nnplayground-*.whl")
    # This pip installs into the new venv (--python): a venv without pip of its own is made
    # in a blink, and --no-compile skips compiling all of plotly (imports compile what they use).
    run([sys.executable, "-m", "venv", "--without-pip", work / "venv"])
    bin_dir = work / "venv" / "bin"
    run([sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", *PIP_QUIET,
         "--no-compile", "-c", ROOT / "constraints.txt", wheel], env=outside_env(), cwd=work)
    return bin_dir


@pytest.fixture(scope="module")
def server(shipped, tmp_path_factory):
    """`nnplayground serve` of the shipped venv, started from a folder outside the repo."""
    home = tmp_path_factory.mktemp("shipped-home")
    port = free_port()
    log_path = home / "server.log"
    command = [shipped / "nnplayground", "serve", "--port", str(port), "--data-dir", "data"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=home, env=outside_env(), stdout=log,
                                   stderr=subprocess.STDOUT)
    server = Server(process, port, home / "data", log_path)
    wait_until_healthy(server, timeout=90)  # a cold start: nothing is byte-compiled yet
    try:
        yield server
    finally:
        server.stop()
        if server.process.returncode not in (0, -signal.SIGTERM):
            print(server.log())


def test_the_venv_has_the_runtime_dependencies_only(shipped):
    python = shipped / "python"
    where = run([python, "-c", "import nnplayground.api.static as s; print(s.FRONTEND_DIR)"],
                cwd=shipped, env=outside_env())
    assert Path(where.strip()).is_relative_to(shipped.parent), "not served from the venv"
    # httpx is a runtime dependency since nnplayground.client (issue 14); its TestClient
    # flavour httpx2 is not.
    for dev_only in ("pytest", "playwright", "httpx2"):
        missing = subprocess.run([python, "-c", f"import {dev_only}"], capture_output=True,
                                 env=outside_env())
        assert missing.returncode != 0, f"{dev_only} is in the runtime venv"
    run([python, "-c", "import nnplayground.client"], cwd=shipped, env=outside_env())


def test_the_wheel_serves_page_plotly_docs_and_the_stream(server):
    with httpx.Client(base_url=server.url, timeout=10) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert '<script type="module" src="js/main.js">' in page.text
        for path in ("/js/main.js", "/js/api.js", "/css/playground.css"):
            assert client.get(path).status_code == 200, path
        plotly = client.get("/vendor/plotly.min.js")
        assert plotly.status_code == 200 and len(plotly.content) > 1_000_000
        assert plotly.headers["content-encoding"] == "gzip"
        docs = client.get("/docs")
        assert docs.status_code == 200
        assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
        health = client.get("/api/health").json()
        assert health["live_updates"] is True, health
        spec = {"dataset": {"name": "spiral", "n_samples": 200},
                "network": {"hidden": [{"units": 4}]}}
        job = client.post("/api/jobs", json=spec).json()

    with connect(f"{server.ws_url}/api/jobs/{job['id']}/stream", open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "snapshot"
        socket.send(json.dumps({"action": "play"}))
        steps = []
        while not steps:
            message = json.loads(socket.recv(timeout=10))
            if message["type"] == "metrics":
                steps = message["points"]["step"]
        assert steps[-1] > 0
        socket.send(json.dumps({"action": "pause"}))
    log = server.log()
    for trouble in ("No supported WebSocket library", "live updates are unavailable", "Traceback"):
        assert trouble not in log, log


# The browser scenarios, against the shipped server above (pytest collects them here too).
from tests.e2e.test_api_docs import (  # noqa: E402
    test_swagger_ui_renders_every_operation_from_this_server_alone as test_shipped_docs,
)
from tests.e2e.test_playground import (  # noqa: E402
    test_train_spiral_pause_step_and_reload as test_shipped_page_trains_spiral,
)

__all__ = ["test_shipped_docs", "test_shipped_page_trains_spiral"]
