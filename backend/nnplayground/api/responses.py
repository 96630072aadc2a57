"""JSON responses that never carry NaN or Infinity (a non-finite number is null)."""

from typing import Any

from fastapi.responses import JSONResponse

from nnplayground.jobs.encoding import dumps


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")
