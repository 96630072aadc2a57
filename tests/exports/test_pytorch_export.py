"""The PyTorch export: run with PyTorch CPU in a subprocess, its first 100 minibatch losses
match the playground's within 1e-6 relative (float64), and so do its epoch-end losses."""

import numpy as np
import pytest

from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession

from ..utils.factories import spec
from .conftest import run_script

STEPS = 100
CASES = {
    "binary, sgd": {"dataset": {"name": "spiral", "n_samples": 300, "noise": 10, "seed": 1}},
    "three classes, adam, l2": {
        "dataset": {"name": "blobs", "n_samples": 240, "classes": 3, "noise": 20, "seed": 3},
        "network": {"hidden": [{"units": 6, "activation": "relu"},
                               {"units": 4, "activation": "leaky_relu"}]},
        "training": {"optimizer": "adam", "learning_rate": 0.01, "regularization": "l2",
                     "regularization_rate": 0.01}},
    "regression, momentum, l1, dropout": {
        "dataset": {"name": "multi_gauss", "n_samples": 200, "noise": 10, "seed": 2,
                    "standardize": True},
        "features": ["x1", "x2", "x1^2", "sin(x2)"],
        "network": {"hidden": [{"units": 5, "activation": "sigmoid", "dropout": 0.25}]},
        "training": {"optimizer": "momentum", "learning_rate": 0.01, "batch_size": 7,
                     "regularization": "l1", "regularization_rate": 0.001, "seed": 4}},
    "binary, rmsprop": {
        "dataset": {"name": "xor", "n_samples": 200, "noise": 5, "seed": 6},
        "training": {"optimizer": "rmsprop", "learning_rate": 0.003, "batch_size": 16}},
}


def reference_losses(job_spec: dict, steps: int) -> np.ndarray:
    """The playground's minibatch losses, from a fresh session of the same spec."""
    session = TrainingSession(JobSpec.model_validate(job_spec))
    return session.learner.run_steps(session.X_train, session.Y_train, steps,
                                     session.batch_size)


@pytest.mark.parametrize("case", list(CASES))
def test_the_pytorch_script_matches_the_first_100_steps(make_client, tmp_path, case):
    client = make_client(kernel="numpy")
    job_spec = spec(**CASES[case])
    job = client.post("/api/jobs", json=job_spec).json()
    steps_per_epoch = job["summary"]["steps_per_epoch"]
    epochs = -(-STEPS // steps_per_epoch)
    stepped = client.post(f"/api/jobs/{job['id']}/step", json={"epochs": epochs}).json()
    response = client.get(f"/api/jobs/{job['id']}/export", params={"format": "pytorch"})
    assert response.status_code == 200, response.text
    assert "torch.nn" in response.text or "from torch import nn" in response.text

    printed = run_script(response.text, tmp_path, "--steps")
    losses = np.array([row["loss"] for row in printed if "step" in row])
    assert len(losses) == epochs * steps_per_epoch
    np.testing.assert_allclose(losses[:STEPS], reference_losses(job["spec"], STEPS),
                               rtol=1e-6, atol=0)

    # Its epoch-end evaluations follow the job's own curve too.
    history = client.get(f"/api/jobs/{job['id']}/metrics").json()
    ends = [row for row in printed if "epoch" in row]
    assert [row["epoch"] for row in ends] == history["epoch"] == list(
        range(1, stepped["epoch"] + 1))
    np.testing.assert_allclose([row["test_loss"] for row in ends], history["test_loss"],
                               rtol=1e-6, atol=0)
