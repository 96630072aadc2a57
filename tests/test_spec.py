"""Job specs: defaults, structural errors that name the field, and configurable limits."""

import pytest
from pydantic import ValidationError

from nnplayground.errors import FieldError
from nnplayground.limits import Limits
from nnplayground.spec import JobCreate, JobSpec, StepRequest, TrainingUpdate


def error_locations(excinfo) -> list[tuple]:
    return [error["loc"] for error in excinfo.value.errors()]


def test_every_field_but_the_dataset_name_has_a_default():
    spec = JobCreate.model_validate({"dataset": {"name": "circle"}})
    assert spec.features == ["x1", "x2"]
    assert [layer.units for layer in spec.network.hidden] == [4, 2]
    assert spec.training.learning_rate == 0.03
    assert spec.autostart is False
    assert spec.job_spec().dataset.train_ratio == 50


def test_dataset_needs_exactly_one_source():
    with pytest.raises(ValidationError, match="exactly one of 'name', 'id' or 'points'"):
        JobSpec.model_validate({"dataset": {"name": "circle", "id": "abc"}})
    with pytest.raises(ValidationError, match="got none"):
        JobSpec.model_validate({"dataset": {"seed": 3}})


def test_bad_values_are_reported_at_their_field():
    with pytest.raises(ValidationError) as excinfo:
        JobSpec.model_validate({"dataset": {"name": "xor", "train_ratio": 95},
                                "network": {"hidden": [{"units": 0}]},
                                "training": {"optimizer": "lbfgs"}})
    assert set(error_locations(excinfo)) == {
        ("dataset", "train_ratio"), ("network", "hidden", 0, "units"), ("training", "optimizer")}


def test_unknown_fields_are_refused_not_ignored():
    with pytest.raises(ValidationError) as excinfo:
        JobSpec.model_validate({"dataset": {"name": "xor"}, "training": {"lr": 0.1}})
    assert error_locations(excinfo) == [("training", "lr")]


def test_features_must_be_known_and_distinct():
    with pytest.raises(ValidationError, match="repeated: x1"):
        JobSpec.model_validate({"dataset": {"name": "xor"}, "features": ["x1", "x1", "x2"]})
    with pytest.raises(ValidationError):
        JobSpec.model_validate({"dataset": {"name": "xor"}, "features": ["x3"]})
    with pytest.raises(ValidationError):
        JobSpec.model_validate({"dataset": {"name": "xor"}, "features": []})


def test_step_defaults_to_one_epoch_and_refuses_both_units():
    assert StepRequest().epochs == 1
    assert StepRequest(steps=5).epochs is None
    with pytest.raises(ValidationError, match="not both"):
        StepRequest(epochs=1, steps=5)


def spec_with(**parts) -> JobSpec:
    return JobSpec.model_validate({"dataset": {"name": "spiral"}, **parts})


def test_default_limits_allow_32_jobs_16_layers_and_256_units():
    limits = Limits()
    assert limits.max_running_jobs >= 32
    limits.check_spec(spec_with(network={"hidden": [{"units": 256}] * 16}))


@pytest.mark.parametrize(("parts", "field", "text"), [
    ({"network": {"hidden": [{"units": 4}] * 17}}, "network.hidden", "at most 16 hidden layers"),
    ({"network": {"hidden": [{"units": 4}, {"units": 257}]}}, "network.hidden.1.units",
     "at most 256 units"),
    ({"training": {"batch_size": 5000}}, "training.batch_size", "at most 1000"),
    ({"training": {"learning_rate": 11}}, "training.learning_rate", "between 1e-05 and 10.0"),
])
def test_limits_name_the_field_and_the_limit(parts, field, text):
    with pytest.raises(FieldError) as excinfo:
        Limits().check_spec(spec_with(**parts))
    assert excinfo.value.field == field
    assert text in str(excinfo.value)


def test_limits_are_configurable_and_apply_to_live_updates():
    limits = Limits(max_samples=100, learning_rate={"max": 1.0})
    with pytest.raises(FieldError, match=r"dataset\.n_samples: at most 100 samples"):
        limits.check_spec(JobSpec.model_validate({"dataset": {"name": "xor", "n_samples": 101}}))
    with pytest.raises(FieldError, match=r"training\.learning_rate"):
        limits.check_training(TrainingUpdate(learning_rate=2.0))
    limits.check_training(TrainingUpdate(batch_size=20))


def test_limits_refuse_an_empty_learning_rate_range():
    with pytest.raises(ValidationError, match=r"min \(1\.0\) is above max \(0\.1\)"):
        Limits(learning_rate={"min": 1.0, "max": 0.1})


def test_nan_and_infinity_are_refused_where_json_parsers_admit_them():
    with pytest.raises(ValidationError) as excinfo:
        JobCreate.model_validate({"dataset": {"name": "xor", "noise": float("nan")},
                                  "training": {"target_loss": float("inf")}})
    assert set(error_locations(excinfo)) == {("dataset", "noise"), ("training", "target_loss")}


def test_neuron_pictures_are_bounded_by_their_total_size():
    spec = spec_with(network={"hidden": [{"units": 256}] * 16})
    Limits().check_pictures(spec, n_inputs=2, resolution=20)
    with pytest.raises(FieldError,
                       match=r"resolution: at most 22 for this network's 4099 pictures"):
        Limits().check_pictures(spec, n_inputs=2, resolution=23)
