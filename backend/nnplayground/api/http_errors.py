"""Errors raised below our routes, as JSON with a `message` like every other error.

Starlette answers unknown routes (404), wrong methods (405), unreadable bodies (400)
and crashes (500) in plain text; these handlers give them the API's error body. A 405
carries `Allow` with every method the path has. No error echoes more than a few hundred
bytes of what the client sent.
"""

import json
import logging

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.routing import Match

from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.static import PageRoute

log = logging.getLogger(__name__)

MAX_ECHO_CHARS = 200  # of the client's input, in any error
MAX_LISTED_ERRORS = 20  # validation errors listed in one 422
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
REASONS = {
    400: "the request could not be read",
    404: "no such route",
    405: "method not allowed",
    413: "the request body is too large",
}


def clip(text: str, most: int = MAX_ECHO_CHARS) -> str:
    return text if len(text) <= most else f"{text[:most]}… ({len(text)} characters)"


def bounded_errors(errors: list[dict]) -> list[dict]:
    """Pydantic's errors, at most MAX_LISTED_ERRORS, each `input` clipped to a short repr."""
    kept = []
    for error in errors[:MAX_LISTED_ERRORS]:
        error = dict(error)
        if "input" in error:
            error["input"] = clip(short_repr(error["input"]))
        error.pop("url", None)
        kept.append(error)
    return kept


def short_repr(value) -> str:
    """A JSON-ish text of `value` that never builds more than a few KB."""
    if isinstance(value, dict | list | tuple):
        head = list(value.items())[:10] if isinstance(value, dict) else list(value)[:10]
        return clip(json.dumps(head, default=str)[:1000])
    return clip(str(value))


def body_read_problem(error: HTTPException) -> str:
    """What FastAPI's generic 'error parsing the body' really was."""
    cause = error.__cause__
    if isinstance(cause, RecursionError):
        return "body: JSON nested too deeply"
    if isinstance(cause, UnicodeDecodeError):
        return f"body: not valid UTF-8 (byte {cause.start})"
    return f"body: {error.detail}"


def allowed_methods(app: FastAPI, scope: dict) -> list[str]:
    """Every method some route of the app takes at this path (the page's files aside)."""
    methods = set()
    for method in METHODS:
        probe = {**scope, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in app.routes
               if not isinstance(route, PageRoute)):
            methods.add(method)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


async def on_http_error(request: Request, error: HTTPException) -> SafeJSONResponse:
    status = error.status_code
    headers = dict(error.headers or {})
    if status == 400:
        text = body_read_problem(error)
    elif status == 405:
        methods = allowed_methods(request.app, request.scope) or ["GET", "HEAD"]
        headers["Allow"] = ", ".join(methods)
        text = f"{request.method} is not allowed on {clip(request.url.path)} " \
               f"(allowed: {', '.join(methods)})"
    elif status == 404 and error.detail in (None, "Not Found"):
        text = f"no such route: {clip(request.url.path)}"
    else:
        text = clip(str(error.detail or REASONS.get(status, "error")), 500)
    return SafeJSONResponse(status_code=status, content={"detail": text, "message": text},
                            headers=headers)


async def on_crash(request: Request, error: Exception) -> SafeJSONResponse:
    text = "internal server error; the server's log has the details"
    return SafeJSONResponse(status_code=500, content={"detail": text, "message": text})


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_crash)
