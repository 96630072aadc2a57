import pytest
from fastapi.testclient import TestClient

from nnplayground.api.app import create_app
from nnplayground.limits import Limits
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


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


@pytest.fixture
def small_limits() -> Limits:
    return Limits(max_running_jobs=1, max_stored_jobs=3, max_upload_bytes=2048,
                  max_epochs_per_step=5)
