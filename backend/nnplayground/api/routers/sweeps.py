"""Sweeps: many jobs over a grid or random draws of spec values, run a few at a time."""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Path, Request, Response
from starlette.requests import HTTPConnection

from nnplayground.api.deps import IdempotencyDep, VisibleSweepsDep
from nnplayground.api.errors import INVALID, NO_ROOM, NOT_FOUND
from nnplayground.api.json_body import JSONRoute
from nnplayground.jobs.sweep_manager import SweepManager
from nnplayground.jobs.sweep_results import Sweep, SweepSummary
from nnplayground.jobs.sweeps import SWEEP_EXAMPLE, SweepCreate

router = APIRouter(prefix="/sweeps", tags=["sweeps"], route_class=JSONRoute)


def get_sweeps(connection: HTTPConnection) -> SweepManager:
    return connection.app.state.sweeps


SweepsDep = Annotated[SweepManager, Depends(get_sweeps)]
SweepId = Annotated[str, Path(description="the sweep's id (also a tag of its members)")]
CREATE_EXAMPLES = {
    "grid with seed repeats": {"value": SWEEP_EXAMPLE},
    "random": {"value": {
        "base": {"dataset": {"name": "spiral"}, "training": {"max_epochs": 20}},
        "random": {"count": 8, "ranges": {
            "training.learning_rate": {"min": 0.001, "max": 0.3, "log": True},
            "training.optimizer": ["sgd", "adam"]}},
        "max_parallel": 4}},
}


@router.post("", status_code=201, response_model=Sweep, responses={
    **INVALID, **NO_ROOM, 201: {"description": "the sweep; `Location` is its URL",
                                "headers": {"Location": {"schema": {"type": "string"}}}}})
def create_sweep(sweeps: SweepsDep, idempotency: IdempotencyDep, http: Request,
                 request: Annotated[SweepCreate, Body(openapi_examples=CREATE_EXAMPLES)],
                 idempotency_key: Annotated[str | None, Header(
                     alias="Idempotency-Key", max_length=200)] = None) -> Response:
    """Create a sweep: its members now (tagged with its id), started `max_parallel` at a
    time, queued while the server is full."""
    def created():
        sweep = sweeps.create(request)
        return sweep, 201, {"Location": f"{http.url.path.rstrip('/')}/{sweep.id}"}

    return idempotency.answer(idempotency_key, "sweeps", request, created)


@router.get("")
def list_sweeps(sweeps: SweepsDep, visible: VisibleSweepsDep) -> list[SweepSummary]:
    """List sweeps, newest first, with their members' status counts (in multi-user mode
    your own; the teacher's: all)."""
    return sweeps.list(only=visible)


@router.get("/{sweep_id}", responses=NOT_FOUND)
def get_sweep(sweep_id: SweepId, sweeps: SweepsDep) -> Sweep:
    """Read a sweep: members with axis values, status, final and best metrics; seed repeats
    as mean and spread per configuration."""
    return sweeps.get(sweep_id)


@router.post("/{sweep_id}/pause", responses=NOT_FOUND)
def pause_sweep(sweep_id: SweepId, sweeps: SweepsDep) -> Sweep:
    """Pause a sweep: its running members pause, no more start."""
    return sweeps.pause(sweep_id)


@router.post("/{sweep_id}/resume", responses=NOT_FOUND)
def resume_sweep(sweep_id: SweepId, sweeps: SweepsDep) -> Sweep:
    """Resume a sweep: its members start again, `max_parallel` at a time."""
    return sweeps.resume(sweep_id)


@router.delete("/{sweep_id}", status_code=204, responses=NOT_FOUND)
def delete_sweep(sweep_id: SweepId, sweeps: SweepsDep) -> Response:
    """Delete a sweep and every member job."""
    sweeps.delete(sweep_id)
    return Response(status_code=204)
