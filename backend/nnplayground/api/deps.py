"""Dependencies as Annotated aliases; they take HTTPConnection so WebSockets use them too."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from nnplayground.api.idempotency import IdempotencyCache
from nnplayground.api.job_lines import JobLines
from nnplayground.classroom.owners import JOB, SWEEP, UPLOAD
from nnplayground.jobs import EventHub, JobManager, UploadLibrary
from nnplayground.limits import Limits
from nnplayground.settings import Settings


def get_settings(connection: HTTPConnection) -> Settings:
    return connection.app.state.settings


def get_manager(connection: HTTPConnection) -> JobManager:
    return connection.app.state.manager


def get_lines(connection: HTTPConnection) -> JobLines:
    return connection.app.state.job_lines


def get_uploads(connection: HTTPConnection) -> UploadLibrary:
    return connection.app.state.manager.uploads


def get_hub(connection: HTTPConnection) -> EventHub:
    return connection.app.state.manager.hub


def get_idempotency(connection: HTTPConnection) -> IdempotencyCache:
    return connection.app.state.idempotency


def get_limits(connection: HTTPConnection) -> Limits:
    return connection.app.state.settings.limits


def visible_to(kind: str):
    """In multi-user mode, the ids a requester lists (their own; the teacher's: all)."""
    def visible(connection: HTTPConnection) -> Callable[[str], bool] | None:
        classroom = connection.app.state.classroom
        return None if classroom is None else classroom.visible(connection.state.requester,
                                                                kind)
    return visible


SettingsDep = Annotated[Settings, Depends(get_settings)]
ManagerDep = Annotated[JobManager, Depends(get_manager)]
LinesDep = Annotated[JobLines, Depends(get_lines)]
UploadsDep = Annotated[UploadLibrary, Depends(get_uploads)]
HubDep = Annotated[EventHub, Depends(get_hub)]
LimitsDep = Annotated[Limits, Depends(get_limits)]
IdempotencyDep = Annotated[IdempotencyCache, Depends(get_idempotency)]
VisibleJobsDep = Annotated[Callable[[str], bool] | None, Depends(visible_to(JOB))]
VisibleUploadsDep = Annotated[Callable[[str], bool] | None, Depends(visible_to(UPLOAD))]
VisibleSweepsDep = Annotated[Callable[[str], bool] | None, Depends(visible_to(SWEEP))]
