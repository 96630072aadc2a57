import pytest
from pydantic import BaseModel

from nnplayground.jobs import EmbeddedRunner, EventHub, JobManager, Store, Timing, UploadLibrary
from nnplayground.kernel import NUMPY, KernelChoice
from nnplayground.limits import Limits


class AsClientSees:
    """A manager whose job objects come back as the JSON a client reads."""

    def __init__(self, manager: JobManager):
        self.manager = manager

    def __getattr__(self, name: str):
        value = getattr(self.manager, name)
        if name.startswith("_") or not callable(value):
            return value

        def call(*args, **kwargs):
            answer = value(*args, **kwargs)
            if isinstance(answer, BaseModel):
                return answer.model_dump(mode="json")
            if isinstance(answer, list) and answer and isinstance(answer[0], BaseModel):
                return [item.model_dump(mode="json") for item in answer]
            return answer

        return call


def open_manager(data_dir, limits: Limits | None = None, workers: int = 2,
                 kernels: KernelChoice = NUMPY, **timing) -> AsClientSees:
    store = Store(data_dir)
    manager = JobManager(store, UploadLibrary(store), EventHub(), EmbeddedRunner(workers),
                         limits or Limits(), Timing(**timing), kernels)
    manager.start()
    return AsClientSees(manager)


@pytest.fixture
def managers(tmp_path):
    """`open(**options)` starts a manager on tmp_path; all are shut down at the end."""
    opened: list[AsClientSees] = []

    def open_one(**options) -> AsClientSees:
        manager = open_manager(tmp_path, **options)
        opened.append(manager)
        return manager

    yield open_one
    for manager in opened:
        manager.shutdown()  # again, for a test that shut it down itself: a no-op


@pytest.fixture(scope="session")
def compiled_kernel() -> KernelChoice:
    """The compiled kernel, loaded (compiled, or read from numba's cache)."""
    choice = KernelChoice("compiled")
    choice.load()
    assert choice.state == "compiled", choice.error
    return choice
