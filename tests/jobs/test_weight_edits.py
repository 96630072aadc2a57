"""A weight edited by hand is part of the job's state: it survives a restart and an unload,
at step 0 (before any training) as well as later."""

from nnplayground.spec import JobCreate, StepRequest, WeightEdit
from tests.utils.factories import spec

from .conftest import open_manager

EDIT = WeightEdit(layer=0, unit=1, input=0, value=4.25)


def first_weight(manager, job_id: str) -> float:
    return float(manager.model_json(job_id)["layers"][0]["weights"][0][1])


def test_a_weight_edited_at_step_0_survives_a_restart(tmp_path):
    manager = open_manager(tmp_path)
    job_id = manager.create(JobCreate.model_validate(spec()))["id"]
    manager.set_weight(job_id, EDIT)
    assert first_weight(manager, job_id) == 4.25
    manager.shutdown()

    again = open_manager(tmp_path)
    try:
        assert again.job(job_id)["step"] == 0
        assert first_weight(again, job_id) == 4.25
    finally:
        again.shutdown()


def test_a_weight_edited_after_training_survives_a_restart(tmp_path):
    manager = open_manager(tmp_path)
    job_id = manager.create(JobCreate.model_validate(spec()))["id"]
    manager.step(job_id, StepRequest(epochs=1))
    manager.set_weight(job_id, EDIT)
    manager.shutdown()

    again = open_manager(tmp_path)
    try:
        assert first_weight(again, job_id) == 4.25
    finally:
        again.shutdown()


def test_a_weight_edited_at_step_0_survives_unloading_the_idle_session(managers):
    manager = managers()
    job_id = manager.create(JobCreate.model_validate(spec()))["id"]
    manager.set_weight(job_id, EDIT)
    assert manager.residency.unload_idle(0.0) == 1
    assert manager.get(job_id).session is None
    assert first_weight(manager, job_id) == 4.25
