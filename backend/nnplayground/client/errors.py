"""Typed errors of the client, each carrying the server's one-line message."""

import httpx


class ApiError(Exception):
    """An error answer of the server: `status`, `message` (one line), the whole `body`."""

    def __init__(self, status: int, message: str, body: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.body = body or {}


class BadRequest(ApiError):
    """400: the request could not be read."""


class Unauthorized(ApiError):
    """401: no or an unknown token."""


class Forbidden(ApiError):
    """403: not yours to act on."""


class NotFound(ApiError):
    """404: no job, sweep or dataset with this id (or no such route)."""


class Conflict(ApiError):
    """409: the job's status does not allow this; `job_status` is its status now."""

    @property
    def job_status(self) -> str | None:
        return self.body.get("job_status")


class InvalidInput(ApiError):
    """422: a field is invalid or beyond a limit; `field` names it (dotted)."""

    @property
    def field(self) -> str | None:
        detail = self.body.get("detail")
        if isinstance(detail, list) and detail:
            loc = [str(part) for part in detail[0].get("loc", [])]
            return ".".join(loc[1:] if loc and loc[0] in ("body", "query", "path") else loc)
        return None


class TooManyRequests(ApiError):
    """429: the server is at a limit (running or stored jobs); retry after `retry_after` s."""

    def __init__(self, status: int, message: str, body: dict | None = None,
                 retry_after: float | None = None):
        super().__init__(status, message, body)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the server failed; its log has the details."""


BY_STATUS: dict[int, type[ApiError]] = {400: BadRequest, 401: Unauthorized, 403: Forbidden,
                                        404: NotFound, 409: Conflict, 422: InvalidInput}


def raise_for_problem(response: httpx.Response) -> None:
    """The typed error for an error answer (nothing for a success)."""
    status = response.status_code
    if status < 400:
        return
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    message = body.get("message") or response.reason_phrase or f"HTTP {status}"
    if status == 429:
        retry = response.headers.get("retry-after")
        raise TooManyRequests(status, message, body, float(retry) if retry else None)
    kind = BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    raise kind(status, message, body)
