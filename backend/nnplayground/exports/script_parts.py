"""Pieces of source code both exported scripts are made of: one definition per piece."""

from __future__ import annotations

from nnplayground.spec import JobSpec

# The engine's name of each activation and optimizer a spec may choose (choices.py).
ENGINE_ACTIVATIONS = {"tanh": "Tanh", "relu": "ReLU", "leaky_relu": "LeakyReLU",
                      "sigmoid": "Sigmoid", "linear": "Identity"}
ENGINE_OPTIMIZERS = {"sgd": "SGDOptimizer", "momentum": "SGDOptimizer",
                     "rmsprop": "RMSPropOptimizer", "adam": "AdamOptimizer"}
ENGINE_LOSSES = {"regression": "mse_loss", "binary": "bce_with_logits_loss",
                 "multiclass": "softmax_cross_entropy_loss"}

# Each row's loss, as training/problem.py computes metric points (their mean is the loss).
ROW_LOSSES = {
    "regression": "((outputs - Y) ** 2).mean(axis=1)",
    "binary": "(np.logaddexp(0.0, outputs) - outputs * Y)[:, 0]",
    "multiclass": ("np.log(np.exp(outputs - outputs.max(axis=1)[:, None]).sum(axis=1)) "
                   "+ outputs.max(axis=1) - outputs[np.arange(len(Y)), Y]"),
}
# Labels as the loss takes them: a float column, or class ids.
TARGETS = {"regression": "np.asarray({}, dtype=np.float64).reshape(-1, 1)",
           "binary": "np.asarray({}, dtype=np.float64).reshape(-1, 1)",
           "multiclass": "np.asarray({}, dtype=np.int64)"}


def problem_key(kind: str, classes: int | None) -> str:
    if kind == "regression":
        return "regression"
    return "binary" if classes == 2 else "multiclass"


def seeds_line(spec: JobSpec) -> str:
    return ("init_rng, shuffle_rng, dropout_rng = (np.random.default_rng(stream) for stream\n"
            f"                                     in np.random.SeedSequence("
            f"{spec.training.seed}).spawn(3))")


def describe(spec: JobSpec) -> str:
    """A short line naming the data and the network."""
    data = spec.dataset
    source = (f'the "{data.name}" dataset' if data.name else
              f"uploaded dataset {data.id}" if data.id else f"{len(data.points)} points by hand")
    sizes = "-".join(str(layer.units) for layer in spec.network.hidden) or "no hidden layers"
    return f"{source}, hidden layers {sizes}, {spec.training.optimizer}"
