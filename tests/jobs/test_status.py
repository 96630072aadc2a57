"""The status machine: which action is allowed from which status, and what it leads to."""

import pytest

from nnplayground.jobs.status import Action, IllegalAction, JobStatus, after, ended

ALL = list(JobStatus)


@pytest.mark.parametrize(("action", "start", "result"), [
    (Action.PLAY, JobStatus.CREATED, JobStatus.RUNNING),
    (Action.PLAY, JobStatus.PAUSED, JobStatus.RUNNING),
    (Action.PAUSE, JobStatus.RUNNING, JobStatus.PAUSED),
    (Action.STEP, JobStatus.CREATED, JobStatus.PAUSED),
    (Action.STEP, JobStatus.PAUSED, JobStatus.PAUSED),
    *[(Action.RESET, status, JobStatus.CREATED) for status in ALL],
])
def test_allowed_transitions(action, start, result):
    assert after("j1", action, start) is result


@pytest.mark.parametrize(("action", "start"), [
    (Action.PLAY, JobStatus.RUNNING),
    (Action.PLAY, JobStatus.COMPLETED),
    (Action.PLAY, JobStatus.DIVERGED),
    (Action.PLAY, JobStatus.FAILED),
    (Action.PAUSE, JobStatus.CREATED),
    (Action.PAUSE, JobStatus.PAUSED),
    (Action.PAUSE, JobStatus.COMPLETED),
    (Action.STEP, JobStatus.RUNNING),
    (Action.STEP, JobStatus.DIVERGED),
])
def test_illegal_actions_name_the_current_status(action, start):
    with pytest.raises(IllegalAction) as excinfo:
        after("j1", action, start)
    message = str(excinfo.value)
    assert message.startswith(f"cannot {action.value} job j1: it is {start.value}")
    assert excinfo.value.status is start


def test_finished_jobs_point_to_reset():
    with pytest.raises(IllegalAction, match=r"it is diverged \(reset it"):
        after("j1", Action.PLAY, JobStatus.DIVERGED)


def test_training_ends_a_job_only_when_it_diverged_or_finished():
    assert ended(JobStatus.RUNNING, diverged=False, finished=False) is JobStatus.RUNNING
    assert ended(JobStatus.RUNNING, diverged=True, finished=True) is JobStatus.DIVERGED
    assert ended(JobStatus.PAUSED, diverged=False, finished=True) is JobStatus.COMPLETED
    assert {status for status in ALL if status.finished} == {
        JobStatus.COMPLETED, JobStatus.DIVERGED, JobStatus.FAILED}
