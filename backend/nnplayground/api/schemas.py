"""Response models of the API (requests are the spec models of `nnplayground.spec`)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from nnplayground.jobs.record import Number
from nnplayground.jobs.status import JobStatus
from nnplayground.spec import DatasetSpec

Grid = list[list[Number]]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    kernel: Literal["compiled", "compiling", "numpy", "unavailable"] = Field(
        description="compiled: ready; compiling: jobs train on numpy until it is; numpy: "
                    "chosen; unavailable: numba failed (the log says why), jobs train on numpy")
    live_updates: bool = Field(True, description="the job stream (WebSocket) can be served")
    live_updates_problem: str | None = Field(None, description="why not, in words")


class MetricsColumns(BaseModel):
    """One list per column, index i of each is one point (ready for Plotly traces)."""

    step: list[int] = Field(examples=[[25, 50]])
    epoch: list[Number] = Field(examples=[[1.0, 2.0]])
    train_loss: list[Number] = Field(examples=[[0.69, 0.61]])
    test_loss: list[Number] = Field(examples=[[0.7, 0.63]])
    train_accuracy: list[Number] = Field(examples=[[0.52, 0.66]])
    test_accuracy: list[Number] = Field(examples=[[0.5, 0.64]])
    time: list[Number] = Field(description="wall-clock Unix seconds of each point",
                               examples=[[1769860800.125, 1769860800.131]])


class DeletedJobs(BaseModel):
    deleted: list[str] = Field(description="the ids of the deleted jobs")


class Boundary(BaseModel):
    model_config = ConfigDict(extra="allow")

    x: list[float]
    y: list[float]
    z: Grid = Field(description="z[i][j] is the value at (x[j], y[i]): P(class 1) for "
                                "binary, the class id for k classes, the value for regression")
    kind: str
    classes: int | None
    confidence: Grid | None = Field(None, description="k classes: the winning probability")


class NeuronPicture(BaseModel):
    name: str
    z: Grid


class Neurons(BaseModel):
    x: list[float]
    y: list[float]
    inputs: list[NeuronPicture]
    layers: list[list[Grid]] = Field(
        description="layers[l][k]: unit units[l][k] of hidden layer l")
    units: list[list[int]] = Field(description="units[l]: the units of hidden layer l drawn "
                                               "(all, or the first `units_per_layer`)")
    output: Grid


class Predictions(BaseModel):
    predictions: list[int | float | None] = Field(
        description="class ids for classification, values for regression")
    probabilities: list[list[Number]] | None = Field(
        description="per row, one per class in the order of class_names")
    class_names: list[str] | None = Field(None, description="null for regression")


class QuestionField(BaseModel):
    name: str
    kind: Literal["number", "category"]
    min: float | None = None
    max: float | None = None
    categories: list[str] | None = None


class Questions(BaseModel):
    """What a question to the model has: one field per feature column of the data."""

    fields: list[QuestionField]
    columns: list[str] = Field(description="the raw input columns `points` rows hold")
    kind: Literal["classification", "regression"]
    class_names: list[str] | None


class Projection(BaseModel):
    """Rows on the training inputs' first two principal axes (at most 2000 rows)."""

    x: list[float]
    y: list[float]
    label: list[int | float] = Field(description="true class ids, or values for regression")
    predicted: list[int | float | None] = Field(description="the model's, now")
    is_train: list[bool]
    kind: Literal["classification", "regression"]
    class_names: list[str] | None
    explained: list[float] = Field(description="share of the variance along each axis")


class DenseLayer(BaseModel):
    """`activation(inputs @ weights + bias)`."""

    weights: list[list[Number]] = Field(description="(inputs, units)")
    bias: list[Number] = Field(description="(units,)")
    activation: str = Field(description="tanh, relu, leaky_relu, sigmoid, linear; the "
                                        "output's: sigmoid, softmax or linear",
                            examples=["tanh"])
    units: int
    dropout: float | None = Field(None, description="while training only")


class Standardization(BaseModel):
    mean: list[float]
    std: list[float]


class ModelJson(BaseModel):
    """The weights, and how inputs are made from a dataset's columns (as the npz file)."""

    job_id: str
    kind: Literal["classification", "regression"]
    classes: int | None
    columns: list[str] = Field(description="the raw input columns, in order")
    features: list[str] = Field(description="the network's inputs, in order")
    standardize: Standardization | None = Field(
        description="inputs = (inputs - mean) / std, when present")
    layers: list[DenseLayer] = Field(description="the hidden layers, in order")
    output: DenseLayer


class ParamRange(BaseModel):
    default: float | int | None
    min: float | int
    max: float | int


class BuiltinDataset(BaseModel):
    name: str = Field(examples=["spiral"])
    kind: Literal["classification", "regression"]
    description: str
    classes: int | None
    params: dict[str, ParamRange] = Field(description="none for real datasets (fixed size)")
    modality: Literal["plane", "tabular", "image"] = Field(
        description="plane: generated 2-D points; tabular or image: real data")
    feature_names: list[str]
    class_names: list[str] | None = Field(description="null for regression")
    n_samples: int = Field(description="rows (a generator's default)")
    n_features: int
    image_shape: list[int] | None = Field(description="[rows, columns] of an image dataset")
    source: str
    licence: str | None
    builtin: Literal[True] = True


class SampleRequest(DatasetSpec):
    """A job spec's `dataset` object (its `features`, if sent along, are ignored)."""

    features: list[str] | None = Field(None, description="ignored")


class DatasetSample(BaseModel):
    x1: list[float]
    x2: list[float]
    y: list[int | float] = Field(description="class ids, or values for regression")
    is_train: list[bool]
    kind: Literal["classification", "regression"]
    classes: int | None
    columns: list[str]
    projection: dict[str, list[float]] | None = Field(None, description=(
        "data wider than the plane on the first two principal axes of its z-scored "
        "columns: {x, y}"))


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details, plus our one-line `message`."""

    type: str = Field("about:blank", description="about:blank: `status` says it all")
    title: str = Field(examples=["Conflict"])
    status: int = Field(description="the HTTP status", examples=[409])
    message: str = Field(description="one line, fit to show as it is")


class ValidationErrorBody(Problem):
    detail: list[ErrorItem]
    message: str = Field(examples=["network.hidden: at most 16 hidden layers allowed (got 17)"])


class ErrorBody(Problem):
    detail: str
    message: str = Field(examples=["cannot play job 3f2a9c1b7d4e: it is completed"])


class ConflictBody(ErrorBody):
    job_id: str | None = None
    job_status: JobStatus | None = Field(None, description="the job's status now",
                                   examples=["completed"])
