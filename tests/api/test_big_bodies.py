"""Big JSON bodies cost the event loop little: hand points are counted against the server's
`max_samples` before any is validated, JSON is parsed by orjson (what it refuses by the
standard parser, with the same answers as before), and a create validates its spec once.
The time it takes is benchmarks/body_stall_bench.py's; these pin the behaviour."""

import json

from nnplayground.limits import Limits
from nnplayground.spec import JobCreate


def points(n: int) -> list[list[float]]:
    return [[(i % 100) / 50 - 1, (i // 100) / 25 - 1, i % 2] for i in range(n)]


def test_points_beyond_max_samples_are_refused_before_any_is_validated(make_client):
    client = make_client(limits=Limits(max_samples=300))
    beyond = points(301)
    beyond[200] = ["a", "b", "c"]  # validated first, it would be the error
    answer = client.post("/api/jobs", json={"dataset": {"points": beyond}})
    assert answer.status_code == 422
    message = answer.json()["message"]
    assert message.startswith("dataset.points") and message.endswith(
        "at most 300 items allowed (got 301)"), message
    assert client.post("/api/jobs", json={"dataset": {"points": points(300)}}).status_code == 201


def test_what_orjson_refuses_gets_the_answers_it_got_before(client):
    huge_seed = b'{"dataset": {"name": "circle", "seed": 1000000000000000000000000000000}}'
    answer = client.post("/api/jobs", content=huge_seed,
                         headers={"content-type": "application/json"})
    assert answer.status_code == 422 and "dataset.seed" in answer.json()["message"]
    nan = b'{"dataset": {"name": "circle"}, "training": {"learning_rate": NaN}}'
    answer = client.post("/api/jobs", content=nan, headers={"content-type": "application/json"})
    assert answer.status_code == 422 and "learning_rate" in answer.json()["message"]
    broken = client.post("/api/jobs", content=b'{"dataset": ',
                         headers={"content-type": "application/json"})
    assert broken.status_code == 422 and "JSON" in json.dumps(broken.json())


def test_a_create_takes_its_spec_as_validated_without_validating_it_again():
    request = JobCreate.model_validate({"dataset": {"points": points(50)}, "name": "n",
                                        "tags": ["t"], "autostart": True})
    spec = request.job_spec()
    assert spec.dataset is request.dataset  # the same objects: not validated again
    assert spec.model_dump() == {key: value for key, value in request.model_dump().items()
                                 if key not in ("name", "tags", "autostart")}
    assert spec.model_fields_set <= request.model_fields_set
