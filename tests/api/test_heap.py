"""The server's startup heap stays out of the collector's sight."""

import gc

from fastapi.testclient import TestClient

from nnplayground.api.app import create_app
from nnplayground.settings import Settings


def test_a_started_server_keeps_its_startup_heap_out_of_the_collectors_sight(tmp_path):
    """Each job delete runs a full collection (jobs/memory.py); it must not scan the
    libraries loaded at startup again and again, with the GIL held."""
    gc.collect()
    gc.unfreeze()
    alive = len(gc.get_objects())
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))):
        assert gc.get_freeze_count() >= alive // 2
