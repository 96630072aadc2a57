"""Datasets through TestClient: catalogue, previews, CSV uploads and their errors."""

import csv
import io

from tests.utils.factories import create_job, csv_bytes

CATALOGUE = ["circle", "xor", "gauss", "spiral", "plane", "multi_gauss", "moons",
             "checkerboard", "blobs", "iris", "wine", "breast_cancer", "diabetes", "digits"]


def message(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["message"]


def upload(client, content: bytes | None = None, filename: str = "points.csv", **fields):
    return client.post("/api/datasets", files={"file": (filename, content or csv_bytes())},
                       data=fields)


def test_catalogue_lists_the_builtins_first_then_uploads(client):
    entries = client.get("/api/datasets").json()
    assert [entry["name"] for entry in entries] == CATALOGUE
    assert all(entry["builtin"] is True for entry in entries)
    spiral = entries[3]
    assert spiral["params"]["n_samples"] == {"default": 500, "min": 10, "max": 5000}
    uploaded = upload(client).json()
    entries = client.get("/api/datasets").json()
    assert entries[-1] == {**uploaded, "builtin": False}


def test_sample_answers_columnar_points_with_the_split(client):
    body = {"name": "xor", "n_samples": 40, "train_ratio": 50, "seed": 2, "features": ["x1"]}
    sample = client.post("/api/datasets/sample", json=body).json()
    assert len(sample["x1"]) == len(sample["x2"]) == len(sample["y"]) == 40
    assert sum(sample["is_train"]) == 20
    assert (sample["kind"], sample["classes"]) == ("classification", 2)
    assert set(sample["y"]) == {0, 1}
    again = client.post("/api/datasets/sample", json=body).json()
    assert again == sample  # seeded


def test_sample_as_csv_has_a_split_column(client):
    response = client.post("/api/datasets/sample?format=csv",
                           json={"name": "gauss", "n_samples": 20})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 20
    assert set(rows[0]) == {"x1", "x2", "label", "split"}
    assert {row["split"] for row in rows} == {"train", "test"}


def test_sample_errors_name_the_field(client):
    response = client.post("/api/datasets/sample", json={"name": "spiral", "n_samples": 9000})
    assert message(response, 422) == "dataset.n_samples: at most 5000 samples allowed (got 9000)"
    response = client.post("/api/datasets/sample", json={"name": "nope"})
    assert message(response, 422).startswith("dataset.name: unknown dataset 'nope'")
    response = client.post("/api/datasets/sample", json={"name": "xor", "id": "abc"})
    assert "give exactly one of 'name', 'id' or 'points'" in message(response, 422)


def test_upload_answers_201_with_its_description(client):
    response = upload(client, label_column="label", kind="classification", standardize="true")
    assert response.status_code == 201, response.text
    info = response.json()
    assert info["name"] == "points.csv"
    assert (info["n_rows"], info["n_features"], info["columns"]) == (40, 2, ["a", "b"])
    assert (info["kind"], info["classes"], info["standardize"]) == ("classification", 2, True)
    assert client.get(f"/api/datasets/{info['id']}").json() == info


def test_upload_errors_name_the_line_column_or_field(client):
    bad_cell = b"a,b,label\n" + b"1,2,0\n" * 12 + b"1,x,1\n"
    assert message(upload(client, bad_cell), 422) == (
        "file: points.csv, line 14, column 2 ('b'): 'x' is not a number")
    assert message(upload(client, label_column="nope"), 422).startswith(
        "file: label column 'nope' is not in points.csv")
    assert message(upload(client, kind="images"), 422) == (
        "kind: must be one of classification, regression (got 'images')")
    assert message(upload(client, standardize="maybe"), 422) == (
        "standardize: must be true or false (got 'maybe')")
    response = client.post("/api/datasets", files={"other": ("x.csv", b"a,b")})
    assert message(response, 422) == "file: a CSV file is required in the form field 'file'"
    response = client.post("/api/datasets", json={"file": "a,b"})
    assert message(response, 422).startswith(
        "file: send the CSV as multipart/form-data with a 'file' field")


def test_upload_size_limit_is_enforced(make_client, small_limits):
    client = make_client(limits=small_limits)  # 2048 bytes
    assert upload(client, csv_bytes(rows=40)).status_code == 201
    text = message(upload(client, csv_bytes(rows=200)), 422)
    assert text.startswith("file: at most 0.00195312 MB (2048 bytes) can be uploaded (got ")


def test_upload_size_limit_stops_reading_a_stream_without_length(client):
    def chunks():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n"
        for _ in range(200):  # 12.8 MB, never all sent
            yield b"1,2,3\n" * 10_000

    response = client.post("/api/datasets", content=chunks(),
                           headers={"content-type": "multipart/form-data; boundary=b"})
    assert "at most 10 MB (10485760 bytes) can be uploaded (got more than" in message(
        response, 422)


def test_an_uploaded_dataset_trains_and_exports(client):
    info = upload(client).json()
    job = create_job(client, dataset={"id": info["id"], "train_ratio": 50})
    assert job["summary"]["columns"] == ["a", "b"]
    stepped = client.post(f"/api/jobs/{job['id']}/step").json()
    assert stepped["epoch"] == 1
    response = client.get(f"/api/datasets/{info['id']}?format=csv&train_ratio=50")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 40 and set(rows[0]) == {"a", "b", "label", "split"}
    assert {row["label"] for row in rows} == {"-1", "1"}


def test_wide_uploads_have_no_boundary(client):
    content = b"a,b,c,label\n" + b"".join(
        f"{i},{i % 3},{i % 5},{i % 2}\n".encode() for i in range(30))
    info = upload(client, content).json()
    job_id = create_job(client, dataset={"id": info["id"]})["id"]
    for picture in ("boundary", "neurons"):
        assert message(client.get(f"/api/jobs/{job_id}/{picture}"), 409) == (
            "the data has 3 input columns; pictures need 2-D data (2 columns)")


def test_delete_upload_then_404(client):
    upload_id = upload(client).json()["id"]
    assert client.delete(f"/api/datasets/{upload_id}").status_code == 204
    assert message(client.get(f"/api/datasets/{upload_id}"), 404) == (
        f"no uploaded dataset with id '{upload_id}'")
    assert message(client.delete(f"/api/datasets/{upload_id}"), 404) == (
        f"no uploaded dataset with id '{upload_id}'")
