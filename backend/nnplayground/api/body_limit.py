"""Request bodies are bounded while they are read, before anything parses them.

JSON (any body that is not a multipart upload) may be at most `max_json_body_bytes`;
a multipart upload gets room beyond `max_upload_bytes` for its form, and one chunk past
the limit is still handed on, so that the upload reader's own, more precise message
about the file answers first. A declared
`Content-Length` beyond the limit is refused before a byte is read; a body that turns
out longer is refused as soon as the limit is passed. Both answer 413 with a message.
Within a body, a spec's hand-placed points are bounded by `max_points` (the server's
`max_samples`) before any of them is validated (spec.MAX_POINTS).
"""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nnplayground.api.responses import SafeJSONResponse
from nnplayground.spec import MAX_POINTS

# Past the upload reader's own bound (file + form overhead), so that its 422 comes first.
UPLOAD_SLACK_BYTES = 1024 * 1024
JSON = "JSON"


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int, kind: str, got: str):
        text = f"request body: at most {limit} bytes allowed for {kind} (got {got} bytes)"
        super().__init__(status_code=413, detail=text)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_json_bytes: int, max_upload_bytes: int,
                 max_points: int = MAX_POINTS.get()):
        self.app = app
        self.max_points = max_points
        self.max_json_bytes = max_json_bytes
        self.max_upload_bytes = max_upload_bytes + UPLOAD_SLACK_BYTES

    def limit_for(self, headers: Headers) -> tuple[int, str]:
        if headers.get("content-type", "").startswith("multipart/"):
            return self.max_upload_bytes, "an upload"
        return self.max_json_bytes, JSON

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit, kind = self.limit_for(headers)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await refuse(BodyTooLarge(limit, kind, declared), scope, receive, send)
            return
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            if received > limit:  # an upload's reader asks past its own limit
                raise BodyTooLarge(limit, kind, f"more than {limit}")
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit and kind == JSON:
                    raise BodyTooLarge(limit, kind, f"more than {limit}")
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        points = MAX_POINTS.set(self.max_points)
        try:
            await self.app(scope, bounded_receive, watched_send)
        except BodyTooLarge as error:  # raised where no handler turned it into a response
            if started:
                raise
            await refuse(error, scope, receive, send)
        finally:
            MAX_POINTS.reset(points)


async def refuse(error: BodyTooLarge, scope: Scope, receive: Receive, send: Send) -> None:
    response = SafeJSONResponse(status_code=413, headers={"Connection": "close"},
                                content={"detail": error.detail, "message": error.detail})
    await response(scope, receive, send)
