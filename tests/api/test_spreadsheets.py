"""Spreadsheets as they are: text labels, text features one-hot encoded, missing cells and
column roles, through upload, training, predict by name, the CSV export and their errors."""

import csv
import io

import pytest

from tests.utils.factories import create_job

COLOURS = ["red", "green", "blue"]
NET = {"hidden": [{"units": 8, "activation": "tanh"}]}
ADAM = {"optimizer": "adam", "learning_rate": 0.05, "batch_size": 8}


def fruit_csv(rows: int = 60, blanks: int = 0) -> bytes:
    """id (to ignore), weight, colour (text) and the fruit's name: colour decides it."""
    fruit = {"red": "apple", "green": "pear", "blue": "plum"}
    lines = ["id,weight,colour,fruit"]
    for i in range(rows):
        colour = COLOURS[i % 3]
        weight = "" if i < blanks else f"{100 + (i * 7) % 50}"
        lines.append(f"{1000 + i},{weight},{colour},{fruit[colour]}")
    return ("\n".join(lines) + "\n").encode()


def upload(client, content: bytes, **fields):
    return client.post("/api/datasets", files={"file": ("fruit.csv", content)}, data=fields)


def created(response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


def test_text_labels_and_categories_round_trip_through_training_predict_and_export(client):
    info = created(upload(client, fruit_csv(), label_column="fruit", ignore='["id"]'))
    assert info["class_names"] == ["apple", "pear", "plum"]
    assert info["columns"] == ["weight", "colour=blue", "colour=green", "colour=red"]
    assert info["fields"][1] == {"name": "colour", "kind": "category",
                                 "categories": ["blue", "green", "red"]}
    assert info["fields"][0]["kind"] == "number" and info["fields"][0]["min"] == 100
    job = create_job(client, dataset={"id": info["id"], "train_ratio": 80, "standardize": True},
                     network=NET, training=ADAM)
    stepped = client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 40}).json()
    assert stepped["metrics"]["test_accuracy"] == 1.0
    questions = client.get(f"/api/jobs/{job['id']}/questions").json()
    assert [f["name"] for f in questions["fields"]] == ["weight", "colour"]
    answer = client.post(f"/api/jobs/{job['id']}/predict", json={"rows": [
        {"weight": 120, "colour": "green"}, {"weight": 130, "colour": "blue"}]}).json()
    assert answer["class_names"] == ["apple", "pear", "plum"]
    assert [answer["class_names"][i] for i in answer["predictions"]] == ["pear", "plum"]
    assert answer["probabilities"][0][1] > 0.5 and len(answer["probabilities"][0]) == 3
    exported = client.get(f"/api/datasets/{info['id']}", params={"format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0])[:3] == ["weight", "colour", "label"]
    assert (rows[0]["colour"], rows[0]["label"]) == ("red", "apple")
    again = created(upload(client, exported.encode(), label_column="label",
                           ignore='["split"]'))
    assert again["class_names"] == info["class_names"] and again["columns"] == info["columns"]


def test_missing_cells_are_dropped_or_imputed_and_counted(client):
    dropped = created(upload(client, fruit_csv(blanks=5), label_column="fruit"))
    assert dropped["n_rows"] == 55
    assert dropped["notes"] == ["5 rows of fruit.csv with missing cells dropped"]
    imputed = created(upload(client, fruit_csv(blanks=5), label_column="fruit",
                             missing="impute"))
    assert imputed["n_rows"] == 60
    assert imputed["notes"][0].startswith("5 missing cells of fruit.csv imputed")


def test_features_role_picks_columns(client):
    info = created(upload(client, fruit_csv(), label_column="fruit", features='["weight"]'))
    assert info["columns"] == ["weight"] and info["n_features"] == 1


@pytest.mark.parametrize(("content", "fields", "expected"), [
    (b"a,name\n" + b"".join(b"%d,n%d\n" % (i, i) for i in range(30)), {},
     "label column 'name' of fruit.csv has 30 distinct labels; classification allows at "
     "most 20 classes"),
    (b"a,empty,label\n" + b"1,,x\n2,,y\n" * 6, {},
     "column 'empty' of fruit.csv has no values (every cell is missing); ignore it"),
    (b"city,label\n" + b"".join(b"c%d,%d\n" % (i, i % 2) for i in range(30)), {},
     "column 'city' of fruit.csv has 30 distinct text values; at most 20 categories per "
     "column are one-hot encoded"),
    (fruit_csv(), {"features": '["size"]'}, "features: column 'size' is not in fruit.csv"),
    (fruit_csv(), {"features": "weight"}, "features: must be a JSON list of column names"),
    (fruit_csv(), {"missing": "guess"}, "missing: must be one of drop, impute"),
])
def test_bad_spreadsheets_name_the_column_or_limit_and_store_nothing(client, content, fields,
                                                                      expected):
    response = upload(client, content, **fields)
    assert response.status_code == 422, response.text
    assert expected in response.json()["message"]
    assert [d for d in client.get("/api/datasets").json() if not d["builtin"]] == []


def test_real_data_answers_with_class_names_and_projects(client):
    job = create_job(client, dataset={"name": "iris", "train_ratio": 80}, network=NET,
                     training=ADAM)
    client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 20})
    setosa = {"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4,
              "petal width (cm)": 0.2}
    answer = client.post(f"/api/jobs/{job['id']}/predict", json={"rows": [setosa]}).json()
    assert answer["class_names"][answer["predictions"][0]] == "setosa"
    picture = client.get(f"/api/jobs/{job['id']}/projection").json()
    assert len(picture["x"]) == len(picture["label"]) == len(picture["predicted"]) == 150
    assert picture["explained"][0] > picture["explained"][1] > 0
    wrong = client.post(f"/api/jobs/{job['id']}/predict",
                        json={"rows": [{**setosa, "colour": "red"}]})
    assert wrong.status_code == 422 and "unknown field 'colour'" in wrong.json()["message"]
    both = client.post(f"/api/jobs/{job['id']}/predict", json={"rows": [setosa],
                                                               "points": [[1, 2, 3, 4]]})
    assert both.status_code == 422 and "exactly one of 'points' or 'rows'" in both.text


def test_regression_answers_values(client):
    job = create_job(client, dataset={"name": "diabetes"}, network=NET, training=ADAM)
    questions = client.get(f"/api/jobs/{job['id']}/questions").json()
    assert questions["kind"] == "regression" and questions["class_names"] is None
    row = {field["name"]: field["min"] for field in questions["fields"]}
    answer = client.post(f"/api/jobs/{job['id']}/predict", json={"rows": [row]}).json()
    assert answer["class_names"] is None and isinstance(answer["predictions"][0], float)


def test_an_upload_keeps_its_roles_after_a_restart(make_client):
    first = make_client()
    info = created(upload(first, fruit_csv(blanks=3), label_column="fruit", ignore='["id"]',
                          missing="impute"))
    first.__exit__(None, None, None)
    again = make_client()
    job = create_job(again, dataset={"id": info["id"]}, network=NET, training=ADAM)
    questions = again.get(f"/api/jobs/{job['id']}/questions").json()
    assert [f["name"] for f in questions["fields"]] == ["weight", "colour"]
    assert questions["columns"] == info["columns"] and job["spec"]["dataset"]["id"] == info["id"]
    assert again.get(f"/api/datasets/{info['id']}").json()["n_rows"] == 60
