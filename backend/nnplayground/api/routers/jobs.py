"""Jobs: create, read, steer (play, pause, step, reset, live hyperparameters), inspect, delete.

Handlers only delegate to the job manager. Those that train or read the model run it in
the thread pool, never on the event loop, after the job's earlier requests (job_lines.py).
"""

from enum import StrEnum
from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request, Response

from nnplayground.api.deps import IdempotencyDep, LinesDep, ManagerDep, VisibleJobsDep
from nnplayground.api.errors import CONFLICT, INVALID, NO_ROOM, NOT_FOUND
from nnplayground.api.json_body import JSONRoute
from nnplayground.api.metrics_csv import metrics_csv
from nnplayground.api.picture_options import SomeUnitsPerLayer
from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.schemas import (
    Boundary,
    DeletedJobs,
    MetricsColumns,
    ModelJson,
    Neurons,
    Predictions,
    Projection,
    Questions,
)
from nnplayground.jobs.listing import DEFAULT_LIMIT, MAX_LIMIT, JobFilter, JobPage
from nnplayground.jobs.record import JobRecord, StepResult
from nnplayground.jobs.status import JobStatus
from nnplayground.spec import (
    JOB_EXAMPLE,
    JobCreate,
    JobUpdate,
    PredictRequest,
    ResetRequest,
    StepRequest,
    WeightEdit,
)

router = APIRouter(prefix="/jobs", tags=["jobs"], route_class=JSONRoute)

JobId = Annotated[str, Path(description="the job's id")]
Epoch = Annotated[int | None, Query(
    description="as at this epoch: the snapshot nearest at or before it (the answer's `epoch` "
                "says which; GET /snapshots lists them); 0 to the job's epoch")]
ACTION_ERRORS = {**NOT_FOUND, **CONFLICT}
WEIGHT_EXAMPLES = {
    "weight": {"summary": "the weight from input 1 into neuron 0 of the first hidden layer",
               "value": {"layer": 0, "unit": 0, "input": 1, "value": 0.5}},
    "bias": {"summary": "the bias of that neuron", "value": {"layer": 0, "unit": 0,
                                                             "value": -0.2}},
}
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
RESET_EXAMPLES = {
    "same spec": {"value": {}},
    "new spec": {"value": {"spec": {"dataset": {"name": "xor"}}}},
}
PREDICT_EXAMPLES = {"two rows": {"value": {"points": [[0.5, -1.0], [2.0, 3.0]]}},
                    "by name": {"value": {"rows": [{"sepal length (cm)": 5.1,
                                                    "sepal width (cm)": 3.5,
                                                    "petal length (cm)": 1.4,
                                                    "petal width (cm)": 0.2}]}}}
NPZ_MEDIA_TYPE = "application/octet-stream"


class ModelFormat(StrEnum):
    JSON = "json"
    NPZ = "npz"


IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=200,
    description="a retry with the same key and body answers the first job, creating none")]
StatusFilter = Annotated[list[JobStatus], Query(description="any of these statuses")]
TagFilter = Annotated[list[str], Query(description="carrying every one of these tags")]
TextFilter = Annotated[str | None, Query(
    max_length=100, description="text in the id, name, tags or dataset name")]


def filters(status: StatusFilter = [], tag: TagFilter = [],  # noqa: B006 (FastAPI's idiom)
            q: TextFilter = None) -> JobFilter:
    return JobFilter(status=status, tag=tag, q=q)


@router.post("", status_code=201, response_model=JobRecord,
             responses={**INVALID, **NO_ROOM, 201: {
                 "description": "the job; `Location` is its URL",
                 "headers": {"Location": {"schema": {"type": "string"}}}}})
def create_job(manager: ManagerDep, idempotency: IdempotencyDep, http: Request,
               request: Annotated[JobCreate, Body(openapi_examples=CREATE_EXAMPLES)],
               idempotency_key: IdempotencyKey = None) -> Response:
    """Create a job from a spec (`"autostart": true` also starts it): 201 with `Location`."""
    def created():
        job = manager.create(request)
        return job, 201, {"Location": f"{http.url.path.rstrip('/')}/{job.id}"}

    return idempotency.answer(idempotency_key, "jobs", request, created)


@router.get("", responses=INVALID)
def list_jobs(manager: ManagerDep, where: Annotated[JobFilter, Depends(filters)],
              mine: VisibleJobsDep,
              limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
              cursor: Annotated[str | None, Query(description="`next_cursor` of the page "
                                                           "before")] = None) -> JobPage:
    """List job summaries, newest first, one page at a time (the spec: `get_job`); in
    multi-user mode your own jobs (the teacher's: all)."""
    return manager.page(where, limit, cursor, mine)


@router.delete("", responses=INVALID)
def delete_jobs(manager: ManagerDep, where: Annotated[JobFilter, Depends(filters)],
                mine: VisibleJobsDep) -> DeletedJobs:
    """Delete every job with the given status(es), tag(s) or text (at least one filter); in
    multi-user mode of your own jobs."""
    return DeletedJobs(deleted=manager.delete_where(where, mine))


@router.get("/{job_id}", responses=NOT_FOUND)
async def get_job(job_id: JobId, manager: ManagerDep) -> JobRecord:
    """Read a job: status, progress, spec, latest and best metrics, lifecycle times."""
    return manager.job(job_id)


@router.patch("/{job_id}", responses={**NOT_FOUND, **INVALID})
async def update_job(job_id: JobId, manager: ManagerDep, lines: LinesDep,
               request: Annotated[JobUpdate, Body(openapi_examples=UPDATE_EXAMPLES)]
               ) -> JobRecord:
    """Change live hyperparameters (learning rate, regularization rate, batch size), the
    name or the tags."""
    return await lines.call(job_id, manager.update, job_id, request)


@router.delete("/{job_id}", status_code=204, responses=NOT_FOUND)
async def delete_job(job_id: JobId, manager: ManagerDep, lines: LinesDep) -> Response:
    """Delete a job, its metrics and checkpoint; its watchers are told and closed."""
    await lines.call(job_id, manager.delete, job_id)
    return Response(status_code=204)


@router.post("/{job_id}/play", responses={**ACTION_ERRORS, **NO_ROOM})
async def play_job(job_id: JobId, manager: ManagerDep, lines: LinesDep) -> JobRecord:
    """Start training (a created or paused job); it runs until paused or finished."""
    return await lines.call(job_id, manager.play, job_id)


@router.post("/{job_id}/pause", responses=ACTION_ERRORS)
async def pause_job(job_id: JobId, manager: ManagerDep, lines: LinesDep) -> JobRecord:
    """Pause a running job (`status_reason`: `paused_by_user`), or one a step trains now:
    the step stops at its next chunk and answers `stopped: "paused"`."""
    stepping = lines.pause_step(job_id)
    return await lines.call(job_id, partial(manager.pause, job_id, stepped=stepping))


@router.post("/{job_id}/step", responses={**ACTION_ERRORS, **INVALID})
async def step_job(job_id: JobId, manager: ManagerDep, lines: LinesDep, http: Request,
                   request: Annotated[StepRequest | None, Body(openapi_examples=STEP_EXAMPLES)]
                   = None) -> StepResult:
    """Train the given epochs or steps now (default one epoch), then answer; leaves it paused.

    One request trains for at most `max_step_seconds` (see `/api/limits`) and stops when
    the client goes away; `trained` says how many steps it took and why it stopped.
    """
    return await lines.step(http, job_id, manager.step, job_id, request or StepRequest())


@router.post("/{job_id}/reset", responses={**NOT_FOUND, **INVALID})
async def reset_job(job_id: JobId, manager: ManagerDep, lines: LinesDep,
              request: Annotated[ResetRequest | None, Body(openapi_examples=RESET_EXAMPLES)]
              = None) -> JobRecord:
    """New weights and an empty history, with the job's spec or a new one (same id)."""
    return await lines.call(job_id, manager.reset, job_id, request.spec if request else None)


@router.get("/{job_id}/metrics", responses=NOT_FOUND, response_model=MetricsColumns)
async def get_metrics(job_id: JobId, manager: ManagerDep,
                  since: Annotated[int | None, Query(description="only points after this step")]
                  = None,
                  format: Annotated[Literal["json", "csv"], Query(
                      description="csv: a text/csv download, one row per point")] = "json"):
    """Read the metrics history, columnar (one list per column, with wall-clock `time`), or
    (`?format=csv`) as CSV rows."""
    columns = manager.history(job_id, since)
    if format == "csv":
        return Response(metrics_csv(columns), media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="metrics-{job_id}.csv"'})
    return columns


@router.post("/{job_id}/weight", responses={**ACTION_ERRORS, **INVALID})
async def set_weight(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                     edit: Annotated[WeightEdit, Body(openapi_examples=WEIGHT_EXAMPLES)],
                     ) -> JobRecord:
    """Set one weight, or (without `input`) one bias, of a created or paused job."""
    return await lines.call(job_id, manager.set_weight, job_id, edit)


@router.get("/{job_id}/boundary", responses=ACTION_ERRORS, response_model=Boundary)
async def get_boundary(job_id: JobId, manager: ManagerDep, lines: LinesDep,
             resolution: Annotated[int, Query(ge=10, le=200)] = 50, epoch: Epoch = None):
    """The network's output over a grid of the input plane (2-D data only, else 409)."""
    return SafeJSONResponse(await lines.call(job_id, manager.boundary, job_id, resolution,
                                             epoch))


@router.get("/{job_id}/neurons", responses=ACTION_ERRORS, response_model=Neurons)
async def get_neurons(job_id: JobId, manager: ManagerDep, lines: LinesDep,
            resolution: Annotated[int, Query(ge=5, le=100)] = 20, epoch: Epoch = None,
            units_per_layer: SomeUnitsPerLayer = None):
    """What every input, hidden neuron and the output computes over the plane (2-D only)."""
    return SafeJSONResponse(await lines.call(job_id, manager.neurons, job_id, resolution,
                                             epoch, units_per_layer))


@router.post("/{job_id}/predict", responses={**NOT_FOUND, **INVALID},
             response_model=Predictions)
async def predict(job_id: JobId, manager: ManagerDep, lines: LinesDep,
            request: Annotated[PredictRequest, Body(openapi_examples=PREDICT_EXAMPLES)]):
    """Predictions with class probabilities and class names, for rows of the dataset's raw
    columns (`points`) or of values by field name (`rows`, see `GET /questions`)."""
    return SafeJSONResponse(await lines.call(job_id, manager.predict, job_id, request.points,
                                             request.rows))


@router.get("/{job_id}/questions", responses=NOT_FOUND, response_model=Questions)
async def get_questions(job_id: JobId, manager: ManagerDep, lines: LinesDep):
    """The fields a question to the model has: numbers with the data's range, categories."""
    return SafeJSONResponse(await lines.call(job_id, manager.questions, job_id))


@router.get("/{job_id}/projection", responses=NOT_FOUND, response_model=Projection)
async def get_projection(job_id: JobId, manager: ManagerDep, lines: LinesDep):
    """The data on its training inputs' first two principal axes (PCA), with true labels
    and the model's predictions now: a picture of data with more than two inputs."""
    return SafeJSONResponse(await lines.call(job_id, manager.projection, job_id))


@router.get("/{job_id}/model", response_model=ModelJson, responses={**NOT_FOUND, 200: {
    "description": "the weights as JSON, or an npz file (as `download_model`)",
    "content": {"application/json": {}, NPZ_MEDIA_TYPE: {
        "schema": {"type": "string", "format": "binary"}}}}})
async def get_model(job_id: JobId, manager: ManagerDep, lines: LinesDep,
              format: Annotated[ModelFormat, Query()] = ModelFormat.JSON, epoch: Epoch = None,
              units_per_layer: SomeUnitsPerLayer = None):
    """Read the model: weights as JSON, or (`?format=npz`) the .npz file (always whole)."""
    if format is ModelFormat.NPZ:
        return await npz_file(job_id, manager, lines, epoch)
    return SafeJSONResponse(await lines.call(job_id, manager.model_json, job_id, epoch,
                                             units_per_layer))


@router.get("/{job_id}/model.npz", response_class=Response, responses={**NOT_FOUND, 200: {
    "description": "numpy's npz: weights, activations, the feature pipeline, "
                   "standardisation statistics and class labels (its `README` key says how)",
    "content": {NPZ_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}}})
async def download_model(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                         epoch: Epoch = None) -> Response:
    """Download the model as an .npz file that runs with numpy alone."""
    return await npz_file(job_id, manager, lines, epoch)


async def npz_file(job_id: str, manager, lines, epoch: int | None = None) -> Response:
    """The npz file; of a snapshot, its epoch in the name and the `X-Snapshot-Epoch` header."""
    name, headers = f"model-{job_id}", {}
    if epoch is not None:
        snapshot = manager.snapshot_at(job_id, epoch)
        epoch = snapshot.epoch
        name, headers = f"{name}-epoch{epoch}", {"X-Snapshot-Epoch": str(epoch)}
    weights = await lines.call(job_id, manager.model_npz, job_id, epoch)
    return Response(weights, media_type=NPZ_MEDIA_TYPE, headers={
        **headers, "Content-Disposition": f'attachment; filename="{name}.npz"'})
