"""What a sweep is: a base spec, axes (a grid of values and/or random draws for any spec
field, named by its dotted path), seed repeats, and how many members run at once; and
the expansion of that into member specs, each refused (FieldError) naming the axis."""

import itertools
import math
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nnplayground.errors import FieldError
from nnplayground.limits import Limits
from nnplayground.spec import JOB_EXAMPLE, JobSpec, StrictModel, Tags

SEED_AXIS = "training.seed"
AxisValue = Any


class RandomRange(StrictModel):
    """Uniform between `min` and `max` (log-uniform with `log`; rounded with `integer`)."""

    min: float
    max: float
    log: bool = False
    integer: bool = False

    @model_validator(mode="after")
    def ordered(self) -> "RandomRange":
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if self.log and self.min <= 0:
            raise ValueError(f"a log range needs min > 0 (got {self.min})")
        return self


class RandomAxes(StrictModel):
    count: int = Field(ge=1, description="how many random draws (each a member)")
    seed: int = Field(0, ge=0)
    ranges: dict[str, RandomRange | list[AxisValue]] = Field(
        min_length=1, description="spec path -> a range, or a list of choices",
        examples=[{"training.learning_rate": {"min": 0.001, "max": 0.3, "log": True}}])


SWEEP_EXAMPLE = {
    "name": "learning rate x optimizer",
    "base": {key: value for key, value in JOB_EXAMPLE.items() if key != "autostart"}
    | {"training": {**JOB_EXAMPLE["training"], "max_epochs": 20}},
    "grid": {"training.learning_rate": [0.01, 0.03, 0.1], "training.optimizer": ["sgd", "adam"]},
    "repeats": 2,
    "max_parallel": 4,
}


class SweepCreate(StrictModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True,
                              json_schema_extra={"examples": [SWEEP_EXAMPLE]})

    name: str | None = Field(None, max_length=100)
    base: JobSpec = Field(description="the spec every member starts from; members must end, "
                                      "so `training.max_epochs` is required")
    grid: dict[str, list[AxisValue]] = Field(
        default_factory=dict, description="spec path -> values; every combination is a member",
        examples=[{"training.learning_rate": [0.01, 0.1], "network.hidden": [
            [{"units": 8}], [{"units": 8}, {"units": 8}]]}])
    random: RandomAxes | None = None
    repeats: int = Field(1, ge=1, le=100, description="each configuration with training.seed "
                                                      "0..repeats-1 (mean and spread shown)")
    max_parallel: int = Field(4, ge=1, le=64, description="members running at once")
    tags: Tags = Field(default_factory=list, description="added to every member")


class Member(BaseModel):
    """A member to be: its axis values and the spec they give."""

    values: dict[str, AxisValue]
    spec: JobSpec


def expand(request: SweepCreate, limits: Limits) -> list[Member]:
    """Every member's values and spec, in grid order; FieldError naming a bad axis."""
    if request.base.training.max_epochs is None:
        raise FieldError("base.training.max_epochs", "a sweep's members must end: give "
                                                     "max_epochs")
    for prefix, paths in (("grid", request.grid), ("random.ranges", random_paths(request))):
        for path in paths:
            check_path(f"{prefix}.{path}", path)
    for path, values in request.grid.items():
        if not values:
            raise FieldError(f"grid.{path}", "give at least one value")
    if request.repeats > 1 and SEED_AXIS in request.grid:
        raise FieldError("repeats", f"give repeats or a {SEED_AXIS} axis, not both")
    count = member_count(request)
    if count > limits.max_sweep_members:
        raise FieldError("grid", f"the axes give {count} members; at most "
                                 f"{limits.max_sweep_members} allowed")
    base = request.base.model_dump()
    members = []
    for values in combinations(request):
        spec = member_spec(base, values)
        limits.check_spec(spec)
        members.append(Member(values=values, spec=spec))
    return members


def random_paths(request: SweepCreate) -> list[str]:
    return list(request.random.ranges) if request.random else []


def member_count(request: SweepCreate) -> int:
    grid = math.prod(len(values) for values in request.grid.values())
    draws = request.random.count if request.random else 1
    return grid * draws * request.repeats


def combinations(request: SweepCreate) -> list[dict[str, AxisValue]]:
    grid = [dict(zip(request.grid, chosen, strict=True))
            for chosen in itertools.product(*request.grid.values())]
    draws = random_draws(request.random) if request.random else [{}]
    seeds = [{SEED_AXIS: seed} for seed in range(request.repeats)] if request.repeats > 1 else [{}]
    return [{**point, **draw, **seed} for point in grid for draw in draws for seed in seeds]


def random_draws(axes: RandomAxes) -> list[dict[str, AxisValue]]:
    rng = np.random.default_rng(axes.seed)
    return [{path: draw(rng, choice) for path, choice in axes.ranges.items()}
            for _ in range(axes.count)]


def draw(rng: np.random.Generator, choice: RandomRange | list[AxisValue]) -> AxisValue:
    if isinstance(choice, list):
        return choice[int(rng.integers(len(choice)))]
    if choice.log:
        value = float(np.exp(rng.uniform(np.log(choice.min), np.log(choice.max))))
    else:
        value = float(rng.uniform(choice.min, choice.max))
    return round(value) if choice.integer else float(f"{value:.4g}")


def check_path(field: str, path: str) -> None:
    """FieldError unless `path` names a field of a job spec (nested models by their name)."""
    model: type[BaseModel] | None = JobSpec
    for depth, part in enumerate(path.split(".")):
        if model is None:
            raise FieldError(field, f"{'.'.join(path.split('.')[:depth])} has no fields")
        fields = model.model_fields
        if part not in fields:
            raise FieldError(field, f"no spec field {path!r} ({part!r} is not one of "
                                    f"{', '.join(fields)})")
        annotation = fields[part].annotation
        model = annotation if isinstance(annotation, type) and issubclass(
            annotation, BaseModel) else None


def member_spec(base: dict, values: dict[str, AxisValue]) -> JobSpec:
    spec = {key: value.copy() if isinstance(value, dict) else value
            for key, value in base.items()}
    for path, value in values.items():
        *parents, last = path.split(".")
        node = spec
        for part in parents:
            node[part] = dict(node[part])
            node = node[part]
        node[last] = value
    try:
        return JobSpec.model_validate(spec)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        axis = next((path for path in values if where.startswith(path)), where)
        raise FieldError(f"grid.{axis}", f"{values.get(axis)!r}: {problem['msg']}") from None


def member_name(values: dict[str, AxisValue]) -> str:
    """`learning_rate=0.01 optimizer=adam seed=1`: the last part of each path."""
    return " ".join(f"{path.split('.')[-1]}={short(value)}" for path, value in values.items())


def short(value: AxisValue) -> str:
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return "-".join(str(item.get("units", "?")) for item in value) or "none"
    return str(value)
