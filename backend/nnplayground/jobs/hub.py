"""Fans a job's events out to its WebSocket watchers without ever slowing training.

Publishers (worker threads, request threads) only merge into each watcher's outbox
under a lock and mark it dirty; they never wake the event loop. One flusher task on
the loop ticks `rate` times a second and wakes the senders of dirty watchers, so a
client gets at most `rate` batches a second, and the loop wakes `rate` times a second
however many jobs publish (every wake-up costs the workers a GIL hand-over).

The outbox is bounded: metrics batches merge into one (thinned past `max_points`), a
newer boundary (or model) message replaces an older one, and past `max_messages` the oldest status
messages, then the oldest error answers, are dropped. So a client that reads slowly
gets fewer, larger messages, and memory stays bounded.
"""

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from nnplayground.jobs.history import COLUMNS

METRICS, STATUS, BOUNDARY, SNAPSHOT = "metrics", "status", "boundary", "snapshot"
MODEL = "model"
PICTURES = (BOUNDARY, MODEL)  # a newer one supersedes the queued one of its type
ERROR, CLOSE = "error", "close"
GONE_CLOSE_CODE = 4404  # the job does not exist (any more): clients stop reconnecting
GOING_AWAY_CLOSE_CODE = 1001
# How a watcher's model messages are drawn: (neurons resolution, None for weights only;
# units shown per hidden layer, None for all).
ModelView = tuple[int | None, int | None]


@dataclass
class Message:
    """`body` is a dict to encode, or (pictures, encoded once for all watchers) text."""

    type: str
    body: dict | str
    close_code: int = 1000  # for CLOSE: the WebSocket close code


@dataclass(eq=False)
class Watcher:
    job_id: str
    resolution: int  # of boundary pictures
    neurons_resolution: int | None = None  # of neuron pictures in model messages (None: none)
    units_per_layer: int | None = None  # of a big network, in model messages (None: all)
    pictures: bool = True  # False: metrics and status only, no boundary or model messages
    outbox: list[Message] = field(default_factory=list)
    closed: bool = False
    event: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def model_view(self) -> ModelView:
        return self.neurons_resolution, self.units_per_layer

    async def next_batch(self, hub: "EventHub") -> list[Message]:
        """Wait for the flusher's wake, then take every queued message."""
        await self.event.wait()
        return hub.take(self)


class EventHub:
    def __init__(self, max_points: int = 10_000, max_messages: int = 64):
        self.max_points = max_points
        self.max_messages = max_messages
        self._lock = threading.Lock()
        self._watchers: dict[str, list[Watcher]] = {}
        self._dirty: set[Watcher] = set()

    # --- the flusher (on the event loop) --------------------------------------------------

    async def run(self, rate: float) -> None:
        """Wake the senders of watchers with news, `rate` times a second, until cancelled."""
        while True:
            await asyncio.sleep(1.0 / rate)
            self.flush()

    def flush(self) -> None:
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        for watcher in dirty:
            watcher.event.set()

    # --- watchers (called on the event loop) --------------------------------------------

    def subscribe(self, job_id: str, resolution: int, first: Message,
                  neurons_resolution: int | None = None, pictures: bool = True,
                  units_per_layer: int | None = None) -> Watcher:
        """A new watcher of `job_id` whose first message is `first` (the snapshot).

        Call it where no event of the job can be published meanwhile (the job's state
        lock), so the snapshot and the events after it neither overlap nor leave a gap.
        """
        watcher = Watcher(job_id, resolution, neurons_resolution, units_per_layer, pictures)
        with self._lock:
            self._watchers.setdefault(job_id, []).append(watcher)
            self._push(watcher, first)
        return watcher

    def unsubscribe(self, watcher: Watcher) -> None:
        with self._lock:
            watchers = self._watchers.get(watcher.job_id, [])
            if watcher in watchers:
                watchers.remove(watcher)
            if not watchers:
                self._watchers.pop(watcher.job_id, None)
            self._dirty.discard(watcher)
            watcher.closed = True

    def take(self, watcher: Watcher) -> list[Message]:
        with self._lock:
            watcher.event.clear()
            batch, watcher.outbox = watcher.outbox, []
        return batch

    # --- publishing (any thread) ----------------------------------------------------------

    def watched(self, job_id: str) -> bool:
        return bool(self._watchers.get(job_id))

    def resolutions(self, job_id: str) -> set[int]:
        with self._lock:
            return {watcher.resolution for watcher in self._watchers.get(job_id, [])
                    if watcher.pictures}

    def model_views(self, job_id: str) -> set[ModelView]:
        with self._lock:
            return {watcher.model_view for watcher in self._watchers.get(job_id, [])
                    if watcher.pictures}

    def watcher_count(self, job_id: str | None = None) -> int:
        with self._lock:
            if job_id is not None:
                return len(self._watchers.get(job_id, []))
            return sum(len(watchers) for watchers in self._watchers.values())

    def publish(self, job_id: str, message: Message,
                only: Callable[[Watcher], bool] | None = None) -> None:
        """Queue `message` for every watcher of `job_id` (those `only` accepts, if given:
        pictures go to the watchers of their resolution)."""
        if not self._watchers.get(job_id):
            return
        with self._lock:
            for watcher in self._watchers.get(job_id, []):
                if only is None or only(watcher):
                    self._push(watcher, message)

    def send_to(self, watcher: Watcher, message: Message) -> None:
        """Queue `message` for one watcher only (an answer to its own client)."""
        with self._lock:
            if not watcher.closed:
                self._push(watcher, message)

    def close_job(self, job_id: str, reason: str, code: int = GONE_CLOSE_CODE) -> None:
        """Tell every watcher why the job's stream ends; their senders close the sockets."""
        with self._lock:
            for watcher in self._watchers.pop(job_id, []):
                watcher.outbox = [Message(CLOSE, {"type": "error", "detail": reason}, code)]
                self._dirty.add(watcher)

    def close_all(self, reason: str) -> None:
        for job_id in list(self._watchers):
            self.close_job(job_id, reason, code=GOING_AWAY_CLOSE_CODE)

    def _push(self, watcher: Watcher, message: Message) -> None:
        outbox = watcher.outbox
        if message.type == SNAPSHOT:
            outbox.clear()  # a snapshot supersedes everything queued before it
        queued = mergeable_metrics(outbox) if message.type == METRICS else None
        if queued is not None:
            outbox[queued] = Message(METRICS, merged_points(outbox[queued].body, message.body,
                                                            self.max_points))
        elif message.type in PICTURES:
            outbox[:] = [queued for queued in outbox if queued.type != message.type]
            outbox.append(message)
        else:
            outbox.append(message)
        if len(outbox) > self.max_messages:
            drop_oldest(outbox, len(outbox) - self.max_messages)
        self._dirty.add(watcher)


def mergeable_metrics(outbox: list[Message]) -> int | None:
    """Index of the queued metrics message new points may join: the last one, unless a
    status (or snapshot, error) came after it; pictures do not order against metrics."""
    for index in range(len(outbox) - 1, -1, -1):
        kind = outbox[index].type
        if kind == METRICS:
            return index
        if kind not in PICTURES:
            return None
    return None


def merged_points(first: dict, second: dict, max_points: int) -> dict:
    """One metrics message with the points of both, thinned to at most `max_points`.

    It keeps the first message's `published_at`: the age of its oldest point.
    """
    a, b = first["points"], second["points"]
    points = {name: a[name] + b[name] for name in COLUMNS}
    count = len(points["step"])
    if count > max_points:
        # Keep the newest half as is and every other point of the rest.
        older = count - max_points // 2
        points = {name: values[:older][::2] + values[older:] for name, values in points.items()}
    return {**first, "points": points}


def drop_oldest(outbox: list[Message], excess: int) -> None:
    """Drop the oldest statuses, then (a client that sends bad actions and never reads)
    the oldest error answers; never a snapshot, metrics, picture or close."""
    statuses = [i for i, message in enumerate(outbox) if message.type == STATUS]
    errors = [i for i, message in enumerate(outbox) if message.type == ERROR]
    dropped = set((statuses + errors)[:excess])
    outbox[:] = [message for i, message in enumerate(outbox) if i not in dropped]
