"""What a job is made of: dataset, input features, network and training, as pydantic models.

These models check structure (types, names, ranges that never change). Limits a server
operator can configure (layer counts, sample counts, ...) are checked by `limits.py`.
"""

from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)

from nnplayground.choices import (
    Activation,
    Feature,
    Init,
    OptimizerName,
    ProblemName,
    Regularization,
)
from nnplayground.data import MAX_VALUE

# Numbers are strict: "1" is no batch size, false no rate (a JSON int is a valid float).
Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]
Flag = Annotated[bool, Strict()]
MAX_SEED = 2**32 - 1
Coordinate = Annotated[float, Strict()]  # bounded by `sane_coordinates`
MAX_SPEED = 1000.0  # epochs per second a job may be paced at


def number_rows(most: int, what: str, width: int | tuple[int, ...] | None = None,
                most_width: int = 1000) -> BeforeValidator:
    """A table of numbers checked in one pass before pydantic looks at its elements: a bad
    table is one error naming its first bad row, not one error per element. `width`: the
    row length, or the lengths a row may have."""
    widths = {width} if isinstance(width, int) else set(width or ())
    expected = f"{' or '.join(map(str, sorted(widths)))} numbers" if widths else "numbers"

    def fits(row) -> bool:
        return (isinstance(row, list | tuple) and len(row) <= most_width
                and (not widths or len(row) in widths)
                and all(type(value) in (int, float) for value in row))

    def check(rows):
        if not isinstance(rows, list):
            return rows  # pydantic says what it should be
        if len(rows) > most:
            raise ValueError(f"at most {most} items allowed (got {len(rows)})")
        # Set comprehensions first: a few ms for a good table; row by row only for a bad one.
        lengths = {len(row) for row in rows if isinstance(row, list | tuple)}
        if ({type(row) for row in rows} <= {list, tuple}
                and (lengths <= widths if widths else max(lengths, default=0) <= most_width)
                and {type(value) for row in rows for value in row} <= {int, float}):
            return rows
        index, row = next((i, row) for i, row in enumerate(rows) if not fits(row))
        shown = repr(row)
        shown = shown if len(shown) <= 60 else shown[:60] + "…"
        raise ValueError(f"{what} {index}: expected {expected}, got {shown}")
    return BeforeValidator(check)


def items_at_most(most: int) -> BeforeValidator:
    """A list's length checked before its elements are: one error, not one per element."""
    def check(value):
        if isinstance(value, list) and len(value) > most:
            raise ValueError(f"at most {most} items allowed (got {len(value)})")
        return value
    return BeforeValidator(check)


TAG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:=+-]{0,39}$"
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]
Tags = Annotated[list[Tag], Field(max_length=20, description=(
    "short labels to find jobs by (letters, digits and _.:=+-, at most 40 characters)"),
    examples=[["baseline"]])]



class StrictModel(BaseModel):
    # JSON as FastAPI parses it admits NaN and Infinity; no field of a spec means either.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)


class DatasetSpec(StrictModel):
    """Exactly one source: a built-in generator (`name`), an upload (`id`) or `points`."""

    name: str | None = Field(None, examples=["spiral"])
    id: str | None = Field(None, description="id of an uploaded dataset")
    points: Annotated[list[tuple[Coordinate, Coordinate, Coordinate]
                           | tuple[Coordinate, Coordinate, Coordinate, Int]] | None,
                      number_rows(50_000, "point", width=(3, 4))] = Field(
        None, min_length=1, description="points added by hand: [x1, x2, label] or "
        "[x1, x2, label, is_train] (with the fourth value on every point, it is the split), "
        f"each number finite and at most {MAX_VALUE:g} in size")
    n_samples: Int | None = Field(None, ge=1, description="default: the generator's")
    noise: Float | None = Field(None, ge=0, le=50, description="percent, as TF Playground")
    classes: Int | None = Field(None, ge=2, le=100, description="for multi-class generators")
    train_ratio: Float = Field(50, ge=10, le=90, description="percent of points to train on")
    seed: Int = Field(0, ge=0, le=MAX_SEED)
    standardize: Flag = Field(False, description="z-score inputs with training-split stats")

    @field_validator("points")
    @classmethod
    def sane_coordinates(cls, points: list | None) -> list | None:
        for index, point in enumerate(points or ()):
            if any(abs(value) > MAX_VALUE for value in point):
                raise ValueError(f"point {index} {list(point)}: every number must be at most "
                                 f"{MAX_VALUE:g} in size")
        return points

    @model_validator(mode="after")
    def one_source(self) -> Self:
        given = [key for key in ("name", "id", "points") if getattr(self, key) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of 'name', 'id' or 'points' (got {given or 'none'})")
        return self


class HiddenLayer(StrictModel):
    units: Int = Field(4, ge=1)
    activation: Activation = "tanh"
    dropout: Float = Field(0.0, ge=0.0, lt=1.0)


def playground_hidden() -> list[HiddenLayer]:
    return [HiddenLayer(units=4), HiddenLayer(units=2)]


class NetworkSpec(StrictModel):
    hidden: Annotated[list[HiddenLayer], items_at_most(1000)] = Field(
        default_factory=playground_hidden)
    init: Init = "xavier"


class TrainingSpec(StrictModel):
    learning_rate: Float = Field(0.03, gt=0)
    batch_size: Int = Field(10, ge=1)
    optimizer: OptimizerName = "sgd"
    momentum: Float = Field(0.9, ge=0, lt=1, description="for the momentum optimizer")
    regularization: Regularization = "none"
    regularization_rate: Float = Field(0.0, ge=0)
    seed: Int = Field(0, ge=0, le=MAX_SEED, description="weights, shuffling and dropout")
    max_epochs: Int | None = Field(None, ge=1, le=10**9,
                                   description="complete after this many epochs")
    target_loss: Float | None = Field(None, gt=0, description="complete once test loss is below")
    problem: ProblemName = Field("auto", description="auto: the dataset's own kind")
    speed: Float | None = Field(None, gt=0, le=MAX_SPEED, description=(
        "epochs per second the server trains at; null: as fast as it can"))


class JobSpec(StrictModel):
    dataset: DatasetSpec
    features: Annotated[list[Feature], items_at_most(7)] = Field(
        default_factory=lambda: ["x1", "x2"], min_length=1)
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
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True,
                              json_schema_extra={"examples": [JOB_EXAMPLE]})

    name: str | None = Field(None, max_length=100, description="a label for comparing runs")
    tags: Tags = Field(default_factory=list)
    autostart: Flag = False

    def job_spec(self) -> JobSpec:
        return JobSpec.model_validate(self.model_dump(exclude={"name", "tags", "autostart"}))


class TrainingUpdate(StrictModel):
    """The hyperparameters that change a running job without changing any shape."""

    learning_rate: Float | None = Field(None, gt=0)
    regularization_rate: Float | None = Field(None, ge=0)
    batch_size: Int | None = Field(None, ge=1)
    speed: Float | Literal["max"] | None = Field(
        None, description="epochs per second (at most 1000), or \"max\": as fast as it can")

    @field_validator("speed")
    @classmethod
    def speed_in_range(cls, speed: float | str | None) -> float | str | None:
        if isinstance(speed, float | int) and not 0 < speed <= MAX_SPEED:
            raise ValueError(f"expected more than 0 and at most {MAX_SPEED} epochs per second")
        return speed

    def spec_changes(self) -> dict:
        """The given fields as the job's TrainingSpec holds them ("max" speed is None)."""
        changes = self.model_dump(exclude_none=True)
        if changes.get("speed") == "max":
            changes["speed"] = None
        return changes

    def session_changes(self) -> dict:
        """The given fields a training session takes (the pace is the runner's business)."""
        return {key: value for key, value in self.spec_changes().items() if key != "speed"}


class JobUpdate(StrictModel):
    training: TrainingUpdate | None = None
    name: str | None = Field(None, max_length=100)
    tags: Tags | None = Field(None, description="replaces the job's tags")


class StepRequest(StrictModel):
    epochs: Int | None = Field(None, ge=1)
    steps: Int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def one_unit(self) -> Self:
        if self.epochs is not None and self.steps is not None:
            raise ValueError("give 'epochs' or 'steps', not both")
        if self.epochs is None and self.steps is None:
            self.epochs = 1
        return self


class ResetRequest(StrictModel):
    spec: JobSpec | None = Field(None, description="a new spec; default: keep the job's")


FieldValue = Annotated[float, Strict()] | Annotated[str, StringConstraints(max_length=200)]


class PredictRequest(StrictModel):
    """Rows to predict: raw input columns (`points`) or values by field name (`rows`)."""

    points: Annotated[list[list[Float]] | None, number_rows(10_000, "row")] = Field(
        None, min_length=1, examples=[[[0.5, -1.0], [2.0, 3.0]]],
        description="rows of the dataset's input columns (text columns one-hot encoded)")
    rows: Annotated[list[dict[str, FieldValue]] | None, items_at_most(10_000)] = Field(
        None, min_length=1, examples=[[{"sepal length (cm)": 5.1, "color": "red"}]],
        description="rows of values by field name (GET /questions): numbers, and "
                    "categories by name")

    @model_validator(mode="after")
    def one_form(self) -> Self:
        if (self.points is None) == (self.rows is None):
            raise ValueError("give exactly one of 'points' or 'rows'")
        return self


class WeightEdit(StrictModel):
    """One weight (or, without `input`, the bias) of one neuron, set by hand."""

    layer: Int = Field(ge=0, description="0 for the first hidden layer; the number of hidden "
                                         "layers for the output layer")
    unit: Int = Field(ge=0, description="the neuron within the layer")
    input: Int | None = Field(None, ge=0, description="the input of that neuron the weight "
                                                      "multiplies; null: the neuron's bias")
    value: Float = Field(ge=-1e6, le=1e6)
