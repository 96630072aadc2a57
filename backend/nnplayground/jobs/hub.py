"""Fans a job's events out to its WebSocket watchers without ever slowing training.

Publishers (worker threads, request threads) only merge into each watcher's outbox
under a lock and wake its sender at most once per drain. The outbox is bounded:
metrics batches merge into one (thinned past `max_points`), a newer boundary replaces
an older one, and past `max_messages` the oldest status messages are dropped. So a
client that reads slowly gets fewer, larger messages, and memory stays bounded.
"""

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from nnplayground.jobs.history import COLUMNS, Columns

METRICS, STATUS, BOUNDARY, SNAPSHOT = "metrics", "status", "boundary", "snapshot"
ERROR, CLOSE = "error", "close"
GONE_CLOSE_CODE = 4404  # the job does not exist (any more): clients stop reconnecting
GOING_AWAY_CLOSE_CODE = 1001


@dataclass
class Message:
    """`body` is a dict to encode, or (boundaries, encoded once for all watchers) text."""

    type: str
    body: dict | str
    close_code: int = 1000  # for CLOSE: the WebSocket close code


@dataclass(eq=False)
class Watcher:
    job_id: str
    resolution: int
    wake: Callable[[], None]
    outbox: list[Message] = field(default_factory=list)
    signaled: bool = False
    closed: bool = False
    event: asyncio.Event = field(default_factory=asyncio.Event)

    async def next_batch(self, hub: "EventHub") -> list[Message]:
        """Wait for messages, then take all of them (possibly none after a stale wake)."""
        await self.event.wait()
        return hub.take(self)


class EventHub:
    def __init__(self, max_points: int = 10_000, max_messages: int = 64):
        self.max_points = max_points
        self.max_messages = max_messages
        self._lock = threading.Lock()
        self._watchers: dict[str, list[Watcher]] = {}

    # --- watchers (called on the event loop) --------------------------------------------

    def subscribe(self, job_id: str, resolution: int, first: Message) -> Watcher:
        """A new watcher of `job_id` whose first message is `first` (the snapshot).

        Call it where no event of the job can be published meanwhile (the job's state
        lock), so the snapshot and the events after it neither overlap nor leave a gap.
        """
        loop = asyncio.get_running_loop()
        watcher = Watcher(job_id, resolution, wake=lambda: None)
        watcher.wake = lambda: wake_soon(loop, watcher.event)
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
            watcher.closed = True

    def take(self, watcher: Watcher) -> list[Message]:
        with self._lock:
            watcher.event.clear()
            watcher.signaled = False
            batch, watcher.outbox = watcher.outbox, []
        return batch

    # --- publishing (any thread) ----------------------------------------------------------

    def watched(self, job_id: str) -> bool:
        return bool(self._watchers.get(job_id))

    def resolutions(self, job_id: str) -> set[int]:
        with self._lock:
            return {watcher.resolution for watcher in self._watchers.get(job_id, [])}

    def watcher_count(self, job_id: str | None = None) -> int:
        with self._lock:
            if job_id is not None:
                return len(self._watchers.get(job_id, []))
            return sum(len(watchers) for watchers in self._watchers.values())

    def publish(self, job_id: str, message: Message,
                resolution: int | None = None) -> None:
        """Queue `message` for every watcher of `job_id` (of that resolution, if given)."""
        if not self._watchers.get(job_id):
            return
        with self._lock:
            for watcher in self._watchers.get(job_id, []):
                if resolution is None or watcher.resolution == resolution:
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
                self._signal(watcher)

    def close_all(self, reason: str) -> None:
        for job_id in list(self._watchers):
            self.close_job(job_id, reason, code=GOING_AWAY_CLOSE_CODE)

    def _push(self, watcher: Watcher, message: Message) -> None:
        outbox = watcher.outbox
        if message.type == SNAPSHOT:
            outbox.clear()  # a snapshot supersedes everything queued before it
        if message.type == METRICS and outbox and outbox[-1].type == METRICS:
            outbox[-1] = Message(METRICS, merged_points(outbox[-1].body, message.body,
                                                        self.max_points))
        elif message.type == BOUNDARY:
            outbox[:] = [queued for queued in outbox if queued.type != BOUNDARY]
            outbox.append(message)
        else:
            outbox.append(message)
        if len(outbox) > self.max_messages:
            drop_oldest_status(outbox, len(outbox) - self.max_messages)
        self._signal(watcher)

    @staticmethod
    def _signal(watcher: Watcher) -> None:
        if not watcher.signaled:
            watcher.signaled = True
            watcher.wake()


def wake_soon(loop: asyncio.AbstractEventLoop, event: asyncio.Event) -> None:
    with contextlib.suppress(RuntimeError):  # a closed loop: the server is stopping
        loop.call_soon_threadsafe(event.set)


def metrics_message(points: Columns) -> Message:
    """`published_at` (Unix seconds) lets a client measure how late its points arrive."""
    return Message(METRICS, {"type": "metrics", "points": points,
                             "published_at": round(time.time(), 4)})


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


def drop_oldest_status(outbox: list[Message], excess: int) -> None:
    dropped = {i for i, message in enumerate(outbox) if message.type == STATUS}
    dropped = set(sorted(dropped)[:excess])
    outbox[:] = [message for i, message in enumerate(outbox) if i not in dropped]
