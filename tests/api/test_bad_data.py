"""Bad data is refused with a 422 naming the field: empty, non-finite or absurd points,
in job specs, previews and resets, and in CSV uploads (cells and names)."""

import pytest

from tests.api.test_datasets_api import message, upload
from tests.utils.factories import create_job, csv_bytes, spec

BAD_POINTS = {
    "empty": [],
    "absurd": [[1e308, 0, 1], [1, 1, -1], [2, 2, 1], [3, 3, -1]],
    "just beyond": [[0, 1_000_001, 1], [1, 1, -1], [2, 2, 1], [3, 3, -1]],
    "absurd label": [[0, 0, -1e300], [1, 1, -1], [2, 2, 1], [3, 3, -1]],
}


@pytest.mark.parametrize("points", BAD_POINTS.values(), ids=BAD_POINTS.keys())
def test_bad_points_are_422_naming_the_field_everywhere(client, points):
    dataset = {"points": points}
    created = client.post("/api/jobs", json=spec(dataset=dataset))
    assert message(created, 422).startswith("dataset.points: ")
    assert message(client.post("/api/datasets/sample", json=dataset), 422).startswith(
        "points: ")
    job = create_job(client)
    reset = client.post(f"/api/jobs/{job['id']}/reset", json={"spec": spec(dataset=dataset)})
    assert message(reset, 422).startswith("spec.dataset.points: ")
    assert [listed["id"] for listed in client.get("/api/jobs").json()["items"]] == [job["id"]]


def test_points_at_the_bound_are_accepted(client):
    points = [[1e6, -1e6, 1], [1, 1, -1], [2, 2, 1], [3, 3, -1]] * 3
    assert client.post("/api/jobs", json=spec(dataset={"points": points})).status_code == 201


@pytest.mark.parametrize("cell", ["1e308", "-2e6", "inf"])
def test_csv_cells_beyond_the_bound_are_422_naming_line_and_column(client, cell):
    content = csv_bytes().replace(b"\n1.0250,", f"\n{cell},".encode(), 1)
    assert cell.encode() in content
    text = message(upload(client, content), 422)
    assert text.startswith("file: points.csv, line 3, column 1 ('a'): "), text


def test_csv_column_names_are_bounded(client):
    long_name = "c" * 101
    content = csv_bytes(label=long_name)
    text = message(upload(client, content), 422)
    assert text.startswith("file: points.csv, line 1: column 3 ('cccccccccccccccccccc'...) "
                           "has a name of 101 characters; at most 100 allowed"), text
    assert len(text) < 300
    assert upload(client, csv_bytes(label="c" * 100)).status_code == 201


def test_long_label_column_and_file_names_are_422_without_echo(client):
    text = message(upload(client, label_column="x" * 10_000), 422)
    assert text == "file: label_column must be a column name of at most 100 characters " \
                   "(got 10000)"
    text = message(upload(client, filename="f" * 200 + ".csv"), 422)
    assert text == "file: the file name must be at most 100 characters (got 204)"


def test_deleting_an_upload_in_use_is_409_naming_the_jobs(client):
    upload_id = upload(client).json()["id"]
    jobs = [create_job(client, dataset={"id": upload_id})["id"] for _ in range(2)]
    text = message(client.delete(f"/api/datasets/{upload_id}"), 409)
    assert text == (f"dataset {upload_id} is used by 2 job(s) ({jobs[0]}, {jobs[1]}); "
                    "delete them first")
    assert client.get(f"/api/jobs/{jobs[0]}/model").status_code == 200
    for job_id in jobs:
        client.delete(f"/api/jobs/{job_id}")
    assert client.delete(f"/api/datasets/{upload_id}").status_code == 204


def test_stored_uploads_are_bounded(make_client):
    from nnplayground.limits import Limits

    client = make_client(limits=Limits(max_uploads=2))
    first = upload(client).json()["id"]
    assert upload(client).status_code == 201
    response = upload(client)
    assert message(response, 429) == "at most 2 uploaded datasets allowed (got 2); " \
                                     "delete one first"
    assert response.headers["Retry-After"]
    assert len([d for d in client.get("/api/datasets").json() if not d["builtin"]]) == 2
    client.delete(f"/api/datasets/{first}")
    assert upload(client).status_code == 201
