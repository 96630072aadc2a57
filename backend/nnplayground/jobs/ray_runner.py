"""RayRunner: running jobs train in Ray actors, a few per actor, round-robin inside each.

Placement: a job goes to the actor with the fewest jobs (ray_placement.py). A poller
thread asks every actor for its jobs' reports every `poll_seconds` (points, and, when due, a
checkpoint or the pictures watchers want) and hands them to the manager (remote.py), which
records, publishes and persists them as it does for the embedded runner. Control goes to
the actor's control thread: a pause waits for the job's slice in progress and brings its
state home; live hyperparameters do not wait at all: they are numbered, sent, and applied
at the job's next slice boundary there (remote.py keeps the manager's mirror of the
session consistent meanwhile). The server lowers its switch interval as the embedded
runner does: the poller thread shares the GIL with the request threads.

Faults: every call has a timeout. An actor that dies or does not answer is killed and
replaced; its jobs come back *paused* at their last stored checkpoint with a status
reason (not resumed on their own: a job that killed its actor, by memory say, would kill
the next one too, and the student should see what happened).
"""

import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import ray
from ray.exceptions import RayTaskError

from nnplayground.jobs.ray_actor import (
    ACTOR_FAILURES,
    STOP_CHECK_SECONDS,
    RayUnavailable,
    ShardActor,
    cluster_cpus,
    connect,
    wait_for_step,
)
from nnplayground.jobs.ray_placement import NoActor, Placements, Slot
from nnplayground.jobs.remote import RemoteError, RemoteTraining
from nnplayground.jobs.runner import Runner
from nnplayground.jobs.shard_messages import Wants
from nnplayground.training import TrainingSession

log = logging.getLogger(__name__)

JOBS_PER_CPU = 16  # running jobs a cluster CPU takes before max_running_jobs says no


class RayRunner(Runner):
    def __init__(self, address: str | None = None, actors: int | None = None,
                 slice_seconds: float = 0.005, poll_seconds: float = 0.05,
                 call_timeout: float = 10.0, step_timeout: float = 600.0,
                 start_timeout: float = 60.0, local_cpus: int | None = None,
                 kernel: str = "numpy", switch_interval: float | None = 0.001):
        self.address = address
        self.owns_ray = connect(address, local_cpus)
        self.cpus = cluster_cpus()
        self.actors = actors or self.cpus
        self.slice_seconds = slice_seconds
        self.kernel = kernel  # each actor loads its own KernelChoice of it
        self.poll_seconds = poll_seconds
        self.call_timeout = call_timeout
        self.step_timeout = step_timeout
        self.start_timeout = start_timeout
        self.switch_interval = switch_interval
        self._previous_switch_interval: float | None = None
        self.placements = Placements()
        self._stepping: set[str] = set()  # jobs whose `step` trains on an actor now
        self._lock = threading.Lock()  # the set above
        self._stopping = threading.Event()
        self._poller: threading.Thread | None = None
        self._asked: dict[Slot, tuple] = {}  # the poller's outstanding collect calls
        self.trainer: RemoteTraining | None = None

    def max_running_jobs(self) -> int:
        return JOBS_PER_CPU * self.cpus

    # --- Runner --------------------------------------------------------------------------

    def start(self, trainer: RemoteTraining) -> None:
        self.trainer = trainer
        if self.switch_interval is not None:
            self._previous_switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(self.switch_interval)
        self._stopping.clear()
        self.placements.slots = [self._new_slot() for _ in range(self.actors)]
        self._asked = {}
        try:  # a cluster too small for them would otherwise fail each job's placement
            ray.get([slot.actor.jobs.remote() for slot in self.placements.slots],
                    timeout=self.start_timeout)
        except ACTOR_FAILURES as error:
            raise RayUnavailable(f"{self.actors} Ray actors did not start within "
                                 f"{self.start_timeout:.0f} s: {error}") from error
        self._poller = threading.Thread(target=self._poll_forever, daemon=True,
                                        name="nnplayground-ray-poller")
        self._poller.start()

    def submit(self, job_id: str) -> None:
        self.trainer.hand_over(job_id, self._place)

    def withdraw(self, job_id: str) -> None:
        slot, placement = self.placements.unplace(job_id)
        if slot is None:
            return
        wants = replace(self.trainer.wants(job_id, pictures=False) or Wants(None),
                        placement=placement)
        try:
            progress = self._call(slot, slot.actor.withdraw.remote(job_id, wants))
        except ACTOR_FAILURES as error:
            self.trainer.lost(job_id, lost_reason(error))
            return
        if progress is not None:  # the caller (pause, reset, delete, stop) saves what it keeps
            self.trainer.absorb(job_id, progress, saving=False)

    def update(self, job_id: str, changes: dict) -> bool:
        """Sent, not waited for (the poller finds an actor that is gone); the job's next
        report brings a checkpoint with the change, and saves it."""
        slot = self.placements.slot_of(job_id)
        if slot is None:
            return False
        slot.actor.update.remote(job_id, changes, self.placements.number())
        self.trainer.checkpoint_soon(job_id)
        return True

    def step(self, job_id: str, session: TrainingSession, steps: int, seconds: float,
             stop: Callable[[], bool], record: Callable[[list[dict]], None]) -> str:
        """On an actor (within `seconds`; `stop` is only heard between two such calls);
        here when none answers (the session is only changed on success)."""
        try:
            slot = self.placements.least_loaded()
            step_id = uuid.uuid4().hex
            call = slot.actor.step.remote(self.trainer.plan(job_id), steps, seconds, step_id)
            with self._lock:
                self._stepping.add(job_id)
            try:
                wait_for_step(slot.actor, call, step_id, stop, self.step_timeout)
                progress, stopped = self._call(slot, call, STOP_CHECK_SECONDS)
            finally:
                with self._lock:
                    self._stepping.discard(job_id)
        except RayTaskError as error:  # the training raised: the job fails with its error
            raise RemoteError(str(error.cause)) from None
        except (*ACTOR_FAILURES, NoActor) as error:
            log.warning("step of job %s runs on the server: %s", job_id, error)
            return super().step(job_id, session, steps, seconds, stop, record)
        session.restore(progress.checkpoint)
        record(progress.points)
        return stopped

    def stop(self, timeout: float = 5.0) -> None:
        """Bring every job's state home, then end the actors (and Ray, if ours)."""
        self._stopping.set()
        if self._poller is not None:
            self._poller.join(timeout)
        for job_id in self.placements.jobs():
            self.withdraw(job_id)
        for slot in self.placements.all():
            ray.kill(slot.actor)
        self.placements.slots = []
        if self._previous_switch_interval is not None:
            sys.setswitchinterval(self._previous_switch_interval)
            self._previous_switch_interval = None
        if self.owns_ray:
            ray.shutdown()

    # --- for the benchmark and tests -------------------------------------------------------

    def actor_of(self, job_id: str):
        slot = self.placements.slot_of(job_id)
        return None if slot is None else slot.actor

    def stepping(self, job_id: str) -> bool:
        """A `step` of the job trains on an actor now."""
        with self._lock:
            return job_id in self._stepping

    def live_actors(self) -> list:
        return [slot.actor for slot in self.placements.all()]

    # --- placement -------------------------------------------------------------------------

    def _new_slot(self) -> Slot:
        # One CPU each (its training thread uses one), spread over the nodes.
        slot = Slot(ShardActor.options(num_cpus=1, scheduling_strategy="SPREAD")
                    .remote(self.slice_seconds, self.kernel))
        slot.actor.train.remote()
        return slot

    def _place(self, plan) -> None:
        """Called under the job's session lock (remote.hand_over)."""
        number = self.placements.number()  # the plan holds every live change before it
        try:
            slot = self.placements.least_loaded()
            self._call(slot, slot.actor.add.remote(plan, number))
        except (*ACTOR_FAILURES, NoActor) as error:
            self.trainer.lost(plan.job_id, lost_reason(error))
            return
        self.placements.place(plan.job_id, slot, number)

    def _call(self, slot: Slot, ref, timeout: float | None = None):
        try:
            return ray.get(ref, timeout=timeout or self.call_timeout)
        except ACTOR_FAILURES as error:
            slot.broken = slot.broken or lost_reason(error)
            raise

    # --- the poller ----------------------------------------------------------------------

    def _poll_forever(self) -> None:
        while not self._stopping.wait(self.poll_seconds / 2):
            try:
                self._poll()
            except Exception:  # never lose the poller
                log.exception("polling the Ray actors failed")

    def _poll(self) -> None:
        """Ask every actor without a report outstanding; take the reports that are in.
        One slow or dead actor delays no other: its call stays outstanding until it
        answers, fails, or is `call_timeout` old (then the actor counts as lost)."""
        slots = self.placements.all()
        for slot in slots:
            if slot.broken is None and slot not in self._asked:
                wants = {job_id: replace(wanted, placement=placement)
                         for job_id, placement in self.placements.on(slot).items()
                         if (wanted := self.trainer.wants(job_id)) is not None}
                self._asked[slot] = (slot.actor.collect.remote(wants), wants,
                                     time.monotonic())
        asked = {ref: slot for slot, (ref, _, _) in self._asked.items()}
        ready = ray.wait(list(asked), num_returns=len(asked),
                         timeout=self.poll_seconds)[0] if asked else []
        for ref in ready:
            slot = asked[ref]
            _, wants, _ = self._asked.pop(slot)
            try:
                reports = ray.get(ref)
            except ACTOR_FAILURES as error:
                slot.broken = slot.broken or lost_reason(error)
                continue
            self._apply(slot, wants, reports)
        now = time.monotonic()
        for slot, (_, _, asked_at) in list(self._asked.items()):
            if now - asked_at > self.call_timeout:
                del self._asked[slot]
                slot.broken = slot.broken or (
                    f"its Ray actor did not answer within {self.call_timeout:.0f} s")
        for slot in slots:
            if slot.broken is not None:
                self._retire(slot)

    def _apply(self, slot: Slot, wants: dict[str, Wants], reports: dict) -> None:
        for job_id, wanted in wants.items():
            # Checked again under the job's session lock, which pause and play take.
            placed = partial(self.placements.holds, slot, job_id, wanted.placement)
            if not placed():
                continue  # withdrawn (and perhaps placed again) meanwhile
            progress = reports.get(job_id)
            if progress is None:
                if self.placements.unplace(job_id, wanted.placement)[0] is not None:
                    self.trainer.lost(job_id, "its Ray actor no longer had it")
            elif not self.trainer.absorb(job_id, progress, placed):
                slot_then, _ = self.placements.unplace(job_id, wanted.placement)
                if slot_then is not None and not progress.ended:  # paused or deleted here
                    slot.actor.withdraw.remote(job_id, Wants(None, placement=wanted.placement))

    def _retire(self, slot: Slot) -> None:
        """Replace a broken actor; its jobs come back paused at their last checkpoint."""
        jobs = self.placements.swap(slot, self._new_slot())
        if jobs is None:
            return
        self._asked.pop(slot, None)
        ray.kill(slot.actor)
        for job_id in jobs:
            self.trainer.lost(job_id, slot.broken)


def lost_reason(error: Exception) -> str:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"its Ray actor was lost ({type(error).__name__}: {first_line[:200]})"
