"""The jobs one Ray actor trains (a shard): their sessions, one slice each in turn, and the
control that reaches a job between two of its slices.

Plain Python, no Ray: the actor (ray_actor.py) is a thin wrapper, so this is the code that
decides fairness and consistency. A job's session is built from the checkpoint the server
sends (the same bytes it persists), trains with slices.py as the embedded runner does, and
reports back its points, a checkpoint and pictures when the server asks (`Wants`).
"""

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from nnplayground.jobs import slices, snapshot_schedule
from nnplayground.jobs.messages import boundary_message, model_message
from nnplayground.jobs.shard_messages import Picture, Plan, Progress, Wants
from nnplayground.jobs.snapshots import SnapshotInfo
from nnplayground.jobs.speed import Throttle, paced_slice
from nnplayground.kernel import NUMPY, KernelChoice
from nnplayground.training import TrainingSession, weights_blob


@dataclass(frozen=True)
class Saved:
    checkpoint: bytes
    step: int
    epoch: int


class Entry:
    """A job on this shard. The server's periodic asks (a checkpoint, pictures) are chores
    the training thread does after the job's next slice, and live hyperparameters wait
    for the job's next slice boundary, so the control thread, which answers pause and
    live hyperparameters, only ever does light work and never waits for a slice."""

    def __init__(self, job_id: str, session: TrainingSession, speed: float | None = None,
                 snapshot_cap: int = 0, last_snapshot: int | None = None,
                 placement: int = 0):
        self.job_id = job_id
        self.session = session
        self.speed = speed  # epochs per second (None: as fast as it can), as speed.py paces
        # The server numbers placements and live changes in one sequence: this placement's
        # plan holds every change numbered before it. Changes may arrive out of order: each
        # setting keeps the newest, and waits here for the next slice boundary.
        self.placement = placement
        self.changes: dict = {}
        self.numbers: dict[str, int] = {}
        self.changes_lock = threading.Lock()  # never held for long
        self.throttle = Throttle()
        self.snapshot_cap, self.last_snapshot = snapshot_cap, last_snapshot
        self.snapshots: list[tuple[SnapshotInfo, bytes]] = []  # not yet reported
        self.pace = slices.Pace()
        self.lock = threading.Lock()  # held for one slice (and its chores), or a control call
        self.points: list[dict] = []  # not yet acknowledged by the server
        self.running = True
        self.error: str | None = None
        self.chores: Wants | None = None
        self.saved: Saved | None = None
        self.pictures: list[Picture] = []

    def change(self, changes: dict, number: int) -> None:
        """Live hyperparameters numbered `number` (the speed at once, the rest at the next
        slice boundary); a setting changed by a later number already keeps its value."""
        with self.changes_lock:
            for key, value in changes.items():
                if number <= max(self.numbers.get(key, 0), self.placement):
                    continue
                self.numbers[key] = number
                if key == "speed":
                    self.speed = value
                else:
                    self.changes[key] = value

    def settle(self) -> None:
        """Apply the live changes that came since the last slice (the caller holds `lock`)."""
        with self.changes_lock:
            changes, self.changes = self.changes, {}
        if changes:
            self.session.update(**changes)

    def steps_to_snapshot(self) -> int | None:
        """Steps to the epoch the next snapshot is due at (as the server's slices stop)."""
        if not self.snapshot_cap:
            return None
        due = snapshot_schedule.next_due(self.last_snapshot, self.snapshot_cap)
        return snapshot_schedule.steps_until(self.session, due)

    def keep_snapshot(self) -> None:
        """After a slice: the weights, if a snapshot is due (the server thins them)."""
        session = self.session
        if not self.snapshot_cap or session.diverged:
            return
        if session.epoch >= snapshot_schedule.next_due(self.last_snapshot, self.snapshot_cap):
            info = SnapshotInfo(epoch=session.epoch, step=session.step)
            self.snapshots.append((info, weights_blob.encode(session.model)))
            self.last_snapshot = session.epoch

    def do_chores(self) -> None:
        """The latest asks, after a slice (the training thread holds the lock)."""
        wants, self.chores = self.chores, None
        if wants is None:
            return
        session = self.session
        if wants.checkpoint:
            self.saved = Saved(session.checkpoint(), session.step, session.epoch)
        self.pictures += pictures(self.job_id, session, wants)

    def report(self, wants: Wants, now: bool = False) -> Progress:
        """Points after `wants.since` and what is ready; with `now` (or once the job has
        ended) a checkpoint of the current state. A checkpoint comes with the points up to
        its step only, so the server stores the two consistently (the caller holds the
        lock)."""
        self.settle()
        session, healthy = self.session, self.error is None
        if wants.since is not None:
            self.points = [point for point in self.points if point["step"] > wants.since]
        if now or not self.running:
            saved = Saved(session.checkpoint(), session.step, session.epoch) if healthy else None
            self.saved = None
        else:
            saved, self.saved = self.saved, None
        step, epoch = (saved.step, saved.epoch) if saved else (session.step, session.epoch)
        if self.running and (wants.checkpoint or wants.boundary or wants.neurons):
            self.chores = wants
        drawn, self.pictures = self.pictures, []
        kept, self.snapshots = self.snapshots, []
        return Progress(step, epoch, [point for point in self.points if point["step"] <= step],
                        ended=not self.running, error=self.error,
                        checkpoint=saved.checkpoint if saved else None, pictures=drawn,
                        snapshots=kept)


def pictures(job_id: str, session: TrainingSession, wants: Wants) -> list[Picture]:
    drawn = [Picture(boundary_message(session, resolution), resolution)
             for resolution in wants.boundary]
    return drawn + [Picture(model_message(job_id, session, *drawn_view), view)
                    for view, drawn_view in wants.neurons]


class Shard:
    def __init__(self, slice_seconds: float = 0.005, kernels: KernelChoice = NUMPY):
        self.slice_seconds = slice_seconds
        self.kernels = kernels  # the server's choice, loaded in this process
        self._entries: dict[str, Entry] = {}
        self._turns: deque[str] = deque()
        self._table = threading.Condition()
        self._stopping = False

    # --- control (any thread) ----------------------------------------------------------

    def add(self, plan: Plan, placement: int = 0) -> None:
        """Train the job of `plan`, placed as number `placement` (Entry)."""
        entry = Entry(plan.job_id, plan.session(self.kernels), plan.spec.training.speed,
                      plan.snapshot_cap, plan.last_snapshot, placement)
        with self._table:
            self._entries[plan.job_id] = entry
            if plan.job_id not in self._turns:
                self._turns.append(plan.job_id)
            self._table.notify()

    def collect(self, wants: dict[str, Wants]) -> dict[str, Progress]:
        """Reports of the jobs asked about that this shard has (as placed when asked); an
        ended job is reported once and forgotten."""
        reports = {}
        for job_id, wanted in wants.items():
            entry = self._entries.get(job_id)
            if entry is None or entry.placement != wanted.placement:
                continue
            with entry.lock:
                reports[job_id] = entry.report(wanted)
            if reports[job_id].ended:
                self._forget(job_id)
        return reports

    def withdraw(self, job_id: str, wants: Wants) -> Progress | None:
        """Stop training `job_id` (as placed when asked); its last report, with a
        checkpoint."""
        entry = self._forget(job_id, wants.placement)
        if entry is None:
            return None
        with entry.lock:
            entry.running = False
            return entry.report(wants, now=True)

    def update(self, job_id: str, changes: dict, number: int) -> None:
        """Live hyperparameters and speed, numbered in the order the server made them; the
        training thread applies them at the job's next slice boundary (this never waits
        for a slice in progress)."""
        entry = self._entries.get(job_id)
        if entry is not None:
            entry.change(changes, number)

    def jobs(self) -> int:
        return len(self._entries)

    def stop(self) -> None:
        with self._table:
            self._stopping = True
            self._table.notify_all()

    # --- training ------------------------------------------------------------------------

    def train(self) -> None:
        """One slice per running job in turn, until `stop` (the actor's training thread).
        Slices are sized in CPU time (slices.py), so a slow job gets the same share as a
        fast one and never starves it."""
        while (job_id := self._next()) is not None:
            entry = self._entries.get(job_id)
            if entry is None:
                continue
            with entry.lock:
                trained = entry.running and self._slice(entry)
            if trained:
                self._take_turn(job_id, entry)
            time.sleep(0)  # let the control thread take the GIL between slices

    def _take_turn(self, job_id: str, entry: Entry) -> None:
        """`job_id` in line again (unless it stopped or left meanwhile)."""
        with self._table:
            if (entry.running and self._entries.get(job_id) is entry
                    and job_id not in self._turns):
                self._turns.append(job_id)
                self._table.notify()

    def _slice(self, entry: Entry) -> bool:
        """One slice of `entry` within its speed; False when it waits for its next step
        (it takes its turn again then) or stopped."""
        try:
            entry.settle()
            points = paced_slice(entry, entry.speed, self.slice_seconds,
                                 lambda: self._take_turn(entry.job_id, entry),
                                 most_steps=entry.steps_to_snapshot())
            if points is None:
                return False
            entry.points += points
            entry.keep_snapshot()
        except Exception as error:  # the server fails the job with this message
            entry.error = f"{type(error).__name__}: {error}"
            entry.running = False
            return False
        if entry.session.finished:
            entry.running = False
            return False
        try:
            entry.do_chores()
        except Exception as error:  # a picture that cannot be drawn fails the job, loudly
            entry.error = f"{type(error).__name__}: {error}"
            entry.running = False
        return entry.running

    def _next(self) -> str | None:
        with self._table:
            while not self._turns and not self._stopping:
                self._table.wait()
            return None if self._stopping else self._turns.popleft()

    def _forget(self, job_id: str, placement: int | None = None) -> Entry | None:
        """Forget the job (only as placed `placement`, if given)."""
        with self._table:
            entry = self._entries.get(job_id)
            if entry is None or placement not in (None, entry.placement):
                return None
            if job_id in self._turns:
                self._turns.remove(job_id)
            return self._entries.pop(job_id)


def step(plan: Plan, steps: int, seconds: float, kernels: KernelChoice = NUMPY,
         stop: Callable[[], bool] = lambda: False) -> tuple[Progress, str]:
    """A `step` action's bounded training on a resting job, away from the server (within
    `seconds` and until `stop()`, as slices.train_steps bounds it); its report and why it
    stopped."""
    session = plan.session(kernels)
    points: list[dict] = []
    stopped = slices.train_steps(session, steps, seconds, stop, points.extend)
    return Progress(session.step, session.epoch, points, ended=session.finished,
                    checkpoint=session.checkpoint()), stopped
