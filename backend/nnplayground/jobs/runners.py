"""The runner a server trains with (`Settings.runner`), and the limits that go with it."""

from nnplayground.jobs.embedded import EmbeddedRunner
from nnplayground.jobs.ray_local import keep_to_loopback
from nnplayground.jobs.runner import Runner
from nnplayground.limits import Limits
from nnplayground.settings import Settings

RAY_MISSING = "--runner ray needs Ray: pip install 'nnplayground[ray]'"


def build_runner(settings: Settings) -> tuple[Runner, Limits]:
    """The runner; on Ray, `max_running_jobs` becomes what the cluster's CPUs take."""
    if settings.runner == "embedded":
        runner = EmbeddedRunner(workers=settings.workers, slice_seconds=settings.slice_seconds,
                                switch_interval=settings.switch_interval)
        return runner, settings.limits
    if settings.runner == "ray":
        if settings.ray_address is None:
            keep_to_loopback()
        try:
            from nnplayground.jobs.ray_runner import RayRunner
        except ImportError as error:
            raise RuntimeError(RAY_MISSING) from error
        runner = RayRunner(settings.ray_address, slice_seconds=settings.slice_seconds,
                           kernel=settings.kernel, switch_interval=settings.switch_interval)
        return runner, settings.limits.model_copy(
            update={"max_running_jobs": runner.max_running_jobs()})
    raise ValueError(f"runner must be embedded or ray, got {settings.runner!r}")
