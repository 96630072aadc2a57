import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nnplayground.api.app import create_app
from nnplayground.settings import Settings


@pytest.fixture
def make_client(tmp_path):
    """`make_client(**settings)`: a TestClient (lifespan running) on tmp_path's data dir."""
    clients: list[TestClient] = []

    def make(**options) -> TestClient:
        settings = Settings(**{"data_dir": tmp_path / "data", **options})
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def run_script(text: str, folder: Path, *arguments: str) -> list[dict]:
    """Run an exported script in this venv's Python; its printed lines as dicts of numbers
    ("step 25 epoch 1.0 train_loss 0.69 ..." -> {"step": 25, "epoch": 1.0, ...})."""
    path = folder / "exported.py"
    path.write_text(text)
    done = subprocess.run([sys.executable, str(path), *arguments], capture_output=True,
                          text=True, timeout=600, cwd=folder)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = []
    for line in done.stdout.splitlines():
        words = line.split()
        rows.append({key: None if value == "None" else float(value)
                     for key, value in zip(words[::2], words[1::2], strict=True)})
    return rows
