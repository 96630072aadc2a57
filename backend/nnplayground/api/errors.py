"""How errors become responses: 404 unknown id, 409 wrong status, 422 bad input, 429 no room.

Every error body has a one-line `message` a page can show as it is; 422 bodies also
keep FastAPI's `detail` list (`loc`, `msg`, `type`) so tools that read it still work.
The response class adds the RFC 9457 fields (problems.py); a 409 about a job's status
also carries `job_status`.
"""

from fastapi import FastAPI, Request, WebSocket
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError, WebSocketRequestValidationError

from nnplayground.api.http_errors import bounded_errors, clip
from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.schemas import ConflictBody, ErrorBody, ValidationErrorBody
from nnplayground.encoding import dumps_text
from nnplayground.errors import FieldError
from nnplayground.jobs import (
    CapacityError,
    IllegalAction,
    JobConflict,
    JobNotFound,
    StorageError,
    UnknownUpload,
)
from nnplayground.jobs.sweep_manager import SweepNotFound
from nnplayground.training import NotDrawableError


def location(field: str) -> list[str | int]:
    """`"network.hidden.1.units"` -> `["body", "network", "hidden", 1, "units"]`, as FastAPI's."""
    return ["body", *(int(part) if part.isdigit() else part for part in field.split("."))]


def dotted(loc: tuple | list) -> str:
    """FastAPI's `("body", "training", "lr")` -> `"training.lr"`."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_message(errors: list[dict]) -> str:
    shown = 5
    text = clip("; ".join(describe(error) for error in errors[:shown]), 800)
    return text + (f"; and {len(errors) - shown} more" if len(errors) > shown else "")


def describe(error: dict) -> str:
    if error["type"] == "json_invalid":  # its loc is ("body", character offset)
        reason = error.get("ctx", {}).get("error", "invalid JSON")
        return f"body: not valid JSON ({reason}, at character {error['loc'][-1]})"
    return f"{dotted(error['loc'])}: {error['msg']}"


def unprocessable(field: str, message: str, kind: str = "value_error") -> SafeJSONResponse:
    return SafeJSONResponse(status_code=422, content={
        "detail": [{"loc": location(field), "msg": message, "type": kind}],
        "message": f"{field}: {message}"})


def plain(status: int, text: str) -> SafeJSONResponse:
    return SafeJSONResponse(status_code=status, content={"detail": text, "message": text})


async def on_request_validation(_: Request, error: RequestValidationError) -> SafeJSONResponse:
    errors = error.errors()
    return SafeJSONResponse(status_code=422, content={
        "detail": jsonable_encoder(bounded_errors(errors)),
        "message": validation_message(errors)})


async def on_field_error(_: Request, error: FieldError) -> SafeJSONResponse:
    return unprocessable(error.field, error.message)


async def on_capacity(_: Request, error: CapacityError) -> SafeJSONResponse:
    response = plain(429, error.message)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


async def on_storage(_: Request, error: StorageError) -> SafeJSONResponse:
    return plain(507, error.message)


async def on_not_found(_: Request, error: LookupError) -> SafeJSONResponse:
    return plain(404, str(error.args[0]) if error.args else str(error))


async def on_conflict(request: Request, error: Exception) -> SafeJSONResponse:
    """A 409 of a job's route carries the job's status now, whatever the conflict."""
    text = str(error)
    job_id = request.path_params.get("job_id")
    job = request.app.state.manager.jobs.find(job_id) if job_id else None
    if job is None:
        return plain(409, text)
    return SafeJSONResponse(status_code=409, content={
        "detail": text, "message": text, "job_id": job_id, "job_status": job.status.value})


async def on_illegal_action(_: Request, error: IllegalAction) -> SafeJSONResponse:
    """The job's status as a field, so a client can act on it without parsing the text."""
    text = str(error)
    return SafeJSONResponse(status_code=409, content={
        "detail": text, "message": text, "job_id": error.job_id,
        "job_status": error.status.value})


async def on_stream_validation(websocket: WebSocket,
                               error: WebSocketRequestValidationError) -> None:
    """A bad query option of a socket: an `error` message naming it, then close (1008)."""
    await websocket.accept()
    await websocket.send_text(dumps_text({"type": "error",
                                          "detail": validation_message(error.errors())}))
    await websocket.close(code=1008, reason="bad query option")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(WebSocketRequestValidationError, on_stream_validation)
    app.add_exception_handler(FieldError, on_field_error)
    app.add_exception_handler(CapacityError, on_capacity)
    app.add_exception_handler(StorageError, on_storage)
    app.add_exception_handler(JobNotFound, on_not_found)
    app.add_exception_handler(UnknownUpload, on_not_found)
    app.add_exception_handler(SweepNotFound, on_not_found)
    app.add_exception_handler(IllegalAction, on_illegal_action)
    app.add_exception_handler(JobConflict, on_conflict)
    app.add_exception_handler(NotDrawableError, on_conflict)


def error_text(error: Exception) -> str:
    """The one-line message of any error the API maps, for WebSocket `error` messages."""
    if isinstance(error, RequestValidationError):
        return validation_message(error.errors())
    if hasattr(error, "errors") and callable(error.errors):  # pydantic's ValidationError
        return validation_message(error.errors())
    if isinstance(error, LookupError) and error.args:
        return clip(str(error.args[0]), 500)
    return clip(str(error), 500)


NOT_FOUND = {404: {"model": ErrorBody, "description": "no job (or dataset) with this id"}}
CONFLICT = {409: {"model": ConflictBody, "description": "the job's status does not allow this"}}
INVALID = {422: {"model": ValidationErrorBody,
                 "description": "a field is invalid or beyond a limit; `message` names it"}}
NO_ROOM = {429: {"model": ErrorBody, "description": "the running or stored jobs are at their "
                 "limit; `Retry-After` says when to try again"}}
