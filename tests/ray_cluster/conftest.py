"""One local Ray instance (2 CPUs, a small object store) for every Ray test, and managers
that train on it. Starting Ray takes seconds, so the session shares it."""

import os

import pytest

from nnplayground.jobs import EventHub, JobManager, Store, Timing, UploadLibrary
from nnplayground.jobs.ray_local import keep_to_loopback
from nnplayground.kernel import NUMPY
from nnplayground.limits import Limits
from tests.jobs.conftest import AsClientSees

keep_to_loopback()  # before Ray is imported: the session's instance stays on loopback
ray = pytest.importorskip("ray")
from nnplayground.jobs.ray_actor import connect  # noqa: E402
from nnplayground.jobs.ray_runner import RayRunner  # noqa: E402


@pytest.fixture(scope="session")
def ray_cluster():
    """The address of the local Ray instance the session shares."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    started = connect(None, local_cpus=2)
    yield ray.get_runtime_context().gcs_address
    if started:
        ray.shutdown()


def open_ray_manager(data_dir, actors: int = 2, **timing) -> AsClientSees:
    store = Store(data_dir)
    runner = RayRunner(actors=actors, kernel="numpy")  # the kernel the manager's NUMPY names
    manager = JobManager(store, UploadLibrary(store), EventHub(), runner, Limits(),
                         Timing(**timing), NUMPY)
    manager.start()
    return AsClientSees(manager)


@pytest.fixture
def ray_managers(tmp_path, ray_cluster):
    """`open(**options)` starts a manager on Ray with its data in tmp_path."""
    opened: list[AsClientSees] = []

    def open_one(**options) -> AsClientSees:
        manager = open_ray_manager(tmp_path, **options)
        opened.append(manager)
        return manager

    yield open_one
    for manager in opened:
        manager.shutdown()
