"""What this server allows: one model, checked against job specs and answered by /api/limits.

Every field is also a setting (`nnplayground serve --limits.max-units 64`, or
`NNPLAYGROUND_LIMITS__MAX_UNITS=64`): see settings.py.
"""

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from nnplayground.errors import FieldError
from nnplayground.spec import JobSpec, TrainingSpec, TrainingUpdate


class LearningRateRange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min: float = Field(1e-5, gt=0, description="smallest learning rate")
    max: float = Field(10.0, gt=0, description="largest learning rate")

    @model_validator(mode="after")
    def is_a_range(self) -> "LearningRateRange":
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_hidden_layers: int = Field(16, ge=0, description="hidden layers in one network")
    max_units: int = Field(256, ge=1, description="units in one hidden layer")
    max_samples: int = Field(5000, ge=1, description="points in one dataset")
    max_batch_size: int = Field(1000, ge=1, description="points in one minibatch")
    learning_rate: LearningRateRange = Field(default_factory=LearningRateRange,
                                             description="learning rates a job may use")
    max_regularization_rate: float = Field(10.0, ge=0, description="largest regularization rate")
    max_running_jobs: int = Field(32, ge=1, description="jobs training at once")
    max_stored_jobs: int = Field(500, ge=1, description="jobs kept in the data directory")
    max_upload_bytes: int = Field(10 * 1024 * 1024, ge=1, description="size of one CSV upload")
    max_json_body_bytes: int = Field(2 * 1024 * 1024, ge=1,
                                     description="size of any request body but an upload")
    max_uploads: int = Field(100, ge=1, description="uploaded datasets kept")
    max_epochs_per_step: int = Field(100, ge=1, description="epochs one `step` request trains")
    max_step_seconds: float = Field(10.0, ge=0, description="seconds one `step` request trains "
                                    "at most (it then answers how far it got)")
    max_memory_mb: int = Field(default_factory=lambda: default_memory_mb(), ge=1,
                               description="memory the jobs' sessions may hold, estimated from "
                                           "their specs (default: half the machine's)")
    max_picture_values: int = Field(
        2_000_000, ge=1, description="grid values in one /neurons answer (~10 bytes of JSON each)")
    max_sweep_members: int = Field(100, ge=1, description="jobs one sweep creates")
    max_snapshots: int = Field(200, ge=2, description="snapshots of its weights one job keeps "
                                                      "(log-spaced over its epochs)")
    max_snapshot_bytes: int = Field(
        16 * 1024 * 1024, ge=1, description="one job's snapshots, uncompressed (float32): a big "
                                            "network keeps fewer, but at least 2")

    def check_spec(self, spec: JobSpec) -> None:
        """Raise FieldError naming the first field beyond a limit."""
        hidden = spec.network.hidden
        at_most("network.hidden", len(hidden), self.max_hidden_layers, "hidden layers")
        for index, layer in enumerate(hidden):
            at_most(f"network.hidden.{index}.units", layer.units, self.max_units, "units")
        if spec.dataset.n_samples is not None:
            at_most("dataset.n_samples", spec.dataset.n_samples, self.max_samples, "samples")
        if spec.dataset.points is not None:
            at_most("dataset.points", len(spec.dataset.points), self.max_samples, "points")
        self.check_training(spec.training)

    def check_training(self, training: TrainingSpec | TrainingUpdate) -> None:
        if training.batch_size is not None:
            at_most("training.batch_size", training.batch_size, self.max_batch_size, "")
        if training.regularization_rate is not None:
            at_most("training.regularization_rate", training.regularization_rate,
                    self.max_regularization_rate, "")
        rate, allowed = training.learning_rate, self.learning_rate
        if rate is not None and not allowed.min <= rate <= allowed.max:
            raise FieldError("training.learning_rate",
                             f"must be between {allowed.min} and {allowed.max} (got {rate})")

    def check_pictures(self, spec: JobSpec, n_inputs: int, resolution: int,
                       units_per_layer: int | None = None) -> None:
        """/neurons draws every input, hidden unit shown (at most `units_per_layer` of a
        layer) and the output on a grid: bound the total."""
        most_units = units_per_layer or self.max_units
        pictures = n_inputs + sum(min(layer.units, most_units)
                                  for layer in spec.network.hidden) + 1
        most = int((self.max_picture_values / pictures) ** 0.5)
        if resolution > most:
            raise FieldError("resolution", f"at most {most} for this network's {pictures} "
                                          f"pictures (got {resolution})")


def at_most(field: str, value: float, limit: float, what: str) -> None:
    if value > limit:
        unit = f" {what}" if what else ""
        raise FieldError(field, f"at most {limit}{unit} allowed (got {value})")


MEMORY_SHARE = 0.5  # of the machine's (or the container's) memory for sessions, by default


def default_memory_mb() -> int:
    """Half the memory this process may use: the machine's, or its cgroup's limit if lower."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        limit = ""
    if limit.isdigit():
        total = min(total, int(limit))
    return int(total * MEMORY_SHARE) // 2**20
