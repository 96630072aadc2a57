"""The catalogue describes exactly what `generate` does, and `generate` refuses what it does not."""

import numpy as np
import pytest

from nnplayground.data import DataError, generate, list_datasets

ORDER = ["circle", "xor", "gauss", "spiral", "plane", "multi_gauss", "moons", "checkerboard",
         "blobs"]
REAL = ["iris", "wine", "breast_cancer", "diabetes", "digits"]
FIELDS = {"name", "kind", "description", "classes", "params", "modality", "feature_names",
          "class_names", "n_samples", "n_features", "image_shape", "source", "licence"}
GENERATORS = [entry for entry in list_datasets() if entry["modality"] == "plane"]


def test_tf_playgrounds_six_come_first_then_ours_then_real_data():
    # Issue 17 adds the real datasets after the generators.
    assert [entry["name"] for entry in list_datasets()] == ORDER + REAL


def test_every_entry_has_the_documented_fields():
    for entry in list_datasets():
        assert set(entry) == FIELDS
    for entry in GENERATORS:
        assert entry["description"]
        n_samples = entry["params"]["n_samples"]
        assert (n_samples["min"], n_samples["max"]) == (10, 5000)
        assert entry["params"]["noise"] == {"default": 0, "min": 0, "max": 50}
        if entry["kind"] == "regression":
            assert entry["classes"] is None and "classes" not in entry["params"]


def test_tf_playgrounds_defaults():
    catalogue = {entry["name"]: entry for entry in list_datasets()}
    for name in ("circle", "xor", "gauss", "spiral"):
        assert catalogue[name]["kind"] == "classification"
        assert catalogue[name]["params"]["n_samples"]["default"] == 500
    for name in ("plane", "multi_gauss"):
        assert catalogue[name]["kind"] == "regression"
        assert catalogue[name]["params"]["n_samples"]["default"] == 1200
    assert catalogue["spiral"]["params"]["classes"] == {"default": 2, "min": 2, "max": 8}
    assert catalogue["blobs"]["params"]["classes"]["max"] == 8


@pytest.mark.parametrize("entry", GENERATORS, ids=lambda e: e["name"])
def test_defaults_generate_what_the_entry_says(entry):
    data = generate(entry["name"])
    assert data.name == entry["name"]
    assert data.kind == entry["kind"]
    assert data.classes == entry["classes"]
    assert len(data.X) == entry["params"]["n_samples"]["default"]
    assert data.columns == ["x1", "x2"]
    if entry["kind"] == "classification":
        assert len(np.unique(data.y)) == entry["classes"]
        assert data.class_labels == list(range(entry["classes"]))


@pytest.mark.parametrize("entry", GENERATORS, ids=lambda e: e["name"])
def test_every_parameter_range_is_honoured_at_both_ends(entry):
    for field, spec in entry["params"].items():
        for value in (spec["min"], spec["max"]):
            data = generate(entry["name"], **{field: value})
            if field == "n_samples":
                assert len(data.X) == value
            if field == "classes":
                assert data.classes == value and len(np.unique(data.y)) == value
        for value in (spec["min"] - 1, spec["max"] + 1):
            with pytest.raises(DataError, match=rf"{field} must be between .* got {value}"):
                generate(entry["name"], **{field: value})


def test_unknown_dataset_is_named_with_the_known_ones():
    with pytest.raises(DataError, match=r"unknown dataset 'swiss_roll'; expected one of circle, "):
        generate("swiss_roll")


def test_class_counts_only_where_they_apply():
    assert generate("circle", classes=2).classes == 2
    with pytest.raises(DataError, match=r"dataset 'circle' always has 2 classes, got classes=3"):
        generate("circle", classes=3)
    with pytest.raises(DataError, match=r"'plane' is a regression and takes no classes"):
        generate("plane", classes=2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 10.5}, r"n_samples must be an integer, got 10.5"),
        ({"n_samples": True}, r"n_samples must be an integer, got True"),
        ({"noise": "high"}, r"noise must be a number, got 'high'"),
        ({"noise": float("nan")}, r"noise must be between 0 and 50, got nan"),
        ({"seed": -1}, r"seed must be a non-negative integer, got -1"),
        ({"classes": 2.0}, r"classes must be an integer, got 2.0"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(DataError, match=message):
        generate("spiral", **kwargs)


def test_fractional_noise_is_allowed():
    assert not np.array_equal(generate("spiral", noise=12.5).X, generate("spiral", noise=12).X)
