import pytest

from nnplayground.engine import SGDOptimizer
from nnplayground.kernel import load
from nnplayground.training import TrainingSession

from ..training.helpers import make_spec

# One dataset per loss: regression (MSE), two classes (BCE), three classes (softmax).
DATASETS = {
    "mse": {"name": "multi_gauss", "n_samples": 160, "noise": 10, "seed": 2},
    "bce": {"name": "spiral", "n_samples": 160, "noise": 10, "seed": 1},
    "softmax": {"name": "blobs", "n_samples": 150, "classes": 3, "noise": 20, "seed": 3},
}
# Learning rates at which 2,000 steps stay far from chaos: there rounding differences of
# the matrix products stay at their own size instead of being amplified.
RATES = {"sgd": 0.03, "momentum": 0.01, "nesterov": 0.01, "rmsprop": 0.001, "adam": 0.003}


@pytest.fixture(scope="session")
def trainer():
    """The compiled kernel's trainer module (compiled once, or loaded from numba's cache)."""
    return load()


def session(loss: str = "bce", activation: str = "tanh", optimizer: str = "sgd",
            regularization: str = "none", dropout: float = 0.0, units=(5, 3),
            **training) -> TrainingSession:
    """A session of one of the test problems; "nesterov" is momentum with Nesterov's step."""
    spec = make_spec(
        DATASETS[loss],
        network={"hidden": [{"units": u, "activation": activation, "dropout": dropout}
                            for u in units]},
        training={"optimizer": "momentum" if optimizer == "nesterov" else optimizer,
                  "learning_rate": RATES[optimizer], "regularization": regularization,
                  "regularization_rate": 0.003 if regularization != "none" else 0.0,
                  **training})
    built = TrainingSession(spec)
    if optimizer == "nesterov":
        old = built.optimizer
        built.optimizer = built.learner.optimizer = SGDOptimizer(
            old.lr, momentum=old.momentum, nesterov=True, penalty=old.penalty,
            penalty_rate=old.penalty_rate)
    return built
