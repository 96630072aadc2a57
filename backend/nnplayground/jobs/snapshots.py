"""A job's snapshots: which it has (epoch and step), the new ones the store lacks yet, and
those it dropped. Thread-safe: training adds, requests read, saves write them out."""

import threading
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from nnplayground.jobs import snapshot_schedule


class SnapshotInfo(BaseModel):
    """A snapshot: the job's weights after `epoch` completed epochs, at `step`."""

    model_config = {"frozen": True}

    epoch: int = Field(examples=[37])
    step: int = Field(examples=[925])


@dataclass
class SnapshotWrite:
    """What a save writes: new snapshots (with their bytes) and the steps of dropped ones."""

    added: list[tuple[SnapshotInfo, bytes]] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.dropped)


class Snapshots:
    def __init__(self, stored: list[SnapshotInfo] | None = None):
        self._lock = threading.Lock()
        self._index: list[SnapshotInfo] = sorted(stored or [], key=lambda info: info.step)
        self._unsaved: dict[int, bytes] = {}  # step -> bytes, until a save stores them
        self._dropped: set[int] = set()  # stored steps to delete at the next save

    def list(self) -> list[SnapshotInfo]:
        with self._lock:
            return list(self._index)

    def next_due(self, cap: int) -> int:
        with self._lock:
            last = self._index[-1].epoch if self._index else None
        return snapshot_schedule.next_due(last, cap)

    def at_or_before(self, epoch: int) -> SnapshotInfo | None:
        with self._lock:
            earlier = [info for info in self._index if info.epoch <= epoch]
        return earlier[-1] if earlier else None

    def unsaved_bytes(self, step: int) -> bytes | None:
        with self._lock:
            return self._unsaved.get(step)

    def add(self, info: SnapshotInfo, data: bytes, cap: int) -> None:
        """Keep `info` (replacing one of the same step or epoch: the newer state wins), then
        thin to `cap`."""
        with self._lock:
            for old in [i for i in self._index if i.step == info.step or i.epoch == info.epoch]:
                self._forget(old)
            self._index.append(info)
            self._index.sort(key=lambda i: i.step)
            self._unsaved[info.step] = data
            epochs = [i.epoch for i in self._index]
            for position in reversed(snapshot_schedule.thinned(epochs, cap)):
                self._forget(self._index[position])

    def clear(self) -> None:
        """After a reset (the store forgets its snapshots in the same write)."""
        with self._lock:
            self._index, self._unsaved, self._dropped = [], {}, set()

    def unsaved(self) -> SnapshotWrite:
        with self._lock:
            by_step = {info.step: info for info in self._index}
            return SnapshotWrite([(by_step[step], data) for step, data in self._unsaved.items()],
                                 sorted(self._dropped))

    def saved(self, write: SnapshotWrite) -> None:
        """`write` is in the store now."""
        with self._lock:
            for info, data in write.added:
                if self._unsaved.get(info.step) is data:
                    del self._unsaved[info.step]
            self._dropped.difference_update(write.dropped)

    def _forget(self, info: SnapshotInfo) -> None:
        self._index.remove(info)
        if self._unsaved.pop(info.step, None) is None:
            self._dropped.add(info.step)
