"""Runs the unit tests of the page's pure ES modules with `node --test` (no npm install)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def node_or_skip() -> str:
    node = shutil.which("node")
    if node:
        return node
    message = "node is not installed: install Node.js (>= 18) to run the page's unit tests"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)


def test_pure_modules_pass_node_test():
    node = node_or_skip()
    files = sorted(str(path) for path in HERE.glob("*.test.mjs"))
    assert files, f"no *.test.mjs files in {HERE}"
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120,
                            cwd=HERE.parents[1])
    if result.returncode != 0:
        pytest.fail(f"node --test failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
