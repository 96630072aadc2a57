"""The classroom of a multi-user server: who owns what, quotas, idle runs, the teacher's
view and login. None of it exists in single-user mode (app.state.classroom is None)."""

import json
from collections.abc import Awaitable, Callable

from nnplayground.classroom.identity import Requester
from nnplayground.classroom.idle import IdleWatch
from nnplayground.classroom.login_throttle import LoginThrottle
from nnplayground.classroom.overview import Overview
from nnplayground.classroom.owners import JOB, UPLOAD, OwnerBook
from nnplayground.classroom.quotas import Quotas
from nnplayground.jobs import JobManager
from nnplayground.settings import Settings


class Forbidden(Exception):
    """An action the requester may not take on someone else's item (403)."""


class Classroom:
    def __init__(self, settings: Settings, manager: JobManager):
        self.teacher_token = settings.teacher_token
        self.manager = manager
        self.book = OwnerBook(manager.store.path)
        self.book.keep_only(JOB, {job.id for job in manager.jobs.all()})
        self.book.keep_only(UPLOAD, {upload.id for upload in manager.uploads.list()})
        self.quotas = Quotas(settings, manager, book=self.book)
        self.overview = Overview(manager, self.book)
        self.idle = IdleWatch(manager, settings.idle_pause_s)
        self.logins = LoginThrottle()

    def close(self) -> None:
        self.book.close()

    def job_owner(self, job_id: str) -> str | None:
        return self.book.owner_of(JOB, job_id)

    def owner_name(self, job_id: str) -> str:
        return self.book.nickname(self.job_owner(job_id)) or "nobody (made before classroom mode)"

    def check_act(self, requester: Requester, kind: str, item_id: str) -> None:
        """Forbidden unless the requester owns the item or is the teacher."""
        owner = self.book.owner_of(kind, item_id)
        if requester.may_act(owner):
            return
        if kind == JOB:
            raise Forbidden(f"read-only: this run belongs to {self.owner_name(item_id)}; "
                            "only its owner (or the teacher) can change it. Copy its "
                            "settings to train your own")
        raise Forbidden(f"this {kind} belongs to someone else; only its owner (or the "
                        "teacher) can delete it")

    def job_view(self, requester: Requester, job_id: str) -> dict:
        """What the job object adds in multi-user mode, for this requester."""
        owner = self.job_owner(job_id)
        return {"owner_nickname": self.book.nickname(owner),
                "can_act": requester.may_act(owner)}

    def visible(self, requester: Requester, kind: str):
        """A predicate of the item ids the requester lists: their own (the teacher: all)."""
        if requester.teacher:
            return None
        mine = self.book.owned(kind, requester.key)
        return mine.__contains__


async def classroom_action(classroom: Classroom, requester: Requester, job_id: str,
                           text: str, act: Callable[[], Awaitable[None]]) -> None:
    """A WebSocket action in multi-user mode: Forbidden for a watcher; a play within the
    owner's running quota (checked under the owner's lock, as REST's)."""
    classroom.check_act(requester, JOB, job_id)
    if action_of(text) != "play":
        await act()  # a bad message is named by the action's own checks
        return
    owner = classroom.job_owner(job_id)
    async with classroom.quotas.lock(owner):
        classroom.quotas.check_start(owner)
        await act()


def action_of(text: str) -> object:
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return message.get("action") if isinstance(message, dict) else None
