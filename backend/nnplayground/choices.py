"""Every name a job spec may choose, each mapped to what implements it: the one source.

`spec.py` builds its `Literal` types from these tables, `training/model.py` builds models
and optimizers through them, and `GET /api/choices` lists them for the page.
"""

from collections.abc import Callable
from enum import StrEnum

from pydantic import BaseModel

from nnplayground.data.dataset import KINDS
from nnplayground.data.features import FEATURES
from nnplayground.engine import (
    AdamOptimizer,
    Identity,
    LeakyReLU,
    Optimizer,
    ReLU,
    RMSPropOptimizer,
    SGDOptimizer,
    Sigmoid,
    Tanh,
)
from nnplayground.engine.linear import INITS
from nnplayground.engine.optimizers import PENALTIES

ACTIVATIONS = {
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "sigmoid": Sigmoid,
    "linear": Identity,
}

# name -> builder(lr, momentum, penalty=, penalty_rate=); momentum matters to "momentum" only.
OPTIMIZERS: dict[str, Callable[..., Optimizer]] = {
    "sgd": lambda lr, momentum, **penalty: SGDOptimizer(lr, **penalty),
    "momentum": lambda lr, momentum, **penalty: SGDOptimizer(lr, momentum=momentum, **penalty),
    "rmsprop": lambda lr, momentum, **penalty: RMSPropOptimizer(lr=lr, **penalty),
    "adam": lambda lr, momentum, **penalty: AdamOptimizer(lr=lr, **penalty),
}

# name -> the engine's penalty (weights only)
REGULARIZATIONS = {"none": None, **{penalty: penalty for penalty in PENALTIES if penalty}}

PROBLEMS = ("auto", *KINDS)  # auto: the dataset's own kind



def named_enum(name: str, values) -> type[StrEnum]:
    """A string enum whose members are the values themselves (`Activation("tanh") ==
    "tanh"`), so OpenAPI gets one named schema per choice instead of inline copies."""
    return StrEnum(name, {value: value for value in values})


Activation = named_enum("Activation", ACTIVATIONS)
Feature = named_enum("Feature", FEATURES)
Init = named_enum("Init", INITS)
OptimizerName = named_enum("OptimizerName", OPTIMIZERS)
Regularization = named_enum("Regularization", REGULARIZATIONS)
ProblemName = named_enum("ProblemName", PROBLEMS)


class Choices(BaseModel):
    """What `GET /api/choices` answers: the allowed values of each enumerated spec field."""

    features: list[Feature]
    activations: list[Activation]
    inits: list[Init]
    optimizers: list[OptimizerName]
    regularizations: list[Regularization]
    problems: list[ProblemName]


CHOICES = Choices(
    features=list(FEATURES),
    activations=list(ACTIVATIONS),
    inits=list(INITS),
    optimizers=list(OPTIMIZERS),
    regularizations=list(REGULARIZATIONS),
    problems=list(PROBLEMS),
)
