"""Jobs on real datasets through the API: the catalogue, training on every column, predict."""

from tests.utils.factories import create_job

IRIS = {"name": "iris", "train_ratio": 80, "seed": 3}
SMALL_NET = {"hidden": [{"units": 8, "activation": "tanh"}]}
ADAM = {"optimizer": "adam", "learning_rate": 0.03, "batch_size": 16}


def test_the_catalogue_describes_the_real_datasets(client):
    entries = {entry["name"]: entry for entry in client.get("/api/datasets").json()}
    iris = entries["iris"]
    assert iris["modality"] == "tabular" and iris["params"] == {}
    assert (iris["n_samples"], iris["n_features"], iris["classes"]) == (150, 4, 3)
    assert iris["class_names"] == ["setosa", "versicolor", "virginica"]
    assert entries["diabetes"]["kind"] == "regression"
    assert entries["spiral"]["modality"] == "plane"


def test_a_job_trains_on_every_column_with_a_stratified_split(client):
    job = create_job(client, dataset=IRIS, network=SMALL_NET, training=ADAM)
    sample = client.post("/api/datasets/sample", json=IRIS).json()
    assert sample["columns"][0] == "sepal length (cm)" and len(sample["y"]) == 150
    train_labels = [y for y, t in zip(sample["y"], sample["is_train"], strict=True) if t]
    assert sorted(train_labels.count(c) for c in range(3)) == [40, 40, 40]
    stepped = client.post(f"/api/jobs/{job['id']}/step", json={"epochs": 30}).json()
    assert stepped["metrics"]["test_accuracy"] >= 0.9
    model = client.get(f"/api/jobs/{job['id']}/model").json()
    assert len(model["layers"][0]["weights"]) in (4, 8)  # 4 inputs x 8 units either way round


def test_generator_parameters_and_features_are_refused_on_real_data(client):
    response = client.post("/api/jobs", json={"dataset": {"name": "iris", "n_samples": 100}})
    assert response.status_code == 422
    assert "n_samples does not apply" in response.json()["message"]
    response = client.post("/api/jobs", json={"dataset": {"name": "wine"},
                                              "features": ["x1", "x1^2"]})
    assert response.status_code == 422
    assert "features apply to 2-column data only" in response.json()["message"]
