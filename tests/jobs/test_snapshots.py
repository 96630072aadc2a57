"""Snapshots at the manager: the API that exports uses, reads that never wait for training,
weight edits, and the schedule's thinning."""

import threading

import numpy as np

from nnplayground.jobs.snapshot_schedule import next_due, thinned
from nnplayground.spec import JobCreate, StepRequest, WeightEdit
from tests.utils.factories import spec


def stepped_job(manager, epochs: int) -> str:
    job_id = manager.create(JobCreate.model_validate(spec()))["id"]
    for _ in range(epochs):  # one epoch a step: each ends exactly at an epoch's end
        manager.step(job_id, StepRequest(epochs=1))
    return job_id


def test_epochs_and_reads_by_epoch(managers):
    manager = managers()
    job_id = stepped_job(manager, 6)
    assert manager.snapshot_epochs(job_id) == [0, 1, 2, 3, 4, 5, 6]
    boundary = manager.boundary(job_id, 20, epoch=3)
    assert boundary["epoch"] == 3 and np.shape(boundary["z"]) == (20, 20)
    assert manager.neurons(job_id, 10, epoch=0)["epoch"] == 0
    assert manager.model_json(job_id, epoch=6)["step"] == manager.job(job_id)["step"]
    assert manager.model_npz(job_id, epoch=2)[:2] == b"PK"  # a zip (npz) file


def test_a_past_epoch_is_drawn_while_the_live_session_is_busy(managers):
    manager = managers()
    job_id = stepped_job(manager, 3)
    answers = []
    live = manager.get(job_id)
    with live.session_lock:  # as a long slice or step would hold it
        reader = threading.Thread(target=lambda: answers.append(
            manager.boundary(job_id, 20, epoch=1)))
        reader.start()
        reader.join(timeout=30)
        assert not reader.is_alive(), "the snapshot read waited for the live session"
    assert answers[0]["epoch"] == 1


def test_a_weight_set_by_hand_is_the_snapshot_of_its_epoch(managers):
    manager = managers()
    job_id = stepped_job(manager, 2)
    manager.set_weight(job_id, WeightEdit(layer=0, unit=1, input=0, value=0.75))
    weights = manager.model_json(job_id, epoch=2)["layers"][0]["weights"]  # (inputs, units)
    assert np.asarray(weights)[0, 1] == 0.75  # exact in float32 too
    assert manager.snapshot_epochs(job_id) == [0, 1, 2]


def test_thinning_keeps_the_first_and_latest_and_drops_the_densest():
    epochs = [*range(50), 60, 80, 100]
    dropped = thinned(epochs, 10)
    kept = [epoch for i, epoch in enumerate(epochs) if i not in dropped]
    assert len(kept) == 10 and kept[0] == 0 and kept[-1] == 100
    spans = np.diff(np.log1p(kept))
    assert spans.max() < 3 * spans.min(), kept


def test_the_schedule_keeps_every_early_epoch_and_widens():
    assert [next_due(None, 200), next_due(0, 200), next_due(30, 200)] == [0, 1, 31]
    assert next_due(1000, 200) - 1000 > 10
    assert next_due(1000, 20) > next_due(1000, 200)  # a smaller cap spaces them wider
