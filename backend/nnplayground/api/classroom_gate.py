"""Multi-user mode at the door: who is asking, and may they do it.

- A page load without an owner cookie gets one (`nnp_owner`, HttpOnly, SameSite=Lax).
- An API request (health and session aside) or WebSocket without an owner token: 401.
- Changing a job (play, pause, step, reset, weight, patch, delete) or deleting an upload
  is for its owner or the teacher: 403 naming the owner. Sweeps are the teacher's (and
  recorded as theirs, so that a person lists their own, as they do jobs).
- Creating a job or an upload, and play, are checked against the owner's quotas (429)
  under the owner's lock; a created item is recorded as the requester's before the answer.
- Job objects answered to anyone carry `owner_nickname` and `can_act` (for this requester).
Single-user mode does not install this middleware.
"""

import json
import re

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.security import SAFE_METHODS, refuse
from nnplayground.classroom.identity import (
    OWNER_COOKIE,
    NoOwner,
    Requester,
    cookie_header,
    has_owner_cookie,
    identify,
    new_token,
)
from nnplayground.classroom.owners import JOB, SWEEP, UPLOAD
from nnplayground.classroom.room import Classroom, Forbidden
from nnplayground.encoding import dumps
from nnplayground.jobs import CapacityError

JOB_PATH = re.compile(r"/api/jobs/([^/]+)(?:/([^/]+))?")
UPLOAD_PATH = re.compile(r"/api/datasets/([^/]+)")
SWEEP_PATH = re.compile(r"/api/sweeps/([^/]+)")
OPEN_API = frozenset({"/api/health", "/api/session", "/api/teacher/login"})
PAGES = frozenset({"/", "/index.html", "/teacher"})
READS_BY_POST = frozenset({"predict"})  # a POST that changes nothing
# Routes that answer the job object (it gains owner_nickname and can_act).
JOB_OBJECT = frozenset({None, "play", "pause", "step", "reset", "weight"})


class ClassroomGate:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        classroom: Classroom | None = getattr(scope["app"].state, "classroom", None) \
            if "app" in scope else None
        if scope["type"] not in ("http", "websocket") or classroom is None:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        cookies = cookie_parser(Headers(scope=scope).get("cookie", ""))
        if not path.startswith("/api/"):
            if scope["type"] == "http" and path in PAGES and not has_owner_cookie(cookies):
                send = with_cookie(send, cookie_header(OWNER_COOKIE, new_token()))
            await self.app(scope, receive, send)
            return
        if path in OPEN_API:
            await self.app(scope, receive, send)
            return
        try:
            requester = identify(Headers(scope=scope), cookies, classroom.teacher_token)
        except NoOwner as error:
            await refuse(401, str(error), scope, receive, send)
            return
        scope.setdefault("state", {})["requester"] = requester
        try:
            await self.guard(classroom, requester, scope, receive, send)
        except Forbidden as error:
            await refuse(403, str(error), scope, receive, send)
        except CapacityError as error:
            if scope["type"] != "http":
                await refuse(429, error.message, scope, receive, send)
                return
            response = SafeJSONResponse(status_code=429, content={
                "detail": error.message, "message": error.message},
                headers={"Retry-After": str(error.retry_after)})
            await response(scope, receive, send)

    async def guard(self, classroom: Classroom, requester: Requester, scope: Scope,
                    receive: Receive, send: Send) -> None:
        path, method = scope["path"], scope.get("method", "GET")
        changes = scope["type"] == "http" and method not in SAFE_METHODS
        job = JOB_PATH.fullmatch(path)
        upload = UPLOAD_PATH.fullmatch(path)
        if job and scope["type"] == "http":
            await self.on_job(classroom, requester, job.group(1), job.group(2), scope,
                              receive, send)
        elif path == "/api/jobs" and method == "POST":
            await self.create_job(classroom, requester, scope, receive, send)
        elif path == "/api/datasets" and method == "POST":
            async with classroom.quotas.lock(requester.key):
                classroom.quotas.check_upload(requester.key)
                await self.creating(classroom, requester, UPLOAD, scope, receive, send)
        elif upload and method == "DELETE":
            classroom.check_act(requester, UPLOAD, upload.group(1))
            await self.deleting(classroom, UPLOAD, upload.group(1), scope, receive, send)
        elif path.startswith("/api/sweeps") and changes and not requester.teacher:
            raise Forbidden("in classroom mode sweeps are the teacher's; train one job at a "
                            "time instead")
        elif path == "/api/sweeps" and method == "POST":
            await self.creating(classroom, requester, SWEEP, scope, receive, send)
        elif (sweep := SWEEP_PATH.fullmatch(path)) and method == "DELETE":
            await self.deleting(classroom, SWEEP, sweep.group(1), scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def on_job(self, classroom: Classroom, requester: Requester, job_id: str,
                     action: str | None, scope: Scope, receive: Receive, send: Send) -> None:
        acts = scope["method"] not in SAFE_METHODS and action not in READS_BY_POST
        exists = classroom.manager.jobs.find(job_id) is not None
        if acts and exists:
            classroom.check_act(requester, JOB, job_id)
        if action in JOB_OBJECT and scope["method"] != "DELETE" and exists:
            send = JobObjectSender(send, classroom.job_view(requester, job_id))
        if action == "play" and exists:
            owner = classroom.job_owner(job_id)
            async with classroom.quotas.lock(owner):
                classroom.quotas.check_start(owner)
                await self.app(scope, receive, send)
        elif scope["method"] == "DELETE" and action is None:
            await self.deleting(classroom, JOB, job_id, scope, receive, send)
        else:
            await self.app(scope, receive, send)
        if isinstance(send, JobObjectSender):
            await send.flush()

    async def create_job(self, classroom: Classroom, requester: Requester, scope: Scope,
                         receive: Receive, send: Send) -> None:
        body, receive = await read_body(receive)
        async with classroom.quotas.lock(requester.key):
            classroom.quotas.check_create(requester.key, starting=autostarts(body))
            await self.creating(classroom, requester, JOB, scope, receive, send)

    async def creating(self, classroom: Classroom, requester: Requester, kind: str,
                       scope: Scope, receive: Receive, send: Send) -> None:
        """Forward a create; a 201's item is the requester's before the client hears of it."""
        captured = JobObjectSender(send, {})
        await self.app(scope, receive, captured)
        created = captured.answer()
        if captured.status == 201 and isinstance(created, dict) and "id" in created:
            classroom.book.assign(kind, str(created["id"]), requester.key)
            if kind == JOB:
                captured.extra = classroom.job_view(requester, str(created["id"]))
        await captured.flush()

    async def deleting(self, classroom: Classroom, kind: str, item_id: str, scope: Scope,
                       receive: Receive, send: Send) -> None:
        status = {}

        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, sender)
        if status.get("code") == 204:
            classroom.book.forget(kind, [item_id])


class JobObjectSender:
    """Holds a JSON answer back; `flush` sends it with `extra` merged into the object."""

    def __init__(self, send: Send, extra: dict):
        self.send, self.extra = send, extra
        self.start: Message | None = None
        self.body = b""
        self.status = 0

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start, self.status = message, message["status"]
        elif message["type"] == "http.response.body" and self.start is not None:
            self.body += message.get("body", b"")
        else:
            await self.send(message)

    def answer(self):
        try:
            return json.loads(self.body) if self.body else None
        except (ValueError, UnicodeDecodeError):
            return None

    async def flush(self) -> None:
        if self.start is None:
            return
        start, self.start = self.start, None
        body = self.body
        content = self.answer() if self.extra and 200 <= self.status < 300 else None
        if isinstance(content, dict) and "id" in content:
            body = dumps({**content, **self.extra})
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            start = {**start, "headers": [*headers,
                                          (b"content-length", str(len(body)).encode())]}
        await self.send(start)
        await self.send({"type": "http.response.body", "body": body})


def with_cookie(send: Send, cookie: str) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []),
                                              (b"set-cookie", cookie.encode())]}
        await send(message)
    return sender


async def read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body, and a receive that hands it on to the app."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body, given = b"".join(chunks), False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return body, replay


def autostarts(body: bytes) -> bool:
    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False  # the route answers 422
    return isinstance(request, dict) and request.get("autostart") is True
