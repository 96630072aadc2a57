"""Jobs on Ray actors behave as on the embedded runner: the same curve to the bit, pause,
step, restart, live hyperparameters; a killed actor's jobs come back paused with a reason."""

import os
import subprocess
import sys
import threading

import ray

from nnplayground.jobs import EmbeddedRunner, EventHub, JobManager, Store, Timing, UploadLibrary
from nnplayground.jobs.history import to_columns
from nnplayground.jobs.ray_local import CLUSTERS_VARIABLE
from nnplayground.jobs.ray_runner import JOBS_PER_CPU, RayRunner
from nnplayground.jobs.runners import build_runner
from nnplayground.kernel import NUMPY
from nnplayground.limits import Limits
from nnplayground.settings import Settings
from nnplayground.spec import JobCreate, JobSpec, JobUpdate, StepRequest
from nnplayground.training import TrainingSession
from tests.jobs.conftest import AsClientSees
from tests.jobs.test_races import in_thread
from tests.utils.factories import csv_bytes, curve, spec, wait_for

SHORT = {"max_epochs": 6}  # a job that completes in about a second


def create(manager, **overrides) -> dict:
    return manager.create(JobCreate.model_validate(spec(**overrides)))


def wait_status(manager, job_id: str, status: str, timeout: float = 30.0) -> dict:
    return wait_for(lambda: (job := manager.job(job_id))["status"] == status and job,
                    timeout, what=f"job {job_id} {status}")


def reference(**overrides) -> TrainingSession:
    return TrainingSession(JobSpec.model_validate(spec(**overrides)))


def embedded_history(data_dir, **overrides) -> dict:
    data_dir.mkdir()
    store = Store(data_dir)
    manager = AsClientSees(JobManager(store, UploadLibrary(store), EventHub(),
                                      EmbeddedRunner(1), Limits(), Timing(), NUMPY))
    manager.start()
    try:
        job_id = create(manager, **overrides)["id"]
        manager.play(job_id)
        wait_status(manager, job_id, "completed")
        return curve(manager.history(job_id))
    finally:
        manager.shutdown()


def test_a_job_on_ray_draws_the_embedded_runners_curve_to_the_bit(ray_managers, tmp_path):
    manager = ray_managers()
    job_id = create(manager, training=SHORT)["id"]
    assert manager.play(job_id)["status"] == "running"
    job = wait_status(manager, job_id, "completed")
    on_ray = curve(manager.history(job_id))

    assert manager.runner.kernel == "numpy"  # one kernel on both sides: numpy (CI-fast)
    assert job["kernel"] == "numpy"
    assert on_ray == embedded_history(tmp_path / "embedded", training=SHORT)
    expected = reference(training=SHORT)
    assert on_ray == curve(to_columns(expected.run(10**6)))
    assert job["step"] == expected.step
    assert job["metrics"]["train_loss"] == expected.evaluate()["train_loss"]


def test_a_job_on_an_uploaded_dataset_trains_on_ray_with_its_data(ray_managers):
    manager = ray_managers()
    upload = manager.uploads.add(csv_bytes(rows=60), "upload.csv")
    dataset = {"id": upload.id}
    job_id = create(manager, dataset=dataset, training=SHORT)["id"]
    manager.play(job_id)
    wait_status(manager, job_id, "completed")
    expected = TrainingSession(JobSpec.model_validate(spec(dataset=dataset, training=SHORT)),
                               manager.uploads.dataset)
    assert curve(manager.history(job_id)) == curve(to_columns(expected.run(10**6)))


def test_pause_step_and_restart_continue_the_same_curve(ray_managers):
    first = ray_managers(checkpoint_seconds=0.2)
    job_id = create(first)["id"]
    first.play(job_id)
    wait_for(lambda: first.job(job_id)["step"] >= 100, 30, what="training on Ray")
    paused = first.pause(job_id)
    assert paused["status"] == "paused"
    expected = reference()
    expected_points = expected.run(paused["step"])
    assert curve(first.history(job_id)) == curve(to_columns(expected_points))

    stepped = first.step(job_id, StepRequest(epochs=1))
    expected_points += expected.run_epochs(1)
    assert (stepped["status"], stepped["step"]) == ("paused", expected.step)
    assert curve(first.history(job_id)) == curve(to_columns(expected_points))

    first.play(job_id)
    wait_for(lambda: first.job(job_id)["step"] > stepped["step"] + 50, 30,
             what="training again")
    first.shutdown()  # the server stops while the job runs: it comes back paused

    second = ray_managers()
    job = second.job(job_id)
    assert job["status"] == "paused"
    expected_points += expected.run(job["step"] - expected.step)
    assert curve(second.history(job_id)) == curve(to_columns(expected_points))
    second.play(job_id)
    wait_for(lambda: second.job(job_id)["step"] > job["step"] + 50, 30,
             what="training after the restart")
    resumed = second.pause(job_id)
    expected_points += expected.run(resumed["step"] - expected.step)
    assert curve(second.history(job_id)) == curve(to_columns(expected_points))


def test_control_reaches_jobs_while_they_train_and_a_slow_job_starves_none(ray_managers):
    manager = ray_managers(actors=1)  # one actor: three jobs in turn, one of them slow
    slow = {"dataset": {"name": "circle", "n_samples": 2000, "seed": 1},
            "network": {"hidden": [{"units": 128, "activation": "tanh"}] * 2},
            "training": {"batch_size": 200}}
    job_ids = [create(manager)["id"], create(manager)["id"], create(manager, **slow)["id"]]
    for job_id in job_ids:
        manager.play(job_id)
    wait_for(lambda: all(manager.job(job_id)["step"] > 5 for job_id in job_ids), 30,
             what="all three training")

    updated = manager.update(job_ids[0], JobUpdate.model_validate(
        {"training": {"learning_rate": 0.1, "batch_size": 20}}))
    assert updated["status"] == "running"
    assert updated["spec"]["training"]["learning_rate"] == 0.1
    steps = {job_id: manager.job(job_id)["step"] for job_id in job_ids}
    wait_for(lambda: all(manager.job(job_id)["step"] > steps[job_id] + 500
                         for job_id in job_ids[:2]), 60, what="the fast jobs training on")
    assert manager.job(job_ids[2])["step"] > steps[job_ids[2]]  # the slow one as well

    paused = manager.pause(job_ids[0])
    session = manager.get(job_ids[0]).session
    assert (session.optimizer.lr, session.batch_size) == (0.1, 20)
    summary = paused["summary"]
    assert summary["steps_per_epoch"] == -(-summary["n_train"] // 20)
    assert [manager.job(job_id)["status"] for job_id in job_ids[1:]] == ["running"] * 2


def test_a_killed_actor_brings_its_jobs_back_paused_with_a_reason(ray_managers):
    manager = ray_managers(actors=2, checkpoint_seconds=0.2)
    job_ids = [create(manager)["id"] for _ in range(2)]
    for job_id in job_ids:
        manager.play(job_id)
    wait_for(lambda: manager.store.load_checkpoint(job_ids[0]), 30, what="a checkpoint")
    actor = manager.runner.actor_of(job_ids[0])
    victims = [job_id for job_id in job_ids if manager.runner.actor_of(job_id) == actor]

    ray.kill(actor)
    for job_id in victims:
        job = wait_status(manager, job_id, "paused")
        assert job["status_reason"] == "worker_lost"
        assert "Ray actor" in job["error"]
        saved_step, _ = manager.store.load_checkpoint(job_id)
        assert job["step"] == saved_step
        expected = reference()
        assert curve(manager.history(job_id)) == curve(to_columns(expected.run(saved_step)))
    survivors = [job_id for job_id in job_ids if job_id not in victims]
    for job_id in survivors:
        assert manager.job(job_id)["status"] == "running"

    # Played again (on the actor that replaced the dead one), it continues the same curve.
    job_id = victims[0]
    played = manager.play(job_id)
    assert (played["status_reason"], played["error"]) == (None, None)
    step = manager.job(job_id)["step"]
    wait_for(lambda: manager.job(job_id)["step"] > step + 50, 30, what="training again")
    paused = manager.pause(job_id)
    assert curve(manager.history(job_id)) == curve(to_columns(reference().run(paused["step"])))


def test_max_running_jobs_scales_with_the_clusters_cpus(ray_cluster, tmp_path):
    runner, limits = build_runner(Settings(data_dir=tmp_path, runner="ray"))
    assert isinstance(runner, RayRunner)
    assert limits.max_running_jobs == JOBS_PER_CPU * 2  # the session's Ray has 2 CPUs


def test_the_local_ray_instance_listens_on_loopback_only(ray_cluster):
    assert ray_cluster.startswith("127.0.0.1:")
    assert ray.util.get_node_ip_address() == "127.0.0.1"


def test_a_jobs_speed_paces_it_on_its_actor_and_a_live_change_reaches_it(ray_managers):
    manager = ray_managers(actors=1)  # both jobs on one actor, in turn
    # 10 steps an epoch: 0.1 epochs a second is one step a second.
    paced = create(manager, training={"speed": 0.1})["id"]
    free = create(manager)["id"]
    for job_id in (paced, free):
        manager.play(job_id)

    def step(job_id: str) -> int:
        return manager.job(job_id)["step"]

    wait_for(lambda: step(free) > 3000, 60, what="the unpaced job training")
    assert step(paced) < 300  # unpaced, it would have trained as many as the other

    manager.update(paced, JobUpdate.model_validate({"training": {"speed": "max"}}))
    manager.update(free, JobUpdate.model_validate({"training": {"speed": 0.1}}))
    paced_then, free_then = step(paced), step(free)
    wait_for(lambda: step(paced) > paced_then + 3000, 60, what="the job at full speed again")
    assert step(free) < free_then + 300


SLOW = {"dataset": {"name": "spiral", "n_samples": 5000, "seed": 1},
        "network": {"hidden": [{"units": 256, "activation": "tanh"}] * 4},
        "training": {"batch_size": 1000}}  # 100 epochs of it train far longer than 10 s


def stepping_on_an_actor(manager, job_id: str, cancel=None):
    """A long `step` of the job in a thread, once it trains on an actor."""
    stepping, outcome = in_thread(lambda: manager.step(
        job_id, StepRequest(epochs=100), **({"cancel": cancel} if cancel else {})))
    wait_for(lambda: manager.runner.stepping(job_id) or not stepping.is_alive(), 60,
             what="the step training on an actor")
    assert stepping.is_alive(), outcome
    return stepping, outcome


def test_a_step_on_an_actor_stops_when_its_client_goes_away(ray_managers):
    manager = ray_managers(actors=1)
    job_id = create(manager, **SLOW)["id"]
    cancel = threading.Event()
    stepping, outcome = stepping_on_an_actor(manager, job_id, cancel)
    cancel.set()
    stepping.join(60)
    trained = outcome["value"]["trained"]
    assert trained["stopped"] == "cancelled", trained  # not "time_limit" after 10 s
    assert manager.job(job_id)["step"] == trained["steps"]


def test_pause_during_a_step_on_an_actor_stops_it_and_leaves_the_job_paused(ray_managers):
    manager = ray_managers(actors=1)
    job_id = create(manager, **SLOW)["id"]
    pause = threading.Event()
    stepping, outcome = in_thread(lambda: manager.step(job_id, StepRequest(epochs=100),
                                                       pause=pause))
    wait_for(lambda: manager.runner.stepping(job_id), 60, what="the step on an actor")
    pause.set()  # as the API does for a pause that comes during a step (job_lines.py)
    paused = manager.pause(job_id, stepped=True)
    assert (paused["status"], paused["status_reason"]) == ("paused", "paused_by_user")
    stepping.join(60)
    trained = outcome["value"]["trained"]
    assert trained["stopped"] == "paused", trained
    assert paused["step"] == trained["steps"]


def test_deleting_a_job_stops_its_step_on_an_actor(ray_managers):
    manager = ray_managers(actors=1)
    job_id = create(manager, **SLOW)["id"]
    stepping, outcome = stepping_on_an_actor(manager, job_id)
    manager.delete(job_id)
    stepping.join(60)
    assert outcome["value"]["trained"]["stopped"] == "cancelled", outcome
    assert manager.list_jobs() == []


def test_rays_cluster_variable_still_keeps_a_local_node_on_loopback():
    """ray_local.py relies on Ray reading this variable at import: if a Ray release stops
    doing so, this fails (and connect refuses to start a local instance)."""
    probe = "import ray; print(ray.util.get_node_ip_address())"
    env = {**os.environ, CLUSTERS_VARIABLE: "0", "RAY_USAGE_STATS_ENABLED": "0"}
    node = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, timeout=120, check=True).stdout.strip().splitlines()[-1]
    assert node == "127.0.0.1", f"Ray no longer honours {CLUSTERS_VARIABLE}=0: {node}"
