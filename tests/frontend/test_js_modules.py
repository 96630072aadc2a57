"""Runs the unit tests of the page's pure ES modules with `node --test` (no npm install).

The modules take what the server allows as an argument; the tests get the server's own
answers of `GET /api/choices` and `GET /api/limits` (in the file named by PAGE_RULES), so
they hold no copy of them either.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nnplayground.api.app import create_app
from nnplayground.settings import Settings

HERE = Path(__file__).resolve().parent


def node_or_skip() -> str:
    node = shutil.which("node")
    if node:
        return node
    message = "node is not installed: install Node.js (>= 18) to run the page's unit tests"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)


def server_rules(data_dir: Path) -> dict:
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        answers = {name: client.get(f"/api/{name}") for name in ("choices", "limits")}
    for name, answer in answers.items():
        assert answer.status_code == 200, f"GET /api/{name}: {answer.status_code}"
    return {name: answer.json() for name, answer in answers.items()}


def test_pure_modules_pass_node_test(tmp_path):
    node = node_or_skip()
    files = sorted(str(path) for path in HERE.glob("*.test.mjs"))
    assert files, f"no *.test.mjs files in {HERE}"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(server_rules(tmp_path / "data")))
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120,
                            cwd=HERE.parents[1], env={**os.environ, "PAGE_RULES": str(rules)})
    if result.returncode != 0:
        pytest.fail(f"node --test failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
