"""Requests about one job wait in line on the event loop, never in a pool thread.

The manager serialises actions on a job with the job's lock. Called from plain (sync)
handlers, every request waiting for that lock parked one of the thread pool's 40
threads: a long step and 40 requests about the same job stopped every other request.
Here a job has one line (an asyncio lock): a request enters the pool only at its head,
so one job holds at most one pool thread, and steps, which may train for up to
`max_step_seconds`, have a few threads of their own. A pause does not wait in line behind a
step: it tells the step to stop at its next chunk first (`pause_step`).
"""

import asyncio
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
from starlette.requests import Request

T = TypeVar("T")
STEP_THREADS = 4


class JobLines:
    def __init__(self) -> None:
        self._lines: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary())
        self._steps = anyio.CapacityLimiter(STEP_THREADS)
        self._pauses: dict[str, threading.Event] = {}  # of the steps that hold their line

    async def call(self, job_id: str, function: Callable[..., T], *args) -> T:
        """`function(*args)` in a pool thread, after the job's earlier requests."""
        async with self._line(job_id):
            return await anyio.to_thread.run_sync(partial(function, *args))

    async def step(self, request: Request, job_id: str,
                   function: Callable[..., T], *args) -> T:
        """`function(*args, cancel, pause)`: a step, cancelled when the client goes away
        (or this request is cancelled, as at shutdown), paused by `pause_step`."""
        cancel, pause = threading.Event(), threading.Event()
        async with self._line(job_id):
            self._pauses[job_id] = pause
            training = asyncio.ensure_future(anyio.to_thread.run_sync(
                partial(function, *args, cancel, pause), limiter=self._steps))
            leaving = asyncio.ensure_future(disconnected(request))
            try:
                await asyncio.wait({training, leaving}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                if not training.done():
                    cancel.set()  # the step ends within a chunk and answers how far it got
                leaving.cancel()
            try:
                return await asyncio.shield(training)
            finally:
                del self._pauses[job_id]

    def pause_step(self, job_id: str) -> bool:
        """Tell the step that holds the job's line, if one does, to stop at its next chunk
        and leave the job paused by its user; True if one did."""
        pause = self._pauses.get(job_id)
        if pause is not None:
            pause.set()
        return pause is not None

    def _line(self, job_id: str) -> asyncio.Lock:
        line = self._lines.get(job_id)
        if line is None:
            line = self._lines[job_id] = asyncio.Lock()
        return line


async def disconnected(request: Request) -> None:
    """Returns when the client has gone (the body was already read)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
