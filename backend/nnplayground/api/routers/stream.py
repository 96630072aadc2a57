"""WS /api/jobs/{id}/stream: a job's snapshot, then its events; controls it too.

Two tasks per socket: the sender drains the watcher's bounded outbox whenever the
hub's flusher wakes it (at most `stream_messages_per_second` times a second), the
receiver runs client actions in the thread pool. Neither can slow training:
publishers never wait for a socket.
"""

import asyncio
import contextlib
import json
import logging
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from starlette.websockets import WebSocketDisconnect, WebSocketState

from nnplayground.api.deps import ManagerDep
from nnplayground.api.errors import error_text
from nnplayground.api.picture_options import DEFAULT_UNITS_PER_LAYER, UnitsPerLayer
from nnplayground.classroom.room import Forbidden, classroom_action
from nnplayground.encoding import dumps_text
from nnplayground.errors import FieldError
from nnplayground.jobs import (
    CapacityError,
    EventHub,
    IllegalAction,
    JobConflict,
    JobManager,
    JobNotFound,
    Watcher,
)
from nnplayground.jobs.hub import CLOSE, GONE_CLOSE_CODE, SNAPSHOT
from nnplayground.jobs.messages import error_message
from nnplayground.spec import JobUpdate, ResetRequest, StepRequest, StrictModel
from nnplayground.training import NotDrawableError

router = APIRouter(tags=["stream"])
log = logging.getLogger(__name__)

ACTIONS = ("play", "pause", "step", "reset", "update")
SEND_TIMEOUT_SECONDS = 10.0  # a client that takes longer to take one message is dropped
# Each distinct resolution costs a picture per publication: few per job.
MAX_RESOLUTIONS_PER_JOB = 4


class BadMessage(Exception):
    """A client message that is not an action object."""


# Bad input and refused actions: each is answered with an `error` message.
ACTION_ERRORS = (BadMessage, ValidationError, FieldError, IllegalAction, JobConflict,
                 JobNotFound, CapacityError, Forbidden)


class NoArguments(StrictModel):
    """play and pause take nothing but the action."""


@router.websocket("/jobs/{job_id}/stream")
async def stream(websocket: WebSocket, job_id: str, manager: ManagerDep,
                 resolution: Annotated[int, Query(ge=10, le=200)] = 50,
                 neurons_resolution: Annotated[int, Query(ge=5, le=100)] = 20,
                 boundary: Annotated[bool, Query(
                     description="false: metrics and status only, no pictures")] = True,
                 units_per_layer: UnitsPerLayer = DEFAULT_UNITS_PER_LAYER,
                 ) -> None:
    await websocket.accept()
    watched = manager.hub.resolutions(job_id)
    if resolution not in watched and len(watched) >= MAX_RESOLUTIONS_PER_JOB:
        listed = ", ".join(map(str, sorted(watched)))
        await websocket.send_text(dumps_text({"type": "error", "detail": (
            f"resolution: this job is watched at {len(watched)} resolutions already "
            f"({listed}); use one of them")}))
        await websocket.close(code=1008, reason="too many resolutions")
        return
    refused = None
    try:
        try:
            manager.check_neurons_resolution(job_id, neurons_resolution, units_per_layer)
        except FieldError as error:  # the stream still carries the weights, without pictures
            refused, neurons_resolution = error, None
        watcher = manager.watch(job_id, resolution, neurons_resolution, pictures=boundary,
                                units_per_layer=units_per_layer)
    except JobNotFound as error:
        await websocket.send_text(dumps_text({"type": "error", "detail": error_text(error)}))
        await websocket.close(code=GONE_CLOSE_CODE, reason="unknown job")
        return
    if refused is not None:
        manager.hub.send_to(watcher, error_message(f"neurons_resolution: {refused.message}"))
    sender = asyncio.create_task(send_loop(websocket, watcher, manager.hub))
    first_picture = asyncio.create_task(send_first_pictures(manager, watcher))
    try:
        await receive_loop(websocket, manager, job_id, watcher)
    finally:
        manager.hub.unsubscribe(watcher)
        first_picture.cancel()
        sender.cancel()


async def receive_loop(websocket: WebSocket, manager: JobManager, job_id: str,
                       watcher: Watcher) -> None:
    while not watcher.closed:
        try:
            message = await websocket.receive()
        except (WebSocketDisconnect, RuntimeError):
            return
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text is None:
            manager.hub.send_to(watcher, error_message("send actions as JSON text, e.g. "
                                                       '{"action": "play"}'))
            continue
        act = partial(websocket.app.state.job_lines.call, job_id, perform, manager, job_id, text)
        try:
            classroom = websocket.app.state.classroom
            if classroom is None:
                await act()
            else:  # multi-user mode: only the owner or the teacher acts; others watch
                await classroom_action(classroom, websocket.state.requester, job_id, text, act)
        except ACTION_ERRORS as error:
            manager.hub.send_to(watcher, error_message(error_text(error)))


def perform(manager: JobManager, job_id: str, text: str) -> None:
    """Run one client action; any bad input raises an error naming the problem."""
    try:
        message = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadMessage(f"not JSON ({error}); send e.g. {{\"action\": \"play\"}}") from None
    except RecursionError:
        raise BadMessage("JSON nested too deeply; send e.g. {\"action\": \"play\"}") from None
    if not isinstance(message, dict):
        raise BadMessage(f"expected a JSON object like {{\"action\": \"play\"}}, "
                         f"got {type(message).__name__}")
    action = message.pop("action", None)
    if action not in ACTIONS:
        raise BadMessage(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    if action == "play":
        NoArguments.model_validate(message)
        manager.play(job_id)
    elif action == "pause":
        NoArguments.model_validate(message)
        manager.pause(job_id)
    elif action == "step":
        manager.step(job_id, StepRequest.model_validate(message))
    elif action == "reset":
        manager.reset(job_id, ResetRequest.model_validate(message).spec)
    else:
        manager.update(job_id, JobUpdate.model_validate(message))


async def send_loop(websocket: WebSocket, watcher: Watcher, hub: EventHub) -> None:
    """Send what the watcher's outbox holds whenever the hub's flusher says there is news."""
    try:
        while True:
            for message in await watcher.next_batch(hub):
                if message.type == CLOSE:
                    await websocket.send_text(dumps_text(message.body))
                    await websocket.close(code=message.close_code)
                    return
                text = await encoded(message)
                await asyncio.wait_for(websocket.send_text(text), SEND_TIMEOUT_SECONDS)
    except TimeoutError:
        log.warning("dropping a WebSocket client of job %s: it does not read", watcher.job_id)
        await close_quietly(websocket, code=1008)
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass  # the client went away; the receiver cleans up


async def encoded(message) -> str:
    if isinstance(message.body, str):
        return message.body  # encoded once by the publisher
    if message.type == SNAPSHOT:  # up to 10,000 points: not on the event loop
        return await run_in_threadpool(dumps_text, message.body)
    return dumps_text(message.body)


async def send_first_pictures(manager: JobManager, watcher: Watcher) -> None:
    """A resting job publishes no pictures: give a new watcher its boundary and model now."""
    try:
        messages = await run_in_threadpool(manager.picture_messages, watcher.job_id, watcher)
    except (JobNotFound, JobConflict, NotDrawableError):
        return
    for message in messages:
        manager.hub.send_to(watcher, message)


async def close_quietly(websocket: WebSocket, code: int) -> None:
    if websocket.application_state is WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, OSError):
            await websocket.close(code=code)
