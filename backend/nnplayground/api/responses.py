"""JSON responses through the service's one encoder (a non-finite number is null); error
bodies become RFC 9457 problem details (problems.py)."""

from typing import Any

from fastapi.responses import JSONResponse

from nnplayground.api.problems import PROBLEM_MEDIA_TYPE, is_problem, problem
from nnplayground.encoding import dumps


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        if is_problem(self.status_code, content):
            content = problem(self.status_code, content)
            self.media_type = PROBLEM_MEDIA_TYPE
        return dumps(content)
