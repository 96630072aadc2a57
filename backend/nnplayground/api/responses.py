"""JSON responses through the service's one encoder (a non-finite number is null)."""

from typing import Any

from fastapi.responses import JSONResponse

from nnplayground.encoding import dumps


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return dumps(content)
