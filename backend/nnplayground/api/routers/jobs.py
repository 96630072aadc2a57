"""Jobs: create, read, steer (play, pause, step, reset, live hyperparameters), inspect, delete.

Handlers only delegate to the job manager. Those that train or read the model are
plain functions, which FastAPI runs in its thread pool: never on the event loop.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Path, Query, Response

from nnplayground.api.deps import ManagerDep
from nnplayground.api.errors import CONFLICT, INVALID, NO_ROOM, NOT_FOUND
from nnplayground.api.metrics_csv import metrics_csv
from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.schemas import Boundary, MetricsColumns, ModelJson, Neurons, Predictions
from nnplayground.jobs.record import JobRecord
from nnplayground.spec import (
    JOB_EXAMPLE,
    JobCreate,
    JobUpdate,
    PredictRequest,
    ResetRequest,
    StepRequest,
    WeightEdit,
)

router = APIRouter(prefix="/jobs", tags=["jobs"])

JobId = Annotated[str, Path(description="the job's id")]
ACTION_ERRORS = {**NOT_FOUND, **CONFLICT}
CREATE_EXAMPLES = {
    "spiral": {"summary": "two tanh layers on the spiral", "value": JOB_EXAMPLE},
    "minimal": {"summary": "every default", "value": {"dataset": {"name": "circle"}}},
}
UPDATE_EXAMPLES = {
    "learning rate": {"value": {"training": {"learning_rate": 0.01}}},
    "rename": {"value": {"name": "baseline"}},
}
STEP_EXAMPLES = {
    "one epoch": {"value": {"epochs": 1}},
    "ten steps": {"value": {"steps": 10}},
}


@router.post("", status_code=201, responses={**INVALID, **NO_ROOM})
def create(manager: ManagerDep,
           request: Annotated[JobCreate, Body(openapi_examples=CREATE_EXAMPLES)]) -> JobRecord:
    """A job from a spec; `"autostart": true` also starts it."""
    return manager.create(request)


@router.get("")
def list_jobs(manager: ManagerDep) -> list[JobRecord]:
    """Every job, oldest first."""
    return manager.list_jobs()


@router.get("/{job_id}", responses=NOT_FOUND)
async def read(job_id: JobId, manager: ManagerDep) -> JobRecord:
    return manager.job(job_id)


@router.patch("/{job_id}", responses={**NOT_FOUND, **INVALID})
def update(job_id: JobId, manager: ManagerDep,
           request: Annotated[JobUpdate, Body(openapi_examples=UPDATE_EXAMPLES)]) -> JobRecord:
    """Live hyperparameters (learning rate, regularization rate, batch size) and the name."""
    return manager.update(job_id, request)


@router.delete("/{job_id}", status_code=204, responses=NOT_FOUND)
def delete(job_id: JobId, manager: ManagerDep) -> Response:
    manager.delete(job_id)
    return Response(status_code=204)


@router.post("/{job_id}/play", responses={**ACTION_ERRORS, **NO_ROOM})
def play(job_id: JobId, manager: ManagerDep) -> JobRecord:
    """Start training (a created or paused job); it runs until paused or finished."""
    return manager.play(job_id)


@router.post("/{job_id}/pause", responses=ACTION_ERRORS)
def pause(job_id: JobId, manager: ManagerDep) -> JobRecord:
    return manager.pause(job_id)


@router.post("/{job_id}/step", responses={**ACTION_ERRORS, **INVALID})
def step(job_id: JobId, manager: ManagerDep,
         request: Annotated[StepRequest | None, Body(openapi_examples=STEP_EXAMPLES)] = None,
         ) -> JobRecord:
    """Train the given epochs or steps now (default one epoch), then answer; leaves it paused."""
    return manager.step(job_id, request or StepRequest())


@router.post("/{job_id}/reset", responses={**NOT_FOUND, **INVALID})
def reset(job_id: JobId, manager: ManagerDep, request: ResetRequest | None = None) -> JobRecord:
    """New weights and an empty history, with the job's spec or a new one (same id)."""
    return manager.reset(job_id, request.spec if request else None)


@router.get("/{job_id}/metrics", responses=NOT_FOUND, response_model=MetricsColumns)
async def metrics(job_id: JobId, manager: ManagerDep,
                  since: Annotated[int | None, Query(description="only points after this step")]
                  = None,
                  format: Annotated[Literal["json", "csv"], Query(
                      description="csv: a text/csv download, one row per point")] = "json"):
    """The metrics history, columnar (or, `?format=csv`, as CSV rows)."""
    columns = manager.history(job_id, since)
    if format == "csv":
        return Response(metrics_csv(columns), media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="metrics-{job_id}.csv"'})
    return columns


@router.post("/{job_id}/weight", responses={**ACTION_ERRORS, **INVALID})
def set_weight(job_id: JobId, manager: ManagerDep, edit: WeightEdit) -> JobRecord:
    """Set one weight, or (without `input`) one bias, of a created or paused job."""
    return manager.set_weight(job_id, edit)


@router.get("/{job_id}/boundary", responses=ACTION_ERRORS, response_model=Boundary)
def boundary(job_id: JobId, manager: ManagerDep,
             resolution: Annotated[int, Query(ge=10, le=200)] = 50):
    """The network's output over a grid of the input plane (2-D data only, else 409)."""
    return SafeJSONResponse(manager.boundary(job_id, resolution))


@router.get("/{job_id}/neurons", responses=ACTION_ERRORS, response_model=Neurons)
def neurons(job_id: JobId, manager: ManagerDep,
            resolution: Annotated[int, Query(ge=5, le=100)] = 20):
    """What every input, hidden neuron and the output computes over the plane (2-D only)."""
    return SafeJSONResponse(manager.neurons(job_id, resolution))


@router.post("/{job_id}/predict", responses={**NOT_FOUND, **INVALID},
             response_model=Predictions)
def predict(job_id: JobId, manager: ManagerDep, request: PredictRequest):
    """Predictions for rows of the dataset's raw columns."""
    return SafeJSONResponse(manager.predict(job_id, request.points))


@router.get("/{job_id}/model", responses=NOT_FOUND, response_model=ModelJson)
def model(job_id: JobId, manager: ManagerDep,
          format: Annotated[Literal["json", "npz"], Query()] = "json"):
    """The weights as JSON, or (`?format=npz`) as a numpy .npz download."""
    if format == "npz":
        return Response(manager.model_npz(job_id), media_type="application/octet-stream",
                        headers={"Content-Disposition":
                                 f'attachment; filename="model-{job_id}.npz"'})
    return SafeJSONResponse(manager.model_json(job_id))
