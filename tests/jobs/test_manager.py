"""The job manager with real training sessions: actions, persistence, restarts, limits."""

import asyncio

import pytest

from nnplayground.errors import FieldError
from nnplayground.jobs import CapacityError, IllegalAction, JobNotFound
from nnplayground.jobs.history import to_columns
from nnplayground.jobs.hub import METRICS, SNAPSHOT, STATUS
from nnplayground.limits import Limits
from nnplayground.spec import JobCreate, JobSpec, JobUpdate, StepRequest
from nnplayground.training import TrainingSession
from tests.utils.factories import curve, spec, wait_for


def create(manager, **overrides) -> dict:
    return manager.create(JobCreate.model_validate(spec(**overrides)))


def job_spec(**overrides) -> JobSpec:
    return JobSpec.model_validate(spec(**overrides))


def wait_status(manager, job_id: str, status: str, timeout: float = 10.0) -> dict:
    return wait_for(lambda: (job := manager.job(job_id))["status"] == status and job,
                    timeout, what=f"job {job_id} {status}")


def test_a_new_job_is_evaluated_but_untrained(managers):
    job = create(managers(), name="first")
    assert (job["status"], job["step"], job["epoch"], job["name"]) == ("created", 0, 0, "first")
    assert job["metrics"]["train_loss"] > 0
    assert len(job["metrics"]["confusion_matrix"]) == 2
    assert job["summary"]["steps_per_epoch"] == 10  # 100 training points, batches of 10


def test_step_moves_the_epoch_by_exactly_one_and_leaves_it_paused(managers):
    manager = managers()
    job_id = create(manager)["id"]
    for expected in (1, 2, 3):
        job = manager.step(job_id, StepRequest())
        assert (job["status"], job["epoch"], job["step"]) == ("paused", expected, 10 * expected)
    assert manager.history(job_id)["step"] == [10, 20, 30]
    assert manager.step(job_id, StepRequest(steps=5))["step"] == 35


def test_step_is_bounded_by_the_epochs_limit(managers):
    manager = managers(limits=Limits(max_epochs_per_step=3))
    job_id = create(manager)["id"]
    with pytest.raises(FieldError, match=r"at most 3 epochs per step allowed \(got 4\)"):
        manager.step(job_id, StepRequest(epochs=4))
    with pytest.raises(FieldError, match=r"at most 30 steps \(3 epochs\) per step"):
        manager.step(job_id, StepRequest(steps=31))


def test_play_trains_until_paused_and_pause_checkpoints(managers):
    manager = managers()
    job_id = create(manager)["id"]
    assert manager.play(job_id)["status"] == "running"
    wait_for(lambda: manager.job(job_id)["epoch"] >= 3, what="three epochs")
    with pytest.raises(IllegalAction, match="it is running"):
        manager.step(job_id, StepRequest())
    paused = manager.pause(job_id)
    assert manager.train_slice(job_id, 0.01) is False  # a paused job takes no slice
    assert manager.job(job_id)["step"] == paused["step"]
    saved_step, _ = manager.store.load_checkpoint(job_id)
    assert saved_step == paused["step"]
    assert manager.store.load_metrics(job_id) == manager.history(job_id)


def test_restart_brings_a_running_job_back_paused_on_the_same_curve(managers):
    first = managers()
    job_id = create(first)["id"]
    first.play(job_id)
    wait_for(lambda: first.job(job_id)["epoch"] >= 2, what="two epochs")
    first.shutdown()

    second = managers()
    job = second.job(job_id)
    assert job["status"] == "paused"
    reference = TrainingSession(job_spec())
    points_before = reference.run(job["step"])
    assert curve(second.history(job_id)) == curve(to_columns(points_before))

    after = second.step(job_id, StepRequest(epochs=2))
    points_after = reference.run_epochs(2)
    assert after["step"] == reference.step
    assert curve(second.history(job_id, since=job["step"])) == curve(to_columns(points_after))


def test_a_crash_loses_at_most_the_progress_since_the_last_checkpoint(managers):
    first = managers(checkpoint_seconds=0.05)
    job_id = create(first)["id"]
    first.play(job_id)
    wait_for(lambda: first.store.load_checkpoint(job_id), what="a periodic checkpoint")
    first.runner.stop()  # the process dies here: no shutdown, no final checkpoint
    saved_step, _ = first.store.load_checkpoint(job_id)

    second = managers()
    job = second.job(job_id)
    assert (job["status"], job["step"]) == ("paused", saved_step)
    assert second.history(job_id)["step"][-1] <= saved_step
    reference = TrainingSession(job_spec())
    reference.run(saved_step)
    second.play(job_id)
    wait_for(lambda: second.job(job_id)["step"] > saved_step + 50, what="training resumed")
    second.pause(job_id)
    continued = second.history(job_id, since=saved_step)
    assert curve(continued) == curve(to_columns(reference.run(continued["step"][-1] - saved_step)))


def test_reset_starts_the_same_curve_again(managers):
    manager = managers()
    job_id = create(manager)["id"]
    manager.step(job_id, StepRequest(epochs=2))
    first_curve = curve(manager.history(job_id))
    job = manager.reset(job_id)
    assert (job["status"], job["step"], job["epoch"]) == ("created", 0, 0)
    assert manager.history(job_id)["step"] == []
    assert manager.store.load_checkpoint(job_id) is None
    manager.step(job_id, StepRequest(epochs=2))
    assert curve(manager.history(job_id)) == first_curve


def test_reset_with_a_new_spec_keeps_the_id(managers):
    manager = managers()
    job_id = create(manager)["id"]
    job = manager.reset(job_id, job_spec(network={"hidden": [{"units": 3}, {"units": 2}]}))
    assert job["id"] == job_id
    assert [layer["units"] for layer in job["spec"]["network"]["hidden"]] == [3, 2]


def test_live_update_changes_the_running_session_and_persists(managers):
    manager = managers()
    job_id = create(manager)["id"]
    manager.play(job_id)
    job = manager.update(job_id, JobUpdate.model_validate(
        {"training": {"learning_rate": 0.5, "batch_size": 20}, "name": "faster"}))
    assert job["spec"]["training"]["learning_rate"] == 0.5
    assert job["summary"]["steps_per_epoch"] == 5
    assert manager.get(job_id).session.optimizer.lr == 0.5
    manager.pause(job_id)
    [stored] = manager.store.load_jobs()
    assert (stored.name, stored.spec.training.batch_size) == ("faster", 20)


def test_live_update_respects_the_limits(managers):
    manager = managers()
    job_id = create(manager)["id"]
    with pytest.raises(FieldError, match=r"training\.learning_rate: must be between"):
        manager.update(job_id, JobUpdate.model_validate({"training": {"learning_rate": 50}}))


def test_a_huge_learning_rate_diverges_with_a_message(managers):
    manager = managers()
    job_id = create(manager, dataset={"name": "plane", "n_samples": 200},
                    training={"learning_rate": 10})["id"]
    manager.play(job_id)
    job = wait_status(manager, job_id, "diverged")
    assert "NaN" in job["error"]
    with pytest.raises(IllegalAction, match="it is diverged"):
        manager.play(job_id)


def test_max_epochs_completes_the_job(managers):
    manager = managers()
    job_id = create(manager, training={"max_epochs": 3})["id"]
    manager.play(job_id)
    job = wait_status(manager, job_id, "completed")
    assert job["epoch"] == 3 and job["error"] is None


def test_running_and_stored_jobs_are_limited(managers):
    manager = managers(limits=Limits(max_running_jobs=1, max_stored_jobs=2))
    first, second = create(manager)["id"], create(manager)["id"]
    manager.play(first)
    with pytest.raises(CapacityError, match=r"at most 1 running jobs allowed \(got 1\)"):
        manager.play(second)
    with pytest.raises(CapacityError, match=r"at most 2 stored jobs allowed \(got 2\)"):
        create(manager)
    manager.pause(first)
    with pytest.raises(CapacityError, match=r"at most 2 stored jobs allowed \(got 2\)"):
        create(manager, autostart=True)


def test_delete_forgets_the_job_everywhere(managers):
    manager = managers()
    job_id = create(manager)["id"]
    manager.play(job_id)
    manager.delete(job_id)
    with pytest.raises(JobNotFound, match=f"no job with id '{job_id}'"):
        manager.job(job_id)
    assert manager.store.load_jobs() == []
    assert manager.train_slice(job_id, 0.001) is False


def test_thirty_jobs_on_two_workers_all_advance_fairly(managers):
    manager = managers(workers=2)
    ids = [create(manager)["id"] for _ in range(30)]
    for job_id in ids:
        manager.play(job_id)
    def steps() -> list[int]:
        return [manager.job(job_id)["step"] for job_id in ids]

    wait_for(lambda: min(steps()) > 100, timeout=20, what="every job past step 100")
    before = steps()
    wait_for(lambda: min(steps()) > max(before) + 500, timeout=20, what="500 more steps each")
    gains = [now - then for now, then in zip(steps(), before, strict=True)]
    assert min(gains) >= 0.5 * sum(gains) / len(gains)


def test_a_watcher_gets_the_snapshot_then_the_news(managers):
    manager = managers()
    job_id = create(manager)["id"]
    manager.step(job_id, StepRequest())

    async def watch():
        watcher = manager.watch(job_id)
        manager.hub.flush()
        snapshot = await watcher.next_batch(manager.hub)
        await asyncio.to_thread(manager.step, job_id, StepRequest())
        manager.hub.flush()
        return snapshot, await watcher.next_batch(manager.hub)

    snapshot, news = asyncio.run(watch())
    assert snapshot[0].type == SNAPSHOT
    assert snapshot[0].body["job"].epoch == 1
    assert snapshot[0].body["history"]["step"] == [10]
    assert [message.type for message in news][:2] == [METRICS, STATUS]
    assert news[0].body["points"]["step"] == [20]
    assert news[1].body == {"type": "status", "status": "paused", "step": 20, "epoch": 2,
                            "error": None, "status_reason": "stepped"}


def test_resetting_or_deleting_a_running_job_frees_its_running_slot(managers):
    manager = managers(limits=Limits(max_running_jobs=1))
    first, second = create(manager)["id"], create(manager)["id"]
    manager.play(first)
    manager.reset(first)
    assert manager.play(second)["status"] == "running"
    manager.delete(second)
    assert manager.play(first)["status"] == "running"


def test_a_thinned_history_is_stored_as_thinned(managers):
    first = managers(history_capacity=40, history_keep_recent=10)
    job_id = create(first)["id"]
    for _ in range(3):
        first.step(job_id, StepRequest(epochs=30))
    history = first.history(job_id)
    assert len(history["step"]) < 40 and history["step"][-1] == 900
    first.shutdown()
    second = managers(history_capacity=40, history_keep_recent=10)
    assert second.history(job_id) == history


def test_a_live_change_made_before_the_session_is_loaded_still_applies(managers):
    first = managers()
    job_id = create(first)["id"]
    first.step(job_id, StepRequest())
    first.shutdown()
    second = managers()
    second.update(job_id, JobUpdate.model_validate({"training": {"learning_rate": 0.7}}))
    second.step(job_id, StepRequest())
    assert second.get(job_id).session.optimizer.lr == 0.7


def test_a_batch_size_change_before_the_session_is_loaded_shows_in_the_summary(managers):
    first = managers()
    job_id = create(first)["id"]
    first.step(job_id, StepRequest())
    first.shutdown()
    second = managers()  # the job's session is built on first use
    job = second.update(job_id, JobUpdate.model_validate({"training": {"batch_size": 50}}))
    assert job["summary"]["steps_per_epoch"] == 2  # 100 training points, batches of 50
    after = second.step(job_id, StepRequest())
    assert (after["step"], after["summary"]["steps_per_epoch"]) == (12, 2)
