import pytest

from nnplayground.jobs import EmbeddedRunner, EventHub, JobManager, Store, Timing, UploadLibrary
from nnplayground.limits import Limits


def open_manager(data_dir, limits: Limits | None = None, workers: int = 2,
                 **timing) -> JobManager:
    store = Store(data_dir)
    manager = JobManager(store, UploadLibrary(store), EventHub(), EmbeddedRunner(workers),
                         limits or Limits(), Timing(**timing))
    manager.start()
    return manager


@pytest.fixture
def managers(tmp_path):
    """`open(**options)` starts a manager on tmp_path; all are shut down at the end."""
    opened: list[JobManager] = []

    def open_one(**options) -> JobManager:
        manager = open_manager(tmp_path, **options)
        opened.append(manager)
        return manager

    yield open_one
    for manager in opened:
        if manager.runner._threads:
            manager.shutdown()
