import gc

import pytest


@pytest.fixture(autouse=True, scope="module")
def frozen_heap():
    """Move what is alive when a module starts (imported libraries: torch, numba, Ray,
    Playwright, schemathesis...) out of the collector's sight. The server calls
    gc.collect() on every job delete and unload (jobs/memory.py); in this one process
    that held the whole suite's heap, a collection took seconds under load and one test
    that deletes 80 jobs ran for over ten minutes."""
    gc.collect()
    gc.freeze()
    yield
