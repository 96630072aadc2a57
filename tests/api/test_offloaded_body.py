"""JSON bodies are parsed and validated off the event loop (issue 10, item 2)."""

import threading

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, field_validator

from nnplayground.api.offloaded_body import OffloadedBodyRoute

validated_in: list[str] = []


class Points(BaseModel):
    points: list[list[float]]

    @field_validator("points")
    @classmethod
    def where(cls, points: list[list[float]]) -> list[list[float]]:
        validated_in.append(threading.current_thread().name)
        return points


def app_with(route_class) -> FastAPI:
    router = APIRouter(route_class=route_class)

    @router.post("/count")
    async def count(body: Points) -> dict:
        return {"rows": len(body.points), "loop": threading.current_thread().name}

    app = FastAPI()
    app.include_router(router)
    return app


def test_the_body_is_validated_in_a_worker_thread_not_on_the_loop():
    validated_in.clear()
    with TestClient(app_with(OffloadedBodyRoute)) as client:
        answer = client.post("/count", json={"points": [[1.0, 2.0]] * 1000}).json()
    assert answer["rows"] == 1000
    assert validated_in and all(name != answer["loop"] for name in validated_in)


def test_errors_are_fastapis_own(client):
    response = client.post("/api/jobs", content=b'{"dataset": ',
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
    response = client.post("/api/jobs", json={"dataset": {"name": "circle"}, "bogus": 1})
    assert response.status_code == 422
    assert response.json()["message"].startswith("bogus: ")
    job_id = client.post("/api/jobs", json={"dataset": {"name": "circle"}}).json()["id"]
    stepped = client.post(f"/api/jobs/{job_id}/step", json={"steps": 3})
    assert stepped.status_code == 200 and stepped.json()["step"] == 3
    assert client.post(f"/api/jobs/{job_id}/step").json()["step"] > 3  # no body: one epoch
