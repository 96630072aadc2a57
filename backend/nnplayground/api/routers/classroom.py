"""Classroom routes: a script's owner token, your nickname, the teacher's login and view.

`/api/me` answers in both modes (the page asks it which mode the server is in); the rest
exist for multi-user mode only (a single-user server answers them with 404).
"""

import time
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.static import page_file
from nnplayground.classroom.identity import (
    TEACHER_COOKIE,
    Requester,
    cookie_header,
    is_teacher,
    new_token,
    teacher_cookie_value,
)
from nnplayground.classroom.login_throttle import TooManyFailures
from nnplayground.classroom.owners import check_nickname, default_nickname, owner_key
from nnplayground.classroom.quotas import QuotaSizes
from nnplayground.classroom.room import Classroom

router = APIRouter(tags=["classroom"])
pages = APIRouter(include_in_schema=False)


class Session(BaseModel):
    token: str = Field(description="send it as 'Authorization: Bearer <token>'")
    nickname: str


class Me(BaseModel):
    multi_user: bool
    nickname: str | None = None
    teacher: bool = False
    quotas: QuotaSizes | None = None


class NicknameChange(BaseModel):
    nickname: str = Field(max_length=200, examples=["Ada"])


class TeacherLogin(BaseModel):
    token: str = Field(max_length=1000)


class Overview(BaseModel):
    jobs: list[dict]
    milliseconds: float = Field(description="the server's time for this answer (wall clock)")
    cpu_milliseconds: float = Field(description="the CPU time it took (waits excluded)")


def classroom_of(request: Request) -> Classroom:
    classroom = request.app.state.classroom
    if classroom is None:
        raise HTTPException(404, "this server is single-user: start it with --multi-user "
                                 "for owners, nicknames and a teacher")
    return classroom


def requester_of(request: Request) -> Requester:
    return request.state.requester


def me(classroom: Classroom | None, requester: Requester | None) -> Me:
    if classroom is None or requester is None:
        return Me(multi_user=False)
    return Me(multi_user=True, nickname=classroom.book.nickname(requester.key),
              teacher=requester.teacher, quotas=classroom.quotas.sizes())


@router.post("/session", status_code=201)
def create_session(request: Request) -> Session:
    """A new owner token for a script (multi-user mode)."""
    classroom_of(request)
    token = new_token()
    return Session(token=token, nickname=default_nickname(owner_key(token)))


@router.get("/me")
def read_me(request: Request) -> Me:
    """Which mode the server is in; in multi-user mode your nickname and quotas."""
    return me(request.app.state.classroom, getattr(request.state, "requester", None))


@router.patch("/me")
def change_nickname(request: Request, change: Annotated[NicknameChange, Body(
        openapi_examples={"a name": {"value": {"nickname": "Ada"}}})]) -> Me:
    """Set your nickname (shown to the teacher and to those who watch your runs)."""
    classroom = classroom_of(request)
    requester = requester_of(request)
    try:
        check_nickname(change.nickname)
    except ValueError as error:
        raise HTTPException(422, f"nickname: {error}") from None
    classroom.book.set_nickname(requester.key, change.nickname)
    return me(classroom, requester)


@router.post("/teacher/login", status_code=204)
def teacher_login(request: Request, login: Annotated[TeacherLogin, Body(
        openapi_examples={"the token": {"value": {"token": "the --teacher-token value"}}})]
                  ) -> Response:
    """Enter the teacher token once: the answer sets the teacher's cookie. A few wrong
    tokens a minute from one address, then 429 until the minute is over."""
    classroom = classroom_of(request)
    if classroom.teacher_token is None:
        raise HTTPException(404, "this server has no teacher: start it with --teacher-token")
    address = request.client.host if request.client else "unknown"
    try:
        classroom.logins.check(address)
    except TooManyFailures as error:
        raise HTTPException(429, str(error),
                            headers={"Retry-After": str(error.retry_after)}) from None
    if not is_teacher(login.token, classroom.teacher_token):
        classroom.logins.failed(address)
        raise HTTPException(403, "token: that is not the teacher token")
    response = Response(status_code=204)
    response.headers["Set-Cookie"] = cookie_header(
        TEACHER_COOKIE, teacher_cookie_value(classroom.teacher_token))
    return response


@router.get("/teacher/overview", response_model=Overview)
async def teacher_overview(request: Request) -> SafeJSONResponse:
    """Every running or recent job: nickname, dataset, network, epoch, test loss and a small
    boundary picture (the teacher only)."""
    classroom = classroom_of(request)
    if not requester_of(request).teacher:
        raise HTTPException(403, "the class overview is the teacher's: enter the teacher "
                                 "token at /teacher")
    started = time.perf_counter()
    tiles, cpu_seconds = await run_in_threadpool(timed, classroom.overview.tiles)
    # Built by the domain, written once (no second pass through a model): it is refreshed
    # every second.
    return SafeJSONResponse({
        "jobs": tiles, "milliseconds": round((time.perf_counter() - started) * 1000, 2),
        "cpu_milliseconds": round(cpu_seconds * 1000, 2)})


def timed(function):
    """`function()` and the CPU time this thread spent on it."""
    started = time.thread_time()
    return function(), time.thread_time() - started


@pages.get("/teacher")
def teacher_page(request: Request) -> Response:
    classroom_of(request)
    return page_file("teacher.html", request)
