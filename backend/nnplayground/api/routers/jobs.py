"""Jobs: create, read, steer (play, pause, step, reset, live hyperparameters), inspect, delete.

Handlers only delegate to the job manager. Those that train or read the model run it in
the thread pool, never on the event loop, after the job's earlier requests (job_lines.py).
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response

from nnplayground.api.deps import LinesDep, ManagerDep
from nnplayground.api.errors import CONFLICT, INVALID, NO_ROOM, NOT_FOUND
from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.schemas import Boundary, MetricsColumns, ModelJson, Neurons, Predictions
from nnplayground.jobs.record import JobRecord, StepResult
from nnplayground.spec import (
    JOB_EXAMPLE,
    JobCreate,
    JobUpdate,
    PredictRequest,
    ResetRequest,
    StepRequest,
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
async def update(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                 request: Annotated[JobUpdate, Body(openapi_examples=UPDATE_EXAMPLES)],
                 ) -> JobRecord:
    """Live hyperparameters (learning rate, regularization rate, batch size) and the name."""
    return await lines.call(job_id, manager.update, job_id, request)


@router.delete("/{job_id}", status_code=204, responses=NOT_FOUND)
async def delete(job_id: JobId, manager: ManagerDep, lines: LinesDep) -> Response:
    await lines.call(job_id, manager.delete, job_id)
    return Response(status_code=204)


@router.post("/{job_id}/play", responses={**ACTION_ERRORS, **NO_ROOM})
async def play(job_id: JobId, manager: ManagerDep, lines: LinesDep) -> JobRecord:
    """Start training (a created or paused job); it runs until paused or finished."""
    return await lines.call(job_id, manager.play, job_id)


@router.post("/{job_id}/pause", responses=ACTION_ERRORS)
async def pause(job_id: JobId, manager: ManagerDep, lines: LinesDep) -> JobRecord:
    return await lines.call(job_id, manager.pause, job_id)


@router.post("/{job_id}/step", responses={**ACTION_ERRORS, **INVALID})
async def step(job_id: JobId, manager: ManagerDep, lines: LinesDep, http: Request,
               request: Annotated[StepRequest | None, Body(openapi_examples=STEP_EXAMPLES)]
               = None) -> StepResult:
    """Train the given epochs or steps now (default one epoch), then answer; leaves it paused.

    One request trains for at most `max_step_seconds` (see `/api/limits`) and stops when
    the client goes away; `trained` says how many steps it took and why it stopped.
    """
    return await lines.step(http, job_id, manager.step, job_id, request or StepRequest())


@router.post("/{job_id}/reset", responses={**NOT_FOUND, **INVALID})
async def reset(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                request: ResetRequest | None = None) -> JobRecord:
    """New weights and an empty history, with the job's spec or a new one (same id)."""
    return await lines.call(job_id, manager.reset, job_id, request.spec if request else None)


@router.get("/{job_id}/metrics", responses=NOT_FOUND)
async def metrics(job_id: JobId, manager: ManagerDep,
                  since: Annotated[int | None, Query(description="only points after this step")]
                  = None) -> MetricsColumns:
    """The metrics history, columnar."""
    return manager.history(job_id, since)


@router.get("/{job_id}/boundary", responses=ACTION_ERRORS, response_model=Boundary)
async def boundary(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                   resolution: Annotated[int, Query(ge=10, le=200)] = 50):
    """The network's output over a grid of the input plane (2-D data only, else 409)."""
    return SafeJSONResponse(await lines.call(job_id, manager.boundary, job_id, resolution))


@router.get("/{job_id}/neurons", responses=ACTION_ERRORS, response_model=Neurons)
async def neurons(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                  resolution: Annotated[int, Query(ge=5, le=100)] = 20):
    """What every input, hidden neuron and the output computes over the plane (2-D only)."""
    return SafeJSONResponse(await lines.call(job_id, manager.neurons, job_id, resolution))


@router.post("/{job_id}/predict", responses={**NOT_FOUND, **INVALID},
             response_model=Predictions)
async def predict(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                  request: PredictRequest):
    """Predictions for rows of the dataset's raw columns."""
    return SafeJSONResponse(await lines.call(job_id, manager.predict, job_id, request.points))


@router.get("/{job_id}/model", responses=NOT_FOUND, response_model=ModelJson)
async def model(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                format: Annotated[Literal["json", "npz"], Query()] = "json"):
    """The weights as JSON, or (`?format=npz`) as a numpy .npz download."""
    if format == "npz":
        weights = await lines.call(job_id, manager.model_npz, job_id)
        return Response(weights, media_type="application/octet-stream",
                        headers={"Content-Disposition":
                                 f'attachment; filename="model-{job_id}.npz"'})
    return SafeJSONResponse(await lines.call(job_id, manager.model_json, job_id))
