"""Jobs on the compiled kernel: each reports it, a run is reproducible to the bit across
pause, step, live changes and restarts, a crash fails only its job, and the round-robin
stays fair when workers train without the GIL."""

import numpy as np

from nnplayground.jobs.history import to_columns
from nnplayground.spec import JobCreate, JobSpec, JobUpdate, StepRequest, TrainingUpdate
from nnplayground.training import TrainingSession
from tests.utils.factories import curve, spec, wait_for


def create(manager, **overrides) -> dict:
    return manager.create(JobCreate.model_validate(spec(**overrides)))


def test_a_job_reports_the_kernel_that_trains_it(managers, compiled_kernel):
    manager = managers(kernels=compiled_kernel)
    job = create(manager)
    assert (job["kernel"], job["kernel_reason"]) == ("compiled", None)
    big = create(manager, network={"hidden": [{"units": 64}, {"units": 64}]})
    assert big["kernel"] == "numpy"
    assert "numpy's BLAS trains that faster" in big["kernel_reason"]
    small_batch = manager.update(big["id"], JobUpdate(training=TrainingUpdate(batch_size=2)))
    assert (small_batch["kernel"], small_batch["kernel_reason"]) == ("compiled", None)


def test_pause_step_live_changes_and_a_restart_continue_the_same_curve(managers,
                                                                       compiled_kernel):
    first = managers(kernels=compiled_kernel)
    job_id = create(first, network={"hidden": [{"units": 6, "dropout": 0.2}, {"units": 3}]},
                    training={"optimizer": "adam", "learning_rate": 0.01})["id"]
    first.play(job_id)
    wait_for(lambda: first.job(job_id)["epoch"] >= 2, what="two epochs")
    paused = first.pause(job_id)
    first.step(job_id, StepRequest(steps=7))
    first.update(job_id, JobUpdate(training=TrainingUpdate(batch_size=7, learning_rate=0.02)))
    first.step(job_id, StepRequest(epochs=1))
    first.shutdown()

    second = managers(kernels=compiled_kernel)
    job = second.job(job_id)
    reference = TrainingSession(JobSpec.model_validate(spec(
        network={"hidden": [{"units": 6, "dropout": 0.2}, {"units": 3}]},
        training={"optimizer": "adam", "learning_rate": 0.01})), kernels=compiled_kernel)
    assert reference.kernel == "compiled"
    points = reference.run(paused["step"] + 7)
    reference.update(batch_size=7, learning_rate=0.02)
    points += reference.run_epochs(1)
    assert reference.step == job["step"]
    assert curve(second.history(job_id)) == curve(to_columns(points))
    after = second.step(job_id, StepRequest(epochs=2))
    assert after["kernel"] == "compiled"
    assert curve(second.history(job_id, since=job["step"])) == curve(
        to_columns(reference.run_epochs(2)))


def test_a_kernel_crash_fails_its_job_and_the_others_keep_training(managers, compiled_kernel):
    manager = managers(kernels=compiled_kernel)
    broken, healthy = create(manager)["id"], create(manager)["id"]
    # The session's weights become float32 arrays: the compiled kernel refuses to train them.
    model = manager.get(broken).session.model
    model.layers[0].weights.tensor = model.layers[0].weights.tensor.astype(np.float32)
    manager.play(broken)
    manager.play(healthy)
    failed = wait_for(lambda: (job := manager.job(broken))["status"] == "failed" and job,
                      what="the broken job failed")
    assert failed["error"] == "NotCovered: the parameters are not all float64 arrays"
    start = manager.job(healthy)["step"]
    wait_for(lambda: manager.job(healthy)["step"] > start + 1000, what="the other job trains")


def test_thirty_two_jobs_on_the_compiled_kernel_advance_fairly(managers, compiled_kernel):
    manager = managers(workers=2, kernels=compiled_kernel)
    ids = [create(manager)["id"] for _ in range(32)]
    for job_id in ids:
        manager.play(job_id)

    def steps() -> list[int]:
        return [manager.job(job_id)["step"] for job_id in ids]

    wait_for(lambda: min(steps()) > 1000, timeout=30, what="every job past step 1000")
    before = steps()
    wait_for(lambda: min(steps()) > max(before) + 10_000, timeout=60,
             what="10,000 more steps each")
    gains = [now - then for now, then in zip(steps(), before, strict=True)]
    assert min(gains) >= 0.8 * sum(gains) / len(gains)
