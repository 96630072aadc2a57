"""JSON request bodies parsed and validated in a worker thread, never on the event loop.

FastAPI parses and validates a body on the event loop, so a 2 MiB body of 50,000 points
holds every other request (`/api/health` included) for as long as that takes. Routes of
this class do both in the thread pool first and hand FastAPI the validated value, which
it then takes as it is. Errors come out as FastAPI's own: 422 with `detail`, 400 for a
body that is not UTF-8 or nested too deeply.
"""

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class OffloadedBodyRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        field = self.body_field
        if field is None or self._embed_body_fields:
            return handler

        async def offloaded(request: Request) -> Response:
            if not is_json(request.headers.get("content-type", "")):
                return await handler(request)
            body = await request.body()
            if not body:
                return await handler(request)
            value = await run_in_threadpool(parse_and_validate, field, body)
            return await handler(Parsed(request, body, value))

        return offloaded


class Parsed(Request):
    """The request with its body read, and `json()` answering the validated value."""

    def __init__(self, request: Request, body: bytes, value: Any):
        super().__init__(request.scope, request.receive)
        self._body = body
        self._json = value


def is_json(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/")
                                          and kind.endswith("+json"))


def parse_and_validate(field, body: bytes) -> Any:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as error:
        raise RequestValidationError([{
            "type": "json_invalid", "loc": ("body", error.pos), "msg": "JSON decode error",
            "input": {}, "ctx": {"error": error.msg}}]) from None
    except (RecursionError, UnicodeDecodeError) as error:
        raise HTTPException(400, "There was an error parsing the body") from error
    value, errors = field.validate(data, {}, loc=("body",))
    if errors:
        raise RequestValidationError(errors)
    return value
