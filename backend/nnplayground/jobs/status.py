"""A job's status and every transition between statuses, checked in this one place.

    created -> running <-> paused          (play / pause)
    created | paused -> paused             (step: trains, then rests)
    running | paused -> completed | diverged | failed   (training ends)
    any -> created                         (reset)
"""

from enum import StrEnum


class JobStatus(StrEnum):
    CREATED = "created"
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"
    DIVERGED = "diverged"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in FINISHED


FINISHED = frozenset({JobStatus.COMPLETED, JobStatus.DIVERGED, JobStatus.FAILED})


class Action(StrEnum):
    """What a client may ask of a job."""

    PLAY = "play"
    PAUSE = "pause"
    STEP = "step"
    RESET = "reset"


ALLOWED: dict[Action, frozenset[JobStatus]] = {
    Action.PLAY: frozenset({JobStatus.CREATED, JobStatus.PAUSED}),
    Action.PAUSE: frozenset({JobStatus.RUNNING}),
    Action.STEP: frozenset({JobStatus.CREATED, JobStatus.PAUSED}),
    Action.RESET: frozenset(JobStatus),
}

RESULT: dict[Action, JobStatus] = {
    Action.PLAY: JobStatus.RUNNING,
    Action.PAUSE: JobStatus.PAUSED,
    Action.STEP: JobStatus.PAUSED,
    Action.RESET: JobStatus.CREATED,
}

class IllegalAction(Exception):
    """An action the job's current status does not allow (the API answers 409)."""

    def __init__(self, job_id: str, action: str, status: JobStatus):
        self.job_id, self.action, self.status = job_id, action, status
        super().__init__(
            f"cannot {action} job {job_id}: it is {status.value}{hint(action, status)}")


def hint(action: str, status: JobStatus) -> str:
    if status.finished and action in (Action.PLAY, Action.STEP):
        return " (reset it, or create a new job, to train again)"
    if action == Action.PAUSE:
        return " (only a running job can be paused)"
    if status is JobStatus.RUNNING and action in (Action.PLAY, Action.STEP):
        return " (pause it first)" if action == Action.STEP else " already"
    return ""


def after(job_id: str, action: Action, status: JobStatus) -> JobStatus:
    """The status `action` leads to from `status`, or IllegalAction naming `status`."""
    if status not in ALLOWED[action]:
        raise IllegalAction(job_id, action.value, status)
    return RESULT[action]


def ended(status: JobStatus, diverged: bool, finished: bool) -> JobStatus:
    """The status after some training: the same, unless training ended the job."""
    if diverged:
        return JobStatus.DIVERGED
    if finished:
        return JobStatus.COMPLETED
    return status
