"""The event hub coalesces for slow watchers and stays bounded; publishers never wait."""

import asyncio
import threading

from nnplayground.jobs.history import to_columns
from nnplayground.jobs.hub import (
    BOUNDARY,
    CLOSE,
    ERROR,
    METRICS,
    SNAPSHOT,
    STATUS,
    EventHub,
    Message,
)
from nnplayground.jobs.messages import metrics_message

SNAPSHOT_MESSAGE = Message(SNAPSHOT, {"type": "snapshot", "job": {}, "history": {}})


def metrics(*steps: int) -> Message:
    return metrics_message(to_columns({"step": s, "epoch": s / 10.0} for s in steps))


def status(name: str) -> Message:
    return Message(STATUS, {"type": "status", "status": name})


def run(coroutine):
    return asyncio.run(coroutine)


async def flushed(hub: EventHub, watcher) -> list[Message]:
    """What the watcher's sender gets at the flusher's next tick."""
    hub.flush()
    return await asyncio.wait_for(watcher.next_batch(hub), timeout=5)


def test_snapshot_comes_first_then_metrics_merge_into_one_message():
    async def scenario():
        hub = EventHub()
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        hub.publish("j", metrics(1, 2))
        hub.publish("j", metrics(3))
        hub.publish("other", metrics(4))
        return await flushed(hub, watcher)

    batch = run(scenario())
    assert [message.type for message in batch] == [SNAPSHOT, METRICS]
    assert batch[1].body["points"]["step"] == [1, 2, 3]


def test_status_keeps_order_between_metrics():
    async def scenario():
        hub = EventHub()
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        await flushed(hub, watcher)
        hub.publish("j", metrics(1))
        hub.publish("j", status("paused"))
        hub.publish("j", metrics(2))
        return await flushed(hub, watcher)

    batch = run(scenario())
    assert [message.type for message in batch] == [METRICS, STATUS, METRICS]


def test_metrics_merge_across_boundaries():
    async def scenario():
        hub = EventHub()
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        await flushed(hub, watcher)
        hub.publish("j", metrics(1))
        hub.publish("j", Message(BOUNDARY, "picture"))
        hub.publish("j", metrics(2))
        return await flushed(hub, watcher)

    batch = run(scenario())
    assert [message.type for message in batch] == [METRICS, BOUNDARY]
    assert batch[0].body["points"]["step"] == [1, 2]


def test_a_newer_boundary_replaces_the_queued_one():
    async def scenario():
        hub = EventHub()
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        for step in range(5):
            hub.publish("j", Message(BOUNDARY, f'{{"step": {step}}}'))
        return await flushed(hub, watcher)

    batch = run(scenario())
    assert [message.body for message in batch if message.type == BOUNDARY] == ['{"step": 4}']


def test_a_watcher_that_never_reads_stays_bounded():
    async def scenario():
        hub = EventHub(max_points=1_000, max_messages=10)
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        for step in range(1, 20_001):
            hub.publish("j", metrics(step))
        for index in range(100):
            hub.publish("j", status(f"s{index}"))
        return await flushed(hub, watcher)

    batch = run(scenario())
    assert len(batch) <= 10
    steps = batch[1].body["points"]["step"]
    assert len(steps) <= 1_000
    assert steps[-1] == 20_000 and steps == sorted(steps)
    statuses = [message.body["status"] for message in batch if message.type == STATUS]
    assert statuses[-1] == "s99"  # the oldest statuses go first


def test_answers_to_a_client_that_sends_bad_actions_but_never_reads_stay_bounded():
    async def scenario():
        hub = EventHub(max_messages=10)
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        for index in range(1_000):
            hub.send_to(watcher, Message(ERROR, {"type": "error", "detail": f"e{index}"}))
        return await flushed(hub, watcher)

    batch = run(scenario())
    assert len(batch) <= 10
    assert batch[0].type == SNAPSHOT and batch[-1].body["detail"] == "e999"


def test_publishing_from_a_thread_reaches_the_watcher_at_the_next_flush():
    async def scenario():
        hub = EventHub()
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        await flushed(hub, watcher)
        publisher = threading.Thread(
            target=lambda: [hub.publish("j", metrics(step)) for step in range(1, 101)])
        publisher.start()
        publisher.join()
        return await flushed(hub, watcher)

    batch = run(scenario())
    assert batch[0].body["points"]["step"] == list(range(1, 101))


def test_resolution_filter_and_unsubscribe():
    async def scenario():
        hub = EventHub()
        coarse = hub.subscribe("j", 20, SNAPSHOT_MESSAGE)
        fine = hub.subscribe("j", 100, SNAPSHOT_MESSAGE)
        assert hub.resolutions("j") == {20, 100}
        hub.publish("j", Message(BOUNDARY, "fine picture"), only=lambda w: w.resolution == 100)
        hub.unsubscribe(coarse)
        assert hub.watcher_count("j") == 1 and coarse.closed
        return hub.take(coarse), await flushed(hub, fine)

    coarse_batch, fine_batch = run(scenario())
    assert [message.type for message in coarse_batch] == [SNAPSHOT]
    assert [message.body for message in fine_batch][-1] == "fine picture"


def test_closing_a_job_tells_its_watchers_why():
    async def scenario():
        hub = EventHub()
        watcher = hub.subscribe("j", 50, SNAPSHOT_MESSAGE)
        hub.close_job("j", "job j was deleted")
        return await flushed(hub, watcher), hub.watched("j")

    batch, still_watched = run(scenario())
    assert [(message.type, message.body["detail"]) for message in batch] == [
        (CLOSE, "job j was deleted")]
    assert not still_watched


def test_the_flusher_wakes_only_watchers_with_news():
    async def scenario():
        hub = EventHub()
        quiet = hub.subscribe("quiet", 50, SNAPSHOT_MESSAGE)
        busy = hub.subscribe("busy", 50, SNAPSHOT_MESSAGE)
        flusher = asyncio.create_task(hub.run(rate=100))
        await flushed(hub, quiet)
        await flushed(hub, busy)
        hub.publish("busy", metrics(1))
        batch = await asyncio.wait_for(busy.next_batch(hub), timeout=5)
        flusher.cancel()
        return batch, quiet.event.is_set()

    batch, quiet_woken = run(scenario())
    assert [message.type for message in batch] == [METRICS]
    assert not quiet_woken
