"""What a built session tells about its job: the problem, the data's shape, the schedule."""

from typing import Literal

from pydantic import BaseModel, Field


class SessionSummary(BaseModel):
    kind: Literal["classification", "regression"]
    classes: int | None
    n_train: int
    n_test: int
    n_inputs: int
    features: list[str] = Field(description="the network's inputs, in order")
    columns: list[str] = Field(description="the dataset's raw columns")
    steps_per_epoch: int
    drawable: bool = Field(description="2-D data: a boundary can be drawn")
    x_range: tuple[float, float] | None
    y_range: tuple[float, float] | None
