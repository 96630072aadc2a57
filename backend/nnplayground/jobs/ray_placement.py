"""Which Ray actor trains which job: RayRunner's table of placements.

Placements are numbered in one sequence with live changes (shard.Entry says why), so a call
about an earlier placement of a job (a report asked before a pause and a play, say) is
told from one about the job as placed now.
"""

import threading
from dataclasses import dataclass, field


class NoActor(RuntimeError):
    """Every actor is broken (until the poller replaces them)."""


@dataclass(eq=False)
class Slot:
    actor: object
    jobs: dict[str, int] = field(default_factory=dict)  # each job's placement number
    broken: str | None = None  # why a call to it failed; the poller retires it


class Placements:
    def __init__(self) -> None:
        self.slots: list[Slot] = []
        self._placed: dict[str, Slot] = {}
        self._number = 0
        self._lock = threading.Lock()  # never held across a call

    def number(self) -> int:
        """The next number of the sequence (a placement's or a live change's)."""
        with self._lock:
            self._number += 1
            return self._number

    def least_loaded(self) -> Slot:
        with self._lock:
            healthy = [slot for slot in self.slots if slot.broken is None]
            if not healthy:
                raise NoActor("no Ray actor is available to train on")
            return min(healthy, key=lambda slot: len(slot.jobs))

    def place(self, job_id: str, slot: Slot, number: int) -> None:
        with self._lock:
            self._placed[job_id] = slot
            slot.jobs[job_id] = number

    def unplace(self, job_id: str, placement: int | None = None
                ) -> tuple[Slot | None, int | None]:
        """The job's slot and placement number, no longer placed (only as placed
        `placement`, if given)."""
        with self._lock:
            slot = self._placed.get(job_id)
            if slot is None or placement not in (None, slot.jobs[job_id]):
                return None, None
            del self._placed[job_id]
            return slot, slot.jobs.pop(job_id)

    def holds(self, slot: Slot, job_id: str, placement: int) -> bool:
        """The job is on `slot` as placed `placement`."""
        with self._lock:
            return self._placed.get(job_id) is slot and slot.jobs[job_id] == placement

    def slot_of(self, job_id: str) -> Slot | None:
        with self._lock:
            return self._placed.get(job_id)

    def on(self, slot: Slot) -> dict[str, int]:
        """The jobs on `slot` now, with their placement numbers."""
        with self._lock:
            return dict(slot.jobs)

    def jobs(self) -> list[str]:
        with self._lock:
            return list(self._placed)

    def all(self) -> list[Slot]:
        with self._lock:
            return list(self.slots)

    def swap(self, slot: Slot, new: Slot) -> list[str] | None:
        """Put `new` in the place of the broken `slot`; the jobs that were on it (None if
        it was swapped out already)."""
        with self._lock:
            if slot not in self.slots:
                return None
            self.slots[self.slots.index(slot)] = new
            for job_id in slot.jobs:
                self._placed.pop(job_id, None)
            return list(slot.jobs)
