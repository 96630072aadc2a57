"""Limits a server operator can configure, and the check of a job spec against them."""

from dataclasses import asdict, dataclass

from nnplayground.errors import FieldError
from nnplayground.spec import JobSpec, TrainingSpec, TrainingUpdate


@dataclass(frozen=True)
class Limits:
    max_hidden_layers: int = 16
    max_units: int = 256
    max_samples: int = 5000
    max_batch_size: int = 1000
    min_learning_rate: float = 1e-5
    max_learning_rate: float = 10.0
    max_regularization_rate: float = 10.0
    max_running_jobs: int = 32
    max_stored_jobs: int = 500
    max_upload_bytes: int = 10 * 1024 * 1024
    max_epochs_per_step: int = 100
    max_picture_values: int = 2_000_000  # grid values in one /neurons answer (~20 MB of JSON)

    def public(self) -> dict:
        """The shape `GET /api/limits` answers."""
        values = asdict(self)
        low, high = values.pop("min_learning_rate"), values.pop("max_learning_rate")
        return {**values, "learning_rate": {"min": low, "max": high}}

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
        rate = training.learning_rate
        if rate is not None and not self.min_learning_rate <= rate <= self.max_learning_rate:
            raise FieldError("training.learning_rate",
                            f"must be between {self.min_learning_rate} and "
                            f"{self.max_learning_rate} (got {rate})")


    def check_pictures(self, spec: JobSpec, n_inputs: int, resolution: int) -> None:
        """/neurons draws every input, hidden unit and the output on a grid: bound the total."""
        pictures = n_inputs + sum(layer.units for layer in spec.network.hidden) + 1
        most = int((self.max_picture_values / pictures) ** 0.5)
        if resolution > most:
            raise FieldError("resolution", f"at most {most} for this network's {pictures} "
                                          f"pictures (got {resolution})")


def at_most(field: str, value: float, limit: float, what: str) -> None:
    if value > limit:
        unit = f" {what}" if what else ""
        raise FieldError(field, f"at most {limit}{unit} allowed (got {value})")
