"""The jobs of one Ray actor (shard.py), in plain Python: control never waits for a slice."""

import threading

from nnplayground.jobs.shard import Shard
from nnplayground.jobs.shard_messages import Plan, Wants
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession
from tests.utils.factories import spec, wait_for

JOB = "job"


def shard_with_a_job() -> Shard:
    """A shard holding one job (not training: the test plays its training thread)."""
    job_spec = JobSpec.model_validate(spec())
    shard = Shard()
    shard.add(Plan(JOB, job_spec, TrainingSession(job_spec).checkpoint(), {}))
    return shard


def in_thread(call) -> threading.Thread:
    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    return thread


def test_a_live_change_does_not_wait_for_the_slice_in_progress():
    shard = shard_with_a_job()
    entry = shard._entries[JOB]
    with entry.lock:  # as the training thread holds it for a slice
        changing = in_thread(lambda: shard.update(JOB, {"learning_rate": 0.5,
                                                        "speed": 2.0}, 1))
        wait_for(lambda: not changing.is_alive(), 30, what="the change to be taken")
        assert entry.speed == 2.0  # the pace at once; the session's at the slice boundary
    report = shard.withdraw(JOB, Wants(None))
    restored = TrainingSession(entry.session.spec)
    restored.restore(report.checkpoint)
    assert restored.optimizer.lr == 0.5  # the report brings it home with the change


def test_a_late_older_change_does_not_undo_a_newer_one():
    shard = shard_with_a_job()
    shard.update(JOB, {"learning_rate": 0.2, "batch_size": 5}, 2)
    shard.update(JOB, {"learning_rate": 0.1, "regularization_rate": 0.01}, 1)  # sent before
    session = shard._entries[JOB].session
    shard._entries[JOB].settle()
    assert (session.optimizer.lr, session.batch_size) == (0.2, 5)
    assert session.optimizer.penalty_rate == 0.01  # no later change of this one


def test_a_change_the_plan_already_holds_is_not_applied_again():
    job_spec = JobSpec.model_validate(spec())
    shard = Shard()
    shard.add(Plan(JOB, job_spec, TrainingSession(job_spec).checkpoint(), {}),
              placement=3)
    shard.update(JOB, {"learning_rate": 0.7}, 3)  # older than the plan: arrived late
    entry = shard._entries[JOB]
    entry.settle()
    assert entry.session.optimizer.lr == job_spec.training.learning_rate


def test_asks_about_an_earlier_placement_of_a_job_leave_its_new_one_alone():
    """A report or a withdrawal asked before the job was withdrawn and placed again (the
    server's calls may arrive in any order) neither answers for nor stops the new one."""
    job_spec = JobSpec.model_validate(spec())
    plan = Plan(JOB, job_spec, TrainingSession(job_spec).checkpoint(), {})
    shard = Shard()
    shard.add(plan, placement=1)
    assert shard.withdraw(JOB, Wants(None, placement=1)) is not None
    shard.add(plan, placement=2)
    assert shard.collect({JOB: Wants(None, placement=1)}) == {}
    assert shard.withdraw(JOB, Wants(None, placement=1)) is None
    assert shard.collect({JOB: Wants(None, placement=2)})[JOB].step == 0
