"""GET /api/choices lists what specs accept, from the same tables the spec is built from."""

import pytest

from tests.utils.factories import create_job

SPEC_FIELDS = {  # choices key -> the spec schema's property holding that enum
    "features": ("JobSpec", "features"),
    "activations": ("HiddenLayer", "activation"),
    "inits": ("NetworkSpec", "init"),
    "optimizers": ("TrainingSpec", "optimizer"),
    "regularizations": ("TrainingSpec", "regularization"),
    "problems": ("TrainingSpec", "problem"),
}


def enum_of(schemas: dict, model: str, field: str) -> list:
    """The values of the named enum schema the property refers to (no inline copies)."""
    prop = schemas[model]["properties"][field]
    prop = prop.get("items") or prop
    if "allOf" in prop:
        [prop] = prop["allOf"]
    return schemas[prop["$ref"].split("/")[-1]]["enum"]


def test_choices_are_the_enums_of_the_spec_schema(client):
    choices = client.get("/api/choices").json()
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert set(choices) == set(SPEC_FIELDS)
    for key, (model, field) in SPEC_FIELDS.items():
        assert choices[key] == enum_of(schemas, model, field), key
    assert "relu" in choices["activations"] and "sin(x1)" in choices["features"]


@pytest.mark.parametrize("key", ["activations", "inits", "optimizers", "regularizations"])
def test_every_listed_choice_builds_and_trains(client, key):
    for value in client.get("/api/choices").json()[key]:
        overrides = {
            "activations": {"network": {"hidden": [{"units": 3, "activation": value}]}},
            "inits": {"network": {"init": value}},
            "optimizers": {"training": {"optimizer": value}},
            "regularizations": {"training": {"regularization": value,
                                             "regularization_rate": 0.001}},
        }[key]
        job = create_job(client, **overrides)
        stepped = client.post(f"/api/jobs/{job['id']}/step", json={"steps": 2})
        assert stepped.status_code == 200 and stepped.json()["step"] == 2, value
