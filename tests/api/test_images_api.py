"""Image datasets through the API: first-layer weight pictures, the test gallery, drawings."""

from nnplayground.data.real import load_builtin
from tests.utils.factories import create_job

DIGITS = {"name": "digits", "train_ratio": 70, "seed": 1}
NET = {"hidden": [{"units": 16, "activation": "relu"}]}
ADAM = {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 32}


def digits_job(client) -> dict:
    return create_job(client, dataset=DIGITS, network=NET, training=ADAM)


def a_digit(digit: int) -> list[int]:
    """The first image of `digit` in the dataset, in its own units (ink counts 0..16)."""
    X, y, _ = load_builtin("digits")
    return [round(value * 16) for value in X[list(y).index(digit)]]


def test_first_layer_pictures_are_one_8x8_image_per_neuron(client):
    job = digits_job(client)
    layer = client.get(f"/api/jobs/{job['id']}/first-layer").json()
    assert layer["image_shape"] == [8, 8]
    assert len(layer["units"]) == 16
    assert all(len(unit) == 8 and all(len(row) == 8 for row in unit) for unit in layer["units"])
    model = client.get(f"/api/jobs/{job['id']}/model").json()
    first = model["layers"][0]["weights"]  # (64 inputs, 16 units)
    assert layer["units"][3][2][5] == first[2 * 8 + 5][3]


def test_the_gallery_puts_mistakes_first(client):
    job = digits_job(client)
    client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 3})
    gallery = client.get(f"/api/jobs/{job['id']}/gallery?limit=200").json()
    sample = client.post("/api/datasets/sample", json=DIGITS).json()
    assert gallery["n_test"] == sample["is_train"].count(False) and len(gallery["items"]) == 200
    wrong = [item["prediction"] != item["label"] for item in gallery["items"]]
    assert 0 < gallery["n_mistakes"] < gallery["n_test"]
    assert wrong == sorted(wrong, reverse=True)  # every mistake before every right answer
    first = gallery["items"][0]
    assert len(first["pixels"]) == 8 and max(max(row) for row in first["pixels"]) <= 16
    assert client.get(f"/api/jobs/{job['id']}/gallery?limit=0").status_code == 422


def test_a_drawing_gets_class_probabilities_that_learn(client):
    job = digits_job(client)
    three = a_digit(3)
    before = client.post(f"/api/jobs/{job['id']}/drawing", json={"images": [three]}).json()
    assert len(before["probabilities"][0]) == 10
    assert abs(sum(before["probabilities"][0]) - 1) < 1e-9
    client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 10})
    after = client.post(f"/api/jobs/{job['id']}/drawing", json={"images": [three]}).json()
    assert after["predictions"] == [3] and after["class_names"][3] == "3"
    assert after["probabilities"][0][3] > before["probabilities"][0][3]


def test_a_drawing_of_the_wrong_size_or_range_is_refused(client):
    job = digits_job(client)
    url = f"/api/jobs/{job['id']}/drawing"
    response = client.post(url, json={"images": [[0] * 63]})
    assert response.status_code == 422
    assert "image 0: expected 64 pixels (8x8, row by row), got 63" in response.json()["message"]
    response = client.post(url, json={"images": [[17] + [0] * 63]})
    assert response.status_code == 422 and "pixels must be in 0..16" in response.json()["message"]


def test_a_drawing_on_a_non_image_job_names_the_problem(client):
    job = create_job(client)  # the circle: two columns
    response = client.post(f"/api/jobs/{job['id']}/drawing", json={"images": [[0] * 64]})
    assert response.status_code == 422
    message = response.json()["message"]
    assert "images" in message and "'circle' is not an image dataset" in message
    assert "rows of 2 numbers (x1, x2)" in message
    for picture in ("first-layer", "gallery"):
        response = client.get(f"/api/jobs/{job['id']}/{picture}")
        assert response.status_code == 409 and "not made of images" in response.json()["message"]


def test_digits_jobs_persist_and_export_like_others(make_client):
    client = make_client()
    job = digits_job(client)
    client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 2})
    before = client.get(f"/api/jobs/{job['id']}/first-layer").json()
    client.__exit__(None, None, None)
    again = make_client()
    assert again.get(f"/api/jobs/{job['id']}").json()["epoch"] == 2
    assert again.get(f"/api/jobs/{job['id']}/first-layer").json() == before
    model = again.get(f"/api/jobs/{job['id']}/model").json()
    assert len(model["columns"]) == 64 and model["classes"] == 10
    assert again.get(f"/api/jobs/{job['id']}/model.npz").status_code == 200
    csv = again.get(f"/api/jobs/{job['id']}/metrics?format=csv").text
    assert len(csv.strip().splitlines()) >= 3  # a header and a point per epoch at least
