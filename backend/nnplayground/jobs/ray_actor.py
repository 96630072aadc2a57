"""The Ray actor that hosts a shard (shard.py), and joining or starting a Ray cluster.

The actor has threads of its own: `train` runs the shard's round-robin for as long as the
actor lives; `control` answers pause and live hyperparameters, `reports` the poller's
periodic collect (which waits for each job's slice in progress: never in control's way),
`steps` the `step` actions. They share the GIL, so the actor lowers its switch interval as
the embedded runner does: a control call waits for at most one switch interval's GIL hold,
not a whole slice's.
"""

import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import ray
from ray.exceptions import GetTimeoutError, NodeDiedError, ObjectLostError, RayActorError

from nnplayground.jobs.ray_local import CLUSTERS_VARIABLE
from nnplayground.jobs.shard import Shard, step
from nnplayground.jobs.shard_messages import Plan, Progress, Wants
from nnplayground.kernel import KernelChoice

# Failures of a call to an actor: it died, its node did, or it did not answer in time.
# (A method that raises gives a RayTaskError instead: the actor is fine.)
ACTOR_FAILURES = (RayActorError, GetTimeoutError, NodeDiedError, ObjectLostError)
REACH_SECONDS = 5.0  # ray.init retries an unreachable address for minutes
STOP_CHECK_SECONDS = 0.01  # a step on an actor hears its `stop` (a pause, say) this often

LOCAL_OBJECT_STORE_BYTES = 100 * 1024 * 1024  # reports are small; Ray's default is 30% of RAM


class RayUnavailable(RuntimeError):
    """The Ray cluster to join cannot be reached (or a local one cannot start)."""


@ray.remote(concurrency_groups={"train": 1, "control": 1, "reports": 1, "steps": 1})
class ShardActor:
    def __init__(self, slice_seconds: float, kernel: str = "numpy",
                 switch_interval: float = 0.001):
        sys.setswitchinterval(switch_interval)
        self.kernels = KernelChoice(kernel)  # the server's kernel, loaded in this actor
        self.kernels.start()
        self.shard = Shard(slice_seconds, self.kernels)
        self.cancelled: set[str] = set()  # steps told to stop (step_cancel)

    @ray.method(concurrency_group="train")
    def train(self) -> None:
        self.shard.train()

    @ray.method(concurrency_group="control")
    def add(self, plan: Plan, placement: int = 0) -> None:
        self.shard.add(plan, placement)

    @ray.method(concurrency_group="reports")
    def collect(self, wants: dict[str, Wants]) -> dict[str, Progress]:
        return self.shard.collect(wants)

    @ray.method(concurrency_group="control")
    def withdraw(self, job_id: str, wants: Wants) -> Progress | None:
        return self.shard.withdraw(job_id, wants)

    @ray.method(concurrency_group="control")
    def update(self, job_id: str, changes: dict, number: int) -> None:
        self.shard.update(job_id, changes, number)

    @ray.method(concurrency_group="control")
    def jobs(self) -> int:
        return self.shard.jobs()

    @ray.method(concurrency_group="control")
    def stop(self) -> None:
        self.shard.stop()

    @ray.method(concurrency_group="control")
    def cpu_seconds(self) -> float:
        """CPU time this actor's process has used (all its threads)."""
        return time.process_time()

    @ray.method(concurrency_group="control")
    def memory(self) -> int:
        """Resident bytes of this actor's process (Linux)."""
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    @ray.method(concurrency_group="control")
    def cancel_step(self, step_id: str) -> None:
        """The step `step_id` stops after its current chunk (its answer says "cancelled")."""
        self.cancelled.add(step_id)

    @ray.method(concurrency_group="steps")
    def step(self, plan: Plan, steps: int, seconds: float, step_id: str = ""
             ) -> tuple[Progress, str]:
        try:
            return step(plan, steps, seconds, self.kernels, lambda: step_id in self.cancelled)
        finally:
            self.cancelled.discard(step_id)


def wait_for_step(actor, call, step_id: str, stop: Callable[[], bool], seconds: float
                  ) -> None:
    """Until the actor's `step` call answers (or `seconds` pass); `stop()` is heard
    meanwhile: the actor is told to cancel the step, which then answers with what it did."""
    deadline = time.monotonic() + seconds
    told = False
    while not ray.wait([call], timeout=STOP_CHECK_SECONDS)[0] and time.monotonic() < deadline:
        if not told and stop():
            actor.cancel_step.remote(step_id)
            told = True


def connect(address: str | None, local_cpus: int | None = None) -> bool:
    """Join the cluster at `address` ("auto", "host:port", "ray://host:port") or, with
    None, start a local one; True when this call started Ray (its caller shuts it down).
    A process that already joined one (a test session, say) keeps it."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no phoning home
    main = threading.current_thread() is threading.main_thread()
    on_sigterm = signal.getsignal(signal.SIGTERM) if main else None
    try:
        if address is None:
            check_loopback()
            ray.init(num_cpus=local_cpus, include_dashboard=False, log_to_driver=False,
                     object_store_memory=LOCAL_OBJECT_STORE_BYTES)
        else:
            check_reachable(address)
            ray.init(address=address, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as error:
        where = "a local Ray instance" if address is None else f"the Ray cluster at {address!r}"
        raise RayUnavailable(f"cannot reach {where}: {error}") from error
    if main:  # Ray's own handler exits at once; the server's shuts down gracefully
        signal.signal(signal.SIGTERM, on_sigterm)
    return True


def check_loopback() -> None:
    """RuntimeError unless a local instance would stay on 127.0.0.1 (ray_local.py)."""
    node = ray.util.get_node_ip_address()
    if node != "127.0.0.1":
        raise RuntimeError(
            f"a local instance would listen on {node}, not on loopback only: Ray was imported "
            f"before {CLUSTERS_VARIABLE}=0 was set (set it in the environment)")


def cluster_cpus() -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def check_reachable(address: str) -> None:
    """ConnectionError at once for a host:port (or ray://host:port) nobody listens on."""
    if address == "auto":
        return  # Ray finds the local cluster, or says there is none
    parts = urlsplit(address if "://" in address else f"//{address}")
    if parts.hostname is None or parts.port is None:
        raise ValueError(f"expected auto, host:port or ray://host:port, got {address!r}")
    try:
        socket.create_connection((parts.hostname, parts.port), REACH_SECONDS).close()
    except OSError as error:
        raise ConnectionError(f"nothing answers at {parts.hostname}:{parts.port} ({error})"
                              ) from error
