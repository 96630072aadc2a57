"""What a job is made of: dataset, input features, network and training, as pydantic models.

These models check structure (types, names, ranges that never change). Limits a server
operator can configure (layer counts, sample counts, ...) are checked by `limits.py`.
"""

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from nnplayground.choices import (
    Activation,
    Feature,
    Init,
    OptimizerName,
    ProblemName,
    Regularization,
)


class StrictModel(BaseModel):
    # JSON as FastAPI parses it admits NaN and Infinity; no field of a spec means either.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class DatasetSpec(StrictModel):
    """Exactly one source: a built-in generator (`name`), an upload (`id`) or `points`."""

    name: str | None = Field(None, examples=["spiral"])
    id: str | None = Field(None, description="id of an uploaded dataset")
    points: list[tuple[float, float, float]] | None = Field(
        None, description="points added by hand: [x1, x2, label]")
    n_samples: int | None = Field(None, ge=1, description="default: the generator's")
    noise: float | None = Field(None, ge=0, le=50, description="percent, as TF Playground")
    classes: int | None = Field(None, ge=2, description="for multi-class generators")
    train_ratio: float = Field(50, ge=10, le=90, description="percent of points to train on")
    seed: int = Field(0, ge=0)
    standardize: bool = Field(False, description="z-score inputs with training-split stats")

    @model_validator(mode="after")
    def one_source(self) -> Self:
        given = [key for key in ("name", "id", "points") if getattr(self, key) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of 'name', 'id' or 'points' (got {given or 'none'})")
        return self


class HiddenLayer(StrictModel):
    units: int = Field(4, ge=1)
    activation: Activation = "tanh"
    dropout: float = Field(0.0, ge=0.0, lt=1.0)


def playground_hidden() -> list[HiddenLayer]:
    return [HiddenLayer(units=4), HiddenLayer(units=2)]


class NetworkSpec(StrictModel):
    hidden: list[HiddenLayer] = Field(default_factory=playground_hidden)
    init: Init = "xavier"


class TrainingSpec(StrictModel):
    learning_rate: float = Field(0.03, gt=0)
    batch_size: int = Field(10, ge=1)
    optimizer: OptimizerName = "sgd"
    momentum: float = Field(0.9, ge=0, lt=1, description="for the momentum optimizer")
    regularization: Regularization = "none"
    regularization_rate: float = Field(0.0, ge=0)
    seed: int = Field(0, ge=0, description="weights, shuffling and dropout")
    max_epochs: int | None = Field(None, ge=1, description="complete after this many epochs")
    target_loss: float | None = Field(None, gt=0, description="complete once test loss is below")
    problem: ProblemName = Field("auto", description="auto: the dataset's own kind")


class JobSpec(StrictModel):
    dataset: DatasetSpec
    features: list[Feature] = Field(default_factory=lambda: ["x1", "x2"], min_length=1)
    network: NetworkSpec = Field(default_factory=NetworkSpec)
    training: TrainingSpec = Field(default_factory=TrainingSpec)

    @field_validator("features")
    @classmethod
    def distinct(cls, features: list[str]) -> list[str]:
        repeated = sorted({f for f in features if features.count(f) > 1})
        if repeated:
            raise ValueError(f"each feature at most once (repeated: {', '.join(repeated)})")
        return features


JOB_EXAMPLE = {
    "dataset": {"name": "spiral", "n_samples": 500, "noise": 10, "train_ratio": 50, "seed": 1},
    "features": ["x1", "x2"],
    "network": {"hidden": [{"units": 8, "activation": "tanh"},
                           {"units": 8, "activation": "tanh"}]},
    "training": {"learning_rate": 0.03, "batch_size": 10, "optimizer": "sgd",
                 "regularization": "none", "regularization_rate": 0, "seed": 0,
                 "max_epochs": None},
    "autostart": False,
}


class JobCreate(JobSpec):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False,
                              json_schema_extra={"examples": [JOB_EXAMPLE]})

    name: str | None = Field(None, max_length=100, description="a label for comparing runs")
    autostart: bool = False

    def job_spec(self) -> JobSpec:
        return JobSpec.model_validate(self.model_dump(exclude={"name", "autostart"}))


class TrainingUpdate(StrictModel):
    """The hyperparameters that change a running job without changing any shape."""

    learning_rate: float | None = Field(None, gt=0)
    regularization_rate: float | None = Field(None, ge=0)
    batch_size: int | None = Field(None, ge=1)


class JobUpdate(StrictModel):
    training: TrainingUpdate | None = None
    name: str | None = Field(None, max_length=100)


class StepRequest(StrictModel):
    epochs: int | None = Field(None, ge=1)
    steps: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def one_unit(self) -> Self:
        if self.epochs is not None and self.steps is not None:
            raise ValueError("give 'epochs' or 'steps', not both")
        if self.epochs is None and self.steps is None:
            self.epochs = 1
        return self


class ResetRequest(StrictModel):
    spec: JobSpec | None = Field(None, description="a new spec; default: keep the job's")


class PredictRequest(StrictModel):
    points: list[list[float]] = Field(min_length=1, max_length=10_000,
                                      examples=[[[0.5, -1.0], [2.0, 3.0]]])
