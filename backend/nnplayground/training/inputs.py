"""The data a job trains on: its source, its train/test split and the inputs the network sees.

Two-column data (built-ins, points by hand, two-column uploads) goes through the spec's
`features`; wider data (real datasets, wider uploads) gives its raw columns to the network
as they are, and `features` must stay at its default. Either way an optional standardizer,
fitted on the training split only, comes last (always, for real datasets that declare
it). Grids for the boundary and neuron pictures go through the very same `InputPipeline.transform`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnplayground.data import (
    DataError,
    Dataset,
    Standardizer,
    compute_features,
    from_points,
    generate,
    train_test_split,
)
from nnplayground.data.real import find_real
from nnplayground.errors import FieldError
from nnplayground.spec import DatasetSpec, JobSpec

UploadResolver = Callable[[str], Dataset]
DEFAULT_FEATURES = ["x1", "x2"]
BUILTIN_RANGE = (-6.0, 6.0)  # where every built-in dataset lies
RANGE_MARGIN = 0.1


@dataclass(frozen=True)
class InputPipeline:
    """Raw columns -> network inputs: features (2-D data only), then standardization."""

    columns: list[str]
    features: list[str] | None
    standardizer: Standardizer | None

    @property
    def names(self) -> list[str]:
        """The name of each network input, in order."""
        return list(self.features) if self.features is not None else list(self.columns)

    def unscaled(self, raw: np.ndarray) -> np.ndarray:
        """Inputs before standardization `(n, n_inputs)` from raw rows `(n, n_columns)`."""
        if self.features is None:
            return raw
        return compute_features(raw, self.features)

    def transform(self, raw: np.ndarray) -> np.ndarray:
        """The network inputs `(n, n_inputs)` for raw rows `(n, n_columns)`."""
        inputs = self.unscaled(raw)
        return inputs if self.standardizer is None else self.standardizer.transform(inputs)


@dataclass(frozen=True)
class PreparedData:
    dataset: Dataset
    is_train: np.ndarray
    pipeline: InputPipeline
    X_train: np.ndarray
    X_test: np.ndarray
    x_range: tuple[float, float] | None
    y_range: tuple[float, float] | None

    @property
    def drawable(self) -> bool:
        return self.dataset.X.shape[1] == 2

    @property
    def y_train(self) -> np.ndarray:
        return self.dataset.y[self.is_train]

    @property
    def y_test(self) -> np.ndarray:
        return self.dataset.y[~self.is_train]


def prepare_data(
    spec: JobSpec, resolve_upload: UploadResolver | None, points_kind: str
) -> PreparedData:
    """Load the spec's dataset, split it and build the inputs of both splits."""
    dataset = load_dataset(spec.dataset, resolve_upload, points_kind)
    is_train = split_mask(dataset, spec.dataset)
    features = checked_features(spec, dataset)
    pipeline = InputPipeline(list(dataset.columns), features, None)
    if spec.dataset.standardize or always_standardized(spec.dataset):
        standardizer = Standardizer.fit(pipeline.unscaled(dataset.X[is_train]))
        pipeline = InputPipeline(pipeline.columns, features, standardizer)
    inputs = pipeline.transform(dataset.X)
    x_range, y_range = plot_ranges(dataset, builtin=spec.dataset.name is not None,
                                   by_hand=spec.dataset.points is not None)
    return PreparedData(
        dataset=dataset,
        is_train=is_train,
        pipeline=pipeline,
        X_train=np.ascontiguousarray(inputs[is_train]),
        X_test=np.ascontiguousarray(inputs[~is_train]),
        x_range=x_range,
        y_range=y_range,
    )


def always_standardized(spec: DatasetSpec) -> bool:
    """Real datasets declare whether their inputs are z-scored whatever the spec says."""
    entry = find_real(spec.name) if spec.name is not None else None
    return entry is not None and entry.standardize


def load_dataset(
    spec: DatasetSpec, resolve_upload: UploadResolver | None, points_kind: str = "classification"
) -> Dataset:
    """The dataset a `DatasetSpec` names: a built-in, an upload or points given by hand."""
    try:
        if spec.name is not None:
            return generate(spec.name, spec.n_samples, spec.noise, spec.seed, spec.classes)
        if spec.id is not None:
            return uploaded_dataset(spec.id, resolve_upload)
        return from_points([point[:3] for point in spec.points], kind=points_kind)
    except DataError as error:
        raise FieldError(dataset_error_field(spec, str(error)), str(error)) from error


def uploaded_dataset(upload_id: str, resolve_upload: UploadResolver | None) -> Dataset:
    """The upload `upload_id`; `resolve_upload` returns None or raises LookupError if unknown."""
    dataset = None
    if resolve_upload is not None:
        try:
            dataset = resolve_upload(upload_id)
        except LookupError:
            dataset = None
    if dataset is None:
        raise FieldError("dataset.id", f"no uploaded dataset with id {upload_id!r}")
    return dataset


def dataset_error_field(spec: DatasetSpec, message: str) -> str:
    """The dotted spec field a data error is about (the data package names it in its message)."""
    if spec.points is not None:
        return "dataset.points"
    for key in ("n_samples", "noise", "classes", "seed"):
        if key in message:
            return f"dataset.{key}"
    return "dataset.name" if spec.name is not None else "dataset"


def split_mask(dataset: Dataset, spec: DatasetSpec) -> np.ndarray:
    """`is_train` per row: stratified for classification, seeded by the dataset's seed;
    points given by hand with a fourth value are split as it says."""
    given = given_split(spec)
    if given is not None:
        return given
    stratify = dataset.kind == "classification"
    try:
        return train_test_split(dataset.y, spec.train_ratio, spec.seed, stratify)
    except DataError as error:
        raise FieldError("dataset", str(error)) from error


def given_split(spec: DatasetSpec) -> np.ndarray | None:
    """The split of hand points that carry one (`[x1, x2, label, is_train]`), else None."""
    if spec.points is None or all(len(point) == 3 for point in spec.points):
        return None
    if any(len(point) == 3 for point in spec.points):
        raise FieldError("dataset.points", "give the fourth value (is_train) on every point "
                                           "or on none")
    is_train = np.array([bool(point[3]) for point in spec.points])
    if not is_train.any():
        raise FieldError("dataset.points", "at least one point must be in the training split")
    return is_train


def checked_features(spec: JobSpec, dataset: Dataset) -> list[str] | None:
    """The features to compute, or None when the raw columns are the inputs (wide uploads)."""
    if dataset.X.shape[1] == 2:
        return list(spec.features)
    if list(spec.features) != DEFAULT_FEATURES:
        raise FieldError(
            "features",
            f"features apply to 2-column data only; this dataset has {dataset.X.shape[1]} "
            f"columns ({', '.join(dataset.columns)}) that are the inputs as they are, "
            f"so leave features at {DEFAULT_FEATURES} (got {list(spec.features)})",
        )
    return None


def plot_ranges(
    dataset: Dataset, builtin: bool, by_hand: bool = False
) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """The axes of boundary pictures: the built-ins' square, else the data's range + 10%.
    Points placed by hand keep the built-ins' square (the plane they were placed on),
    widened only to a point placed beyond it."""
    if dataset.X.shape[1] != 2:
        return None, None
    if builtin:
        return BUILTIN_RANGE, BUILTIN_RANGE
    span = covering if by_hand else padded_range
    return span(dataset.X[:, 0]), span(dataset.X[:, 1])


def covering(values: np.ndarray) -> tuple[float, float]:
    return min(BUILTIN_RANGE[0], float(values.min())), max(BUILTIN_RANGE[1], float(values.max()))


def padded_range(values: np.ndarray) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    span = high - low
    margin = RANGE_MARGIN * span if span > 0 else 1.0
    return low - margin, high + margin
